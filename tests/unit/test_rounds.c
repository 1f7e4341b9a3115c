/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The round driver (announce.h) on a clock of our own: which frames each
 * round sends, RFC 4861 §7.2.6's NA count and spacing, one DAD NS per
 * address, racing requests joining one announcement, a first offset as a
 * delay. Frames go to a pcap file and are counted by kind from it.
 */
#define _GNU_SOURCE /* unshare */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_addr.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "announce.h"
#include "check.h"
#include "pcapfile.h"

static void quiet(enum na_log_level lvl, const char *ifname, const char *fmt, ...)
{
}

static struct na_ip ip(const char *s)
{
	struct na_ip r;

	na_parse_ip(s, &r);
	return r;
}

struct counts {
	unsigned arp, dad, na, other;
};

static char pcap_path[64];

static void setup(struct na_job *j, struct na_sink *sink)
{
	memset(j, 0, sizeof(*j));
	memset(sink, 0, sizeof(*sink));
	sink->fd = -1;
	snprintf(pcap_path, sizeof(pcap_path), "/tmp/na-test-rounds-%d.pcap", (int)getpid());
	CHECK(na_sink_open_pcap(sink, pcap_path) == 0, "pcap sink");
	memcpy(j->mac, "\x02\x00\x00\x00\x00\x01", 6);
	j->mac_fixed = true;
	j->sink = sink;
	j->log = quiet;
	j->notify = na_job_notify;
}

/* Frames written so far, by kind (Ethernet type, ICMPv6 type, and an
 * unspecified source for DAD). */
static void count_one(const uint8_t *fr, uint32_t len, void *ctx)
{
	static const uint8_t unspec[16] = {0};
	struct counts *c = ctx;

	if (len >= 14 && fr[12] == 0x08 && fr[13] == 0x06)
		c->arp++;
	else if (len > 54 && fr[12] == 0x86 && fr[13] == 0xdd && fr[54] == 135 &&
	         !memcmp(fr + 22, unspec, 16))
		c->dad++;
	else if (len > 54 && fr[12] == 0x86 && fr[13] == 0xdd && fr[54] == 136)
		c->na++;
	else
		c->other++;
}

static struct counts count(struct na_sink *sink)
{
	struct counts c = {0};

	pcap_each(sink, pcap_path, count_one, &c);
	return c;
}

static struct na_event_opts opts(const char *sched)
{
	struct na_event_opts o;

	memset(&o, 0, sizeof(o));
	o.v4 = NA_V4_REQUEST;
	o.v6 = NA_V6_NA | NA_V6_DAD;
	o.notify = NA_NOTIFY_NONE;
	o.check = false; /* no kernel here: the namespace tests check that */
	na_parse_schedule(sched, &o.sched);
	return o;
}

/* Runs every round due up to `until`, stepping the clock from due time to
 * due time as the loops of the helper and the watcher do. */
static void run_until(struct na_job *j, uint64_t until)
{
	struct na_round_result r;
	uint64_t due;

	while ((due = na_job_next_due(j)) <= until)
		na_job_run_due(j, due, &r);
}

static void teardown(struct na_job *j, struct na_sink *sink)
{
	na_job_free(j);
	na_sink_close(sink);
	unlink(pcap_path);
}

static void test_schedule(void)
{
	struct na_event_opts o = opts("0,2,10");
	struct na_ip a[2] = {ip("192.0.2.7"), ip("2001:db8::7")};
	struct na_round_result r;
	struct na_sink sink;
	struct na_job j;
	struct counts c;

	setup(&j, &sink);
	CHECK(na_job_request(&j, a, 2, &o, 1000, NULL) == 0, "request");
	CHECK(na_job_next_due(&j) == 1000, "round 1 due at once");
	na_job_run_due(&j, 1000, &r);
	c = count(&sink);
	CHECK(c.arp == 1 && c.dad == 1 && c.na == 1, "round 1: ARP, DAD NS, NA (%u %u %u)", c.arp,
	      c.dad, c.na);
	CHECK(r.round == 1 && r.rounds == 3 && r.frames == 3, "round 1/3, 3 frames");
	CHECK(na_job_next_due(&j) == 3000, "round 2 at +2 s");
	run_until(&j, 20000);
	c = count(&sink);
	CHECK(c.arp == 3 && c.dad == 1 && c.na == 3, "3 rounds: 3 ARP, 1 DAD NS, 3 NAs (%u %u %u)",
	      c.arp, c.dad, c.na);
	CHECK(na_job_next_due(&j) == NA_NO_DEADLINE && na_job_live(&j) == 0, "then nothing left");
	teardown(&j, &sink);
}

