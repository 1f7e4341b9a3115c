/* SPDX-License-Identifier: BSD-2-Clause */
/* The watcher's pure decisions: damping, link transitions, the address set,
 * the poll timeout. */
#include "watch_plan.h" /* first: net/if.h before the linux/ headers */

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <limits.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fails;

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, #cond);           \
			fails++;                                                                   \
		}                                                                                  \
	} while (0)

static void test_damp_burst_then_refill(void)
{
	struct na_damp d;
	unsigned k;

	na_damp_init(&d, 1000);
	for (k = 0; k < NA_DAMP_BURST; k++)
		CHECK(na_damp_take(&d, 1000 + k) == 0);
	/* Empty: the next token comes NA_DAMP_REFILL_MS after the bucket
	 * stopped being full (at the first take). */
	CHECK(na_damp_take(&d, 1010) == NA_DAMP_REFILL_MS - 10);
	CHECK(na_damp_take(&d, 1000 + NA_DAMP_REFILL_MS - 1) == 1);
	CHECK(na_damp_take(&d, 1000 + NA_DAMP_REFILL_MS) == 0);
	CHECK(na_damp_take(&d, 1000 + NA_DAMP_REFILL_MS) == NA_DAMP_REFILL_MS);
	/* A long quiet spell refills it, but no further than the burst. */
	na_damp_init(&d, 0);
	for (k = 0; k < NA_DAMP_BURST; k++)
		CHECK(na_damp_take(&d, 0) == 0);
	for (k = 0; k < NA_DAMP_BURST; k++)
		CHECK(na_damp_take(&d, 1000000) == 0);
	CHECK(na_damp_take(&d, 1000000) > 0);
}

/* The bound the man page states: in any window of T ms, at most
 * NA_DAMP_BURST + ceil(T / NA_DAMP_REFILL_MS) starts. A storm of attempts every
 * millisecond for 60 s, every window checked. */
static void test_damp_bound(void)
{
	enum { SPAN = 60000 };
	static uint64_t starts[SPAN];
	size_t n = 0, a, b;
	struct na_damp d;
	uint64_t t;

	na_damp_init(&d, 0);
	for (t = 0; t < SPAN; t++)
		if (na_damp_take(&d, t) == 0)
			starts[n++] = t;
	CHECK(n >= NA_DAMP_BURST + SPAN / NA_DAMP_REFILL_MS - 1);
	for (a = 0; a < n; a++) {
		for (b = a; b < n; b++) {
			uint64_t span = starts[b] - starts[a];
			uint64_t bound =
			        NA_DAMP_BURST + (span + NA_DAMP_REFILL_MS - 1) / NA_DAMP_REFILL_MS;

			if (b - a + 1 > bound) {
				CHECK(b - a + 1 <= bound);
				return;
			}
		}
	}
}

static struct na_link mklink(unsigned flags, int macbyte)
{
	struct na_link l;

	memset(&l, 0, sizeof(l));
	l.ifindex = 2;
	strcpy(l.name, "eth0");
	l.flags = flags;
	l.has_mac = true;
	memset(l.mac, macbyte, NA_MAC_LEN);
	l.mac[0] = 2;
	return l;
}

static void test_link_change(void)
{
	uint8_t mac[NA_MAC_LEN];
	struct na_link up = mklink(IFF_UP | IFF_RUNNING | IFF_BROADCAST, 1);
	struct na_link nocarrier = mklink(IFF_UP | IFF_BROADCAST, 1);
	struct na_link admindown = mklink(IFF_RUNNING, 1);
	struct na_link newmac = mklink(IFF_UP | IFF_RUNNING, 7);

	memcpy(mac, up.mac, NA_MAC_LEN);
	CHECK(na_link_change(false, false, mac, &up) == NA_LC_UP);
	CHECK(na_link_change(false, true, mac, &nocarrier) == NA_LC_NONE);
	CHECK(na_link_change(false, true, mac, &admindown) == NA_LC_NONE);
	CHECK(na_link_change(true, true, mac, &nocarrier) == NA_LC_DOWN);
	CHECK(na_link_change(true, true, mac, &admindown) == NA_LC_DOWN);
	CHECK(na_link_change(true, true, mac, &up) == NA_LC_NONE);
	CHECK(na_link_change(true, true, mac, &newmac) == NA_LC_MAC);
	/* Not knowing the old MAC is no MAC change. */
	CHECK(na_link_change(true, false, mac, &newmac) == NA_LC_NONE);
	/* A new MAC while down is no announcement: the next link-up is. */
	CHECK(na_link_change(false, true, mac, &nocarrier) == NA_LC_NONE);
}

