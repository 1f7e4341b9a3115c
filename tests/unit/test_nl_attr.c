/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The netlink attribute parser (nl_attr.h) on attribute streams built byte
 * by byte here, well-formed and broken one length at a time, directly and
 * through each rtnetlink parser that uses it. Every stream and message is
 * handed over in an allocation of exactly its length, so that the ASan
 * build sees any read past its end.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/ipv6.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "nl.h"
#include "nl_attr.h"
#include "nl_neigh.h"
#include "watch_plan.h"

#define T_U32  1
#define T_MAC  2
#define T_NAME 3
#define T_ANY  4
#define T_N    5

static const struct na_attr_rule rules[T_N] = {
        [T_U32] = {NA_ATTR_EXACT, 4},
        [T_MAC] = {NA_ATTR_MIN, 6},
        [T_NAME] = {NA_ATTR_STRZ, 16},
        [T_ANY] = {NA_ATTR_MIN, 0},
};

/* Writes an attribute at buf + off: nla_len covers header and dlen bytes of
 * data, then zero padding to 4. Returns the offset after the padding. */
static size_t put(uint8_t *buf, size_t off, uint16_t type, const void *data, size_t dlen)
{
	struct nlattr h = {.nla_len = (uint16_t)(NLA_HDRLEN + dlen), .nla_type = type};

	memcpy(buf + off, &h, sizeof(h));
	if (dlen)
		memcpy(buf + off + NLA_HDRLEN, data, dlen);
	memset(buf + off + NLA_HDRLEN + dlen, 0, NLA_ALIGN(dlen) - dlen);
	return off + NLA_HDRLEN + NLA_ALIGN(dlen);
}

/* Sets the nla_len of the attribute at buf + off. */
static void set_len(uint8_t *buf, size_t off, uint16_t nla_len)
{
	memcpy(buf + off, &nla_len, sizeof(nla_len));
}

/* na_attr_parse on a copy of buf[0, len) of exactly that size. */
static int parse(const uint8_t *buf, size_t len, const struct nlattr **tb)
{
	uint8_t *copy = malloc(len ? len : 1);
	int err;

	if (!copy)
		abort();
	memcpy(copy, buf, len);
	err = na_attr_parse(copy, len, rules, T_N, tb);
	free(copy); /* tb points into it: callers look only at err and at NULLs */
	return err;
}

static void test_good(void)
{
	static const uint8_t mac[6] = {0x02, 0, 0, 0xbb, 0, 0x01};
	const struct nlattr *tb[T_N];
	uint8_t buf[128] = {0}, *copy;
	uint32_t v = 7, w = 9;
	size_t n = 0;

	CHECK(parse(buf, 0, tb) == 0 && !tb[T_U32] && !tb[T_NAME], "empty: no attributes");

	n = put(buf, n, T_NAME, "eth0", 5);
	n = put(buf, n, 99, "unknown", 7); /* beyond the table: skipped */
	n = put(buf, n, 0, NULL, 0);       /* type 0 has no rule: skipped */
	n = put(buf, n, T_MAC, mac, 6);
	n = put(buf, n, T_U32 | NLA_F_NESTED, &v, 4); /* flag bits are not the type */
	n = put(buf, n, T_ANY, NULL, 0);
	copy = malloc(n);
	memcpy(copy, buf, n);
	CHECK(na_attr_parse(copy, n, rules, T_N, tb) == 0, "well-formed stream");
	CHECK(tb[T_NAME] && na_attr_len(tb[T_NAME]) == 5 &&
	              strcmp(na_attr_data(tb[T_NAME]), "eth0") == 0,
	      "string found");
	CHECK(tb[T_MAC] && na_attr_len(tb[T_MAC]) == 6 &&
	              memcmp(na_attr_data(tb[T_MAC]), mac, 6) == 0,
	      "MAC found, 2 bytes of padding skipped");
	CHECK(tb[T_U32] && na_attr_u32(tb[T_U32]) == 7, "u32 found under NLA_F_NESTED");
	CHECK(tb[T_ANY] && na_attr_len(tb[T_ANY]) == 0, "empty payload where any length goes");
	CHECK(!tb[0], "type 0 without a rule left out");
	free(copy);

	/* A type seen twice: the last one counts, as in the kernel. */
	n = put(buf, 0, T_U32, &v, 4);
	n = put(buf, n, T_U32, &w, 4);
	copy = malloc(n);
	memcpy(copy, buf, n);
	CHECK(na_attr_parse(copy, n, rules, T_N, tb) == 0 && na_attr_u32(tb[T_U32]) == 9,
	      "repeated type: the last one");
	free(copy);

	/* An unaligned buffer: every read goes through memcpy. */
	n = put(buf + 1, 0, T_U32, &w, 4);
	CHECK(na_attr_parse(buf + 1, n, rules, T_N, tb) == 0 && na_attr_u32(tb[T_U32]) == 9,
	      "buffer at an odd address");
}

