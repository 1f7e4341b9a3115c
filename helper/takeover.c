/* SPDX-License-Identifier: BSD-2-Clause */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "takeover.h"

#define CLAIM_TRIES         5
#define HOLDER_EXIT_WAIT_MS 1000

void na_handover_encode(uint8_t rec[NA_HANDOVER_REC], const struct na_handover *h)
{
	memset(rec, 0, NA_HANDOVER_REC);
	rec[0] = h->ip.family == AF_INET ? 4 : 6;
	rec[1] = h->dad_sent;
	rec[2] = h->na_sent;
	rec[4] = (uint8_t)(h->ms_since_na >> 24);
	rec[5] = (uint8_t)(h->ms_since_na >> 16);
	rec[6] = (uint8_t)(h->ms_since_na >> 8);
	rec[7] = (uint8_t)h->ms_since_na;
	if (h->ip.family == AF_INET)
		memcpy(rec + 8, &h->ip.v4, 4);
	else
		memcpy(rec + 8, &h->ip.v6, 16);
}

int na_handover_decode(const uint8_t rec[NA_HANDOVER_REC], struct na_handover *out)
{
	struct na_handover h;
	size_t i;

	memset(&h, 0, sizeof(h));
	if (rec[3] != 0)
		return -EINVAL;
	if (rec[0] == 4) {
		h.ip.family = AF_INET;
		memcpy(&h.ip.v4, rec + 8, 4);
		for (i = 12; i < NA_HANDOVER_REC; i++)
			if (rec[i])
				return -EINVAL;
	} else if (rec[0] == 6) {
		h.ip.family = AF_INET6;
		memcpy(&h.ip.v6, rec + 8, 16);
	} else {
		return -EINVAL;
	}
	if (!na_ip_announceable(&h.ip))
		return -EINVAL;
	h.dad_sent = rec[1];
	h.na_sent = rec[2];
	h.ms_since_na =
	        (uint32_t)rec[4] << 24 | (uint32_t)rec[5] << 16 | (uint32_t)rec[6] << 8 | rec[7];
	*out = h;
	return 0;
}

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

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Keeps what decodes; a holder is root or our own user, but its records are
 * still checked like any input. */
static void take(const uint8_t *buf, size_t len, struct na_handover **got, size_t *ngot)
{
	struct na_handover h, *grown;
	size_t off;

	for (off = 0; off + NA_HANDOVER_REC <= len && *ngot < NA_HANDOVER_MAX;
	     off += NA_HANDOVER_REC) {
		if (na_handover_decode(buf + off, &h))
			continue;
		if ((*ngot & (*ngot - 1)) == 0) {
			grown = realloc(*got, (*ngot ? *ngot * 2 : 8) * sizeof(**got));
			if (!grown)
				return;
			*got = grown;
		}
		(*got)[(*ngot)++] = h;
	}
}

/* Asks the current holder to stop, collects its hand-over until it closes
 * (bounded in time). */
static void kick(const struct sockaddr_un *sun, socklen_t len, struct na_handover **got,
                 size_t *ngot)
{
	uint8_t buf[NA_HANDOVER_REC * 256];
	size_t have = 0;
	uint64_t deadline = mono_ms() + HOLDER_EXIT_WAIT_MS;
	struct pollfd pfd;
	ssize_t n;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return;
	if (connect(fd, (const struct sockaddr *)sun, len) < 0) {
		close(fd);
		return;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	for (;;) {
		uint64_t now = mono_ms();

		if (now >= deadline || poll(&pfd, 1, (int)(deadline - now)) <= 0)
			break;
		n = read(fd, buf + have, sizeof(buf) - have);
		if (n <= 0)
			break; /* EOF: the holder is gone */
		have += (size_t)n;
		/* Whole records only; a partial one waits for the rest. */
		take(buf, have - have % NA_HANDOVER_REC, got, ngot);
		memmove(buf, buf + have - have % NA_HANDOVER_REC, have % NA_HANDOVER_REC);
		have %= NA_HANDOVER_REC;
	}
	close(fd);
}

int na_takeover_claim(int ifindex, struct na_handover **got, size_t *ngot)
{
	struct sockaddr_un sun;
	socklen_t len = name_for(ifindex, &sun);
	int fd, i, err = -EADDRINUSE;

	*got = NULL;
	*ngot = 0;
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
		kick(&sun, len, got, ngot);
	}
	return err;
}

int na_takeover_accept(int listen_fd)
{
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	int c = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);

	if (c < 0)
		return -1;
	/* Only root or our own user may end us: otherwise any local user in the
	 * namespace could cancel announcements. */
	if (getsockopt(c, SOL_SOCKET, SO_PEERCRED, &cred, &clen) == 0 &&
	    (cred.uid == 0 || cred.uid == geteuid()))
		return c;
	close(c);
	return -1;
}

void na_takeover_hand_over(int conn, const struct na_handover *h, size_t n)
{
	struct timeval tv = {.tv_sec = 0, .tv_usec = 500000};
	uint8_t buf[NA_HANDOVER_REC * 256];
	size_t i, fill = 0;

	setsockopt(conn, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (n > NA_HANDOVER_MAX)
		n = NA_HANDOVER_MAX;
	for (i = 0; i < n; i++) {
		na_handover_encode(buf + fill, &h[i]);
		fill += NA_HANDOVER_REC;
		if (fill == sizeof(buf) || i + 1 == n) {
			if (write(conn, buf, fill) != (ssize_t)fill)
				break;
			fill = 0;
		}
	}
	close(conn);
}