/* An RTM_NEWLINK with or without IFLA_CARRIER_UP_COUNT, built with libmnl. */
static void test_carrier_ups(void)
{
	char buf[256];
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	uint32_t ups = 0;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_index = 2;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth0");
	CHECK(na_link_carrier_ups(nlh, &ups) == -ENOENT);
	mnl_attr_put_u32(nlh, IFLA_CARRIER_UP_COUNT, 7);
	CHECK(na_link_carrier_ups(nlh, &ups) == 0 && ups == 7);
	/* A count of the wrong size is malformed. */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	mnl_attr_put_u16(nlh, IFLA_CARRIER_UP_COUNT, 7);
	CHECK(na_link_carrier_ups(nlh, &ups) == -EINVAL);
	/* Not a link message; too short. */
	nlh->nlmsg_type = RTM_NEWADDR;
	CHECK(na_link_carrier_ups(nlh, &ups) == -EINVAL);
	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_len = sizeof(*nlh);
	CHECK(na_link_carrier_ups(nlh, &ups) == -EINVAL);

	/* IFLA_MASTER: a bridge port. */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	{
		int master = 0;

		CHECK(na_link_master(nlh, &master) == -ENOENT);
		mnl_attr_put_u32(nlh, IFLA_MASTER, 0);
		CHECK(na_link_master(nlh, &master) == -ENOENT);
		nlh = mnl_nlmsg_put_header(buf);
		nlh->nlmsg_type = RTM_NEWLINK;
		mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
		mnl_attr_put_u32(nlh, IFLA_MASTER, 9);
		CHECK(na_link_master(nlh, &master) == 0 && master == 9);
	}

	CHECK(na_carrier_bounced(true, 7, true, 8));
	CHECK(!na_carrier_bounced(true, 7, true, 7));
	CHECK(!na_carrier_bounced(false, 0, true, 8)); /* first sight: no news */
	CHECK(!na_carrier_bounced(true, 7, false, 0)); /* an old kernel */
}

static struct na_addr mkaddr(int ifindex, const char *s, uint8_t scope, uint32_t flags)
{
	struct na_addr a;

	memset(&a, 0, sizeof(a));
	a.ifindex = ifindex;
	CHECK(na_parse_ip(s, &a.ip) == 0);
	a.scope = scope;
	a.flags = flags;
	return a;
}

