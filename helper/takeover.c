/* SPDX-License-Identifier: BSD-2-Clause */
#define _GNU_SOURCE
#include "takeover.h"

#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "loop.h"
#include "nl_neigh.h"

static const uint8_t req_magic[4] = {'N', 'A', 'R', '1'};
static const uint8_t reply_magic[4] = {'N', 'A', 'A', '1'};

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/* Header: magic, v4 v6 notify flags, nsched, the --rate in 3 bytes (little
 * endian, 0: none), NA_SCHED_MAX offsets (unused ones zero), the number of
 * address records that follow. */
void na_request_encode(uint8_t hdr[NA_REQ_HDR], const struct na_event_opts *o, size_t n)
{
	unsigned i;

	memset(hdr, 0, NA_REQ_HDR);
	memcpy(hdr, req_magic, 4);
	hdr[4] = (uint8_t)o->v4;
	hdr[5] = (uint8_t)o->v6;
	hdr[6] = (uint8_t)o->notify;
	hdr[7] = (uint8_t)((o->check ? 1 : 0) | (o->arp_bcast ? 2 : 0));
	hdr[8] = (uint8_t)o->sched.n;
	hdr[9] = (uint8_t)(o->rate & 0xff);
	hdr[10] = (uint8_t)((o->rate >> 8) & 0xff);
	hdr[11] = (uint8_t)((o->rate >> 16) & 0xff);
	for (i = 0; i < o->sched.n && i < NA_SCHED_MAX; i++)
		put32(hdr + 12 + 4 * i, o->sched.at_ms[i]);
	put32(hdr + 12 + 4 * NA_SCHED_MAX, (uint32_t)n);
}

static bool zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

int na_request_decode(const uint8_t hdr[NA_REQ_HDR], struct na_event_opts *out, size_t *n)
{
	struct na_event_opts o;
	uint32_t count;
	unsigned i;

	memset(&o, 0, sizeof(o));
	if (memcmp(hdr, req_magic, 4) || (hdr[4] & ~(NA_V4_REQUEST | NA_V4_REPLY)) ||
	    (hdr[5] & ~(NA_V6_NA | NA_V6_DAD)) || hdr[6] > NA_NOTIFY_NEIGHBOURS || hdr[7] > 3 ||
	    hdr[8] < 1 || hdr[8] > NA_SCHED_MAX)
		return -EINVAL;
	o.rate = (uint32_t)hdr[9] | (uint32_t)hdr[10] << 8 | (uint32_t)hdr[11] << 16;
	if (o.rate > NA_PACE_MAX_RATE)
		return -EINVAL;
	o.v4 = hdr[4];
	o.v6 = hdr[5];
	o.notify = hdr[6];
	o.check = hdr[7] & 1;
	o.arp_bcast = (hdr[7] & 2) != 0;
	o.sched.n = hdr[8];
	for (i = 0; i < NA_SCHED_MAX; i++) {
		uint32_t at = get32(hdr + 12 + 4 * i);

		if (i >= o.sched.n) {
			if (at)
				return -EINVAL;
			continue;
		}
		/* As na_parse_schedule: strictly increasing, within the cap. */
		if (at > NA_SCHED_MAX_MS || (i > 0 && at <= o.sched.at_ms[i - 1]))
			return -EINVAL;
		o.sched.at_ms[i] = at;
	}
	count = get32(hdr + 12 + 4 * NA_SCHED_MAX);
	if (count == 0 || count > NA_REQ_MAX_ADDRS)
		return -EINVAL;
	*out = o;
	*n = count;
	return 0;
}

void na_request_encode_ip(uint8_t rec[NA_REQ_REC], const struct na_ip *ip)
{
	memset(rec, 0, NA_REQ_REC);
	rec[0] = ip->family == AF_INET ? 4 : 6;
	if (ip->family == AF_INET)
		memcpy(rec + 4, &ip->v4, 4);
	else
		memcpy(rec + 4, &ip->v6, 16);
}

int na_request_decode_ip(const uint8_t rec[NA_REQ_REC], struct na_ip *out)
{
	struct na_ip ip;

	memset(&ip, 0, sizeof(ip));
	if (!zero(rec + 1, 3))
		return -EINVAL;
	if (rec[0] == 4 && zero(rec + 8, NA_REQ_REC - 8)) {
		ip.family = AF_INET;
		memcpy(&ip.v4, rec + 4, 4);
	} else if (rec[0] == 6) {
		ip.family = AF_INET6;
		memcpy(&ip.v6, rec + 4, 16);
	} else {
		return -EINVAL;
	}
	if (!na_ip_announceable(&ip))
		return -EINVAL;
	*out = ip;
	return 0;
}

