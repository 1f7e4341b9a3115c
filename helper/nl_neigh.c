/* SPDX-License-Identifier: BSD-2-Clause */
#include "nl_neigh.h" /* first: the libc headers before the linux/ ones */
#include "nl.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

int na_parse_notify(const char *s, enum na_notify *out)
{
	if (strcmp(s, "gateways") == 0)
		*out = NA_NOTIFY_GATEWAYS;
	else if (strcmp(s, "neighbours") == 0 || strcmp(s, "neighbors") == 0)
		*out = NA_NOTIFY_NEIGHBOURS;
	else if (strcmp(s, "none") == 0)
		*out = NA_NOTIFY_NONE;
	else
		return -EINVAL;
	return 0;
}

#define TB_MAX (RTA_MAX > NDA_MAX ? RTA_MAX : NDA_MAX)

struct tb {
	const struct nlattr *a[TB_MAX + 1];
	unsigned max;
};

static int collect(const struct nlattr *attr, void *data)
{
	struct tb *t = data;
	unsigned type = mnl_attr_get_type(attr);

	/* Newer kernels add attributes: skip what we do not know. */
	if (type <= t->max)
		t->a[type] = attr;
	return MNL_CB_OK;
}

/* An address attribute of the family's exact length into ip. */
static int get_ip(const void *p, size_t len, int family, struct na_ip *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (family == AF_INET && len == 4)
		memcpy(&ip->v4, p, 4);
	else if (family == AF_INET6 && len == 16)
		memcpy(&ip->v6, p, 16);
	else
		return -EINVAL;
	ip->family = family;
	return 0;
}

static void add_nh(struct na_route *r, int ifindex, const struct na_ip *gw)
{
	if (r->nnh < NA_ROUTE_NH_MAX) {
		r->nh[r->nnh].ifindex = ifindex;
		r->nh[r->nnh].gw = *gw;
		r->nnh++;
	}
}

/* RTA_MULTIPATH: a run of struct rtnexthop, each followed by its own
 * attributes (RTA_GATEWAY), rtnh_len covering both. Walked with the
 * remaining length checked before every read. */
static int parse_multipath(const uint8_t *p, size_t left, struct na_route *r)
{
	const size_t hdr = (size_t)RTNH_ALIGN(sizeof(struct rtnexthop));

	while (left >= sizeof(struct rtnexthop)) {
		struct rtnexthop nh;
		const uint8_t *a;
		size_t alen;

		memcpy(&nh, p, sizeof(nh));
		if (nh.rtnh_len < sizeof(nh) || nh.rtnh_len > left)
			return -EINVAL;
		a = p + hdr;
		alen = nh.rtnh_len > hdr ? nh.rtnh_len - hdr : 0;
		while (alen >= sizeof(struct nlattr)) {
			struct nlattr na;
			struct na_ip gw;

			memcpy(&na, a, sizeof(na));
			if (na.nla_len < sizeof(na) || na.nla_len > alen)
				return -EINVAL;
			if ((na.nla_type & NLA_TYPE_MASK) == RTA_GATEWAY &&
			    get_ip(a + sizeof(na), na.nla_len - sizeof(na), r->family, &gw) == 0)
				add_nh(r, nh.rtnh_ifindex, &gw);
			if ((size_t)NLA_ALIGN(na.nla_len) >= alen)
				break;
			alen -= (size_t)NLA_ALIGN(na.nla_len);
			a += (size_t)NLA_ALIGN(na.nla_len);
		}
		if ((size_t)RTNH_ALIGN(nh.rtnh_len) >= left)
			break;
		left -= (size_t)RTNH_ALIGN(nh.rtnh_len);
		p += (size_t)RTNH_ALIGN(nh.rtnh_len);
	}
	return 0;
}

