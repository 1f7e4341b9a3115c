/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: the pure rtnetlink parsers, every one that reads
 * attributes through nl_attr.h: na_nl_parse_link, na_nl_parse_addr
 * (nl.h), na_nl_parse_route with RTA_MULTIPATH's next hops,
 * na_nl_parse_neigh (nl_neigh.h), na_link_carrier_ups and na_link_master
 * (watch_plan.h). Each message goes to all six: each checks its own
 * nlmsg_type. The input is a buffer as recvmsg() would fill it; it is
 * cut into messages the way mnl_cb_run does for nl.c (a length of at least a
 * header and within the buffer), and each message is copied to an allocation
 * of exactly its length so that ASan sees any read past its end.
 *
 * Not through mnl_cb_run itself: libmnl 1.0.4's mnl_nlmsg_ok compares the
 * length as an int, so a message claiming 2 GiB or more passes and the walk
 * jumps out of the buffer (found by this target). Only the kernel, or a
 * process with CAP_NET_ADMIN, can write to our rtnetlink socket, and the
 * kernel never sends that; the fuzz target keeps to our own code.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nl.h"
#include "nl_neigh.h"
#include "watch_plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool ip_ok(const struct na_ip *ip, int family)
{
	return ip->family == family && (family == AF_INET || family == AF_INET6);
}

/* The documented results only: 0, -EINVAL, and -ENOENT where nl.h,
 * nl_neigh.h and watch_plan.h promise it. */
static void check_err(int err, bool enoent)
{
	if (err && err != -EINVAL && !(enoent && err == -ENOENT))
		abort();
}

static void parse_routing(const struct nlmsghdr *nlh)
{
	struct na_route r;
	struct na_neigh n;
	uint32_t ups;
	size_t i;
	int err, master;

	err = na_nl_parse_route(nlh, &r);
	check_err(err, false);
	if (err == 0) {
		if (r.nnh > NA_ROUTE_NH_MAX)
			abort();
		for (i = 0; i < r.nnh; i++)
			if (!ip_ok(&r.nh[i].gw, r.family))
				abort();
	}
	err = na_nl_parse_neigh(nlh, &n);
	check_err(err, false);
	if (err == 0) {
		if (n.ip.family != AF_INET && n.ip.family != AF_INET6)
			abort();
		na_neigh_usable(&n, NA_NOTIFY_GATEWAYS);
	}
	check_err(na_link_carrier_ups(nlh, &ups), true);
	err = na_link_master(nlh, &master);
	check_err(err, true);
	if (err == 0 && master <= 0)
		abort();
}

static void parse_one(const struct nlmsghdr *nlh)
{
	struct na_link l;
	struct na_addr a;

	if (na_nl_parse_link(nlh, &l) == 0) {
		if (strnlen(l.name, sizeof(l.name)) >= sizeof(l.name))
			abort(); /* the name must come back NUL-terminated */
		if (l.router < -1 || l.router > 1)
			abort(); /* on, off or not said */
		na_link_has_neigh(&l);
	}
	if (na_nl_parse_addr(nlh, &a) == 0) {
		if (a.ip.family != AF_INET && a.ip.family != AF_INET6)
			abort();
		na_addr_usable(&a);
	}
	parse_routing(nlh);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nlmsghdr h;
	size_t off = 0;
	void *msg;

	while (size - off >= sizeof(h)) {
		memcpy(&h, data + off, sizeof(h));
		if (h.nlmsg_len < sizeof(h) || h.nlmsg_len > size - off)
			break;
		msg = malloc(h.nlmsg_len);
		if (!msg)
			break;
		memcpy(msg, data + off, h.nlmsg_len);
		parse_one(msg);
		free(msg);
		off += NLMSG_ALIGN(h.nlmsg_len);
		if (off > size)
			break;
	}
	return 0;
}
