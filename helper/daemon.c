/* SPDX-License-Identifier: BSD-2-Clause */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

static void detach_fds(int *keep, int nkeep)
{
	int i, fd, moved[8];

	/* First move everything kept well out of the way, then down to 3.. */
	for (i = 0; i < nkeep && i < 8; i++) {
		moved[i] = keep[i] < 0 ? -1 : fcntl(keep[i], F_DUPFD_CLOEXEC, 100);
		if (keep[i] >= 0)
			close(keep[i]);
	}
	for (i = 0; i < nkeep && i < 8; i++) {
		if (moved[i] < 0) {
			keep[i] = -1;
			continue;
		}
		keep[i] = dup3(moved[i], 3 + i, O_CLOEXEC);
		close(moved[i]);
	}
	close_range((unsigned)(3 + nkeep), ~0U, 0);
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
}

int na_daemonize(int *keep, int nkeep)
{
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -errno;
	/* No waitpid() for the intermediate child: the hook would wait for
	 * another process to be scheduled, fork and exit, which on a busy
	 * machine is most of its wait (tests/bench). We exit at once; it is
	 * then reparented and reaped by init like the grandchild. */
	if (pid > 0)
		return 1;
	if (setsid() < 0)
		_exit(1);
	/* A hangup of the caller's session must not end the sequence. */
	signal(SIGHUP, SIG_IGN);
	pid = fork();
	if (pid < 0)
		_exit(1);
	if (pid > 0)
		_exit(0);
	/* Not a session leader: can never acquire a controlling terminal. */
	(void)!chdir("/");
	umask(077);
	detach_fds(keep, nkeep);
	return 0;
}