static void test_broken(void)
{
	const struct nlattr *tb[T_N];
	uint8_t buf[128];
	uint32_t v = 7;
	size_t n;

	/* Misaligned: the last attribute's padding is missing. A message's
	 * nlmsg_len that ends there made libmnl read past it. */
	n = put(buf, 0, T_NAME, "eth0", 5);
	CHECK(parse(buf, n - 3, tb) == -EINVAL, "misaligned: padding of the last attribute cut");
	CHECK(parse(buf, n, tb) == 0, "... and with its padding: fine");
	n = put(buf, 0, T_U32, &v, 4);
	CHECK(parse(buf, n + 2, tb) == -EINVAL, "misaligned: 2 stray bytes after the last one");
	CHECK(parse(buf, 3, tb) == -EINVAL, "3 bytes: shorter than a header");

	/* Lengths that do not fit. */
	n = put(buf, 0, T_U32, &v, 4);
	set_len(buf, 0, 3);
	CHECK(parse(buf, n, tb) == -EINVAL, "nla_len shorter than the header");
	set_len(buf, 0, 12);
	CHECK(parse(buf, n, tb) == -EINVAL, "overrun: nla_len 12 in 8 bytes");
	n = put(buf, 0, T_U32, &v, 4);
	n = put(buf, n, 99, "unknown", 7);
	set_len(buf, 8, 16);
	CHECK(parse(buf, n, tb) == -EINVAL, "overrun by an unknown type: rejected too");

	/* Known attributes that break their rule; unknown ones never do. */
	n = put(buf, 0, T_U32, &v, 2);
	CHECK(parse(buf, n, tb) == -EINVAL, "short u32 (2 bytes)");
	n = put(buf, 0, T_U32, "12345678", 8);
	CHECK(parse(buf, n, tb) == -EINVAL, "long u32 (8 bytes)");
	n = put(buf, 0, T_MAC, "\x02\0\0\0\0", 5);
	CHECK(parse(buf, n, tb) == -EINVAL, "short MAC (5 bytes)");
	n = put(buf, 0, T_NAME, "eth0", 4);
	CHECK(parse(buf, n, tb) == -EINVAL, "string without its NUL");
	n = put(buf, 0, T_NAME, NULL, 0);
	CHECK(parse(buf, n, tb) == -EINVAL, "empty string");
	n = put(buf, 0, T_NAME, "0123456789abcdef", 17);
	CHECK(parse(buf, n, tb) == -EINVAL, "string of 17 bytes where 16 is the most");
	n = put(buf, 0, 99, &v, 2);
	CHECK(parse(buf, n, tb) == 0 && !tb[T_U32], "a 2-byte unknown attribute is fine");
}

