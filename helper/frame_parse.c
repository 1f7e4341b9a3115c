/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The parser for what `probe` hears: ARP (RFC 826) and IPv6 NS/NA
 * (RFC 4861). Pure. The input is hostile: every read is preceded by a check
 * of the remaining length, and a frame that fails one is rejected whole.
 */
#include <errno.h>
#include <string.h>

#include "frame_probe.h"

#define ETH_HLEN_       14
#define ETHERTYPE_ARP_  0x0806
#define ETHERTYPE_IPV4_ 0x0800
#define ETHERTYPE_IPV6_ 0x86dd
#define ARP_LEN         28 /* RFC 826 for IPv4 over Ethernet */
#define ARP_HTYPE_ETH   1
#define IP6_HLEN        40
#define ND_HOP_LIMIT    255 /* RFC 4861 §7.1.1/§7.1.2 */
#define ND_BODY         24  /* type, code, checksum, flags/reserved, target */
#define ICMP6_NS        135
#define ICMP6_NA        136
#define OPT_SLLA        1 /* RFC 4861 §4.6.1 */
#define OPT_TLLA        2
#define OPT_NONCE       14 /* RFC 3971 §5.3.2 */
#define NA_FLAG_S       0x40

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static int parse_arp(const uint8_t *p, size_t left, struct na_rx *r)
{
	if (left < ARP_LEN)
		return -EINVAL;
	/* Only IPv4 over Ethernet: hardware type 1, protocol 0x0800, 6 and 4. */
	if (get16(p) != ARP_HTYPE_ETH || get16(p + 2) != ETHERTYPE_IPV4_ || p[4] != NA_MAC_LEN ||
	    p[5] != 4)
		return -EINVAL;
	r->kind = NA_RX_ARP;
	r->op = get16(p + 6);
	memcpy(r->sha, p + 8, NA_MAC_LEN);
	memcpy(&r->spa, p + 14, 4);
	memcpy(r->tha, p + 18, NA_MAC_LEN);
	memcpy(&r->tpa, p + 24, 4);
	return 0;
}

/* The options after the ND body: each is type, length in 8-byte units
 * (never 0, RFC 4861 §7.1.1), and must fit in what is left. */
static int parse_options(const uint8_t *p, size_t left, uint8_t lla_type, struct na_rx *r)
{
	while (left > 0) {
		size_t olen;

		if (left < 2)
			return -EINVAL;
		olen = (size_t)p[1] * 8;
		if (olen == 0 || olen > left)
			return -EINVAL;
		if (p[0] == lla_type && olen == 8) {
			r->has_lla = true;
			memcpy(r->lla, p + 2, NA_MAC_LEN);
		} else if (p[0] == OPT_NONCE && olen == 8) {
			/* RFC 7527 §2: our nonces are 6 bytes, a one-unit option. */
			r->has_nonce = true;
			memcpy(r->nonce, p + 2, NA_NONCE_LEN);
		}
		/* Anything else is skipped, RFC 4861 §4.6. */
		p += olen;
		left -= olen;
	}
	return 0;
}

static int parse_nd(const uint8_t *ip6, size_t left, struct na_rx *r)
{
	static const struct in6_addr unspecified;
	const uint8_t *icmp;
	size_t plen;
	uint8_t type;

	if (left < IP6_HLEN)
		return -EINVAL;
	if ((ip6[0] >> 4) != 6)
		return -EINVAL;
	plen = get16(ip6 + 4);
	if (plen > left - IP6_HLEN)
		return -EINVAL; /* truncated; Ethernet padding after plen is fine */
	if (ip6[6] != IPPROTO_ICMPV6)
		return -ENOMSG; /* ND never carries extension headers we must read */
	icmp = ip6 + IP6_HLEN;
	if (plen < 1)
		return -EINVAL;
	type = icmp[0];
	if (type != ICMP6_NS && type != ICMP6_NA)
		return -ENOMSG;
	if (plen < ND_BODY || ip6[7] != ND_HOP_LIMIT || icmp[1] != 0)
		return -EINVAL;
	memcpy(&r->src, ip6 + 8, 16);
	memcpy(&r->dst, ip6 + 24, 16);
	if (na_icmp6_checksum(&r->src, &r->dst, icmp, plen) != 0)
		return -EINVAL; /* a valid sum over the whole message folds to 0 */
	memcpy(&r->target, icmp + 8, 16);
	if (IN6_IS_ADDR_MULTICAST(&r->target))
		return -EINVAL;
	r->kind = type == ICMP6_NS ? NA_RX_NS : NA_RX_NA;
	r->na_flags = type == ICMP6_NA ? icmp[4] : 0;
	if (parse_options(icmp + ND_BODY, plen - ND_BODY, type == ICMP6_NS ? OPT_SLLA : OPT_TLLA,
	                  r))
		return -EINVAL;
	if (type == ICMP6_NS && r->has_lla && memcmp(&r->src, &unspecified, 16) == 0)
		return -EINVAL; /* RFC 4861 §7.1.1 */
	if (type == ICMP6_NA && (r->na_flags & NA_FLAG_S) && IN6_IS_ADDR_MULTICAST(&r->dst))
		return -EINVAL; /* RFC 4861 §7.1.2 */
	return 0;
}

int na_parse_frame(const uint8_t *buf, size_t len, struct na_rx *out)
{
	struct na_rx r;
	uint16_t type;
	int err;

	if (len < ETH_HLEN_)
		return -EINVAL;
	memset(&r, 0, sizeof(r));
	memcpy(r.eth_dst, buf, NA_MAC_LEN);
	memcpy(r.eth_src, buf + 6, NA_MAC_LEN);
	type = get16(buf + 12);
	if (type == ETHERTYPE_ARP_)
		err = parse_arp(buf + ETH_HLEN_, len - ETH_HLEN_, &r);
	else if (type == ETHERTYPE_IPV6_)
		err = parse_nd(buf + ETH_HLEN_, len - ETH_HLEN_, &r);
	else
		err = -ENOMSG;
	if (err)
		return err;
	*out = r;
	return 0;
}
