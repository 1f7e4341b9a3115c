/* SPDX-License-Identifier: BSD-2-Clause */
#include "nl_neigh.h" /* first: the libc headers before the linux/ ones */
#include "nl.h"

#include <errno.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "nl_attr.h"

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

/* What the parsers read of a route and of a neighbour message, and how
 * long each attribute must be (nl_attr.h). The same RTA_* rules hold for the
 * attributes of each next hop inside RTA_MULTIPATH. */
#define ROUTE_ATTRS (RTA_MULTIPATH + 1)
static const struct na_attr_rule route_rules[ROUTE_ATTRS] = {
        [RTA_OIF] = {NA_ATTR_EXACT, 4},
        /* At least an IPv4 address; one that is not of the route's
         * family is left out (nl_neigh.h), not an error. */
        [RTA_GATEWAY] = {NA_ATTR_MIN, 4},
        [RTA_MULTIPATH] = {NA_ATTR_MIN, 0}, /* walked by parse_multipath */
};

#define NEIGH_ATTRS (NDA_LLADDR + 1)
static const struct na_attr_rule neigh_rules[NEIGH_ATTRS] = {
        [NDA_DST] = {NA_ATTR_MIN, 4}, /* na_attr_ip checks the family's length */
        /* Any length: only a 6-byte one is a MAC that we use. */
        [NDA_LLADDR] = {NA_ATTR_MIN, 0},
};

static void add_nh(struct na_route *r, int ifindex, const struct na_ip *gw)
{
	if (r->nnh < NA_ROUTE_NH_MAX) {
		r->nh[r->nnh].ifindex = ifindex;
		r->nh[r->nnh].gw = *gw;
		r->nnh++;
	}
}

/* RTA_MULTIPATH: a run of struct rtnexthop, each followed by its own
 * attributes (RTA_GATEWAY), rtnh_len covering both, padded to
 * RTNH_ALIGNTO. Walked with the remaining length checked before every
 * read; each next hop's attributes go through na_attr_parse like the
 * message's own. */
static int parse_multipath(const struct nlattr *mp, struct na_route *r)
{
	const size_t hdr = RTNH_LENGTH(0);
	const uint8_t *p = na_attr_data(mp);
	size_t left = na_attr_len(mp), step;

	while (left > 0) {
		const struct nlattr *tb[ROUTE_ATTRS];
		struct rtnexthop nh;
		struct na_ip gw;

		if (left < hdr)
			return -EINVAL;
		memcpy(&nh, p, sizeof(nh));
		step = RTNH_ALIGN((size_t)nh.rtnh_len);
		if (nh.rtnh_len < hdr || step > left)
			return -EINVAL;
		if (na_attr_parse(p + hdr, nh.rtnh_len - hdr, route_rules, ROUTE_ATTRS, tb))
			return -EINVAL;
		if (tb[RTA_GATEWAY] && na_attr_ip(tb[RTA_GATEWAY], r->family, &gw) == 0)
			add_nh(r, nh.rtnh_ifindex, &gw);
		p += step;
		left -= step;
	}
	return 0;
}

int na_nl_parse_route(const struct nlmsghdr *nlh, struct na_route *out)
{
	const struct nlattr *tb[ROUTE_ATTRS];
	struct rtmsg rtm;
	struct na_route r;
	struct na_ip gw;
	int oif = 0;

	if (nlh->nlmsg_type != RTM_NEWROUTE ||
	    na_attr_parse_msg(nlh, &rtm, sizeof(rtm), route_rules, ROUTE_ATTRS, tb))
		return -EINVAL;
	if (rtm.rtm_family != AF_INET && rtm.rtm_family != AF_INET6)
		return -EINVAL;
	memset(&r, 0, sizeof(r));
	r.family = rtm.rtm_family;
	/* Only unicast routes have next hops that are hosts on the link. */
	if (rtm.rtm_type != RTN_UNICAST) {
		*out = r;
		return 0;
	}
	if (tb[RTA_OIF])
		oif = (int)na_attr_u32(tb[RTA_OIF]);
	if (tb[RTA_GATEWAY] && na_attr_ip(tb[RTA_GATEWAY], r.family, &gw) == 0)
		add_nh(&r, oif, &gw);
	if (tb[RTA_MULTIPATH] && parse_multipath(tb[RTA_MULTIPATH], &r))
		return -EINVAL;
	*out = r;
	return 0;
}

