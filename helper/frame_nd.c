/* SPDX-License-Identifier: BSD-2-Clause */
/* IPv6 Neighbor Discovery frames (RFC 4861), DAD (RFC 4862) with an RFC 7527
 * nonce. Pure: no I/O, no globals. */
#include <string.h>

#include "frame.h"

static const struct in6_addr all_nodes = {{{0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}}};

void na_solicited_node(struct in6_addr *group, const struct in6_addr *addr)
{
	static const uint8_t prefix[13] = {0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff};

	memcpy(group->s6_addr, prefix, sizeof(prefix));
	memcpy(group->s6_addr + 13, addr->s6_addr + 13, 3);
}

void na_ipv6_mcast_mac(uint8_t mac[NA_MAC_LEN], const struct in6_addr *group)
{
	mac[0] = 0x33;
	mac[1] = 0x33;
	memcpy(mac + 2, group->s6_addr + 12, 4);
}

void na_na_unsolicited(struct na_na_frame *f, const uint8_t mac[NA_MAC_LEN],
                       const struct in6_addr *addr, bool router)
{
	memset(f, 0, sizeof(*f));
	f->dst = all_nodes;
	na_ipv6_mcast_mac(f->eth_dst, &f->dst);
	memcpy(f->eth_src, mac, NA_MAC_LEN);
	f->src = *addr;
	f->target = *addr;
	f->router = router;
	f->solicited = false; /* RFC 4861 §7.2.6: unsolicited, S=0 */
	f->override = true;   /* ... and O=1 so that caches take the new MAC */
	f->has_tllao = true;
	memcpy(f->tllao, mac, NA_MAC_LEN);
}

void na_ns_dad(struct na_ns_frame *f, const uint8_t mac[NA_MAC_LEN], const struct in6_addr *target,
               const uint8_t nonce[NA_NONCE_LEN])
{
	memset(f, 0, sizeof(*f));
	na_solicited_node(&f->dst, target);
	na_ipv6_mcast_mac(f->eth_dst, &f->dst);
	memcpy(f->eth_src, mac, NA_MAC_LEN);
	/* f->src stays :: (RFC 4862 §5.4.2) and so no SLLA option. */
	f->target = *target;
	f->has_nonce = true;
	memcpy(f->nonce, nonce, NA_NONCE_LEN);
}

static uint8_t *put_option(uint8_t *p, uint8_t type, const uint8_t six[6])
{
	p[0] = type;
	p[1] = 1; /* length in units of 8 bytes */
	memcpy(p + 2, six, 6);
	return p + NA_ND_OPT_UNIT;
}

/* Writes Ethernet and IPv6 headers around an ND body already at
 * buf + NA_ETH_HLEN + NA_IP6_HLEN with length icmp_len, and fills its checksum. */
static size_t finish(uint8_t *buf, const uint8_t eth_dst[NA_MAC_LEN],
                     const uint8_t eth_src[NA_MAC_LEN], const struct in6_addr *src,
                     const struct in6_addr *dst, size_t icmp_len)
{
	uint8_t *eth = buf, *ip6 = buf + NA_ETH_HLEN, *icmp = ip6 + NA_IP6_HLEN;
	uint16_t sum;

	memcpy(eth, eth_dst, NA_MAC_LEN);
	memcpy(eth + 6, eth_src, NA_MAC_LEN);
	eth[NA_ETH_OFF_ETHERTYPE] = NA_ETHERTYPE_IPV6 >> 8;
	eth[NA_ETH_OFF_ETHERTYPE + 1] = NA_ETHERTYPE_IPV6 & 0xff;

	memset(ip6, 0, NA_IP6_HLEN);
	ip6[0] = 0x60; /* version 6, traffic class 0, flow label 0 */
	ip6[4] = (uint8_t)(icmp_len >> 8);
	ip6[5] = (uint8_t)icmp_len;
	ip6[6] = IPPROTO_ICMPV6;
	ip6[7] = NA_ND_HOP_LIMIT;
	memcpy(ip6 + 8, src->s6_addr, 16);
	memcpy(ip6 + 24, dst->s6_addr, 16);

	icmp[2] = icmp[3] = 0;
	sum = na_icmp6_checksum(src, dst, icmp, icmp_len);
	icmp[2] = (uint8_t)(sum >> 8);
	icmp[3] = (uint8_t)sum;
	return NA_ETH_HLEN + NA_IP6_HLEN + icmp_len;
}

size_t na_build_ns(uint8_t *buf, size_t len, const struct na_ns_frame *f)
{
	size_t icmp_len = NA_ND_BODY_LEN + (f->has_sllao ? NA_ND_OPT_UNIT : 0) +
	                  (f->has_nonce ? NA_ND_OPT_UNIT : 0);
	uint8_t *icmp = buf + NA_ETH_HLEN + NA_IP6_HLEN, *p;

	if (len < NA_ETH_HLEN + NA_IP6_HLEN + icmp_len)
		return 0;
	memset(icmp, 0, NA_ND_BODY_LEN);
	icmp[0] = NA_ICMP6_NS;
	memcpy(icmp + 8, f->target.s6_addr, 16);
	p = icmp + NA_ND_BODY_LEN;
	if (f->has_sllao)
		p = put_option(p, NA_ND_OPT_SLLA, f->sllao);
	if (f->has_nonce)
		put_option(p, NA_ND_OPT_NONCE, f->nonce);
	return finish(buf, f->eth_dst, f->eth_src, &f->src, &f->dst, icmp_len);
}

size_t na_build_na(uint8_t *buf, size_t len, const struct na_na_frame *f)
{
	size_t icmp_len = NA_ND_BODY_LEN + (f->has_tllao ? NA_ND_OPT_UNIT : 0);
	uint8_t *icmp = buf + NA_ETH_HLEN + NA_IP6_HLEN;

	if (len < NA_ETH_HLEN + NA_IP6_HLEN + icmp_len)
		return 0;
	memset(icmp, 0, NA_ND_BODY_LEN);
	icmp[0] = NA_ICMP6_NA;
	icmp[4] = (uint8_t)((f->router ? NA_ND_FLAG_ROUTER : 0) |
	                    (f->solicited ? NA_ND_FLAG_SOLIC : 0) |
	                    (f->override ? NA_ND_FLAG_OVERR : 0));
	memcpy(icmp + 8, f->target.s6_addr, 16);
	if (f->has_tllao)
		put_option(icmp + NA_ND_BODY_LEN, NA_ND_OPT_TLLA, f->tllao);
	return finish(buf, f->eth_dst, f->eth_src, &f->src, &f->dst, icmp_len);
}
