/* SPDX-License-Identifier: BSD-2-Clause */
/* The hand-over between runs (takeover.h): the request and reply formats,
 * and a real claim over an abstract socket between two processes: no
 * holder, a holder that takes the request, one that never answers. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "loop.h"
#include "takeover.h"

static struct na_ip ip(const char *s)
{
	struct na_ip r;

	na_parse_ip(s, &r);
	return r;
}

static struct na_event_opts opts(void)
{
	struct na_event_opts o;

	memset(&o, 0, sizeof(o));
	o.v4 = NA_V4_REQUEST;
	o.v6 = NA_V6_NA | NA_V6_DAD;
	o.notify = NA_NOTIFY_GATEWAYS;
	o.check = true;
	na_parse_schedule("0,2,10", &o.sched);
	return o;
}

static void test_request_format(void)
{
	struct na_event_opts o = opts(), d;
	uint8_t hdr[NA_REQ_HDR], rec[NA_REQ_REC];
	struct na_ip a = ip("2001:db8::7"), b;
	size_t n;

	na_request_encode(hdr, &o, 3);
	CHECK(na_request_decode(hdr, &d, &n) == 0 && n == 3, "header round trip");
	CHECK(d.v4 == o.v4 && d.v6 == o.v6 && d.notify == o.notify && d.check && d.sched.n == 3 &&
	              d.sched.at_ms[2] == 10000,
	      "settings round trip");
	CHECK(d.rate == 0 && !d.arp_bcast, "no rate, target MAC zero");
	o.rate = 100000;
	o.arp_bcast = true;
	na_request_encode(hdr, &o, 3);
	CHECK(na_request_decode(hdr, &d, &n) == 0 && d.rate == 100000 && d.arp_bcast,
	      "--rate 100000 and --arp-target-mac broadcast round trip");
	hdr[9] = 0xa1; /* 100001 = 0x0186a1 */
	CHECK(na_request_decode(hdr, &d, &n) != 0, "a rate past the cap refused");
	o = opts();
	na_request_encode(hdr, &o, 3);
	hdr[4] = 4;
	CHECK(na_request_decode(hdr, &d, &n) != 0, "unknown --ipv4 bit refused");
	na_request_encode(hdr, &o, 3);
	hdr[6] = 3;
	CHECK(na_request_decode(hdr, &d, &n) != 0, "unknown notify mode refused");
	na_request_encode(hdr, &o, 3);
	hdr[7] = 4;
	CHECK(na_request_decode(hdr, &d, &n) != 0, "unknown flag refused");
	na_request_encode(hdr, &o, 3);
	hdr[0] = 'X';
	CHECK(na_request_decode(hdr, &d, &n) != 0, "bad magic refused");
	o.sched.at_ms[2] = 2000;
	na_request_encode(hdr, &o, 3);
	CHECK(na_request_decode(hdr, &d, &n) != 0, "a schedule that does not increase refused");
	o = opts();
	o.sched.at_ms[2] = NA_SCHED_MAX_MS + 1;
	na_request_encode(hdr, &o, 3);
	CHECK(na_request_decode(hdr, &d, &n) != 0, "an offset past the cap refused");
	o = opts();
	na_request_encode(hdr, &o, 3);
	hdr[12 + 4 * 5] = 1;
	CHECK(na_request_decode(hdr, &d, &n) != 0, "an offset past sched.n must be zero");
	na_request_encode(hdr, &o, 0);
	CHECK(na_request_decode(hdr, &d, &n) != 0, "no address refused");
	na_request_encode(hdr, &o, NA_REQ_MAX_ADDRS + 1);
	CHECK(na_request_decode(hdr, &d, &n) != 0, "too many addresses refused");

	na_request_encode_ip(rec, &a);
	CHECK(na_request_decode_ip(rec, &b) == 0 && na_ip_cmp(&a, &b) == 0, "v6 record");
	a = ip("192.0.2.9");
	na_request_encode_ip(rec, &a);
	CHECK(na_request_decode_ip(rec, &b) == 0 && na_ip_cmp(&a, &b) == 0, "v4 record");
	rec[10] = 1;
	CHECK(na_request_decode_ip(rec, &b) != 0, "v4 record with bytes past the address");
	rec[10] = 0;
	rec[2] = 1;
	CHECK(na_request_decode_ip(rec, &b) != 0, "padding must be zero");
	rec[2] = 0;
	rec[0] = 5;
	CHECK(na_request_decode_ip(rec, &b) != 0, "unknown family");
	a.family = AF_INET;
	inet_pton(AF_INET, "127.0.0.1", &a.v4);
	na_request_encode_ip(rec, &a);
	CHECK(na_request_decode_ip(rec, &b) != 0, "loopback can never be announced");
}