/* 50 requests for one address within a second, as racing hook calls make
 * them: one announcement, one DAD NS, at most 3 NAs, each 1 s apart. */
static void test_racing(void)
{
	struct na_event_opts o = opts("0,2,10");
	struct na_ip a[2] = {ip("192.0.2.8"), ip("2001:db8::8")};
	struct na_sink sink;
	struct na_job j;
	struct counts c;
	size_t joined, total = 0;
	uint64_t now;

	setup(&j, &sink);
	for (now = 0; now < 1000; now += 20) {
		CHECK(na_job_request(&j, a, 2, &o, now, &joined) == 0, "request at %llu",
		      (unsigned long long)now);
		total += joined;
		run_until(&j, now);
	}
	CHECK(total == 49 * 2, "49 of 50 requests joined the first (%zu addresses)", total);
	run_until(&j, 30000);
	c = count(&sink);
	CHECK(c.dad == 1 && c.na == 3 && c.arp == 3,
	      "one announcement: 3 ARP, 1 DAD, 3 NA (%u %u %u)", c.arp, c.dad, c.na);
	teardown(&j, &sink);
}

/* A request after the first second is news: a fresh budget, no second DAD
 * NS, and its first NA as soon as the spacing allows. */
static void test_new_event_spacing(void)
{
	struct na_event_opts one = opts("0"), two = opts("0,5");
	struct na_ip a = ip("2001:db8::9");
	struct na_target *t;
	struct na_sink sink;
	struct na_job j;
	struct counts c;
	size_t joined;

	setup(&j, &sink);
	na_job_request(&j, &a, 1, &one, 0, NULL);
	run_until(&j, 0);
	c = count(&sink);
	CHECK(c.dad == 1 && c.na == 1, "first: DAD NS and NA");
	/* Other settings 300 ms later: its own event, but the NA waits for
	 * RetransTimer after the last one. */
	CHECK(na_job_request(&j, &a, 1, &two, 300, &joined) == 0 && joined == 0,
	      "other settings do not join");
	run_until(&j, 300);
	c = count(&sink);
	CHECK(c.na == 1, "no NA 300 ms after the last (%u)", c.na);
	CHECK(na_job_next_due(&j) == 1000, "held back until 1 s after the last NA (%llu)",
	      (unsigned long long)na_job_next_due(&j));
	run_until(&j, 1000);
	c = count(&sink);
	CHECK(c.na == 2 && c.dad == 1, "the held-back NA at 1 s, no second DAD NS (%u %u)", c.na,
	      c.dad);
	run_until(&j, 10000);
	c = count(&sink);
	CHECK(c.na == 3, "and its second round at 5.3 s (%u)", c.na);
	/* The same settings 2 s after the last first round: news again. */
	CHECK(na_job_request(&j, &a, 1, &two, 7400, &joined) == 0 && joined == 0,
	      "an old announcement is not joined");
	run_until(&j, 7400);
	c = count(&sink);
	t = na_job_find(&j, &a);
	CHECK(c.na == 4 && t && t->na_sent == 1, "fresh budget: an NA at once (%u)", c.na);
	teardown(&j, &sink);
}

/* A first round whose frames leave 60 ms after it began (a busy machine),
 * then rounds on time: the later rounds move with it, so the NAs stay
 * RetransTimer apart from when they left, none is lost, and an address of
 * each family still makes one wake-up a round. */
static uint64_t clock_now, clock_late;

static uint64_t late_clock(void)
{
	return clock_now + clock_late;
}

