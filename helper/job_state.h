/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A job handed from one program to another (issue 13): the program hooks run
 * sends a job's first round and writes the job as that round left it; the
 * background process, a program of its own (LIBEXECDIR/neigh-announce/
 * rounds), reads it and goes on: that round's unicast frames, the later
 * rounds, the take-over answers. The two are the same build on the same
 * machine, so the records are the structs themselves (host byte order; the
 * pointers in them are never read); the header carries the version and the
 * structs' sizes, and the reader refuses any other. It trusts nothing else
 * either: whoever can run the reader can give it any file, so every field
 * is checked before it is used, and a file that is not exactly a header,
 * the job and its records is refused whole.
 */
#ifndef NA_JOB_STATE_H
#define NA_JOB_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "announce.h"

/* At most this many targets (a job of --all on a large interface). */
#define NA_STATE_MAX_TARGETS (1u << 20)

/* Writes j's addresses, their settings and progress, its peers, and
 * verbosity (the log's) to fd, which must be at its start. 0 or -errno. */
int na_state_write(int fd, const struct na_job *j, int verbosity);

/*
 * Pure: the job in buf (len bytes), read at now (monotonic ms: no time in it
 * may lie more than an hour ahead). Fills in the job's addresses, settings,
 * progress and peers (j->t and j->opts malloc'ed; the sink, log, clock, pace
 * and callbacks are the caller's to set) and *verbosity. 0, -EINVAL
 * (malformed, or another build's), or -ENOMEM; on error j is as it was.
 */
int na_state_decode(const uint8_t *buf, size_t len, uint64_t now, struct na_job *j, int *verbosity);

/* Reads the whole of fd and decodes it. The same returns, or -errno. */
int na_state_read(int fd, uint64_t now, struct na_job *j, int *verbosity);

#endif
