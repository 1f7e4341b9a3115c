/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Pure builders (and one parser) for the Ethernet frames neigh-announce sends.
 *
 * Every builder writes into a buffer the caller owns, with an explicit length,
 * and returns the frame length, or 0 when the buffer is too small (nothing is
 * then written). No I/O, no globals: tests compare the bytes with frames made
 * by an independent tool (scapy), see tests/golden/.
 */
#ifndef NA_FRAME_H
#define NA_FRAME_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire.h"

/* Ethernet header (14) + ARP for IPv4 over Ethernet (28): 42. */
#define NA_ARP_FRAME_LEN (NA_ETH_HLEN + NA_ARP_LEN)
/* Ethernet (14) + IPv6 (40) + NS/NA body (24) + one 8-byte option: 86. */
#define NA_ND_FRAME_LEN (NA_ETH_HLEN + NA_IP6_HLEN + NA_ND_BODY_LEN + NA_ND_OPT_UNIT)
/* ... + two 8-byte options: 94. */
#define NA_ND_FRAME_MAX (NA_ND_FRAME_LEN + NA_ND_OPT_UNIT)

/* Which frames an announcement sends (--ipv4, --ipv6, and the settings
 * file's ipv4 = and ipv6 =): bits of the IPv4 and the IPv6 kind. */
#define NA_V4_REQUEST 1u /* RFC 5227 §2.3 announcement */
#define NA_V4_REPLY   2u /* ARP reply, target MAC = own MAC */
#define NA_V6_NA      1u /* unsolicited NA, RFC 4861 §7.2.6 */
#define NA_V6_DAD     2u /* DAD NS with a nonce, RFC 4862 §5.4.2, RFC 7527 */

struct na_arp_frame {
	uint8_t eth_dst[NA_MAC_LEN];
	uint8_t eth_src[NA_MAC_LEN];
	uint16_t op;
	uint8_t sha[NA_MAC_LEN];
	struct in_addr spa;
	uint8_t tha[NA_MAC_LEN];
	struct in_addr tpa;
};

struct na_ns_frame {
	uint8_t eth_dst[NA_MAC_LEN];
	uint8_t eth_src[NA_MAC_LEN];
	struct in6_addr src;
	struct in6_addr dst;
	struct in6_addr target;
	bool has_sllao; /* Source Link-Layer Address option, RFC 4861 §4.6.1 */
	uint8_t sllao[NA_MAC_LEN];
	bool has_nonce; /* Nonce option, RFC 3971 §5.3.2 / RFC 7527 */
	uint8_t nonce[NA_NONCE_LEN];
};

struct na_na_frame {
	uint8_t eth_dst[NA_MAC_LEN];
	uint8_t eth_src[NA_MAC_LEN];
	struct in6_addr src;
	struct in6_addr dst;
	struct in6_addr target;
	bool router, solicited, override; /* R, S, O flags, RFC 4861 §4.4 */
	bool has_tllao;                   /* Target Link-Layer Address option, RFC 4861 §4.6.1 */
	uint8_t tllao[NA_MAC_LEN];
};

/*
 * ARP announcement, RFC 5227 §2.3: a request with sender IP = target IP and a
 * zero target MAC, broadcast. With reply: op 2 and tha = our MAC (the form
 * arping -A sends), still broadcast.
 */
void na_arp_announcement(struct na_arp_frame *f, const uint8_t mac[NA_MAC_LEN], struct in_addr addr,
                         bool reply);

/*
 * Unsolicited Neighbor Advertisement, RFC 4861 §7.2.6: to all-nodes ff02::1,
 * S=0, O=1, R when the node is a router, Target LLA = our MAC, IPv6 source =
 * the address itself.
 */
void na_na_unsolicited(struct na_na_frame *f, const uint8_t mac[NA_MAC_LEN],
                       const struct in6_addr *addr, bool router);

/*
 * Duplicate Address Detection NS, RFC 4862 §5.4.2: IPv6 source ::, to the
 * solicited-node group of the target, no Source LLA option (§5.4.2: it must not
 * be included with an unspecified source), plus an RFC 7527 Nonce option.
 */
void na_ns_dad(struct na_ns_frame *f, const uint8_t mac[NA_MAC_LEN], const struct in6_addr *target,
               const uint8_t nonce[NA_NONCE_LEN]);

/* ff02::1:ff00:0/104 plus the low 24 bits of addr, RFC 4291 §2.7.1. */
void na_solicited_node(struct in6_addr *group, const struct in6_addr *addr);
/* 33:33 + low 32 bits of the IPv6 group, RFC 2464 §7. */
void na_ipv6_mcast_mac(uint8_t mac[NA_MAC_LEN], const struct in6_addr *group);

size_t na_build_arp(uint8_t *buf, size_t len, const struct na_arp_frame *f);
size_t na_build_ns(uint8_t *buf, size_t len, const struct na_ns_frame *f);
size_t na_build_na(uint8_t *buf, size_t len, const struct na_na_frame *f);

/* The Internet checksum (RFC 1071) over an ICMPv6 message with its IPv6
 * pseudo-header (RFC 8200 §8.1). Returns the value to store, in host order. */
uint16_t na_icmp6_checksum(const struct in6_addr *src, const struct in6_addr *dst,
                           const uint8_t *msg, size_t len);

#endif