static void test_msg(void)
{
	struct {
		struct nlmsghdr nlh;
		struct {
			uint32_t a, b, c;
		} fixed; /* 12 bytes, like struct rtmsg and struct ndmsg */
		uint8_t attrs[32];
	} m;
	struct {
		uint32_t a, b, c;
	} got;
	const struct nlattr *tb[T_N];
	uint32_t v = 7;
	size_t n;

	memset(&m, 0, sizeof(m));
	m.fixed.b = 42;
	n = put(m.attrs, 0, T_U32, &v, 4);
	m.nlh.nlmsg_len = (uint32_t)(sizeof(m.nlh) + sizeof(m.fixed) + n);
	CHECK(na_attr_parse_msg(&m.nlh, &got, sizeof(got), rules, T_N, tb) == 0 && got.b == 42 &&
	              tb[T_U32] && na_attr_u32(tb[T_U32]) == 7,
	      "message: fixed header copied, attribute found");
	m.nlh.nlmsg_len = (uint32_t)(sizeof(m.nlh) + sizeof(m.fixed));
	CHECK(na_attr_parse_msg(&m.nlh, &got, sizeof(got), rules, T_N, tb) == 0 && !tb[T_U32],
	      "message: the header alone");
	m.nlh.nlmsg_len = (uint32_t)(sizeof(m.nlh) + sizeof(m.fixed) - 4);
	CHECK(na_attr_parse_msg(&m.nlh, &got, sizeof(got), rules, T_N, tb) == -EINVAL,
	      "message: short fixed header");
	m.nlh.nlmsg_len = 8;
	CHECK(na_attr_parse_msg(&m.nlh, &got, sizeof(got), rules, T_N, tb) == -EINVAL,
	      "message: shorter than struct nlmsghdr");
	m.nlh.nlmsg_len = (uint32_t)(sizeof(m.nlh) + sizeof(m.fixed) + n - 1);
	CHECK(na_attr_parse_msg(&m.nlh, &got, sizeof(got), rules, T_N, tb) == -EINVAL,
	      "message: nlmsg_len cuts the last attribute");
}

static void test_ip(void)
{
	const struct nlattr *tb[T_N];
	struct in6_addr a6;
	struct in_addr a4;
	struct na_ip ip;
	uint8_t buf[64];
	size_t n;

	inet_pton(AF_INET, "192.0.2.1", &a4);
	inet_pton(AF_INET6, "2001:db8::1", &a6);
	n = put(buf, 0, T_ANY, &a4, 4);
	CHECK(na_attr_parse(buf, n, rules, T_N, tb) == 0, "IPv4 address attribute");
	CHECK(na_attr_ip(tb[T_ANY], AF_INET, &ip) == 0 && ip.family == AF_INET &&
	              ip.v4.s_addr == a4.s_addr,
	      "IPv4 address read");
	ip.family = 12345;
	CHECK(na_attr_ip(tb[T_ANY], AF_INET6, &ip) == -EINVAL && ip.family == 12345,
	      "4 bytes are no IPv6 address; nothing written");
	n = put(buf, 0, T_ANY, &a6, 16);
	CHECK(na_attr_parse(buf, n, rules, T_N, tb) == 0 &&
	              na_attr_ip(tb[T_ANY], AF_INET6, &ip) == 0 && ip.family == AF_INET6 &&
	              memcmp(&ip.v6, &a6, 16) == 0,
	      "IPv6 address read");
	CHECK(na_attr_ip(tb[T_ANY], AF_INET, &ip) == -EINVAL, "16 bytes are no IPv4 address");
	CHECK(na_attr_ip(tb[T_ANY], AF_PACKET, &ip) == -EINVAL, "nor of another family");
}

/* A message built in place: a header, a fixed header, attributes. */
struct msg {
	uint8_t b[512];
	size_t len;
};

static void msg_start(struct msg *m, uint16_t type, const void *fixed, size_t fixed_len)
{
	struct nlmsghdr h = {.nlmsg_type = type};

	memset(m, 0, sizeof(*m));
	memcpy(m->b, &h, sizeof(h));
	memcpy(m->b + NLMSG_HDRLEN, fixed, fixed_len);
	m->len = NLMSG_HDRLEN + NLMSG_ALIGN(fixed_len);
}

/* Appends an attribute; returns its offset in the message. */
static size_t msg_attr(struct msg *m, uint16_t type, const void *data, size_t dlen)
{
	size_t at = m->len;

	m->len = put(m->b, m->len, type, data, dlen);
	return at;
}

/* The message with nlmsg_len = its length less cut, in an allocation of
 * exactly nlmsg_len bytes (at least a header). Freed by the caller. */
static struct nlmsghdr *msg_done(struct msg *m, size_t cut)
{
	uint32_t len = (uint32_t)(m->len - cut);
	struct nlmsghdr *nlh = malloc(len < NLMSG_HDRLEN ? NLMSG_HDRLEN : len);

