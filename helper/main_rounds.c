/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PROGRAM_DIR/NA_COMPANION_REL/rounds (/usr/libexec/neigh-announce/rounds):
 * the background process of the program hooks run (main.c). That program
 * sends a job's first round, then starts this one detached with the packet
 * socket, the take-over listener if it holds the name, and the job as that
 * round left it (rounds.h, job_state.h). This one sends that round's unicast
 * frames (--notify) and the later rounds, and answers newer runs meanwhile,
 * as the full program's own background process does (rounds.c).
 *
 * It has no capability and needs none: it never opens a packet socket. Run
 * by hand it finds none where it looks and exits 1 (--version: exit 0);
 * whoever runs it can give it only sockets they could open themselves, and
 * the job file is checked field by field (job_state.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "job_state.h"
#include "log.h"
#include "loop.h"
#include "rounds.h"
#include "start.h"

/* Started by neigh-announce, standard error is /dev/null (daemon.c): the
 * log goes to syslog. Run by hand, errors go where the caller sees them. */
static bool detached(void)
{
	struct stat err, null;

	return fstat(STDERR_FILENO, &err) || stat("/dev/null", &null) ||
	       (S_ISCHR(err.st_mode) && err.st_rdev == null.st_rdev);
}

static int sockopt(int fd, int opt)
{
	int v = -1;
	socklen_t len = sizeof(v);

	if (getsockopt(fd, SOL_SOCKET, opt, &v, &len))
		return -1;
	return v;
}

int main(int argc, char **argv)
{
	struct na_sink sink = {.fd = -1};
	struct na_job j = {0};
	struct na_pace pace;
	int verbosity, err, tfd = -1;

	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		printf("neigh-announce %s (rounds)\n", NA_VERSION);
		return NA_EXIT_OK;
	}
	na_log_setup(0, detached());
	if (sockopt(NA_ROUNDS_SINK_FD, SO_DOMAIN) != AF_PACKET) {
		na_log(NA_LOG_ERR, NULL,
		       "rounds: no packet socket on descriptor %d: this program is the background "
		       "process that `neigh-announce` starts, not one to run by hand",
		       NA_ROUNDS_SINK_FD);
		return NA_EXIT_USAGE;
	}
	err = na_state_read(NA_ROUNDS_JOB_FD, na_now_ms(), &j, &verbosity);
	close(NA_ROUNDS_JOB_FD);
	if (err) {
		na_log(NA_LOG_ERR, NULL, "rounds: the job from neigh-announce: %s",
		       err == -EINVAL ? "malformed, or from another version" : strerror(-err));
		return err == -EINVAL ? NA_EXIT_USAGE : NA_EXIT_SYSTEM;
	}
	na_log_setup(verbosity, true);
	sink.fd = NA_ROUNDS_SINK_FD;
	if (sockopt(NA_ROUNDS_TAKEOVER_FD, SO_DOMAIN) == AF_UNIX &&
	    sockopt(NA_ROUNDS_TAKEOVER_FD, SO_ACCEPTCONN) == 1)
		tfd = NA_ROUNDS_TAKEOVER_FD;
	j.sink = &sink;
	j.log = na_log;
	j.clock = na_now_ms;
	j.notify = na_job_notify;
	/* Rate 0 caps nothing: a newer run's --rate can take hold. */
	na_pace_init_rate(&pace, 0, na_now_ms());
	j.pace = &pace;
	/* The name after the filter: a process seen under its name is always
	 * one in filter mode (the filter allows PR_SET_NAME for this). */
	na_start_sandbox(NA_CMD_ANNOUNCE, j.ifname);
	na_rounds_title(argv, j.ifname);
	na_rounds_tell(&j);
	na_rounds_run(&j, &tfd);
	na_sink_close(&sink);
	na_job_free(&j);
	return NA_EXIT_OK;
}
