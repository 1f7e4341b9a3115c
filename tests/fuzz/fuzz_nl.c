/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: the pure rtnetlink parsers, na_nl_parse_link and
 * na_nl_parse_addr. The input is a buffer as recvmsg() would fill it; it is
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
#include <linux/netlink.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void parse_one(const struct nlmsghdr *nlh)
{
	struct na_link l;
	struct na_addr a;

	if (na_nl_parse_link(nlh, &l) == 0) {
		if (strnlen(l.name, sizeof(l.name)) >= sizeof(l.name))
			abort(); /* the name must come back NUL-terminated */
		na_link_has_neigh(&l);
	}
	if (na_nl_parse_addr(nlh, &a) == 0) {
		if (a.ip.family != AF_INET && a.ip.family != AF_INET6)
			abort();
		na_addr_usable(&a);
	}
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