	if (!nlh)
		abort();
	memcpy(m->b, &len, sizeof(len));
	memcpy(nlh, m->b, len < NLMSG_HDRLEN ? NLMSG_HDRLEN : len);
	return nlh;
}

/* The parsers under test, by name. */
enum parser { P_LINK, P_ADDR, P_ROUTE, P_NEIGH, P_UPS, P_MASTER };

/* Runs a parser on the message cut short by cut bytes (msg_done); out is
 * that parser's result type. */
static int parse_as(enum parser p, struct msg *m, size_t cut, void *out)
{
	struct nlmsghdr *nlh = msg_done(m, cut);
	int err = -1;

	switch (p) {
	case P_LINK:
		err = na_nl_parse_link(nlh, out);
		break;
	case P_ADDR:
		err = na_nl_parse_addr(nlh, out);
		break;
	case P_ROUTE:
		err = na_nl_parse_route(nlh, out);
		break;
	case P_NEIGH:
		err = na_nl_parse_neigh(nlh, out);
		break;
	case P_UPS:
		err = na_link_carrier_ups(nlh, out);
		break;
	case P_MASTER:
		err = na_link_master(nlh, out);
		break;
	}
	free(nlh);
	return err;
}

static void test_link(void)
{
	static const uint8_t mac[6] = {0x02, 0, 0, 0xbb, 0, 0x01};
	struct ifinfomsg ifi = {.ifi_index = 7, .ifi_flags = IFF_UP};
	struct na_link l;
	struct msg m;
	size_t at;

	msg_start(&m, RTM_NEWLINK, &ifi, sizeof(ifi));
	msg_attr(&m, IFLA_ADDRESS, mac, 6);
	msg_attr(&m, IFLA_IFNAME, "eth0", 5);
	CHECK(parse_as(P_LINK, &m, 0, &l) == 0 && l.ifindex == 7 && strcmp(l.name, "eth0") == 0 &&
	              l.has_mac && memcmp(l.mac, mac, 6) == 0,
	      "link: well-formed");
	/* Misaligned: nlmsg_len ends inside the name's padding. libmnl read
	 * the 3 bytes after it; nl.c alone checked this before. */
	CHECK(parse_as(P_LINK, &m, 3, &l) == -EINVAL, "link: unaligned nlmsg_len");
	CHECK(parse_as(P_LINK, &m, 8, &l) == -EINVAL, "link: nlmsg_len cuts the name short");
	/* A tunnel's 4-byte address is no MAC, and no error. */
	msg_start(&m, RTM_NEWLINK, &ifi, sizeof(ifi));
	msg_attr(&m, IFLA_ADDRESS, "\xc0\0\2\1", 4);
	msg_attr(&m, IFLA_IFNAME, "sit1", 5);
	CHECK(parse_as(P_LINK, &m, 0, &l) == 0 && !l.has_mac, "link: 4-byte address, no MAC");
	/* The name: NUL-terminated, at most IF_NAMESIZE. */
	msg_start(&m, RTM_NEWLINK, &ifi, sizeof(ifi));
	msg_attr(&m, IFLA_IFNAME, "0123456789abcdef", 17);
	CHECK(parse_as(P_LINK, &m, 0, &l) == -EINVAL, "link: 17-byte name");
	msg_start(&m, RTM_NEWLINK, &ifi, sizeof(ifi));
	at = msg_attr(&m, IFLA_IFNAME, "eth0", 5);
	set_len(m.b, at, 40);
	CHECK(parse_as(P_LINK, &m, 0, &l) == -EINVAL, "link: name overrunning the message");
	msg_start(&m, RTM_NEWLINK, &ifi, sizeof(ifi));
	CHECK(parse_as(P_LINK, &m, 0, &l) == -EINVAL, "link: no name");
	/* Short fixed headers: nlmsg_len ends 4 bytes into ifinfomsg. */
	CHECK(parse_as(P_LINK, &m, sizeof(ifi) - 4, &l) == -EINVAL, "link: short ifinfomsg");
}

