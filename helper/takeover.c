/* SPDX-License-Identifier: BSD-2-Clause */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "takeover.h"

#define CLAIM_TRIES         5
#define HOLDER_EXIT_WAIT_MS 1000

static socklen_t name_for(int ifindex, struct sockaddr_un *sun)
{
	int n;

	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	/* sun_path[0] = '\0': the abstract namespace, see unix(7). */
	n = snprintf(sun->sun_path + 1, sizeof(sun->sun_path) - 1, "neigh-announce/ifindex/%d",
	             ifindex);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n);
}

/* Asks the current holder to stop and waits (bounded) until it has closed. */
static void kick(const struct sockaddr_un *sun, socklen_t len)
{
	struct pollfd pfd;
	char c;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return;
	if (connect(fd, (const struct sockaddr *)sun, len) == 0) {
		/* The holder closes without writing: EOF means it is gone. */
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, HOLDER_EXIT_WAIT_MS) > 0)
			(void)!read(fd, &c, 1);
	}
	close(fd);
}

int na_takeover_claim(int ifindex)
{
	struct sockaddr_un sun;
	socklen_t len = name_for(ifindex, &sun);
	int fd, i, err = -EADDRINUSE;

	for (i = 0; i < CLAIM_TRIES; i++) {
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (fd < 0)
			return -errno;
		if (bind(fd, (struct sockaddr *)&sun, len) == 0 && listen(fd, 4) == 0)
			return fd;
		err = -errno;
		close(fd);
		if (err != -EADDRINUSE)
			return err;
		kick(&sun, len);
	}
	return err;
}

bool na_takeover_requested(int listen_fd)
{
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	int c = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
	bool ok;

	if (c < 0)
		return false;
	/* Only root or our own user may end us: otherwise any local user in the
	 * namespace could cancel announcements. */
	ok = getsockopt(c, SOL_SOCKET, SO_PEERCRED, &cred, &clen) == 0 &&
	     (cred.uid == 0 || cred.uid == geteuid());
	if (!ok)
		close(c);
	/* When ok, the connection stays open until we exit: the newcomer reads
	 * EOF once our listening socket is gone. */
	return ok;
}
