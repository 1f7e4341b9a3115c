/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The watcher's decisions (watch_core.h), fed link and address messages on
 * a clock of our own, with the interface's addresses from a table of ours
 * and the frames in a pcap file: what is announced when, damping of a
 * flapping link, MAC changes, new addresses, a bridge's port, skip, refresh,
 * and the neighbour cache that tells each recent neighbour of a new MAC.
 * The kernel's own part (link state, DAD) is tests/ns/t_watch_*.sh's.
 */
#include "watch_core.h" /* first: net/if.h before the linux/ headers */

#include <arpa/inet.h>
#include <linux/neighbour.h>
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

/* ---- the neighbour cache ------------------------------------------------ */

/* Neighbour k's MAC: 0a:00:00:00:HH:LL, a unicast MAC no broadcast frame
 * of ours is sent to. */
static void nmac(unsigned k, uint8_t mac[6])
{
	static const uint8_t base[6] = {0x0a, 0, 0, 0, 0, 0};

	memcpy(mac, base, 6);
	mac[4] = (uint8_t)(k >> 8);
	mac[5] = (uint8_t)k;
}

static void neigh_msg(struct na_wcore *c, int ifindex, const char *addr, unsigned k, uint16_t state,
                      bool deleted, uint64_t now)
{
	struct na_neigh n;

	memset(&n, 0, sizeof(n));
	n.ifindex = ifindex;
	na_parse_ip(addr, &n.ip);
	n.state = state;
	if (k) {
		nmac(k, n.mac);
		n.has_mac = true;
	}
	na_wcore_neigh(c, &n, deleted, now);
}

/* The unicast frames to neighbours from the MAC ending in src_last, as
 * decoded from the pcap file. */
struct uni {
	unsigned arp[300], ns[300]; /* frames to neighbour k's MAC */
	unsigned total, bad;        /* every one; those not as they must be */
	uint8_t src_last;           /* the MAC they must come from */
	struct in_addr spa;         /* and our address they speak for */
	struct in6_addr src6;
};

static void uni_one(const uint8_t *fr, uint32_t len, void *ctx)
{
	struct uni *u = ctx;
	unsigned k = (unsigned)fr[4] << 8 | fr[5];
	bool ok;

	/* Broadcast or multicast (the announcement itself), or from an
	 * earlier MAC: not counted. */
	if (len < 14 || fr[0] != 0x0a || k >= 300 || fr[6 + 5] != u->src_last)
		return;
	u->total++;
	if (len >= 42 && fr[12] == 0x08 && fr[13] == 0x06) {
		/* ARP request, sha = eth src = new MAC, spa = ours, tpa = the
		 * neighbour's, tha zero. */
		ok = fr[21] == 1 && fr[22 + 5] == u->src_last && !memcmp(fr + 28, &u->spa, 4) &&
		     !memcmp(fr + 32, "\0\0\0\0\0\0", 6);
		u->arp[k]++;
	} else if (len >= 86 && fr[12] == 0x86 && fr[13] == 0xdd && fr[54] == 135) {
		/* NS from our address, Source LLA (type 1) = new MAC. */
		ok = !memcmp(fr + 22, &u->src6, 16) && fr[78] == 1 && fr[79] == 1 &&
		     fr[80 + 5] == u->src_last;
		u->ns[k]++;
	} else {
		ok = false;
	}
	u->bad += !ok;
}

static void unicasts(struct uni *u, uint8_t src_last)
{
	memset(u, 0, sizeof(*u));
	u->src_last = src_last;
	inet_pton(AF_INET, "192.0.2.10", &u->spa);
	inet_pton(AF_INET6, "2001:db8::10", &u->src6);
	pcap_each(&sink, pcap_path, uni_one, u);
}

/* An interface (ifindex 900: none on this host, so the driver's own
 * gateway lookup finds nothing) up from the start, notify gateways. */
