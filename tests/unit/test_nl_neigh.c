/* SPDX-License-Identifier: BSD-2-Clause */
/* The pure parsers behind --notify: routes and neighbours as the kernel
 * sends them, built here with libmnl, plus broken ones. */
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "check.h"
#include "cli.h"
#include "config.h"
#include "nl_neigh.h"

static const uint8_t mac_p[6] = {0x02, 0, 0, 0xbb, 0, 0x01};

static struct nlmsghdr *route(char *buf, int family, uint8_t type)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm;

	nlh->nlmsg_type = RTM_NEWROUTE;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (uint8_t)family;
	rtm->rtm_type = type;
	rtm->rtm_table = RT_TABLE_MAIN;
	return nlh;
}

static void test_route(void)
{
	char buf[512];
	struct nlmsghdr *nlh;
	struct na_route r;
	struct in_addr gw4, gw4b;
	struct in6_addr gw6;
	struct nlattr *mp;
	struct rtnexthop *nh;

	inet_pton(AF_INET, "192.0.2.1", &gw4);
	inet_pton(AF_INET, "192.0.2.2", &gw4b);
	inet_pton(AF_INET6, "fe80::1", &gw6);

	nlh = route(buf, AF_INET, RTN_UNICAST);
	mnl_attr_put_u32(nlh, RTA_OIF, 7);
	mnl_attr_put(nlh, RTA_GATEWAY, 4, &gw4);
	CHECK(na_nl_parse_route(nlh, &r) == 0 && r.nnh == 1 && r.nh[0].ifindex == 7 &&
	              r.nh[0].gw.family == AF_INET && r.nh[0].gw.v4.s_addr == gw4.s_addr,
	      "IPv4 route with a gateway");

	nlh = route(buf, AF_INET6, RTN_UNICAST);
	mnl_attr_put_u32(nlh, RTA_OIF, 3);
	mnl_attr_put(nlh, RTA_GATEWAY, 16, &gw6);
	CHECK(na_nl_parse_route(nlh, &r) == 0 && r.nnh == 1 && r.nh[0].ifindex == 3 &&
	              memcmp(&r.nh[0].gw.v6, &gw6, 16) == 0,
	      "IPv6 route via a link-local gateway");

	nlh = route(buf, AF_INET, RTN_UNICAST);
	mnl_attr_put_u32(nlh, RTA_OIF, 7);
	CHECK(na_nl_parse_route(nlh, &r) == 0 && r.nnh == 0, "connected route: no next hop");

	nlh = route(buf, AF_INET, RTN_LOCAL);
	mnl_attr_put(nlh, RTA_GATEWAY, 4, &gw4);
	CHECK(na_nl_parse_route(nlh, &r) == 0 && r.nnh == 0, "local route: no next hop");

	nlh = route(buf, AF_INET, RTN_UNICAST);
	mnl_attr_put(nlh, RTA_GATEWAY, 16, &gw6); /* wrong length for IPv4 */
	CHECK(na_nl_parse_route(nlh, &r) == 0 && r.nnh == 0, "gateway of the wrong size: left out");

	/* Multipath: two next hops on two interfaces. */
	nlh = route(buf, AF_INET, RTN_UNICAST);
	mp = mnl_attr_nest_start(nlh, RTA_MULTIPATH);
	nh = mnl_nlmsg_get_payload_tail(nlh);
	nlh->nlmsg_len += RTNH_ALIGN(sizeof(*nh));
	memset(nh, 0, sizeof(*nh));
	nh->rtnh_ifindex = 7;
	mnl_attr_put(nlh, RTA_GATEWAY, 4, &gw4);
	nh->rtnh_len = (unsigned short)((char *)mnl_nlmsg_get_payload_tail(nlh) - (char *)nh);
	nh = mnl_nlmsg_get_payload_tail(nlh);
	nlh->nlmsg_len += RTNH_ALIGN(sizeof(*nh));
	memset(nh, 0, sizeof(*nh));
	nh->rtnh_ifindex = 8;
	mnl_attr_put(nlh, RTA_GATEWAY, 4, &gw4b);
	nh->rtnh_len = (unsigned short)((char *)mnl_nlmsg_get_payload_tail(nlh) - (char *)nh);
	mnl_attr_nest_end(nlh, mp);
	CHECK(na_nl_parse_route(nlh, &r) == 0 && r.nnh == 2 && r.nh[0].ifindex == 7 &&
	              r.nh[1].ifindex == 8 && r.nh[1].gw.v4.s_addr == gw4b.s_addr,
	      "multipath: both next hops");
	/* A next hop claiming more bytes than there are. */
	nh->rtnh_len = 200;
	CHECK(na_nl_parse_route(nlh, &r) == -EINVAL, "multipath: overlong next hop rejected");

	nlh = route(buf, AF_INET, RTN_UNICAST);
	nlh->nlmsg_type = RTM_NEWLINK;
	CHECK(na_nl_parse_route(nlh, &r) == -EINVAL, "not a route message");
	nlh = route(buf, AF_INET, RTN_UNICAST);
	nlh->nlmsg_len = sizeof(*nlh) + 4; /* shorter than struct rtmsg */
	CHECK(na_nl_parse_route(nlh, &r) == -EINVAL, "truncated rtmsg rejected");
}