static void test_late_round(void)
{
	struct na_event_opts o = opts("0,1,2");
	struct na_ip a[2] = {ip("192.0.2.12"), ip("2001:db8::c")};
	struct na_sink sink;
	struct na_job j;
	struct counts c;
	uint64_t due, last = 0, gap = UINT64_MAX;
	unsigned na = 0, wakeups = 0;

	setup(&j, &sink);
	j.clock = late_clock;
	na_job_request(&j, a, 2, &o, 0, NULL);
	for (clock_late = 60; (due = na_job_next_due(&j)) <= 10000; clock_late = 0) {
		struct na_round_result r;

		clock_now = due;
		na_job_run_due(&j, due, &r);
		wakeups++;
		c = count(&sink);
		if (c.na > na) {
			if (na && due + clock_late - last < gap)
				gap = due + clock_late - last;
			last = due + clock_late;
			na = c.na;
		}
	}
	c = count(&sink);
	CHECK(c.na == NA_MAX_NEIGHBOR_ADVERTISEMENT && c.arp == 3,
	      "late first round: 3 NAs, 3 ARP (%u %u)", c.na, c.arp);
	CHECK(gap >= NA_RETRANS_TIMER_MS && gap < NA_RETRANS_TIMER_MS + 100,
	      "late first round: NAs RetransTimer apart from when they left (%llu ms)",
	      (unsigned long long)gap);
	CHECK(wakeups == 3, "late first round: one wake-up a round for both families (%u)",
	      wakeups);
	teardown(&j, &sink);

	/* Rounds the schedule put closer than RetransTimer: the later
	 * round's NA is not held, there is no round left for it. */
	o = opts("0,0.3");
	setup(&j, &sink);
	na_job_request(&j, &a[1], 1, &o, 0, NULL);
	run_until(&j, 10000);
	c = count(&sink);
	CHECK(c.na == 1 && na_job_live(&j) == 0, "-s 0,0.3: one NA, nothing held (%u)", c.na);
	teardown(&j, &sink);
}

/* The budget: never more than 3 NAs in one announcement, however many
 * rounds the schedule has. */
static void test_budget(void)
{
	struct na_event_opts o = opts("0,1,2,3,4,5");
	struct na_ip a = ip("2001:db8::a");
	struct na_sink sink;
	struct na_job j;
	struct counts c;

	setup(&j, &sink);
	na_job_request(&j, &a, 1, &o, 0, NULL);
	run_until(&j, 60000);
	c = count(&sink);
	CHECK(c.na == NA_MAX_NEIGHBOR_ADVERTISEMENT && c.dad == 1, "6 rounds, 3 NAs (%u)", c.na);
	teardown(&j, &sink);
}

/* A first offset above 0 is a delay; a round that is late by several
 * offsets is one round, not a burst. */
static void test_offsets(void)
{
	struct na_event_opts o = opts("1,2");
	struct na_ip a = ip("192.0.2.10");
	struct na_round_result r;
	struct na_sink sink;
	struct na_job j;
	struct counts c;

	setup(&j, &sink);
	na_job_request(&j, &a, 1, &o, 500, NULL);
	CHECK(na_job_next_due(&j) == 1500, "-s 1,2: the first round 1 s after the request");
	na_job_run_due(&j, 500, &r);
	CHECK(count(&sink).arp == 0, "nothing at once");
	na_job_run_due(&j, 9000, &r);
	c = count(&sink);
	CHECK(c.arp == 1 && na_job_live(&j) == 0, "late past both offsets: one round (%u)", c.arp);
	teardown(&j, &sink);
}

/* Kinds: --ipv4 both sends request and reply; --ipv6 na sends no DAD NS. */
static void test_kinds(void)
{
	struct na_event_opts o = opts("0");
	struct na_ip a[2] = {ip("192.0.2.11"), ip("2001:db8::b")};
	struct na_sink sink;
	struct na_job j;
	struct counts c;

	setup(&j, &sink);
	o.v4 = NA_V4_REQUEST | NA_V4_REPLY;
	o.v6 = NA_V6_NA;
	na_job_request(&j, a, 2, &o, 0, NULL);
	run_until(&j, 0);
	c = count(&sink);
	CHECK(c.arp == 2 && c.dad == 0 && c.na == 1, "both ARP kinds, NA only (%u %u %u)", c.arp,
	      c.dad, c.na);
	teardown(&j, &sink);
}

