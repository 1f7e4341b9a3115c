/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The watcher's decisions (watch_core.h), fed link and address messages on
 * a clock of our own, with the interface's addresses from a table of ours
 * and the frames in a pcap file: what is announced when, damping of a
 * flapping link, MAC changes, new addresses, a bridge's port, skip, refresh.
 * The kernel's own part (link state, DAD) is tests/ns/t_watch_*.sh's.
 */
#include "watch_core.h" /* first: net/if.h before the linux/ headers */

#include <arpa/inet.h>
#include <net/if_arp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "pcapfile.h"

static void quiet(enum na_log_level lvl, const char *ifname, const char *fmt, ...)
{
}

/* The interfaces' addresses, as the kernel would list them. */
static struct {
	int ifindex;
	const char *addr;
} table[16];
static size_t ntable;

static void holds(int ifindex, const char *addr)
{
	table[ntable].ifindex = ifindex;
	table[ntable++].addr = addr;
}

static int list(void *ctx, int ifindex, struct na_ip **ip, size_t *n)
{
	size_t i;

	*ip = calloc(16, sizeof(**ip));
	*n = 0;
	if (!*ip)
		return -12;
	for (i = 0; i < ntable; i++)
		if (table[i].ifindex == ifindex)
			na_parse_ip(table[i].addr, &(*ip)[(*n)++]);
	return 0;
}

static uint32_t rnd;
static uint32_t rand32(void)
{
	return rnd;
}

static char pcap_path[64];
static struct na_sink sink;
static struct na_config cfg;

struct arp_count {
	struct in_addr a;
	unsigned n;
	uint8_t last;
};

static void arp_one(const uint8_t *fr, uint32_t len, void *ctx)
{
	struct arp_count *c = ctx;

	if (len >= 42 && fr[12] == 0x08 && fr[13] == 0x06 && !memcmp(fr + 28, &c->a, 4)) {
		c->n++;
		c->last = fr[27];
	}
}

/* ARP frames written so far for an IPv4 address, and the last byte of the
 * MAC of the last one. */
static unsigned arps(const char *addr, uint8_t *mac_last)
{
	struct arp_count c = {.n = 0};

	inet_pton(AF_INET, addr, &c.a);
	pcap_each(&sink, pcap_path, arp_one, &c);
	if (mac_last && c.n)
		*mac_last = c.last;
	return c.n;
}

static void setup(struct na_wcore *c, bool new_addrs, uint32_t refresh_ms)
{
	struct na_wsettings s;

	ntable = 0;
	memset(&sink, 0, sizeof(sink));
	sink.fd = -1;
	snprintf(pcap_path, sizeof(pcap_path), "/tmp/na-test-wcore-%d.pcap", (int)getpid());
	CHECK(na_sink_open_pcap(&sink, pcap_path) == 0, "pcap sink");
	na_config_init(&cfg);
	na_wcore_init(c);
	c->sink = &sink;
	c->log = quiet;
	c->list = list;
	c->rand32 = rand32;
	memset(&s, 0, sizeof(s));
	s.cfg = &cfg;
	s.new_addrs = new_addrs;
	s.ev.v4 = NA_V4_REQUEST;
	s.ev.v6 = NA_V6_NA | NA_V6_DAD;
	s.ev.check = false; /* no kernel here */
	na_parse_schedule("0,2,10", &s.ev.sched);
	s.refresh_ms = refresh_ms;
	na_wcore_settings(c, &s, 0);
}

static void teardown(struct na_wcore *c)
{
	na_wcore_free(c);
	na_sink_close(&sink);
	unlink(pcap_path);
}

/* A link message: up and running, or not, with a MAC ending in mac_last. */
static void link_msg(struct na_wcore *c, int ifindex, const char *name, bool up, uint8_t mac_last,
                     int master, bool startup, uint64_t now)
{
	struct na_link l;

	memset(&l, 0, sizeof(l));
	l.ifindex = ifindex;
	snprintf(l.name, sizeof(l.name), "%s", name);
	l.type = ARPHRD_ETHER;
	l.flags = IFF_BROADCAST | (up ? IFF_UP | IFF_RUNNING : IFF_UP);
	l.has_mac = true;
	l.mac[0] = 2;
	l.mac[5] = mac_last;
	na_wcore_link(c, &l, master, false, 0, startup, now);
}