static void setup_cache(struct na_wcore *c, int notify)
{
	struct na_wsettings s;

	setup(c, true, 0);
	s = c->set;
	s.ev.notify = notify;
	na_parse_schedule("0", &s.ev.sched);
	na_wcore_settings(c, &s, 0);
	holds(900, "192.0.2.10");
	holds(900, "2001:db8::10");
	link_msg(c, 900, "eth0", true, 1, 0, true, 0);
	c->announce_addrs = true;
}

static void test_cache_mac_change(void)
{
	struct na_wcore c;
	struct uni u;

	setup_cache(&c, NA_NOTIFY_GATEWAYS);
	neigh_msg(&c, 900, "192.0.2.1", 1, NUD_REACHABLE, false, 0);
	neigh_msg(&c, 900, "2001:db8::1", 2, NUD_STALE, false, 0);
	neigh_msg(&c, 900, "192.0.2.9", 0, NUD_INCOMPLETE, false, 0); /* no MAC */
	neigh_msg(&c, 900, "192.0.2.8", 8, NUD_FAILED, false, 0);
	neigh_msg(&c, 900, "192.0.2.7", 7, NUD_STALE, false, 0);
	neigh_msg(&c, 900, "192.0.2.7", 7, NUD_FAILED, false, 50);     /* did not answer */
	neigh_msg(&c, 900, "192.0.2.1", 0, NUD_INCOMPLETE, false, 60); /* being resolved */
	neigh_msg(&c, 777, "192.0.2.6", 6, NUD_STALE, false, 0);       /* unknown interface */
	/* The MAC change flushes the table: the kernel reports each entry
	 * deleted (NOARP, still with its MAC). */
	neigh_msg(&c, 900, "192.0.2.1", 1, NUD_NOARP, true, 1000);
	neigh_msg(&c, 900, "2001:db8::1", 2, NUD_NOARP, true, 1000);
	run_until(&c, 0, 1000);
	unicasts(&u, 1);
	CHECK(u.total == 0, "no unicast frame before the MAC change (%u)", u.total);
	link_msg(&c, 900, "eth0", true, 7, 0, false, 1000);
	na_wcore_run(&c, 1000);
	unicasts(&u, 7);
	CHECK(u.arp[1] == 1 && u.ns[1] == 0, "deleted IPv4 neighbour: one ARP request to its MAC");
	CHECK(u.ns[2] == 1 && u.arp[2] == 0, "deleted IPv6 neighbour: one NS to its MAC");
	CHECK(u.arp[7] == 0 && u.arp[8] == 0 && u.arp[6] == 0,
	      "FAILED entries and another interface's: nobody told");
	CHECK(u.total == 2 && u.bad == 0,
	      "who-has NEIGHBOUR tell OURS / NS with Source LLA, from the new MAC (%u, %u bad)",
	      u.total, u.bad);
	run_until(&c, 1000, 60000);
	unicasts(&u, 7);
	CHECK(u.total == 2, "told once per MAC change (%u)", u.total);
	CHECK(arps("192.0.2.10", NULL) >= 1, "and the broadcast announcement went out as ever");
	/* The next change tells them again: they are remembered, though gone
	 * from the kernel's table since the first. */
	link_msg(&c, 900, "eth0", true, 9, 0, false, 60000);
	run_until(&c, 60000, 60000);
	unicasts(&u, 9);
	CHECK(u.arp[1] == 1 && u.ns[2] == 1, "second change: the remembered ones told again");
	teardown(&c);

	/* --notify none is broadcast only. */
	setup_cache(&c, NA_NOTIFY_NONE);
	neigh_msg(&c, 900, "192.0.2.1", 1, NUD_REACHABLE, false, 0);
	link_msg(&c, 900, "eth0", true, 7, 0, false, 1000);
	run_until(&c, 1000, 60000);
	unicasts(&u, 7);
	CHECK(u.total == 0 && arps("192.0.2.10", NULL) >= 1,
	      "--notify none: the broadcast announcement only");
	teardown(&c);
}

/* The flush's deletions may come after the link message: within
 * NA_TELL_LATE_MS they are told too, neighbours first seen then included. */