/* Stop (link down) ends every announcement; forget drops one address. */
static void test_stop_forget(void)
{
	struct na_event_opts o = opts("0,2,10");
	struct na_ip a[2] = {ip("192.0.2.12"), ip("192.0.2.13")};
	struct na_sink sink;
	struct na_job j;
	size_t joined;

	setup(&j, &sink);
	na_job_request(&j, a, 2, &o, 0, NULL);
	run_until(&j, 0);
	na_job_forget(&j, &a[1]);
	run_until(&j, 5000);
	CHECK(count(&sink).arp == 3, "the forgotten address: its first round only");
	na_job_stop(&j);
	CHECK(na_job_live(&j) == 0, "stopped: nothing left");
	/* A request right after a stop is news, not a repeat. */
	na_job_request(&j, a, 1, &o, 5100, &joined);
	CHECK(joined == 0, "a request after a stop does not join");
	run_until(&j, 5100);
	CHECK(count(&sink).arp == 4, "and is announced at once");
	teardown(&j, &sink);
}

/* A newer request with other settings never shortens an earlier one's
 * rounds: -c 1 at 1.5 s after a 0,2,10 request leaves the +2 s and +10 s
 * rounds in place; one that ends later replaces them. */
static void test_never_shortened(void)
{
	struct na_event_opts longer = opts("0,2,10"), once = opts("0"), later = opts("0,20");
	struct na_ip a = ip("192.0.2.14");
	struct na_sink sink;
	struct na_job j;

	setup(&j, &sink);
	na_job_request(&j, &a, 1, &longer, 0, NULL);
	run_until(&j, 0);
	na_job_request(&j, &a, 1, &once, 1500, NULL);
	run_until(&j, 1500);
	CHECK(count(&sink).arp == 2, "the -c 1 request's round at once");
	CHECK(na_job_next_due(&j) == 2000, "the earlier request's +2 s round still comes");
	run_until(&j, 30000);
	CHECK(count(&sink).arp == 4, "and its +10 s round (%u)", count(&sink).arp);
	teardown(&j, &sink);

	setup(&j, &sink);
	na_job_request(&j, &a, 1, &longer, 0, NULL);
	run_until(&j, 0);
	na_job_request(&j, &a, 1, &later, 1500, NULL);
	run_until(&j, 60000);
	CHECK(count(&sink).arp == 3,
	      "0,20 from 1.5 s covers 0,2,10 from 0: rounds 0, 1.5, 21.5 (%u)", count(&sink).arp);
	teardown(&j, &sink);
}

/* --rate: at most burst + rate x T frames in any T; the rest later, every
 * address in the end. */