static void addr_msg(struct na_wcore *c, int ifindex, const char *addr, bool deleted, uint64_t now)
{
	struct na_addr a;

	memset(&a, 0, sizeof(a));
	a.ifindex = ifindex;
	na_parse_ip(addr, &a.ip);
	a.prefix = 24;
	na_wcore_addr(c, &a, deleted, now);
}

static void run_until(struct na_wcore *c, uint64_t from, uint64_t until)
{
	uint64_t now = from, next;

	while ((next = na_wcore_run(c, now)) <= until)
		now = next > now ? next : now + 1;
}

static void test_startup_and_up(void)
{
	struct na_wcore c;
	uint8_t last = 0;

	setup(&c, true, 0);
	holds(2, "192.0.2.10");
	link_msg(&c, 2, "eth0", true, 1, 0, true, 0);
	c.announce_addrs = true;
	run_until(&c, 0, 30000);
	CHECK(arps("192.0.2.10", NULL) == 0, "up at start-up: no news, nothing sent");
	link_msg(&c, 2, "eth0", false, 1, 0, false, 30000);
	link_msg(&c, 2, "eth0", true, 1, 0, false, 31000);
	run_until(&c, 31000, 60000);
	CHECK(arps("192.0.2.10", &last) == 3 && last == 1, "link up: the schedule's 3 rounds");
	/* A new MAC while up: every address again, from the new MAC. */
	link_msg(&c, 2, "eth0", true, 7, 0, false, 70000);
	run_until(&c, 70000, 100000);
	CHECK(arps("192.0.2.10", &last) == 6 && last == 7, "new MAC: 3 more rounds from it (%u)",
	      arps("192.0.2.10", NULL));
	/* Down cuts the rounds short. */
	link_msg(&c, 2, "eth0", false, 7, 0, false, 110000);
	link_msg(&c, 2, "eth0", true, 7, 0, false, 120000);
	run_until(&c, 120000, 120000);
	link_msg(&c, 2, "eth0", false, 7, 0, false, 120500);
	run_until(&c, 120500, 200000);
	CHECK(arps("192.0.2.10", NULL) == 7, "down 0.5 s after up: only the first round (%u)",
	      arps("192.0.2.10", NULL));
	na_wcore_link_gone(&c, 2);
	CHECK(na_wcore_find(&c, 2) == NULL, "gone: forgotten");
	teardown(&c);
}

/* --initial: a link up at start-up is announced. */
static void test_initial(void)
{
	struct na_wcore c;
	struct na_wsettings s;

	setup(&c, true, 0);
	s = c.set;
	s.initial = true;
	na_wcore_settings(&c, &s, 0);
	holds(2, "192.0.2.11");
	link_msg(&c, 2, "eth0", true, 1, 0, true, 0);
	run_until(&c, 0, 30000);
	CHECK(arps("192.0.2.11", NULL) == 3, "--initial: announced at start-up");
	teardown(&c);
}

/* 100 flaps in 2 s: at most NA_DAMP_BURST + ceil(T / 2 s) starts, and the
 * state the link settles in is announced. */
static void test_flapping(void)
{
	struct na_wcore c;
	struct na_wsettings s;
	unsigned k, starts;
	uint64_t now = 1000;

	setup(&c, true, 0);
	s = c.set;
	na_parse_schedule("0", &s.ev.sched); /* one round a start: counts starts */
	na_wcore_settings(&c, &s, 0);
	holds(2, "192.0.2.12");
	link_msg(&c, 2, "eth0", false, 1, 0, true, 0);
	c.announce_addrs = true;
	for (k = 0; k < 100; k++, now += 10) {
		link_msg(&c, 2, "eth0", k % 2 == 0, 1, 0, false, now);
		na_wcore_run(&c, now);
	}
	/* It ends up (the last message, k = 98, was up; 99 down). */
	link_msg(&c, 2, "eth0", true, 1, 0, false, now);
	run_until(&c, now, now + 10000);
	starts = arps("192.0.2.12", NULL);
	CHECK(starts >= 1 && starts <= NA_DAMP_BURST + 1 + 5,
	      "100 flaps in 1 s: %u starts, within the bound", starts);
	CHECK(starts > NA_DAMP_BURST, "the settled state announced after the burst (%u)", starts);
	teardown(&c);
}