static void test_cache_late_deletion(void)
{
	struct na_wcore c;
	struct uni u;

	setup_cache(&c, NA_NOTIFY_GATEWAYS);
	link_msg(&c, 900, "eth0", true, 7, 0, false, 1000);
	na_wcore_run(&c, 1000);
	neigh_msg(&c, 900, "192.0.2.3", 3, NUD_REACHABLE, true, 1005);
	run_until(&c, 1005, 1100);
	neigh_msg(&c, 900, "192.0.2.4", 4, NUD_REACHABLE, true, 1000 + NA_TELL_LATE_MS);
	run_until(&c, 1100, 5000);
	unicasts(&u, 7);
	CHECK(u.arp[3] == 1, "a deletion 5 ms after the MAC change: told");
	CHECK(u.arp[4] == 0 && u.total == 1, "one NA_TELL_LATE_MS later: not (%u)", u.total);
	/* An address of our own is never told. */
	neigh_msg(&c, 900, "192.0.2.10", 10, NUD_STALE, false, 6000);
	link_msg(&c, 900, "eth0", true, 8, 0, false, 7000);
	run_until(&c, 7000, 9000);
	unicasts(&u, 8);
	CHECK(u.arp[10] == 0 && u.arp[3] == 1 && u.arp[4] == 1,
	      "our own address in the table: not told; the others are");
	teardown(&c);
}

/* Bounds: NA_NCACHE_MAX per interface (the least recently seen go), and
 * NA_NCACHE_AGE_MS without a message. */
static void test_cache_bounds(void)
{
	struct na_wcore c;
	struct na_wif *i;
	struct uni u;
	char a[32];
	unsigned k, told = 0, old = 0;

	setup_cache(&c, NA_NOTIFY_GATEWAYS);
	for (k = 1; k <= 100; k++) {
		snprintf(a, sizeof(a), "192.0.2.%u", 100 + k);
		neigh_msg(&c, 900, a, k, NUD_STALE, false, k);
	}
	i = na_wcore_find(&c, 900);
	CHECK(i && i->nnc == NA_NCACHE_MAX, "100 neighbours: %d kept", NA_NCACHE_MAX);
	link_msg(&c, 900, "eth0", true, 7, 0, false, 1000);
	run_until(&c, 1000, 10000);
	unicasts(&u, 7);
	for (k = 1; k <= 100; k++) {
		told += u.arp[k] == 1;
		old += k <= 100 - NA_NCACHE_MAX && u.arp[k];
	}
	CHECK(told == NA_NCACHE_MAX && old == 0 && u.bad == 0,
	      "the %d most recently seen told, the oldest not (%u told, %u old)", NA_NCACHE_MAX,
	      told, old);
	teardown(&c);

	setup_cache(&c, NA_NOTIFY_GATEWAYS);
	neigh_msg(&c, 900, "192.0.2.1", 1, NUD_STALE, false, 1000);
	neigh_msg(&c, 900, "192.0.2.2", 2, NUD_STALE, false, 1000);
	neigh_msg(&c, 900, "192.0.2.2", 2, NUD_REACHABLE, false, 61000); /* news of it */
	link_msg(&c, 900, "eth0", true, 7, 0, false, 1000 + NA_NCACHE_AGE_MS);
	run_until(&c, 1000 + NA_NCACHE_AGE_MS, 2000 + NA_NCACHE_AGE_MS);
	unicasts(&u, 7);
	CHECK(u.arp[1] == 0 && u.arp[2] == 1,
	      "no message for %u min: forgotten; news 1 min later: told", NA_NCACHE_AGE_MS / 60000);
	teardown(&c);
}

/* Pacing: NA_TELL_BURST at once, most recently seen first, then one every
 * NA_TELL_GAP_MS; a second change while telling starts no second burst. */