static void test_pace(void)
{
	struct na_event_opts o = opts("0");
	struct na_ip a[20];
	struct na_round_result r;
	struct na_pace pace;
	struct na_sink sink;
	struct na_job j;
	uint64_t due, now = 0, first_second = 0;
	unsigned i, total = 0;
	char buf[32];

	for (i = 0; i < 20; i++) {
		snprintf(buf, sizeof(buf), "192.0.2.%u", 100 + i);
		a[i] = ip(buf);
	}
	setup(&j, &sink);
	na_pace_init(&pace, 10, 4, 0);
	j.pace = &pace;
	na_job_request(&j, a, 20, &o, 0, NULL);
	na_job_run_due(&j, 0, &r);
	CHECK(r.frames == 4 && r.paced == 16,
	      "rate 10, burst 4: 4 frames at once, 16 wait (%zu %zu)", r.frames, r.paced);
	CHECK(na_job_next_due(&j) == 100, "the next token in 100 ms (%llu)",
	      (unsigned long long)na_job_next_due(&j));
	total = 4;
	while ((due = na_job_next_due(&j)) != NA_NO_DEADLINE && due < 60000) {
		now = due;
		na_job_run_due(&j, now, &r);
		total += (unsigned)r.frames;
		if (now < 1000)
			first_second = total;
	}
	CHECK(total == 20 && count(&sink).arp == 20, "every address in the end (%u)", total);
	CHECK(first_second <= 4 + 10, "within the first second: at most burst + rate (%llu)",
	      (unsigned long long)first_second);
	CHECK(now >= 1500 && now <= 1700, "the last at about (20 - 4) / 10 s (%llu ms)",
	      (unsigned long long)now);
	teardown(&j, &sink);

	/* --rate's own bucket: a burst of the rate, at most 16; so --rate 7
	 * sends at most 14 in any second (DAI allows 15). */
	na_pace_init_rate(&pace, 7, 0);
	CHECK(pace.burst == 7, "--rate 7: burst 7 (%u)", pace.burst);
	na_pace_init_rate(&pace, 1000, 0);
	CHECK(pace.burst == 16, "--rate 1000: burst 16 (%u)", pace.burst);
	for (i = 0; i < 16; i++)
		na_pace_take(&pace, 1);
	na_pace_set_rate(&pace, 5, 0);
	CHECK(pace.rate == 5 && pace.burst == 5 && !na_pace_ready(&pace, 0),
	      "a stricter rate keeps the debt: no token now");
	CHECK(na_pace_when(&pace) == 200, "the next one at 1 / 5 s (%llu)",
	      (unsigned long long)na_pace_when(&pace));
	na_pace_init_rate(&pace, 10, 0);
	na_pace_set_rate(&pace, 2, 0);
	CHECK(pace.micro == 2 * 1000000, "a smaller burst cuts what is there to it");
	na_pace_init_rate(&pace, 0, 0);
	na_pace_set_rate(&pace, 3, 5);
	CHECK(pace.rate == 3 && pace.burst == 3 && na_pace_ready(&pace, 5),
	      "from no cap to a cap: a full bucket");

	na_pace_init(&pace, 0, 0, 0);
	CHECK(na_pace_ready(&pace, 0), "rate 0: no cap");
	na_pace_take(&pace, 1000);
	CHECK(na_pace_ready(&pace, 0), "rate 0: still no cap");
}

/* --arp-target-mac broadcast: the announcement's target MAC is all ones;
 * by default zero (RFC 5227 §2.3). */
static void test_arp_target(void)
{
	struct na_event_opts o = opts("0");
	struct na_ip a = ip("192.0.2.15");
	uint8_t buf[256];
	struct na_sink sink;
	struct na_job j;
	size_t len;
	FILE *f;

	for (int bcast = 0; bcast < 2; bcast++) {
		setup(&j, &sink);
		o.arp_bcast = bcast;
		na_job_request(&j, &a, 1, &o, 0, NULL);
		run_until(&j, 0);
		fflush(sink.pcap);
		f = fopen(pcap_path, "rb");
		len = f ? fread(buf, 1, sizeof(buf), f) : 0;
		if (f)
			fclose(f);
		/* pcap header 24, record header 16, then Ethernet 14 and the
		 * ARP header up to the target MAC (8 + 6 + 4). */
		CHECK(len >= 24 + 16 + 42, "one ARP frame written");
		if (len >= 24 + 16 + 42) {
			const uint8_t *tha = buf + 24 + 16 + 14 + 18;
			int ones = 0, zeros = 0;

			for (int k = 0; k < 6; k++) {
				ones += tha[k] == 0xff;
				zeros += tha[k] == 0;
			}
			CHECK(bcast ? ones == 6 : zeros == 6, "target MAC %s",
			      bcast ? "ff..ff" : "zero");
		}
		teardown(&j, &sink);
	}
}

/* --all's own dump as the check (na_job_check_listed): what the list says
 * of each target is what the round does; a target it does not name sends
 * the check to the kernel's dump, which holds none of these. */