int na_nl_parse_route(const struct nlmsghdr *nlh, struct na_route *out)
{
	struct tb t = {.max = RTA_MAX};
	const struct rtmsg *rtm;
	struct na_route r;
	struct na_ip gw;
	int oif = 0;

	if (nlh->nlmsg_len < sizeof(*nlh) || nlh->nlmsg_type != RTM_NEWROUTE ||
	    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*rtm)))
		return -EINVAL;
	rtm = mnl_nlmsg_get_payload(nlh);
	if (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6)
		return -EINVAL;
	if (mnl_attr_parse(nlh, sizeof(*rtm), collect, &t) < 0)
		return -EINVAL;
	memset(&r, 0, sizeof(r));
	r.family = rtm->rtm_family;
	/* Only unicast routes have next hops that are hosts on the link. */
	if (rtm->rtm_type != RTN_UNICAST) {
		*out = r;
		return 0;
	}
	if (t.a[RTA_OIF] && mnl_attr_validate(t.a[RTA_OIF], MNL_TYPE_U32) == 0)
		oif = (int)mnl_attr_get_u32(t.a[RTA_OIF]);
	if (t.a[RTA_GATEWAY] &&
	    get_ip(mnl_attr_get_payload(t.a[RTA_GATEWAY]),
	           mnl_attr_get_payload_len(t.a[RTA_GATEWAY]), r.family, &gw) == 0)
		add_nh(&r, oif, &gw);
	if (t.a[RTA_MULTIPATH] && parse_multipath(mnl_attr_get_payload(t.a[RTA_MULTIPATH]),
	                                          mnl_attr_get_payload_len(t.a[RTA_MULTIPATH]), &r))
		return -EINVAL;
	*out = r;
	return 0;
}

int na_nl_parse_neigh(const struct nlmsghdr *nlh, struct na_neigh *out)
{
	struct tb t = {.max = NDA_MAX};
	const struct ndmsg *ndm;
	const struct nlattr *a;
	struct na_neigh n;

	if (nlh->nlmsg_len < sizeof(*nlh) || nlh->nlmsg_type != RTM_NEWNEIGH ||
	    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ndm)))
		return -EINVAL;
	ndm = mnl_nlmsg_get_payload(nlh);
	if (mnl_attr_parse(nlh, sizeof(*ndm), collect, &t) < 0)
		return -EINVAL;
	memset(&n, 0, sizeof(n));
	n.ifindex = ndm->ndm_ifindex;
	n.state = ndm->ndm_state;
	n.flags = ndm->ndm_flags;
	a = t.a[NDA_DST];
	if (!a ||
	    get_ip(mnl_attr_get_payload(a), mnl_attr_get_payload_len(a), ndm->ndm_family, &n.ip))
		return -EINVAL;
	a = t.a[NDA_LLADDR];
	if (a && mnl_attr_get_payload_len(a) == NA_MAC_LEN) {
		memcpy(n.mac, mnl_attr_get_payload(a), NA_MAC_LEN);
		n.has_mac = true;
	}
	*out = n;
	return 0;
}

bool na_neigh_usable(const struct na_neigh *n, enum na_notify mode)
{
	static const uint8_t zero[NA_MAC_LEN];

	/* A zero or multicast MAC is no host to send a unicast frame to. */
	if (!n->has_mac || memcmp(n->mac, zero, NA_MAC_LEN) == 0 || (n->mac[0] & 1))
		return false;
	if (mode == NA_NOTIFY_NEIGHBOURS)
		return n->state & (NUD_REACHABLE | NUD_STALE | NUD_DELAY);
	return mode == NA_NOTIFY_GATEWAYS &&
	       !(n->state & (NUD_INCOMPLETE | NUD_FAILED | NUD_NONE | NUD_NOARP));
}

struct collect_state {
	int ifindex;
	enum na_notify mode;
	struct na_ip gw[NA_NOTIFY_MAX];
	bool gw_found[NA_NOTIFY_MAX];
	size_t ngw;
	struct na_peer *out;
	size_t max, n, dropped;
};