/* A link message with IFLA_AF_SPEC: an IPv4 entry, then IPv6's with flags
 * and conf (the first conf_len bytes of a devconf array whose
 * DEVCONF_FORWARDING is fwd). What the link's router says. */
static int link_router_of(int32_t fwd, size_t conf_len, int inner_type, bool cut_inner)
{
	struct ifinfomsg ifi = {.ifi_index = 3, .ifi_flags = IFF_UP};
	uint8_t in6[256], spec[320], v4[8] = {0};
	int32_t conf[DEVCONF_FORWARDING + 8] = {0};
	uint32_t flags = 0x80000000u; /* IF_READY */
	size_t n6, ns;
	struct na_link l;
	struct msg m;

	conf[DEVCONF_FORWARDING] = fwd;
	conf[DEVCONF_HOPLIMIT] = 64;
	n6 = put(in6, 0, IFLA_INET6_FLAGS, &flags, 4);
	n6 = put(in6, n6, (uint16_t)inner_type, conf, conf_len);
	if (cut_inner) /* the conf attribute claims 4 bytes more than the nest has */
		set_len(in6, n6 - NLA_ALIGN(NLA_HDRLEN + conf_len),
		        (uint16_t)(NLA_HDRLEN + conf_len + 8));
	ns = put(spec, 0, AF_INET, v4, sizeof(v4));
	ns = put(spec, ns, AF_INET6 | NLA_F_NESTED, in6, n6);
	msg_start(&m, RTM_NEWLINK, &ifi, sizeof(ifi));
	msg_attr(&m, IFLA_IFNAME, "eth0", 5);
	msg_attr(&m, IFLA_AF_SPEC | NLA_F_NESTED, spec, ns);
	if (parse_as(P_LINK, &m, 0, &l))
		return -100; /* the link itself refused */
	return l.router;
}

static void test_link_router(void)
{
	struct ifinfomsg ifi = {.ifi_index = 3};
	struct na_link l;
	struct msg m;
	size_t full = sizeof(int32_t) * (DEVCONF_FORWARDING + 8);

	CHECK(link_router_of(1, full, IFLA_INET6_CONF, false) == 1, "router: forwarding 1");
	CHECK(link_router_of(0, full, IFLA_INET6_CONF, false) == 0, "router: forwarding 0");
	/* Only DEVCONF_FORWARDING is read: a conf array of one value. */
	CHECK(link_router_of(1, 4, IFLA_INET6_CONF, false) == 1, "router: a one-value conf array");
	/* Not said: no IPv6 conf, or one too short for its first value; the
	 * link is still read. */
	CHECK(link_router_of(1, full, IFLA_INET6_CONF + 1, false) == -1,
	      "router: no IFLA_INET6_CONF");
	CHECK(link_router_of(1, 2, IFLA_INET6_CONF, false) == -1, "router: a 2-byte conf");
	CHECK(link_router_of(1, full, IFLA_INET6_CONF, true) == -1,
	      "router: a conf running past its nest");
	msg_start(&m, RTM_NEWLINK, &ifi, sizeof(ifi));
	msg_attr(&m, IFLA_IFNAME, "eth0", 5);
	CHECK(parse_as(P_LINK, &m, 0, &l) == 0 && l.router == -1, "router: no IFLA_AF_SPEC");
}