static void test_check_listed(void)
{
	struct na_event_opts o = opts("0");
	struct na_ip a[3] = {ip("192.0.2.10"), ip("192.0.2.11"), ip("192.0.2.12")};
	const uint32_t flags[2] = {0, IFA_F_TENTATIVE};
	struct na_link l = {.flags = IFF_UP | IFF_RUNNING, .name = "na-none0"};
	struct na_round_result r;
	struct na_sink sink;
	struct na_job j;

	o.check = true;
	setup(&j, &sink);
	na_job_request(&j, a, 2, &o, 0, NULL);
	CHECK(na_job_check_listed(&j, &l, a, flags, 2) == 0, "listed: checked");
	CHECK(j.t[0].state == NA_T_ACTIVE && j.t[1].state == NA_T_WAITING,
	      "listed: held and announced, tentative and waiting (%d %d)", j.t[0].state,
	      j.t[1].state);
	j.checked_fresh = true;
	na_job_run_due(&j, 0, &r);
	CHECK(r.frames == 1 && r.waiting == 1 && count(&sink).arp == 1,
	      "the round: one ARP, one address waiting (%zu %zu)", r.frames, r.waiting);
	l.flags = IFF_UP;
	CHECK(na_job_check_listed(&j, &l, a, flags, 2) == -ENETDOWN, "no carrier: -ENETDOWN");
	teardown(&j, &sink);

	l.flags = IFF_UP | IFF_RUNNING;
	setup(&j, &sink);
	na_job_request(&j, a, 3, &o, 0, NULL);
	CHECK(na_job_check_listed(&j, &l, a, flags, 2) == 0, "a target the list leaves out");
	CHECK(j.t[0].state == NA_T_DROPPED && j.t[1].state == NA_T_DROPPED &&
	              j.t[2].state == NA_T_DROPPED,
	      "then the kernel's dump decides: none held here (%d %d %d)", j.t[0].state,
	      j.t[1].state, j.t[2].state);
	teardown(&j, &sink);
}

/* The sink's batches on a real packet socket, in a network namespace of
 * our own (its lo up): a frame the kernel refuses in the middle of a batch
 * is counted as refused, with its own errno, and the frames around it go.
 * Needs root (unshare): otherwise skipped, and said so. */
static void socket_batches(void)
{
	uint8_t f[NA_ARP_FRAME_LEN];
	struct na_arp_frame arp;
	struct na_round_result r;
	struct na_ip a[70];
	int res[NA_SINK_BATCH];
	struct ifreq ifr = {.ifr_name = "lo"};
	struct na_event_opts o = opts("0");
	struct na_sink sink;
	struct na_job j;
	size_t len, n;
	int fd, lo;
	char buf[32];

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	CHECK(fd >= 0 && ioctl(fd, SIOCGIFFLAGS, &ifr) == 0, "lo's flags");
	ifr.ifr_flags |= IFF_UP;
	CHECK(ioctl(fd, SIOCSIFFLAGS, &ifr) == 0, "lo up");
	close(fd);
	lo = (int)if_nametoindex("lo");
	CHECK(na_sink_open_socket(&sink) == 0, "packet socket");

	na_arp_announcement(&arp, (const uint8_t *)"\x02\0\0\0\0\x01", (struct in_addr){0}, false);
	len = na_build_arp(f, sizeof(f), &arp);
	CHECK(na_sink_queue(&sink, lo, f, len) && na_sink_queue(&sink, 999999, f, len) &&
	              na_sink_queue(&sink, lo, f, len) && na_sink_queue(&sink, lo, f, len),
	      "4 frames queued");
	n = na_sink_flush(&sink, res);
	CHECK(n == 4 && res[0] == 0 && res[1] == -ENXIO && res[2] == 0 && res[3] == 0,
	      "sent, refused (no such interface), sent, sent (%zu: %d %d %d %d)", n, res[0], res[1],
	      res[2], res[3]);
	CHECK(sink.sent == 3 && sink.queued == 0, "3 sent, the queue empty (%llu)",
	      (unsigned long long)sink.sent);

	/* A round of more frames than a batch, on lo and on an interface
	 * that is not there: every frame counted once, the first errno. */
	for (unsigned i = 0; i < 70; i++) {
		snprintf(buf, sizeof(buf), "192.0.2.%u", 100 + i);
		a[i] = ip(buf);
	}
	for (int bad = 0; bad < 2; bad++) {
		memset(&j, 0, sizeof(j));
		memcpy(j.mac, "\x02\x00\x00\x00\x00\x01", 6);
		j.mac_fixed = true;
		j.sink = &sink;
		j.log = quiet;
		j.ifindex = bad ? 999999 : lo;
		na_job_request(&j, a, 70, &o, 0, NULL);
		na_job_run_due(&j, 0, &r);
		if (bad)
			CHECK(r.frames == 0 && r.failed == 70 && r.first_errno == ENXIO,
			      "no such interface: 70 refused, ENXIO (%zu %zu %d)", r.frames,
			      r.failed, r.first_errno);
		else
			CHECK(r.frames == 70 && r.failed == 0 && r.announced == 70,
			      "lo: 70 frames in two batches (%zu %zu)", r.frames, r.failed);
		na_job_free(&j);
	}
	na_sink_close(&sink);
}

