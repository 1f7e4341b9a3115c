/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Benchmark timer: runs a command REPS times inside a network namespace and
 * prints the median, minimum and maximum wall time from fork() to the
 * command's exit (what a hook that runs it waits for), plus the largest peak
 * RSS of any run. It enters the namespace itself (setns) instead of going
 * through `ip netns exec`, whose own cost would swamp a fast command.
 *
 *   nstime NETNS REPS COMMAND [ARG]...
 *   -> "median_us min_us max_us maxrss_kib failures"
 * NSTIME_PAUSE_MS (default 20) is the pause between runs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	char path[256];
	int64_t *t, t0;
	long maxrss = 0;
	int reps, i, fd, status, failures = 0, pause_ms = 20;
	struct rusage ru;
	pid_t pid;

	if (argc < 4) {
		fprintf(stderr, "usage: nstime NETNS REPS COMMAND [ARG]...\n");
		return 2;
	}
	snprintf(path, sizeof(path), "/run/netns/%s", argv[1]);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET) < 0) {
		fprintf(stderr, "nstime: %s: %s\n", path, strerror(errno));
		return 2;
	}
	close(fd);
	reps = atoi(argv[2]);
	if (getenv("NSTIME_PAUSE_MS"))
		pause_ms = atoi(getenv("NSTIME_PAUSE_MS"));
	if (reps < 1)
		return 2;
	t = calloc((size_t)reps, sizeof(*t));
	if (!t)
		return 2;
	for (i = 0; i < reps; i++) {
		t0 = now_ns();
		pid = fork();
		if (pid < 0)
			return 2;
		if (pid == 0) {
			execvp(argv[3], argv + 3);
			_exit(127);
		}
		if (wait4(pid, &status, 0, &ru) < 0)
			return 2;
		t[i] = now_ns() - t0;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failures++;
		if (ru.ru_maxrss > maxrss)
			maxrss = ru.ru_maxrss;
		/* Let the background half of the helper settle, so that runs do
		 * not overlap with each other's later work. */
		usleep((useconds_t)pause_ms * 1000);
	}
	qsort(t, (size_t)reps, sizeof(*t), cmp64);
	printf("%lld %lld %lld %ld %d\n", (long long)(t[reps / 2] / 1000), (long long)(t[0] / 1000),
	       (long long)(t[reps - 1] / 1000), maxrss, failures);
	free(t);
	return 0;
}
