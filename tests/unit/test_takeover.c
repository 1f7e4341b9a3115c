/* SPDX-License-Identifier: BSD-2-Clause */
/* The hand-over between runs: records in and out, and what a newcomer does
 * with a predecessor's progress (RFC 4861's NA count and spacing hold). */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "announce.h"
#include "check.h"
#include "takeover.h"

static void quiet(enum na_log_level lvl, const char *ifname, const char *fmt, ...)
{
}

static struct na_ip ip(const char *s)
{
	struct na_ip r;

	na_parse_ip(s, &r);
	return r;
}

static void test_records(void)
{
	struct na_handover h = {.ip = ip("2001:db8::7"),
	                        .dad_sent = 1,
	                        .na_sent = 2,
	                        .ms_since_na = 0x01020304},
	                   o;
	uint8_t rec[NA_HANDOVER_REC];

	na_handover_encode(rec, &h);
	CHECK(na_handover_decode(rec, &o) == 0, "v6 decodes");
	CHECK(na_ip_cmp(&o.ip, &h.ip) == 0 && o.dad_sent == 1 && o.na_sent == 2 &&
	              o.ms_since_na == 0x01020304,
	      "v6 round trip");
	h.ip = ip("192.0.2.7");
	na_handover_encode(rec, &h);
	CHECK(na_handover_decode(rec, &o) == 0 && o.ip.family == AF_INET &&
	              na_ip_cmp(&o.ip, &h.ip) == 0,
	      "v4 round trip");
	rec[20] = 1;
	CHECK(na_handover_decode(rec, &o) != 0, "v4 with bytes past the address refused");
	rec[20] = 0;
	rec[3] = 1;
	CHECK(na_handover_decode(rec, &o) != 0, "padding must be zero");
	rec[3] = 0;
	rec[0] = 5;
	CHECK(na_handover_decode(rec, &o) != 0, "unknown family refused");
	h.ip.family = AF_INET;
	inet_pton(AF_INET, "127.0.0.1", &h.ip.v4);
	na_handover_encode(rec, &h);
	CHECK(na_handover_decode(rec, &o) != 0, "loopback refused");
}

static void test_inherit(void)
{
	struct na_sink sink;
	struct na_job j = {0};
	struct na_round_result r;
	struct na_ip a = ip("2001:db8::1"), b = ip("192.0.2.9"), c = ip("2001:db8::2");
	struct na_handover h[3] = {
	        {.ip = a, .dad_sent = 1, .na_sent = 2, .ms_since_na = 300},
	        {.ip = b, .ms_since_na = NA_HANDOVER_NO_NA},
	        {.ip = c, .dad_sent = 1, .na_sent = 2, .ms_since_na = 300},
	};
	struct na_handover *out;
	size_t n;

	CHECK(na_sink_open_pcap(&sink, "/dev/null") == 0, "sink");
	memcpy(j.mac, "\x02\x00\x00\x00\x00\x01", 6);
	j.v4 = NA_V4_REQUEST;
	j.v6 = NA_V6_NA | NA_V6_DAD;
	j.sink = &sink;
	j.log = quiet;
	na_job_add(&j, &a);
	CHECK(na_job_prepare(&j) == 0, "prepare");
	CHECK(na_job_inherit(&j, h, 3) == 0 && j.n == 3, "one known, two added: %zu", j.n);
	/* a: given to this job itself: news again, a fresh budget of 3 NAs, but
	 * 1 s after the predecessor's last, and no second DAD NS. c: only carried
	 * on: its predecessor's 2 NAs count, one more is allowed. b: ARP. */
	na_job_round(&j, 0, &r);
	CHECK(r.frames == 1, "round at 0 (300 ms after the last NAs): only b's ARP, got %zu",
	      r.frames);
	na_job_round(&j, 700, &r);
	CHECK(r.frames == 3, "round at 700 ms: ARP + NA for a and c, got %zu", r.frames);
	na_job_round(&j, 1800, &r);
	CHECK(r.frames == 2, "round at 1800: ARP + a's second NA (c has had 3), got %zu", r.frames);
	na_job_round(&j, 2900, &r);
	CHECK(r.frames == 2, "round at 2900: ARP + a's third NA, got %zu", r.frames);
	na_job_round(&j, 4000, &r);
	CHECK(r.frames == 1, "round at 4000: a's budget spent: only the ARP, got %zu", r.frames);
	out = na_job_export(&j, 4100, &n);
	CHECK(n == 3 && out, "export all three");
	if (out && n == 3) {
		CHECK(out[1].ip.family == AF_INET6 && out[1].na_sent == 3 &&
		              out[1].ms_since_na == 1200 && out[1].dad_sent == 1,
		      "exported progress of a: na %u since %u", out[1].na_sent, out[1].ms_since_na);
		CHECK(out[2].na_sent == 3 && out[2].ms_since_na == 3400, "c: na %u since %u",
		      out[2].na_sent, out[2].ms_since_na);
		CHECK(out[0].ms_since_na == NA_HANDOVER_NO_NA, "no NA for IPv4");
	}
	free(out);
	na_job_free(&j);
	na_sink_close(&sink);
}

int main(void)
{
	test_records();
	test_inherit();
	return check_done();
}