static void test_socket_batches(void)
{
	int status = -1;
	pid_t pid;

	if (geteuid() != 0) {
		printf("# skipped: the packet socket batches need root (a network namespace)\n");
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		check_fail = 0; /* the child's own, not the parent's so far */
		if (unshare(CLONE_NEWNET) != 0) {
			printf("not ok - unshare(CLONE_NEWNET): %s\n", strerror(errno));
			_exit(1);
		}
		socket_batches();
		fflush(stdout);
		_exit(check_fail ? 1 : 0);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	              WEXITSTATUS(status) == 0,
	      "packet socket batches (in a child, its own network namespace)");
}

/* The order of a round's frames, one letter a frame: B broadcast (ARP,
 * DAD NS, NA), U unicast (--notify's ARP request or NS to a peer). */
static void order_one(const uint8_t *fr, uint32_t len, void *ctx)
{
	char *seq = ctx;
	size_t n = strlen(seq);

	if (len >= 6 && n + 1 < 64) {
		/* IPv4 broadcast, or IPv6 multicast 33:33:... */
		bool bcast = memcmp(fr, "\xff\xff\xff\xff\xff\xff", 6) == 0 ||
		             (fr[0] == 0x33 && fr[1] == 0x33);

		seq[n] = bcast ? 'B' : 'U';
		seq[n + 1] = 0;
	}
}

/* --notify: a round sends every broadcast frame first, then the unicast
 * ones, so that reading the routes and neighbours (which the unicast
 * frames need) does not hold back the first frame. --rate still counts
 * each target's unicast frames when it lets the target through. */
/* after_broadcast: what the sink held when it was called, and how often. */
static char at_broadcast[64];
static unsigned broadcast_calls;

static void on_broadcast(struct na_job *j)
{
	at_broadcast[0] = 0;
	pcap_each(j->sink, pcap_path, order_one, at_broadcast);
	broadcast_calls++;
}

/* The frames in the sink's file so far, in order: B broadcast, U unicast. */
static void frames_so_far(struct na_sink *sink, char seq[64])
{
	seq[0] = 0;
	pcap_each(sink, pcap_path, order_one, seq);
}

/* setup() with the first n of two peers, which ifindex 0 leaves in place
 * (no tables to read), and after_broadcast counted. */
static void setup_peers(struct na_job *j, struct na_sink *sink, size_t n)
{
	setup(j, sink);
	j->peers[0] = (struct na_peer){.ip = ip("192.0.2.1"), .mac = {0x02, 0, 0, 0, 0, 0xfe}};
	j->peers[1] = (struct na_peer){.ip = ip("2001:db8::1"), .mac = {0x02, 0, 0, 0, 0, 0xfd}};
	j->npeers = n;
	j->after_broadcast = on_broadcast;
	broadcast_calls = 0;
}

