/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The parser for what `probe` hears: ARP (RFC 826) and IPv6 NS/NA
 * (RFC 4861). Pure. The input is hostile: every read is preceded by a check
 * of the remaining length, and a frame that fails one is rejected whole.
 */
#include <errno.h>
#include <string.h>

#include "frame_probe.h"

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static int parse_arp(const uint8_t *p, size_t left, struct na_rx *r)
{
	if (left < NA_ARP_LEN)
		return -EINVAL;
	/* Only IPv4 over Ethernet: hardware type 1, protocol 0x0800, 6 and 4. */
	if (get16(p) != NA_ARP_HTYPE_ETHER || get16(p + 2) != NA_ETHERTYPE_IPV4 ||
	    p[4] != NA_MAC_LEN || p[5] != NA_ARP_IPV4_LEN)
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
		olen = (size_t)p[1] * NA_ND_OPT_UNIT;
		if (olen == 0 || olen > left)
			return -EINVAL;
		if (p[0] == lla_type && olen == NA_ND_OPT_UNIT) {
			r->has_lla = true;
			memcpy(r->lla, p + 2, NA_MAC_LEN);
		} else if (p[0] == NA_ND_OPT_NONCE && olen == NA_ND_OPT_UNIT) {
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

	if (left < NA_IP6_HLEN)
		return -EINVAL;
	if ((ip6[0] >> 4) != 6)
		return -EINVAL;
	plen = get16(ip6 + 4);
	if (plen > left - NA_IP6_HLEN)
		return -EINVAL; /* truncated; Ethernet padding after plen is fine */
	if (ip6[NA_IP6_OFF_NH] != IPPROTO_ICMPV6)
		return -ENOMSG; /* ND never carries extension headers we must read */
	icmp = ip6 + NA_IP6_HLEN;
	if (plen < 1)
		return -EINVAL;
	type = icmp[0];
	if (type != NA_ICMP6_NS && type != NA_ICMP6_NA)
		return -ENOMSG;
	if (plen < NA_ND_BODY_LEN || ip6[7] != NA_ND_HOP_LIMIT || icmp[1] != 0)
		return -EINVAL;
	memcpy(&r->src, ip6 + 8, 16);
	memcpy(&r->dst, ip6 + 24, 16);
	if (na_icmp6_checksum(&r->src, &r->dst, icmp, plen) != 0)
		return -EINVAL; /* a valid sum over the whole message folds to 0 */
	memcpy(&r->target, icmp + 8, 16);
	if (IN6_IS_ADDR_MULTICAST(&r->target))
		return -EINVAL;
	r->kind = type == NA_ICMP6_NS ? NA_RX_NS : NA_RX_NA;
	r->na_flags = type == NA_ICMP6_NA ? icmp[4] : 0;
	if (parse_options(icmp + NA_ND_BODY_LEN, plen - NA_ND_BODY_LEN,
	                  type == NA_ICMP6_NS ? NA_ND_OPT_SLLA : NA_ND_OPT_TLLA, r))
		return -EINVAL;
	if (type == NA_ICMP6_NS && r->has_lla && memcmp(&r->src, &unspecified, 16) == 0)
		return -EINVAL; /* RFC 4861 §7.1.1 */
	if (type == NA_ICMP6_NA && (r->na_flags & NA_ND_FLAG_SOLIC) &&
	    IN6_IS_ADDR_MULTICAST(&r->dst))
		return -EINVAL; /* RFC 4861 §7.1.2 */
	return 0;
}

int na_parse_frame(const uint8_t *buf, size_t len, struct na_rx *out)
{
	struct na_rx r;
	uint16_t type;
	int err;

	if (len < NA_ETH_HLEN)
		return -EINVAL;
	memset(&r, 0, sizeof(r));
	memcpy(r.eth_dst, buf, NA_MAC_LEN);
	memcpy(r.eth_src, buf + 6, NA_MAC_LEN);
	type = get16(buf + NA_ETH_OFF_ETHERTYPE);
	if (type == NA_ETHERTYPE_ARP)
		err = parse_arp(buf + NA_ETH_HLEN, len - NA_ETH_HLEN, &r);
	else if (type == NA_ETHERTYPE_IPV6)
		err = parse_nd(buf + NA_ETH_HLEN, len - NA_ETH_HLEN, &r);
	else
		err = -ENOMSG;
	if (err)
		return err;
	*out = r;
	return 0;
}