void na_reply_encode(uint8_t out[NA_REPLY_LEN], const struct na_reply *r)
{
	memcpy(out, reply_magic, 4);
	put32(out + 4, r->status);
	put32(out + 8, r->frames);
	/* failed and err share a word each way: 16 bits are plenty for a
	 * count of refused frames in one round's reply, and for an errno. */
	put32(out + 12,
	      (r->failed > 0xffff ? 0xffffu : r->failed) << 16 | ((uint32_t)r->err & 0xffffu));
}

int na_reply_decode(const uint8_t in[NA_REPLY_LEN], struct na_reply *r)
{
	uint32_t w = get32(in + 12);

	if (memcmp(in, reply_magic, 4) || get32(in + 4) > NA_REPLY_REFUSED)
		return -EINVAL;
	r->status = get32(in + 4);
	r->frames = get32(in + 8);
	r->failed = w >> 16;
	r->err = (int32_t)(w & 0xffff);
	return 0;
}

static socklen_t name_for(int ifindex, struct sockaddr_un *sun)
{
	static const char pre[] = "neigh-announce/2/ifindex/";
	char digits[12], *d = digits + sizeof(digits);
	unsigned v = ifindex < 0 ? 0u - (unsigned)ifindex : (unsigned)ifindex;
	size_t n;

	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	/* sun_path[0] = '\0': the abstract namespace, see unix(7). The "2"
	 * is the protocol: a holder of an older version is not spoken to.
	 * "%d" by hand: snprintf would bring in printf's machinery (three
	 * 64 KiB windows of libc's pages) for this alone. */
	do
		*--d = (char)('0' + v % 10);
	while (v /= 10);
	if (ifindex < 0)
		*--d = '-';
	n = (size_t)(digits + sizeof(digits) - d);
	memcpy(sun->sun_path + 1, pre, sizeof(pre) - 1);
	memcpy(sun->sun_path + sizeof(pre), d, n);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + sizeof(pre) + n);
}

/* Root or our own user: anyone else could make us skip or send anything.
 * For a connecting socket SO_PEERCRED names whoever called listen(); for
 * an accepted one, whoever called connect(). */
static int peer_uid(int fd, uid_t *uid)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		return -errno;
	*uid = cred.uid;
	return 0;
}

static bool trusted_uid(uid_t uid)
{
	return uid == 0 || uid == geteuid();
}

static int mark_ready(void *data, int fd, short revents)
{
	*(bool *)data = true;
	return 0;
}

/* Waits for fd until deadline. 0, -ETIMEDOUT, or -errno. */
static int wait_fd(int fd, short events, uint64_t deadline)
{
	struct na_loop l;
	bool ready = false;
	int err;

	na_loop_init(&l);
	na_loop_add(&l, fd, events, mark_ready, &ready);
	while (!ready) {
		if (na_now_ms() >= deadline)
			return -ETIMEDOUT;
		err = na_loop_wait(&l, deadline);
		if (err < 0)
			return err;
	}
	return 0;
}

static int write_all(int fd, const uint8_t *buf, size_t len, uint64_t deadline)
{
	ssize_t n;
	int err;

	while (len) {
		n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n > 0) {
			buf += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return -errno;
		err = wait_fd(fd, POLLOUT, deadline);
		if (err)
			return err;
	}
	return 0;
}

static int read_all(int fd, uint8_t *buf, size_t len, uint64_t deadline)
{
	ssize_t n;
	int err;

	while (len) {
		n = read(fd, buf, len);
		if (n > 0) {
			buf += n;
			len -= (size_t)n;
			continue;
		}
		if (n == 0)
			return -EPIPE; /* the other side closed early */
		if (errno != EAGAIN && errno != EINTR)
			return -errno;
		err = wait_fd(fd, POLLIN, deadline);
		if (err)
			return err;
	}
	return 0;
}

/* Sends the request in chunks of records. */
static int send_request(int fd, const struct na_event_opts *o, const struct na_ip *ip, size_t n,
                        uint64_t deadline)
{
	uint8_t buf[NA_REQ_REC * 128];
	size_t i, fill = 0;
	int err;

	na_request_encode(buf, o, n);
	err = write_all(fd, buf, NA_REQ_HDR, deadline);
	for (i = 0; !err && i < n; i++) {
		na_request_encode_ip(buf + fill, &ip[i]);
		fill += NA_REQ_REC;
		if (fill == sizeof(buf) || i + 1 == n) {
			err = write_all(fd, buf, fill, deadline);
			fill = 0;
		}
	}
	return err;
}

static void pause_ms(void)
{
	struct na_loop l;

	na_loop_init(&l);
	na_loop_wait(&l, na_now_ms() + 1);
}

enum na_claim na_takeover_claim(int ifindex, const struct na_event_opts *o, const struct na_ip *ip,
                                size_t n, uint32_t budget_ms, int *listen_fd,
                                struct na_reply *reply, const char **why)
{
	static char whybuf[64];
	uint64_t deadline = na_now_ms() + budget_ms;
	uint8_t rbuf[NA_REPLY_LEN];
	struct sockaddr_un sun;
	socklen_t len = name_for(ifindex, &sun);
	uint64_t unheard = 0; /* since when the name is bound by a non-listener */
	uid_t uid = (uid_t)-1;
	int fd, err;

