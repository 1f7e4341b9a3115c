/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A job's rounds after the first, in the process that sends them: the
 * background process, or the run itself with -f or --pcap. Part of the CLI
 * layer (rounds.c): these log and return main()'s exit codes (cli.h).
 */
#ifndef NA_ROUNDS_H
#define NA_ROUNDS_H

#include "announce.h"

/* Where the program hooks run hands a job's rest to its background process
 * (main.c, main_rounds.c): the packet socket, the take-over listener (if it
 * holds the name), and the job (job_state.h). */
#define NA_ROUNDS_SINK_FD     3
#define NA_ROUNDS_TAKEOVER_FD 4
#define NA_ROUNDS_JOB_FD      5

/* What one round came to: its message, and its exit code. */
int na_rounds_report(const struct na_job *j, const struct na_round_result *r);
/* Runs what is due now and reports it; a failed check skips it. */
int na_rounds_run_due(struct na_job *j);
/* The unicast frames (--notify) a round has left (na_job_tell), logged. */
void na_rounds_tell(struct na_job *j);
/* Every round until nothing is left, taking newer runs' requests on the
 * take-over listener *tfd (or none: -1) meanwhile, which it closes before
 * the end. The first round's failure, if any. */
int na_rounds_run(struct na_job *j, int *tfd);
/* What ps shows for the background process of ifname. */
void na_rounds_title(char **argv, const char *ifname);

#endif