static void test_addr(void)
{
	struct ifaddrmsg ifa = {.ifa_family = AF_INET, .ifa_prefixlen = 24, .ifa_index = 7};
	uint32_t flags = IFA_F_NOPREFIXROUTE | IFA_F_DEPRECATED;
	struct in_addr a4, peer;
	struct na_addr a;
	struct msg m;

	inet_pton(AF_INET, "192.0.2.10", &a4);
	inet_pton(AF_INET, "192.0.2.99", &peer);
	msg_start(&m, RTM_NEWADDR, &ifa, sizeof(ifa));
	msg_attr(&m, IFA_ADDRESS, &peer, 4);
	msg_attr(&m, IFA_LOCAL, &a4, 4);
	msg_attr(&m, IFA_FLAGS, &flags, 4);
	CHECK(parse_as(P_ADDR, &m, 0, &a) == 0 && a.ifindex == 7 && a.ip.v4.s_addr == a4.s_addr &&
	              a.flags == flags && a.prefix == 24,
	      "addr: IFA_LOCAL and IFA_FLAGS");
	/* A short IFA_FLAGS was ignored: ifa_flags (the low 8 bits) stood in
	 * for it, and the message passed as well-formed. */
	msg_start(&m, RTM_NEWADDR, &ifa, sizeof(ifa));
	msg_attr(&m, IFA_LOCAL, &a4, 4);
	msg_attr(&m, IFA_FLAGS, &flags, 2);
	CHECK(parse_as(P_ADDR, &m, 0, &a) == -EINVAL, "addr: 2-byte IFA_FLAGS rejected");
	msg_start(&m, RTM_NEWADDR, &ifa, sizeof(ifa));
	msg_attr(&m, IFA_LOCAL, &a4, 2);
	CHECK(parse_as(P_ADDR, &m, 0, &a) == -EINVAL, "addr: 2-byte IFA_LOCAL");
	msg_start(&m, RTM_NEWADDR, &ifa, sizeof(ifa));
	msg_attr(&m, IFA_LOCAL, "0123456789abcdef", 16);
	CHECK(parse_as(P_ADDR, &m, 0, &a) == -EINVAL,
	      "addr: IPv6-sized IFA_LOCAL in an IPv4 message");
	msg_start(&m, RTM_NEWADDR, &ifa, sizeof(ifa));
	msg_attr(&m, IFA_LOCAL, &a4, 4);
	CHECK(parse_as(P_ADDR, &m, 2, &a) == -EINVAL, "addr: unaligned nlmsg_len");
	msg_start(&m, RTM_NEWADDR, &ifa, sizeof(ifa));
	CHECK(parse_as(P_ADDR, &m, 4, &a) == -EINVAL, "addr: short ifaddrmsg");
}

static void route_start(struct msg *m)
{
	struct rtmsg rtm = {.rtm_family = AF_INET, .rtm_type = RTN_UNICAST};

	msg_start(m, RTM_NEWROUTE, &rtm, sizeof(rtm));
}

/* Appends a next hop on ifindex with an RTA_GATEWAY of glen bytes of gw,
 * inside an RTA_MULTIPATH whose header is at mp; rtnh_len is made extra
 * bytes longer than its content (to break it). Keeps mp's nla_len up to
 * date. Returns the next hop's offset. */
static size_t put_nexthop(struct msg *m, size_t mp, int ifindex, const void *gw, size_t glen)
{
	struct rtnexthop nh = {.rtnh_ifindex = ifindex};
	size_t at = m->len;

	m->len += RTNH_LENGTH(0);
	m->len = put(m->b, m->len, RTA_GATEWAY, gw, glen);
	nh.rtnh_len = (unsigned short)(NLA_HDRLEN + glen + RTNH_LENGTH(0));
	memcpy(m->b + at, &nh, sizeof(nh));
	set_len(m->b, mp, (uint16_t)(m->len - mp));
	return at;
}

static void set_rtnh_len(struct msg *m, size_t at, unsigned short len)
{
	memcpy(m->b + at + offsetof(struct rtnexthop, rtnh_len), &len, sizeof(len));
}

