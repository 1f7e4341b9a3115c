/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One small event loop for every subcommand: a few file descriptors, each
 * with a callback, and a deadline on the monotonic clock. The helper's
 * background process (its take-over listener), probe (its packet socket) and
 * the watcher (netlink and signals) all wait in na_loop_wait.
 */
#ifndef NA_LOOP_H
#define NA_LOOP_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

#define NA_NO_DEADLINE  UINT64_MAX
#define NA_LOOP_MAX_FDS 4

/* Monotonic milliseconds. */
uint64_t na_now_ms(void);

/* poll(2)'s timeout to wake at `deadline` (NA_NO_DEADLINE: nothing
 * scheduled, -1: sleep until an event). Rounds up so that we never wake
 * early and spin. */
int na_poll_timeout(uint64_t now_ms, uint64_t deadline_ms);

/* Called with the revents of a ready fd. Returns 0 to go on, anything else
 * to end na_loop_wait with that value. */
typedef int (*na_loop_fn)(void *data, int fd, short revents);

struct na_loop {
	struct pollfd pfd[NA_LOOP_MAX_FDS];
	na_loop_fn fn[NA_LOOP_MAX_FDS];
	void *data[NA_LOOP_MAX_FDS];
	size_t n;
};

void na_loop_init(struct na_loop *l);
/* Watches fd for events (POLLIN...). 0 or -ENOSPC. */
int na_loop_add(struct na_loop *l, int fd, short events, na_loop_fn fn, void *data);
/* Stops watching fd (e.g. closed by its callback). */
void na_loop_del(struct na_loop *l, int fd);
/*
 * Waits until deadline or until fds are ready, and runs the callbacks of the
 * ready ones. Returns 0 (woken: by the deadline, a signal or a callback that
 * returned 0), a callback's non-zero value, or -errno when poll fails.
 */
int na_loop_wait(struct na_loop *l, uint64_t deadline);

#endif