	*listen_fd = -1;
	*why = "no answer in time";
	if (n > NA_REQ_MAX_ADDRS) {
		*why = "too many addresses to hand over";
		return NA_CLAIM_ALONE;
	}
	while (na_now_ms() < deadline) {
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (fd < 0) {
			*why = strerror(errno);
			return NA_CLAIM_ALONE;
		}
		/* Nobody holds the name, the common case: take it. Binding
		 * first spares that case a refused connect() on a socket of
		 * its own (3 system calls before the first frame). */
		if (bind(fd, (const struct sockaddr *)&sun, len) == 0) {
			if (listen(fd, SOMAXCONN) == 0) {
				*listen_fd = fd;
				return NA_CLAIM_HOLDER;
			}
			err = errno;
			close(fd);
			*why = strerror(err);
			return NA_CLAIM_ALONE;
		}
		err = errno;
		if (err != EADDRINUSE) {
			close(fd);
			*why = strerror(err);
			return NA_CLAIM_ALONE;
		}
		/* Held: hand our request to the holder, on the same socket
		 * (a failed bind leaves it unbound). */
		if (connect(fd, (const struct sockaddr *)&sun, len) == 0) {
			if (peer_uid(fd, &uid) || !trusted_uid(uid)) {
				close(fd);
				snprintf(whybuf, sizeof(whybuf), "the name is held by uid %u",
				         (unsigned)uid);
				*why = whybuf;
				return NA_CLAIM_ALONE;
			}
			err = send_request(fd, o, ip, n, deadline);
			if (!err)
				err = read_all(fd, rbuf, sizeof(rbuf), deadline);
			close(fd);
			if (!err && na_reply_decode(rbuf, reply) == 0)
				return NA_CLAIM_HANDED;
			/* A holder that just ended closes on us (-EPIPE,
			 * -ECONNRESET): try again, the name is free soon. */
			continue;
		}
		err = errno;
		close(fd);
		if (err == EAGAIN) { /* its backlog is full: it is busy */
			pause_ms();
			continue;
		}
		if (err != ECONNREFUSED) {
			*why = strerror(err);
			return NA_CLAIM_ALONE;
		}
		/* Bound, but nobody listens: another newcomer a moment ahead
		 * of us, which listens microseconds later; or someone who
		 * never will. */
		if (!unheard)
			unheard = na_now_ms();
		else if (na_now_ms() - unheard >= NA_CLAIM_UNHEARD_MS) {
			*why = "the name is bound, but nobody listens";
			return NA_CLAIM_ALONE;
		}
		pause_ms();
	}
	return NA_CLAIM_ALONE;
}

int na_takeover_accept(int listen_fd)
{
	uid_t uid = (uid_t)-1;
	int c = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

	if (c < 0)
		return -1;
	/* Only root or our own user may hand us addresses: otherwise any
	 * local user in the namespace could make us announce. */
	if (peer_uid(c, &uid) == 0 && trusted_uid(uid))
		return c;
	close(c);
	return -1;
}

int na_takeover_read(int conn, uint32_t budget_ms, struct na_event_opts *o, struct na_ip **out,
                     size_t *nout)
{
	uint64_t deadline = na_now_ms() + budget_ms;
	uint8_t buf[NA_REQ_REC * 128];
	struct na_ip *ip;
	size_t n, i, k, chunk;
	int err;

	*out = NULL;
	*nout = 0;
	err = read_all(conn, buf, NA_REQ_HDR, deadline);
	if (err)
		return err;
	if (na_request_decode(buf, o, &n))
		return -EINVAL;
	ip = malloc(n * sizeof(*ip));
	if (!ip)
		return -ENOMEM;
	for (i = 0; i < n; i += chunk) {
		chunk = n - i < sizeof(buf) / NA_REQ_REC ? n - i : sizeof(buf) / NA_REQ_REC;
		err = read_all(conn, buf, chunk * NA_REQ_REC, deadline);
		for (k = 0; !err && k < chunk; k++)
			if (na_request_decode_ip(buf + k * NA_REQ_REC, &ip[i + k]))
				err = -EINVAL;
		if (err) {
			free(ip);
			return err;
		}
	}
	*out = ip;
	*nout = n;
	return 0;
}

void na_takeover_reply(int conn, const struct na_reply *r)
{
	uint8_t buf[NA_REPLY_LEN];

	na_reply_encode(buf, r);
	/* The socket buffer is empty: 16 bytes always fit. */
	(void)!send(conn, buf, sizeof(buf), MSG_NOSIGNAL | MSG_DONTWAIT);
	close(conn);
}
