/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The one netlink attribute parser. Every rtnetlink message we read (links,
 * addresses, routes, neighbours) and the next hops nested in a route's
 * RTA_MULTIPATH go through na_attr_parse, so the length, alignment and
 * payload checks are written once. Pure: no I/O, no globals. It walks a
 * pointer and a remaining length, checks each length before it reads, and
 * never assumes the buffer is aligned. Functions return 0 or -EINVAL.
 *
 * Facts from the kernel's uapi (linux/netlink.h): an attribute is a struct
 * nlattr (nla_len, nla_type) and its payload; nla_len counts both but not
 * the padding to NLA_ALIGNTO (4) that follows; the top two bits of nla_type
 * are flags (NLA_F_NESTED, NLA_F_NET_BYTEORDER), not part of the type.
 */
#ifndef NA_NL_ATTR_H
#define NA_NL_ATTR_H

#include <linux/netlink.h>
#include <stddef.h>
#include <stdint.h>

#include "parse.h"

/* What the payload of one attribute type must be. */
enum na_attr_check {
	NA_ATTR_UNUSED = 0, /* not read by this parser: skipped like an unknown type */
	NA_ATTR_MIN,        /* at least len bytes (len 0: any length) */
	NA_ATTR_EXACT,      /* exactly len bytes (a u32: 4) */
	NA_ATTR_STRZ,       /* 1 to len bytes, the last one NUL */
};

/* 4 bytes (check is an enum na_attr_check): the link's table spans 27
 * types, in the page of read-only data the program hooks run has. */
struct na_attr_rule {
	uint8_t check;
	uint16_t len;
};

/*
 * Walks the attributes in buf[0, len). rules and tb have ntypes entries,
 * indexed by type. tb is cleared, then for every attribute whose type has a
 * rule, tb[type] points at it (the last one when a type repeats, as in the
 * kernel's own nla_parse). Types without a rule, or >= ntypes, are skipped:
 * newer kernels add attributes.
 *
 * -EINVAL when an attribute is shorter than its header, runs past len, is
 * not followed by its padding (the next one, or the end, would be
 * misaligned: the kernel always pads), or has a rule and breaks it. tb is
 * then in no defined state.
 */
int na_attr_parse(const void *buf, size_t len, const struct na_attr_rule *rules, size_t ntypes,
                  const struct nlattr **tb);

/*
 * The same for a whole message: nlh's first nlmsg_len bytes, of which the
 * fixed header after struct nlmsghdr (struct ifinfomsg, ifaddrmsg, rtmsg,
 * ndmsg...) is hdrlen bytes, copied to hdr. -EINVAL also when nlmsg_len is
 * shorter than both headers. The caller checks nlmsg_type.
 */
int na_attr_parse_msg(const struct nlmsghdr *nlh, void *hdr, size_t hdrlen,
                      const struct na_attr_rule *rules, size_t ntypes, const struct nlattr **tb);

/* An attribute from tb: its payload and the payload's length. Read
 * attributes through these only: tb's pointers may be unaligned. */
const void *na_attr_data(const struct nlattr *a);
size_t na_attr_len(const struct nlattr *a);

/* The payload of an attribute checked NA_ATTR_EXACT 4, in host order. */
uint32_t na_attr_u32(const struct nlattr *a);

/* An address attribute (IFA_LOCAL, RTA_GATEWAY, NDA_DST...) of family:
 * 0 with *ip set when its payload is exactly that family's length
 * (AF_INET 4, AF_INET6 16), -EINVAL otherwise (*ip untouched). */
int na_attr_ip(const struct nlattr *a, int family, struct na_ip *ip);

#endif