static struct nlmsghdr *neigh(char *buf, int family, int ifindex, uint16_t state, uint8_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ndmsg *ndm;

	nlh->nlmsg_type = RTM_NEWNEIGH;
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = (uint8_t)family;
	ndm->ndm_ifindex = ifindex;
	ndm->ndm_state = state;
	ndm->ndm_flags = flags;
	return nlh;
}

static void test_neigh(void)
{
	char buf[512];
	struct nlmsghdr *nlh;
	struct na_neigh n;
	struct in_addr a4;
	struct in6_addr a6;

	inet_pton(AF_INET, "192.0.2.1", &a4);
	inet_pton(AF_INET6, "fe80::1", &a6);

	nlh = neigh(buf, AF_INET, 7, NUD_STALE, 0);
	mnl_attr_put(nlh, NDA_DST, 4, &a4);
	mnl_attr_put(nlh, NDA_LLADDR, 6, mac_p);
	CHECK(na_nl_parse_neigh(nlh, &n) == 0 && n.ifindex == 7 && n.state == NUD_STALE &&
	              n.ip.v4.s_addr == a4.s_addr && n.has_mac && memcmp(n.mac, mac_p, 6) == 0,
	      "IPv4 neighbour with a MAC");
	CHECK(na_neigh_usable(&n, NA_NOTIFY_GATEWAYS) && na_neigh_usable(&n, NA_NOTIFY_NEIGHBOURS),
	      "STALE with a MAC: usable");
	CHECK(!na_neigh_usable(&n, NA_NOTIFY_NONE), "mode none: never");

	nlh = neigh(buf, AF_INET6, 7, NUD_PERMANENT, NTF_ROUTER);
	mnl_attr_put(nlh, NDA_DST, 16, &a6);
	mnl_attr_put(nlh, NDA_LLADDR, 6, mac_p);
	CHECK(na_nl_parse_neigh(nlh, &n) == 0 && n.flags == NTF_ROUTER &&
	              memcmp(&n.ip.v6, &a6, 16) == 0,
	      "IPv6 router neighbour");
	CHECK(na_neigh_usable(&n, NA_NOTIFY_GATEWAYS) && !na_neigh_usable(&n, NA_NOTIFY_NEIGHBOURS),
	      "PERMANENT: a gateway, not in the REACHABLE/STALE/DELAY set");

	nlh = neigh(buf, AF_INET, 7, NUD_INCOMPLETE, 0);
	mnl_attr_put(nlh, NDA_DST, 4, &a4);
	CHECK(na_nl_parse_neigh(nlh, &n) == 0 && !n.has_mac, "INCOMPLETE: no MAC");
	CHECK(!na_neigh_usable(&n, NA_NOTIFY_GATEWAYS), "no MAC: never (no resolution storms)");

	nlh = neigh(buf, AF_INET, 7, NUD_FAILED, 0);
	mnl_attr_put(nlh, NDA_DST, 4, &a4);
	mnl_attr_put(nlh, NDA_LLADDR, 6, mac_p);
	CHECK(na_nl_parse_neigh(nlh, &n) == 0 && !na_neigh_usable(&n, NA_NOTIFY_GATEWAYS),
	      "FAILED: not used even with an old MAC");

	nlh = neigh(buf, AF_INET, 7, NUD_REACHABLE, 0);
	mnl_attr_put(nlh, NDA_DST, 4, &a4);
	mnl_attr_put(nlh, NDA_LLADDR, 6, (uint8_t[6]){0x01, 0, 0x5e, 0, 0, 1});
	CHECK(na_nl_parse_neigh(nlh, &n) == 0 && !na_neigh_usable(&n, NA_NOTIFY_NEIGHBOURS),
	      "multicast MAC: not a unicast peer");

	/* A deletion (what a MAC change's flush reports) parses the same. */
	nlh = neigh(buf, AF_INET, 7, NUD_NOARP, 0);
	nlh->nlmsg_type = RTM_DELNEIGH;
	mnl_attr_put(nlh, NDA_DST, 4, &a4);
	mnl_attr_put(nlh, NDA_LLADDR, 6, mac_p);
	CHECK(na_nl_parse_neigh(nlh, &n) == 0 && n.state == NUD_NOARP && n.has_mac &&
	              memcmp(n.mac, mac_p, 6) == 0,
	      "RTM_DELNEIGH with its MAC");
	nlh->nlmsg_type = RTM_NEWROUTE;
	CHECK(na_nl_parse_neigh(nlh, &n) == -EINVAL, "not a neighbour message");

	nlh = neigh(buf, AF_INET, 7, NUD_REACHABLE, 0);
	mnl_attr_put(nlh, NDA_DST, 16, &a6); /* IPv6-sized in an IPv4 message */
	CHECK(na_nl_parse_neigh(nlh, &n) == -EINVAL, "address of the wrong size rejected");
	nlh = neigh(buf, AF_INET, 7, NUD_REACHABLE, 0);
	CHECK(na_nl_parse_neigh(nlh, &n) == -EINVAL, "no NDA_DST rejected");
	nlh = neigh(buf, AF_INET, 7, NUD_REACHABLE, 0);
	mnl_attr_put(nlh, NDA_DST, 4, &a4);
	nlh->nlmsg_len -= 4; /* cut into the attribute (by 4: libmnl aligns the tail) */
	CHECK(na_nl_parse_neigh(nlh, &n) == -EINVAL, "truncated attribute rejected");
}