static void test_notify_order(void)
{
	struct na_event_opts o = opts("0");
	struct na_ip a[4] = {ip("192.0.2.10"), ip("192.0.2.11"), ip("192.0.2.12"),
	                     ip("192.0.2.13")};
	struct na_round_result r;
	struct na_pace pace;
	struct na_sink sink;
	struct na_job j;
	char seq[64];

	o.notify = NA_NOTIFY_GATEWAYS;
	setup_peers(&j, &sink, 2);
	na_job_request(&j, a, 2, &o, 0, NULL);
	na_job_run_due(&j, 0, &r);
	frames_so_far(&sink, seq);
	CHECK(r.frames == 4 && strcmp(seq, "BBUU") == 0,
	      "two addresses, one IPv4 peer: both ARP announcements, then both requests to the "
	      "peer (%zu: %s)",
	      r.frames, seq);
	CHECK(broadcast_calls == 1 && strcmp(at_broadcast, "BB") == 0,
	      "after_broadcast: once, when the broadcast frames are out (%u: %s)", broadcast_calls,
	      at_broadcast);
	na_job_request(&j, a, 2, &o, 5000, NULL);
	na_job_run_due(&j, 5000, &r);
	CHECK(r.frames == 4 && broadcast_calls == 1, "after_broadcast: not in a later round (%u)",
	      broadcast_calls);
	teardown(&j, &sink);

	setup_peers(&j, &sink, 1);
	na_pace_init(&pace, 10, 4, 0);
	j.pace = &pace;
	na_job_request(&j, a, 4, &o, 0, NULL);
	na_job_run_due(&j, 0, &r);
	frames_so_far(&sink, seq);
	CHECK(r.frames == 4 && r.paced == 2 && strcmp(seq, "BBUU") == 0,
	      "rate 10, burst 4: two addresses with their requests, two wait (%zu %zu %s)",
	      r.frames, r.paced, seq);
	CHECK(broadcast_calls == 1 && strcmp(at_broadcast, "B") == 0,
	      "rate 10: after_broadcast before the first target's requests (%u: %s)",
	      broadcast_calls, at_broadcast);
	teardown(&j, &sink);
}

/* defer_tell (the helper's first round): the round stops after its
 * broadcast frames, and na_job_tell sends the unicast ones, once; a round
 * that comes first sends them with its own. */
static void test_notify_deferred(void)
{
	struct na_event_opts o = opts("0,5");
	struct na_ip a[2] = {ip("192.0.2.10"), ip("2001:db8::10")};
	struct na_round_result r;
	struct na_sink sink;
	struct na_job j;
	char seq[64];

	o.notify = NA_NOTIFY_GATEWAYS;
	setup_peers(&j, &sink, 2);
	na_job_request(&j, a, 2, &o, 0, NULL);
	j.defer_tell = true;
	na_job_run_due(&j, 0, &r);
	j.defer_tell = false;
	frames_so_far(&sink, seq);
	/* ARP, DAD NS, NA: three broadcast frames, no unicast one yet. */
	CHECK(r.frames == 3 && strcmp(seq, "BBB") == 0 && j.tell_due,
	      "deferred: the broadcast frames alone, the rest left (%zu: %s, %d)", r.frames, seq,
	      j.tell_due);
	CHECK(broadcast_calls == 1, "deferred: after_broadcast all the same (%u)", broadcast_calls);
	na_job_tell(&j, &r);
	frames_so_far(&sink, seq);
	CHECK(r.frames == 2 && strcmp(seq, "BBBUU") == 0 && !j.tell_due,
	      "na_job_tell: one unicast frame to each peer of the family (%zu: %s)", r.frames, seq);
	na_job_tell(&j, &r);
	CHECK(r.frames == 0 && r.failed == 0, "a second na_job_tell sends nothing (%zu)", r.frames);
	teardown(&j, &sink);

	setup_peers(&j, &sink, 1);
	na_job_request(&j, a, 1, &o, 0, NULL);
	j.defer_tell = true;
	na_job_run_due(&j, 0, &r);
	j.defer_tell = false;
	na_job_run_due(&j, 5000, &r);
	frames_so_far(&sink, seq);
	/* The target is told once, after round 2's broadcast frame: the news
	 * is the same. */
	CHECK(strcmp(seq, "BBU") == 0 && !j.tell_due,
	      "a round before na_job_tell sends the part left with its own (%s)", seq);
	teardown(&j, &sink);
}

int main(void)
{
	test_notify_order();
	test_notify_deferred();
	test_check_listed();
	test_socket_batches();
	test_pace();
	test_arp_target();
	test_never_shortened();
	test_schedule();
	test_racing();
	test_new_event_spacing();
	test_budget();
	test_late_round();
	test_offsets();
	test_kinds();
	test_stop_forget();
	return check_done();
}
