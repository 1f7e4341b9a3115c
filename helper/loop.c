/* SPDX-License-Identifier: BSD-2-Clause */
#include "loop.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <time.h>

uint64_t na_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int na_poll_timeout(uint64_t now_ms, uint64_t deadline_ms)
{
	/* na_now_ms() truncates: the real time is at or past now_ms, so
	 * waiting deadline - now_ms never wakes before the deadline. */
	if (deadline_ms == NA_NO_DEADLINE)
		return -1;
	if (deadline_ms <= now_ms)
		return 0;
	if (deadline_ms - now_ms > INT_MAX)
		return INT_MAX;
	return (int)(deadline_ms - now_ms);
}

void na_loop_init(struct na_loop *l)
{
	memset(l, 0, sizeof(*l));
}

int na_loop_add(struct na_loop *l, int fd, short events, na_loop_fn fn, void *data)
{
	if (l->n == NA_LOOP_MAX_FDS)
		return -ENOSPC;
	l->pfd[l->n].fd = fd;
	l->pfd[l->n].events = events;
	l->pfd[l->n].revents = 0;
	l->fn[l->n] = fn;
	l->data[l->n] = data;
	l->n++;
	return 0;
}

void na_loop_del(struct na_loop *l, int fd)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (l->pfd[i].fd != fd)
			continue;
		l->n--;
		l->pfd[i] = l->pfd[l->n];
		l->fn[i] = l->fn[l->n];
		l->data[i] = l->data[l->n];
		return;
	}
}

int na_loop_wait(struct na_loop *l, uint64_t deadline)
{
	struct pollfd ready[NA_LOOP_MAX_FDS];
	na_loop_fn fn[NA_LOOP_MAX_FDS];
	void *data[NA_LOOP_MAX_FDS];
	size_t i, n = l->n;
	int rc;

	rc = poll(l->pfd, (nfds_t)n, na_poll_timeout(na_now_ms(), deadline));
	if (rc < 0)
		return errno == EINTR ? 0 : -errno;
	/* A callback may add or remove fds: dispatch from a copy. */
	memcpy(ready, l->pfd, n * sizeof(*ready));
	memcpy(fn, l->fn, n * sizeof(*fn));
	memcpy(data, l->data, n * sizeof(*data));
	for (i = 0; rc > 0 && i < n; i++) {
		int r;

		if (!ready[i].revents)
			continue;
		r = fn[i](data[i], ready[i].fd, ready[i].revents);
		if (r)
			return r;
	}
	return 0;
}
