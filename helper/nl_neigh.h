/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Who to tell by unicast (--notify): the gateways of an interface, read from
 * the kernel's routing table, and the MACs the neighbour table holds for them.
 * A unicast ARP request or NS reaches hosts behind a bridge port with
 * neigh_suppress on (EVPN ARP/ND suppression), which holds back every
 * broadcast announcement. The parsers (na_nl_parse_route, na_nl_parse_neigh)
 * are pure and bounds-checked; the rest does the netlink I/O.
 * Functions return 0 or -errno.
 */
#ifndef NA_NL_NEIGH_H
#define NA_NL_NEIGH_H

#include <linux/netlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"
#include "parse.h"

enum na_notify {
	NA_NOTIFY_NONE = 0,   /* broadcast only */
	NA_NOTIFY_GATEWAYS,   /* next hops of routes via the interface, IPv6 routers */
	NA_NOTIFY_NEIGHBOURS, /* every REACHABLE/STALE/DELAY neighbour of the interface */
};

/* "gateways", "neighbours" (or "neighbors"), "none". 0 or -EINVAL. */
int na_parse_notify(const char *s, enum na_notify *out);

/* At most this many unicast peers per job: with `neighbours` on a large
 * segment, each round must stay a burst of frames, not a flood. */
#define NA_NOTIFY_MAX 64

/* One host to notify: its address and the MAC the neighbour table knows. */
struct na_peer {
	struct na_ip ip;
	uint8_t mac[NA_MAC_LEN];
};

/* Up to NA_ROUTE_NH_MAX next hops of one route (RTA_GATEWAY or RTA_MULTIPATH). */
#define NA_ROUTE_NH_MAX 16
struct na_route {
	int family;
	size_t nnh;
	struct {
		int ifindex;
		struct na_ip gw;
	} nh[NA_ROUTE_NH_MAX];
};

struct na_neigh {
	int ifindex;
	struct na_ip ip;
	uint16_t state; /* NUD_* */
	uint8_t flags;  /* NTF_* (NTF_ROUTER: an IPv6 router) */
	bool has_mac;
	uint8_t mac[NA_MAC_LEN];
};

/*
 * Pure parsers of one RTM_NEWROUTE / RTM_NEWNEIGH (or RTM_DELNEIGH) message. 0, or -EINVAL when
 * the message is malformed or not of that type. A route without a gateway
 * parses with nnh == 0; next hops that are not IPv4/IPv6 gateways of the
 * route's own family (RTA_VIA) are left out.
 */
int na_nl_parse_route(const struct nlmsghdr *nlh, struct na_route *out);
int na_nl_parse_neigh(const struct nlmsghdr *nlh, struct na_neigh *out);

/* May a neighbour entry be used as a notify peer? A MAC must be known (no
 * INCOMPLETE/FAILED: we never trigger resolution); with `neighbours` only
 * REACHABLE, STALE and DELAY entries count, as a gateway any entry with a MAC. */
bool na_neigh_usable(const struct na_neigh *n, enum na_notify mode);

/*
 * Collects the peers of ifindex for mode into out (up to max, deduplicated),
 * *n their number; *skipped counts gateways left out for lack of a known MAC,
 * *dropped those beyond max. Reads the routing and neighbour tables. filter:
 * have the kernel filter the routes (four dumps instead of one, ~20 us more
 * on a small table, but every address of the interface adds a local route:
 * with 10,000 of them, ~4 ms less for IPv4 and ~8 ms for IPv6).
 */
int na_notify_collect(int ifindex, enum na_notify mode, bool filter, struct na_peer *out,
                      size_t max, size_t *n, size_t *skipped, size_t *dropped);

#endif