static void test_notify_words(void)
{
	enum na_notify m = NA_NOTIFY_NONE;

	CHECK(na_parse_notify("gateways", &m) == 0 && m == NA_NOTIFY_GATEWAYS, "gateways");
	CHECK(na_parse_notify("neighbours", &m) == 0 && m == NA_NOTIFY_NEIGHBOURS, "neighbours");
	CHECK(na_parse_notify("neighbors", &m) == 0 && m == NA_NOTIFY_NEIGHBOURS, "neighbors");
	CHECK(na_parse_notify("none", &m) == 0 && m == NA_NOTIFY_NONE, "none");
	CHECK(na_parse_notify("all", &m) == -EINVAL && m == NA_NOTIFY_NONE, "all: rejected");
	CHECK(na_parse_notify("", &m) == -EINVAL, "empty: rejected");
}

/* notify = in the config file, and the command line winning over it. */
static void test_notify_config(void)
{
	static const char good[] = "notify = neighbours\n", bad[] = "notify = all\n";
	char err[128], *argv_cli[] = {"neigh-announce", "--notify", "none", "eth0", "192.0.2.10"},
	               *argv_plain[] = {"neigh-announce", "eth0", "192.0.2.10"};
	struct na_config c;
	struct na_opts o;

	na_config_init(&c);
	CHECK(na_config_parse(good, sizeof(good) - 1, &c, err, sizeof(err)) == 0 && c.has_notify &&
	              c.notify == NA_NOTIFY_NEIGHBOURS,
	      "config: notify = neighbours");
	na_config_init(&c);
	CHECK(na_config_parse(bad, sizeof(bad) - 1, &c, err, sizeof(err)) == 1 && !c.has_notify,
	      "config: notify = all is line 1, nothing set");
	na_config_init(&c);
	na_config_parse(good, sizeof(good) - 1, &c, err, sizeof(err));
	CHECK(na_cli_parse(NA_CMD_ANNOUNCE, 3, argv_plain, &o, err, sizeof(err)) == 0 &&
	              o.notify == NA_NOTIFY_GATEWAYS,
	      "cli: default is gateways");
	CHECK(na_cli_apply_config(&o, &c, err, sizeof(err)) == 0 &&
	              o.notify == NA_NOTIFY_NEIGHBOURS,
	      "cli: the config file's notify applies");
	CHECK(na_cli_parse(NA_CMD_ANNOUNCE, 5, argv_cli, &o, err, sizeof(err)) == 0 &&
	              na_cli_apply_config(&o, &c, err, sizeof(err)) == 0 &&
	              o.notify == NA_NOTIFY_NONE,
	      "cli: --notify none wins over the file");
}

int main(void)
{
	test_notify_config();
	test_route();
	test_neigh();
	test_notify_words();
	return check_done();
}