static void test_reply_format(void)
{
	struct na_reply r = {.status = NA_REPLY_SENT, .frames = 7, .failed = 2, .err = ENOBUFS}, d;
	uint8_t buf[NA_REPLY_LEN];

	na_reply_encode(buf, &r);
	CHECK(na_reply_decode(buf, &d) == 0 && d.status == NA_REPLY_SENT && d.frames == 7 &&
	              d.failed == 2 && d.err == ENOBUFS,
	      "reply round trip");
	buf[4] = 9;
	CHECK(na_reply_decode(buf, &d) != 0, "unknown status refused");
}

/* An interface index no real interface here has: the names are ours. */
static int ifindex_base;

static int test_ifindex(void)
{
	return ifindex_base;
}

static void test_claim(void)
{
	struct na_event_opts o = opts(), got;
	struct na_ip a[2] = {ip("192.0.2.9"), ip("2001:db8::9")}, *in;
	struct na_reply reply;
	const char *why;
	int lfd, lfd2, c, status, err;
	uint64_t t0;
	size_t n;
	pid_t pid;

	CHECK(na_takeover_claim(test_ifindex(), &o, a, 2, 80, &lfd, &reply, &why) ==
	              NA_CLAIM_HOLDER,
	      "no holder: we take the name");
	if (lfd < 0)
		return;
	/* A newcomer in another process hands its request to us. */
	pid = fork();
	if (pid == 0) {
		enum na_claim r =
		        na_takeover_claim(test_ifindex(), &o, a, 2, 2000, &lfd2, &reply, &why);

		_exit(r == NA_CLAIM_HANDED && reply.status == NA_REPLY_SENT && reply.frames == 4
		              ? 0
		              : 1);
	}
	c = -1;
	t0 = na_now_ms();
	while (c < 0 && na_now_ms() - t0 < 2000) {
		struct pollfd p = {.fd = lfd, .events = POLLIN};

		if (poll(&p, 1, 100) == 1)
			c = na_takeover_accept(lfd);
	}
	CHECK(c >= 0, "the newcomer (our own user) is accepted");
	if (c >= 0) {
		err = na_takeover_read(c, 1000, &got, &in, &n);
		CHECK(err == 0 && n == 2 && na_ip_cmp(&in[0], &a[0]) == 0 &&
		              na_ip_cmp(&in[1], &a[1]) == 0 && got.sched.n == 3,
		      "its request arrives whole (%d)", err);
		free(in);
		reply = (struct na_reply){.status = NA_REPLY_SENT, .frames = 4};
		na_takeover_reply(c, &reply);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the newcomer saw our answer");

	/* A holder that never answers: the newcomer gives up within its
	 * budget and goes on alone. */
	pid = fork();
	if (pid == 0) {
		uint64_t s = na_now_ms();
		enum na_claim r =
		        na_takeover_claim(test_ifindex(), &o, a, 2, 80, &lfd2, &reply, &why);

		_exit(r == NA_CLAIM_ALONE && na_now_ms() - s < 1000 ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "a silent holder: the newcomer goes on alone, within its budget");
	close(lfd);
	CHECK(na_takeover_claim(test_ifindex(), &o, a, 2, 80, &lfd, &reply, &why) ==
	              NA_CLAIM_HOLDER,
	      "the name is free again once the holder closes");
	if (lfd >= 0)
		close(lfd);
}

int main(void)
{
	ifindex_base = 1000000 + (int)getpid();
	test_request_format();
	test_reply_format();
	test_claim();
	return check_done();
}