static void test_addrset(void)
{
	struct na_addrset s = {0};
	enum na_addr_change c;
	struct na_addr v4 = mkaddr(2, "192.0.2.10", RT_SCOPE_UNIVERSE, IFA_F_PERMANENT);
	struct na_addr ll_tent = mkaddr(2, "fe80::1", RT_SCOPE_LINK, IFA_F_TENTATIVE);
	struct na_addr ll = mkaddr(2, "fe80::1", RT_SCOPE_LINK, IFA_F_PERMANENT);
	struct na_addr ll_other_if = mkaddr(3, "fe80::1", RT_SCOPE_LINK, 0);
	struct na_addr host = mkaddr(2, "2001:db8::1", RT_SCOPE_HOST, 0);
	struct na_addr failed = mkaddr(2, "fe80::1", RT_SCOPE_LINK, IFA_F_DADFAILED);

	CHECK(na_addrset_update(&s, &v4, false, &c) == 0 && c == NA_AC_USABLE);
	/* The same address again (a lifetime refresh): no news. */
	CHECK(na_addrset_update(&s, &v4, false, &c) == 0 && c == NA_AC_NONE);
	/* Tentative: recorded, not usable yet; usable once DAD is done, once. */
	CHECK(na_addrset_update(&s, &ll_tent, false, &c) == 0 && c == NA_AC_NONE);
	CHECK(s.n == 2);
	CHECK(na_addrset_update(&s, &ll, false, &c) == 0 && c == NA_AC_USABLE);
	CHECK(na_addrset_update(&s, &ll, false, &c) == 0 && c == NA_AC_NONE);
	/* The same address on another interface is another entry. */
	CHECK(na_addrset_update(&s, &ll_other_if, false, &c) == 0 && c == NA_AC_USABLE);
	CHECK(s.n == 3);
	/* Never announceable: not even recorded. */
	CHECK(na_addrset_update(&s, &host, false, &c) == 0 && c == NA_AC_NONE);
	CHECK(s.n == 3);
	/* DAD failed: as good as gone. */
	CHECK(na_addrset_update(&s, &failed, false, &c) == 0 && c == NA_AC_GONE);
	CHECK(s.n == 2);
	CHECK(na_addrset_update(&s, &ll, false, &c) == 0 && c == NA_AC_USABLE);
	/* Deleted, then deleted again. */
	CHECK(na_addrset_update(&s, &v4, true, &c) == 0 && c == NA_AC_GONE);
	CHECK(na_addrset_update(&s, &v4, true, &c) == 0 && c == NA_AC_NONE);
	CHECK(s.n == 2);
	/* A resynchronisation: only what the dump shows stays. */
	na_addrset_unmark(&s);
	CHECK(na_addrset_update(&s, &ll, false, &c) == 0 && c == NA_AC_NONE);
	CHECK(na_addrset_sweep(&s) == 1);
	CHECK(s.n == 1 && s.a[0].ifindex == 2);
	na_addrset_drop_if(&s, 2);
	CHECK(s.n == 0);
	na_addrset_free(&s);
}

/* Many addresses in random order stay sorted and findable. */
static void test_addrset_many(void)
{
	struct na_addrset s = {0};
	enum na_addr_change c;
	struct na_addr a;
	char buf[64];
	unsigned k, r = 12345;
	size_t i, usable = 0;

	for (k = 0; k < 2000; k++) {
		r = r * 1103515245u + 12345u;
		snprintf(buf, sizeof(buf), "10.%u.%u.%u", (r >> 8) & 3, (r >> 16) & 255,
		         1 + ((r >> 24) % 200));
		a = mkaddr(1 + (int)(r % 3), buf, RT_SCOPE_UNIVERSE, 0);
		CHECK(na_addrset_update(&s, &a, false, &c) == 0);
		usable += c == NA_AC_USABLE;
	}
	CHECK(usable == s.n);
	for (i = 1; i < s.n; i++)
		CHECK(s.a[i - 1].ifindex < s.a[i].ifindex ||
		      (s.a[i - 1].ifindex == s.a[i].ifindex &&
		       na_ip_cmp(&s.a[i - 1].ip, &s.a[i].ip) < 0));
	na_addrset_free(&s);
}

static void test_poll_timeout(void)
{
	CHECK(na_poll_timeout(100, NA_NO_DEADLINE) == -1);
	CHECK(na_poll_timeout(100, 100) == 0);
	CHECK(na_poll_timeout(100, 50) == 0);
	CHECK(na_poll_timeout(100, 2100) == 2000);
	CHECK(na_poll_timeout(0, (uint64_t)INT_MAX + 5) == INT_MAX);
}

int main(void)
{
	test_damp_burst_then_refill();
	test_damp_bound();
	test_link_change();
	test_carrier_ups();
	test_addrset();
	test_addrset_many();
	test_poll_timeout();
	if (fails)
		fprintf(stderr, "%d checks failed\n", fails);
	else
		printf("test_watch_plan: all checks passed\n");
	return fails ? 1 : 0;
}
