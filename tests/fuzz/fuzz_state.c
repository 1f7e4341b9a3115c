/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: the job file that the background process reads
 * (job_state.h), which anyone who can run that program can give it. Beyond
 * "no crash", it checks what the decoder promises (targets sorted without
 * duplicates, every settings index in range, every schedule as
 * na_parse_schedule would make it, every address one that can be announced)
 * and then runs the decoded job's rounds to the end, on a clock of its own,
 * with never more than MAX_NEIGHBOR_ADVERTISEMENT NAs for an address.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job_state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NOW 5000000u

static void quiet(enum na_log_level lvl, const char *ifname, const char *fmt, ...)
{
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct na_sink sink = {.fd = -1};
	struct na_round_result r;
	struct na_job j;
	uint64_t now = NOW, due;
	size_t i;
	unsigned s, steps = 0;
	int v;

	memset(&j, 0, sizeof(j));
	if (na_state_decode(data, size, NOW, &j, &v))
		return 0;
	for (i = 0; i < j.n; i++) {
		if (!na_ip_announceable(&j.t[i].ip) ||
		    (i && na_ip_cmp(&j.t[i - 1].ip, &j.t[i].ip) >= 0))
			abort();
		for (s = 0; s < 2; s++)
			if (j.t[i].ev[s].opts >= j.nopts)
				abort();
	}
	for (i = 0; i < j.nopts; i++) {
		const struct na_schedule *sc = &j.opts[i].sched;

		if (sc->n < 1 || sc->n > NA_SCHED_MAX)
			abort();
		for (s = 1; s < sc->n; s++)
			if (sc->at_ms[s] <= sc->at_ms[s - 1] || sc->at_ms[s] > NA_SCHED_MAX_MS)
				abort();
		/* No kernel here: nothing to check against, no tables to read. */
		j.opts[i].check = false;
	}
	j.ifindex = 0;
	j.sink = &sink;
	j.log = quiet;
	j.notify = na_job_notify;
	j.mac_fixed = true;
	if (na_sink_open_pcap(&sink, "/dev/null"))
		goto out;
	na_job_tell(&j, &r);
	while ((due = na_job_next_due(&j)) != NA_NO_DEADLINE && steps++ < 256) {
		if (due > now)
			now = due;
		na_job_run_due(&j, now, &r);
		for (i = 0; i < j.n; i++)
			if (j.t[i].na_sent > NA_MAX_NEIGHBOR_ADVERTISEMENT)
				abort();
	}
out:
	na_job_free(&j);
	if (sink.pcap)
		fclose(sink.pcap);
	return 0;
}