static void test_new_address(void)
{
	struct na_wcore c;

	setup(&c, true, 0);
	link_msg(&c, 2, "eth0", true, 1, 0, true, 0);
	c.announce_addrs = true;
	holds(2, "192.0.2.13");
	addr_msg(&c, 2, "192.0.2.13", false, 5000);
	run_until(&c, 5000, 30000);
	CHECK(arps("192.0.2.13", NULL) == 3, "an address added while up: announced");
	addr_msg(&c, 2, "192.0.2.13", true, 30000);
	addr_msg(&c, 2, "192.0.2.13", false, 31000);
	run_until(&c, 31000, 31500);
	addr_msg(&c, 2, "192.0.2.13", true, 31500);
	run_until(&c, 31500, 60000);
	CHECK(arps("192.0.2.13", NULL) == 4, "re-added: announced; deleted: its rounds end (%u)",
	      arps("192.0.2.13", NULL));
	teardown(&c);

	setup(&c, false, 0);
	link_msg(&c, 2, "eth0", true, 1, 0, true, 0);
	c.announce_addrs = true;
	holds(2, "192.0.2.14");
	addr_msg(&c, 2, "192.0.2.14", false, 5000);
	run_until(&c, 5000, 30000);
	CHECK(arps("192.0.2.14", NULL) == 0, "--no-new-addresses: left alone");
	teardown(&c);
}

/* A bridge that stays up while a port comes back: its addresses again. */
static void test_port_up(void)
{
	struct na_wcore c;

	setup(&c, true, 0);
	holds(10, "192.0.2.15");
	link_msg(&c, 10, "br0", true, 1, 0, true, 0);
	link_msg(&c, 11, "port1", false, 2, 10, true, 0);
	c.announce_addrs = true;
	link_msg(&c, 11, "port1", true, 2, 10, false, 5000);
	run_until(&c, 5000, 30000);
	CHECK(arps("192.0.2.15", NULL) == 3, "port up: the bridge's address announced");
	teardown(&c);
}

static void test_skip(void)
{
	struct na_wcore c;
	char err[64];

	setup(&c, true, 0);
	CHECK(na_config_parse("skip = eth0\n", 12, &cfg, err, sizeof(err)) == 0, "skip parses");
	holds(2, "192.0.2.16");
	link_msg(&c, 2, "eth0", false, 1, 0, true, 0);
	c.announce_addrs = true;
	link_msg(&c, 2, "eth0", true, 1, 0, false, 1000);
	run_until(&c, 1000, 30000);
	CHECK(arps("192.0.2.16", NULL) == 0, "skip = eth0: nothing");
	teardown(&c);
}

/* --refresh: a quiet link's addresses again every interval, +-10%. */
static void test_refresh(void)
{
	struct na_wcore c;
	struct na_wsettings s;
	struct na_wif *i;
	uint64_t at;

	for (rnd = 0; rnd <= 200; rnd += 200) {
		setup(&c, true, 60000);
		s = c.set;
		na_parse_schedule("0", &s.ev.sched);
		na_wcore_settings(&c, &s, 0);
		holds(2, "192.0.2.17");
		link_msg(&c, 2, "eth0", true, 1, 0, true, 0);
		c.announce_addrs = true;
		i = na_wcore_find(&c, 2);
		at = i ? i->refresh_at : 0;
		CHECK(at == (rnd ? 66000 : 54000), "first refresh at %llu (60 s %s 10%%)",
		      (unsigned long long)at, rnd ? "+" : "-");
		run_until(&c, 0, at - 1);
		CHECK(arps("192.0.2.17", NULL) == 0, "nothing before the refresh");
		run_until(&c, at - 1, at);
		CHECK(arps("192.0.2.17", NULL) == 1, "the refresh round");
		run_until(&c, at, 10 * 60000);
		CHECK(arps("192.0.2.17", NULL) >= 9 && arps("192.0.2.17", NULL) <= 11,
		      "about one a minute for 10 minutes (%u)", arps("192.0.2.17", NULL));
		link_msg(&c, 2, "eth0", false, 1, 0, false, 10 * 60000);
		run_until(&c, 10 * 60000, 20 * 60000);
		CHECK(arps("192.0.2.17", NULL) <= 11, "no refresh while down");
		teardown(&c);
	}
	rnd = 0;
}

int main(void)
{
	test_startup_and_up();
	test_initial();
	test_flapping();
	test_new_address();
	test_port_up();
	test_skip();
	test_refresh();
	return check_done();
}