static void test_route(void)
{
	uint32_t oif = 7;
	struct in_addr gw, gw2;
	struct na_route r;
	struct msg m;
	size_t mp, nh;

	inet_pton(AF_INET, "192.0.2.1", &gw);
	inet_pton(AF_INET, "192.0.2.2", &gw2);
	route_start(&m);
	msg_attr(&m, RTA_GATEWAY, &gw, 4);
	msg_attr(&m, RTA_OIF, &oif, 4);
	CHECK(parse_as(P_ROUTE, &m, 0, &r) == 0 && r.nnh == 1 && r.nh[0].ifindex == 7 &&
	              r.nh[0].gw.v4.s_addr == gw.s_addr,
	      "route: well-formed");
	/* Misaligned: nlmsg_len 2 bytes short of RTA_OIF's end. libmnl walked
	 * to the aligned end and read those 2 bytes past the message. */
	CHECK(parse_as(P_ROUTE, &m, 2, &r) == -EINVAL, "route: unaligned nlmsg_len cuts RTA_OIF");
	/* A short RTA_OIF was ignored: the gateway came out on ifindex 0. */
	route_start(&m);
	msg_attr(&m, RTA_OIF, &oif, 2);
	msg_attr(&m, RTA_GATEWAY, &gw, 4);
	CHECK(parse_as(P_ROUTE, &m, 0, &r) == -EINVAL, "route: 2-byte RTA_OIF rejected");
	route_start(&m);
	msg_attr(&m, RTA_GATEWAY, &gw, 2);
	CHECK(parse_as(P_ROUTE, &m, 0, &r) == -EINVAL, "route: 2-byte RTA_GATEWAY");
	route_start(&m);
	set_len(m.b, msg_attr(&m, RTA_GATEWAY, &gw, 4), 20);
	CHECK(parse_as(P_ROUTE, &m, 0, &r) == -EINVAL,
	      "route: RTA_GATEWAY overrunning the message");
	route_start(&m);
	CHECK(parse_as(P_ROUTE, &m, 0, &r) == 0 && r.nnh == 0, "route: no attributes");
	CHECK(parse_as(P_ROUTE, &m, 4, &r) == -EINVAL, "route: short rtmsg");

	/* RTA_MULTIPATH: two next hops. */
	route_start(&m);
	mp = msg_attr(&m, RTA_MULTIPATH, NULL, 0);
	put_nexthop(&m, mp, 7, &gw, 4);
	nh = put_nexthop(&m, mp, 8, &gw2, 4);
	CHECK(parse_as(P_ROUTE, &m, 0, &r) == 0 && r.nnh == 2 && r.nh[0].ifindex == 7 &&
	              r.nh[1].ifindex == 8 && r.nh[1].gw.v4.s_addr == gw2.s_addr,
	      "multipath: well-formed");
	CHECK(parse_as(P_ROUTE, &m, 2, &r) == -EINVAL,
	      "multipath: unaligned nlmsg_len cuts the last hop");
	set_rtnh_len(&m, nh, 18);
	CHECK(parse_as(P_ROUTE, &m, 0, &r) == -EINVAL, "multipath: rtnh_len beyond RTA_MULTIPATH");
	set_rtnh_len(&m, nh, 4);
	CHECK(parse_as(P_ROUTE, &m, 0, &r) == -EINVAL,
	      "multipath: rtnh_len shorter than struct rtnexthop");
	/* The gateway's nla_len runs past its next hop (into the padding). */
	set_rtnh_len(&m, nh, 16);
	set_len(m.b, nh + RTNH_LENGTH(0), 12);
	CHECK(parse_as(P_ROUTE, &m, 0, &r) == -EINVAL,
	      "multipath: inner attribute overrunning its hop");
	/* A 2-byte gateway inside a next hop was left out, and the route
	 * taken as well-formed. */
	route_start(&m);
	mp = msg_attr(&m, RTA_MULTIPATH, NULL, 0);
	put_nexthop(&m, mp, 7, &gw, 4);
	put_nexthop(&m, mp, 8, &gw2, 2);
	CHECK(parse_as(P_ROUTE, &m, 0, &r) == -EINVAL,
	      "multipath: 2-byte inner RTA_GATEWAY rejected");
	/* 4 stray bytes after the last next hop, too few for another. */
	route_start(&m);
	mp = msg_attr(&m, RTA_MULTIPATH, NULL, 0);
	put_nexthop(&m, mp, 7, &gw, 4);
	memset(m.b + m.len, 0, 4);
	m.len += 4;
	set_len(m.b, mp, (uint16_t)(m.len - mp));
	CHECK(parse_as(P_ROUTE, &m, 0, &r) == -EINVAL,
	      "multipath: 4 bytes left after the last hop");
}