static bool has_ip(const struct na_ip *list, size_t n, const struct na_ip *ip, size_t *at)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (na_ip_cmp(&list[i], ip) == 0) {
			if (at)
				*at = i;
			return true;
		}
	}
	return false;
}

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct collect_state *s = data;
	struct na_route r;
	size_t i;

	if (na_nl_parse_route(nlh, &r))
		return MNL_CB_OK; /* skip what we cannot read, keep the rest */
	for (i = 0; i < r.nnh; i++) {
		if (r.nh[i].ifindex != s->ifindex || has_ip(s->gw, s->ngw, &r.nh[i].gw, NULL))
			continue;
		if (s->ngw < NA_NOTIFY_MAX)
			s->gw[s->ngw++] = r.nh[i].gw;
	}
	return MNL_CB_OK;
}

static int neigh_cb(const struct nlmsghdr *nlh, void *data)
{
	struct collect_state *s = data;
	struct na_neigh n;
	size_t at = 0, i;
	bool wanted;

	if (na_nl_parse_neigh(nlh, &n) || n.ifindex != s->ifindex)
		return MNL_CB_OK;
	if (s->mode == NA_NOTIFY_GATEWAYS) {
		/* Routers that announced themselves (RFC 4861 §6.3.4 sets
		 * IsRouter, the kernel's NTF_ROUTER) count as gateways too. */
		wanted = has_ip(s->gw, s->ngw, &n.ip, &at) ||
		         (n.ip.family == AF_INET6 && (n.flags & NTF_ROUTER));
	} else {
		wanted = true;
	}
	if (!wanted || !na_neigh_usable(&n, s->mode))
		return MNL_CB_OK;
	if (has_ip(s->gw, s->ngw, &n.ip, &at))
		s->gw_found[at] = true;
	for (i = 0; i < s->n; i++)
		if (na_ip_cmp(&s->out[i].ip, &n.ip) == 0)
			return MNL_CB_OK;
	if (s->n >= s->max) {
		s->dropped++;
		return MNL_CB_OK;
	}
	s->out[s->n].ip = n.ip;
	memcpy(s->out[s->n].mac, n.mac, NA_MAC_LEN);
	s->n++;
	return MNL_CB_OK;
}

static int collect_once(int ifindex, enum na_notify mode, struct na_peer *out, size_t max,
                        size_t *n, size_t *skipped, size_t *dropped)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct collect_state s;
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	struct ndmsg *ndm;
	size_t i;
	int err, intr = 0;

	memset(&s, 0, sizeof(s));
	s.ifindex = ifindex;
	s.mode = mode;
	s.out = out;
	s.max = max;
	*n = *skipped = *dropped = 0;
	if (mode == NA_NOTIFY_NONE)
		return 0;
	if (mode == NA_NOTIFY_GATEWAYS) {
		nlh = mnl_nlmsg_put_header(buf);
		nlh->nlmsg_type = RTM_GETROUTE;
		nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
		rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
		rtm->rtm_family = AF_UNSPEC; /* both families, every table */
		err = na_nl_request(nlh, route_cb, &s);
		if (err && err != -EINTR)
			return err;
		intr = err; /* the neighbours all the same: nl.h */
	}
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETNEIGH;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = AF_UNSPEC;
	/* Older kernels ignore ndm_ifindex in a dump: neigh_cb filters too. */
	ndm->ndm_ifindex = ifindex;
	err = na_nl_request(nlh, neigh_cb, &s);
	if (err && err != -EINTR)
		return err;
	for (i = 0; i < s.ngw; i++)
		*skipped += !s.gw_found[i];
	*n = s.n;
	*dropped = s.dropped;
	return err ? err : intr;
}

int na_notify_collect(int ifindex, enum na_notify mode, struct na_peer *out, size_t max, size_t *n,
                      size_t *skipped, size_t *dropped)
{
	int err, tries = 0;

	do /* from a clean state again after an inconsistent dump (nl.h) */
		err = collect_once(ifindex, mode, out, max, n, skipped, dropped);
	while (err == -EINTR && ++tries < NA_NL_DUMP_TRIES);
	return na_nl_dump_result(err);
}