static void test_cache_pacing(void)
{
	struct na_wcore c;
	struct uni u;
	char a[32];
	unsigned k, first = 0;
	uint64_t t0 = 5000, t;

	setup_cache(&c, NA_NOTIFY_GATEWAYS);
	for (k = 1; k <= 20; k++) {
		snprintf(a, sizeof(a), "192.0.2.%u", 100 + k);
		neigh_msg(&c, 900, a, k, NUD_STALE, false, k);
	}
	link_msg(&c, 900, "eth0", true, 7, 0, false, t0);
	na_wcore_run(&c, t0);
	unicasts(&u, 7);
	for (k = 20; k > 20 - NA_TELL_BURST; k--)
		first += u.arp[k];
	CHECK(u.total == NA_TELL_BURST && first == NA_TELL_BURST,
	      "at once: the %u most recently seen (%u)", NA_TELL_BURST, u.total);
	na_wcore_run(&c, t0 + NA_TELL_GAP_MS - 1);
	unicasts(&u, 7);
	CHECK(u.total == NA_TELL_BURST, "nothing more within NA_TELL_GAP_MS");
	for (t = t0 + NA_TELL_GAP_MS, k = 1; t < t0 + 4 * NA_TELL_GAP_MS; t += NA_TELL_GAP_MS, k++)
		na_wcore_run(&c, t);
	unicasts(&u, 7);
	CHECK(u.total == NA_TELL_BURST + 3, "then one every %u ms (%u after 3 gaps)",
	      NA_TELL_GAP_MS, u.total);
	/* A second change now: the list again, but no new burst. */
	t = t0 + 4 * NA_TELL_GAP_MS;
	link_msg(&c, 900, "eth0", true, 7, 0, false, t);
	link_msg(&c, 900, "eth0", true, 8, 0, false, t);
	na_wcore_run(&c, t);
	unicasts(&u, 8);
	CHECK(u.total == 1, "second change while telling: one frame, not a burst (%u)", u.total);
	CHECK(na_wcore_run(&c, t) == t + NA_TELL_GAP_MS, "the next one due a gap later");
	run_until(&c, t, t + 20 * NA_TELL_GAP_MS);
	unicasts(&u, 8);
	CHECK(u.total == 20, "every one of the 20 told from the newest MAC (%u)", u.total);
	/* Down ends the tell. */
	link_msg(&c, 900, "eth0", true, 9, 0, false, 20000);
	na_wcore_run(&c, 20000);
	link_msg(&c, 900, "eth0", false, 9, 0, false, 20001);
	run_until(&c, 20001, 30000);
	unicasts(&u, 9);
	CHECK(u.total == NA_TELL_BURST, "link down: the rest of the tell dropped (%u)", u.total);
	teardown(&c);
}

/* --rate holds for the unicast tell too: with rate 2 (burst 2), at most 2
 * frames at once and 2 more a second; all 20 told in the end. */
static void test_cache_rate(void)
{
	struct na_wcore c;
	struct na_pace pace;
	struct uni u;
	char a[32];
	unsigned k;
	uint64_t t0 = 5000;

	setup_cache(&c, NA_NOTIFY_GATEWAYS);
	for (k = 1; k <= 20; k++) {
		snprintf(a, sizeof(a), "192.0.2.%u", 100 + k);
		neigh_msg(&c, 900, a, k, NUD_STALE, false, k);
	}
	na_pace_init_rate(&pace, 2, t0);
	c.pace = &pace;
	link_msg(&c, 900, "eth0", true, 7, 0, false, t0);
	na_wcore_run(&c, t0);
	unicasts(&u, 7);
	CHECK(u.total == 2, "--rate 2: the burst of 2 at once, not %u (%u)", NA_TELL_BURST,
	      u.total);
	run_until(&c, t0, t0 + 1000);
	unicasts(&u, 7);
	CHECK(u.total <= 2 + 2, "--rate 2: at most 4 in the first second (%u)", u.total);
	run_until(&c, t0 + 1000, t0 + 12000);
	unicasts(&u, 7);
	CHECK(u.total == 20, "--rate 2: every one of the 20 told in the end (%u)", u.total);
	teardown(&c);
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
	test_cache_mac_change();
	test_cache_late_deletion();
	test_cache_bounds();
	test_cache_pacing();
	test_cache_rate();
	return check_done();
}