static void test_neigh(void)
{
	static const uint8_t mac[6] = {0x02, 0, 0, 0xbb, 0, 0x01};
	struct ndmsg ndm = {.ndm_family = AF_INET, .ndm_ifindex = 7, .ndm_state = NUD_REACHABLE};
	struct in_addr dst;
	struct na_neigh n;
	struct msg m;

	inet_pton(AF_INET, "192.0.2.1", &dst);
	msg_start(&m, RTM_NEWNEIGH, &ndm, sizeof(ndm));
	msg_attr(&m, NDA_LLADDR, mac, 6);
	msg_attr(&m, NDA_DST, &dst, 4);
	CHECK(parse_as(P_NEIGH, &m, 0, &n) == 0 && n.ifindex == 7 && n.has_mac &&
	              n.ip.v4.s_addr == dst.s_addr,
	      "neigh: well-formed");
	/* Misaligned: libmnl read the last 2 bytes of NDA_DST past the end. */
	CHECK(parse_as(P_NEIGH, &m, 2, &n) == -EINVAL, "neigh: unaligned nlmsg_len cuts NDA_DST");
	msg_start(&m, RTM_NEWNEIGH, &ndm, sizeof(ndm));
	msg_attr(&m, NDA_DST, &dst, 2);
	CHECK(parse_as(P_NEIGH, &m, 0, &n) == -EINVAL, "neigh: 2-byte NDA_DST");
	msg_start(&m, RTM_NEWNEIGH, &ndm, sizeof(ndm));
	set_len(m.b, msg_attr(&m, NDA_DST, &dst, 4), 64);
	CHECK(parse_as(P_NEIGH, &m, 0, &n) == -EINVAL, "neigh: NDA_DST overrunning the message");
	msg_start(&m, RTM_NEWNEIGH, &ndm, sizeof(ndm));
	CHECK(parse_as(P_NEIGH, &m, 4, &n) == -EINVAL, "neigh: short ndmsg");
}

/* watch_plan.h's two readers of an RTM_NEWLINK. */
static void test_link_u32(void)
{
	struct ifinfomsg ifi = {.ifi_index = 7};
	uint32_t ups = 0, nine = 9, five = 5;
	int master = 0;
	struct msg m;

	msg_start(&m, RTM_NEWLINK, &ifi, sizeof(ifi));
	msg_attr(&m, IFLA_IFNAME, "eth0", 5);
	msg_attr(&m, IFLA_MASTER, &nine, 4);
	msg_attr(&m, IFLA_CARRIER_UP_COUNT, &five, 4);
	CHECK(parse_as(P_UPS, &m, 0, &ups) == 0 && ups == 5, "carrier ups: well-formed");
	CHECK(parse_as(P_MASTER, &m, 0, &master) == 0 && master == 9, "master: well-formed");
	/* Misaligned: libmnl read the count's last 2 bytes past the end. */
	CHECK(parse_as(P_UPS, &m, 2, &ups) == -EINVAL, "carrier ups: unaligned nlmsg_len");
	CHECK(parse_as(P_MASTER, &m, 2, &master) == -EINVAL, "master: unaligned nlmsg_len");
	/* An IFLA_MASTER overrunning the message ended libmnl's walk with no
	 * error: "no master" (-ENOENT) for a malformed message. */
	msg_start(&m, RTM_NEWLINK, &ifi, sizeof(ifi));
	set_len(m.b, msg_attr(&m, IFLA_MASTER, &nine, 4), 16);
	CHECK(parse_as(P_MASTER, &m, 0, &master) == -EINVAL, "master: overrunning the message");
	msg_start(&m, RTM_NEWLINK, &ifi, sizeof(ifi));
	msg_attr(&m, IFLA_MASTER, &nine, 2);
	CHECK(parse_as(P_MASTER, &m, 0, &master) == -EINVAL, "master: 2 bytes");
	msg_start(&m, RTM_NEWLINK, &ifi, sizeof(ifi));
	CHECK(parse_as(P_UPS, &m, 0, &ups) == -ENOENT &&
	              parse_as(P_MASTER, &m, 0, &master) == -ENOENT,
	      "neither attribute: -ENOENT");
	CHECK(parse_as(P_UPS, &m, 4, &ups) == -EINVAL &&
	              parse_as(P_MASTER, &m, 4, &master) == -EINVAL,
	      "short ifinfomsg");
}

int main(void)
{
	test_good();
	test_broken();
	test_msg();
	test_ip();
	test_link();
	test_link_router();
	test_addr();
	test_route();
	test_neigh();
	test_link_u32();
	return check_done();
}