int na_nl_parse_neigh(const struct nlmsghdr *nlh, struct na_neigh *out)
{
	const struct nlattr *tb[NEIGH_ATTRS], *a;
	struct ndmsg ndm;
	struct na_neigh n;

	if ((nlh->nlmsg_type != RTM_NEWNEIGH && nlh->nlmsg_type != RTM_DELNEIGH) ||
	    na_attr_parse_msg(nlh, &ndm, sizeof(ndm), neigh_rules, NEIGH_ATTRS, tb))
		return -EINVAL;
	memset(&n, 0, sizeof(n));
	n.ifindex = ndm.ndm_ifindex;
	n.state = ndm.ndm_state;
	n.flags = ndm.ndm_flags;
	if (!tb[NDA_DST] || na_attr_ip(tb[NDA_DST], ndm.ndm_family, &n.ip))
		return -EINVAL;
	a = tb[NDA_LLADDR];
	if (a && na_attr_len(a) == NA_MAC_LEN) {
		memcpy(n.mac, na_attr_data(a), NA_MAC_LEN);
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
		return NA_NL_OK; /* skip what we cannot read, keep the rest */
	for (i = 0; i < r.nnh; i++) {
		if (r.nh[i].ifindex != s->ifindex || has_ip(s->gw, s->ngw, &r.nh[i].gw, NULL))
			continue;
		if (s->ngw < NA_NOTIFY_MAX)
			s->gw[s->ngw++] = r.nh[i].gw;
	}
	return NA_NL_OK;
}

static int neigh_cb(const struct nlmsghdr *nlh, void *data)
{
	struct collect_state *s = data;
	struct na_neigh n;
	size_t at = 0, i;
	bool wanted;

	if (na_nl_parse_neigh(nlh, &n) || n.ifindex != s->ifindex)
		return NA_NL_OK;
	if (s->mode == NA_NOTIFY_GATEWAYS) {
		/* Routers that announced themselves (RFC 4861 §6.3.4 sets
		 * IsRouter, the kernel's NTF_ROUTER) count as gateways too. */
		wanted = has_ip(s->gw, s->ngw, &n.ip, &at) ||
		         (n.ip.family == AF_INET6 && (n.flags & NTF_ROUTER));
	} else {
		wanted = true;
	}
	if (!wanted || !na_neigh_usable(&n, s->mode))
		return NA_NL_OK;
	if (has_ip(s->gw, s->ngw, &n.ip, &at))
		s->gw_found[at] = true;
	for (i = 0; i < s->n; i++)
		if (na_ip_cmp(&s->out[i].ip, &n.ip) == 0)
			return NA_NL_OK;
	if (s->n >= s->max) {
		s->dropped++;
		return NA_NL_OK;
	}
	s->out[s->n].ip = n.ip;
	memcpy(s->out[s->n].mac, n.mac, NA_MAC_LEN);
	s->n++;
	return NA_NL_OK;
}

/* A dump request: the netlink header and the family's fixed header. */
struct route_req {
	struct nlmsghdr nlh;
	struct rtmsg rtm;
};
struct neigh_req {
	struct nlmsghdr nlh;
	struct ndmsg ndm;
};

/* A route dump the kernel filters (strict checking): unicast routes of
 * one family with a next hop via ifindex, and RTA_OIF to say so. */
struct route_filter_req {
	struct nlmsghdr nlh;
	struct rtmsg rtm;
	struct rtattr oif;
	uint32_t oif_index;
};

/*
 * The gateways' routes as the kernel filters them: with 10,000 addresses
 * the local table holds 10,000 routes, which the plain dump sends whole
 * (~10 ms here) and which are never gateways. Per family (an AF_UNSPEC
 * dump also asks MPLS, which refuses a filter), the routes and then their
 * exceptions (RTM_F_CLONED: a strict dump gives one or the other; the plain
 * dump gives both, redirects' gateways among them). 0, -EINTR (one of them
 * inconsistent), or the error that says to ask the plain way.
 */
static int routes_filtered(int ifindex, struct collect_state *s)
{
	static const unsigned char family[2] = {AF_INET, AF_INET6};
	int err, intr = 0;
	unsigned f, c;

	for (f = 0; f < 2; f++) {
		for (c = 0; c < 2; c++) {
			struct route_filter_req req = {
			        .nlh = {.nlmsg_len = sizeof(req),
			                .nlmsg_type = RTM_GETROUTE,
			                .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP},
			        .rtm = {.rtm_family = family[f],
			                .rtm_type = RTN_UNICAST,
			                .rtm_flags = c ? RTM_F_CLONED : 0},
			        .oif = {.rta_len = RTA_LENGTH(sizeof(uint32_t)),
			                .rta_type = RTA_OIF},
			        .oif_index = (uint32_t)ifindex,
			};

			err = na_nl_request_strict(&req.nlh, route_cb, s);
			if (err == -EINTR)
				intr = err;
			else if (err)
				return err;
		}
	}
	return intr;
}

static int collect_once(int ifindex, enum na_notify mode, bool filter, struct na_peer *out,
                        size_t max, size_t *n, size_t *skipped, size_t *dropped)
{
	struct route_req rreq = {
	        .nlh = {.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg)),
	                .nlmsg_type = RTM_GETROUTE,
	                .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP},
	        .rtm = {.rtm_family = AF_UNSPEC}, /* both families, every table */
	};
	struct neigh_req nreq = {
	        .nlh = {.nlmsg_len = NLMSG_LENGTH(sizeof(struct ndmsg)),
	                .nlmsg_type = RTM_GETNEIGH,
	                .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP},
	        /* Older kernels ignore ndm_ifindex in a dump: neigh_cb
	         * filters too. */
	        .ndm = {.ndm_family = AF_UNSPEC, .ndm_ifindex = ifindex},
	};
	struct collect_state s;
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
		err = filter ? routes_filtered(ifindex, &s) : -ENOPROTOOPT;
		if (err && err != -EINTR) {
			/* Not asked for, a kernel before 4.20, a filter it
			 * refuses, a socket that cannot be switched: every
			 * route, as it comes. */
			s.ngw = 0;
			err = na_nl_request(&rreq.nlh, route_cb, &s);
		}
		if (err && err != -EINTR)
			return err;
		intr = err; /* the neighbours all the same: nl.h */
	}
	err = na_nl_request(&nreq.nlh, neigh_cb, &s);
	if (err && err != -EINTR)
		return err;
	for (i = 0; i < s.ngw; i++)
		*skipped += !s.gw_found[i];
	*n = s.n;
	*dropped = s.dropped;
	return err ? err : intr;
}

int na_notify_collect(int ifindex, enum na_notify mode, bool filter, struct na_peer *out,
                      size_t max, size_t *n, size_t *skipped, size_t *dropped)
{
	int err, tries = 0;

	do /* from a clean state again after an inconsistent dump (nl.h) */
		err = collect_once(ifindex, mode, filter, out, max, n, skipped, dropped);
	while (err == -EINTR && ++tries < NA_NL_DUMP_TRIES);
	return na_nl_dump_result(err);
}
