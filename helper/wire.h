/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The protocol constants of what neigh-announce puts on the wire and reads
 * from it: Ethernet, ARP, IPv6, ICMPv6 Neighbor Discovery, MLDv2, and the
 * protocol timers. One place, each with the RFC section that defines it, so
 * that the builders, the receive parser and the BPF filter cannot drift
 * apart. Values only: no types, no functions, nothing of the program's own.
 */
#ifndef NA_WIRE_H
#define NA_WIRE_H

/* ---- Ethernet ---------------------------------------------------------- */

/* 48-bit MAC addresses: RFC 826's ar$hln for Ethernet, RFC 2464 §6. */
#define NA_MAC_LEN 6
/* Destination MAC, source MAC, EtherType (RFC 894, RFC 2464 §3). */
#define NA_ETH_HLEN          14
#define NA_ETH_OFF_ETHERTYPE 12
#define NA_ETHERTYPE_IPV4    0x0800 /* RFC 894 */
#define NA_ETHERTYPE_ARP     0x0806 /* RFC 826 */
#define NA_ETHERTYPE_IPV6    0x86dd /* RFC 2464 §3 */

/* ---- ARP, RFC 826 ------------------------------------------------------ */

#define NA_ARP_HTYPE_ETHER 1 /* ar$hrd: Ethernet (IANA hardware type 1) */
#define NA_ARP_IPV4_LEN    4 /* ar$pln for IPv4 */
/* hrd, pro, hln, pln, op (8), then sha, spa, tha, tpa (2 * (6 + 4)). */
#define NA_ARP_LEN        28
#define NA_ARP_OP_REQUEST 1
#define NA_ARP_OP_REPLY   2

/* ---- IPv6, RFC 8200 ---------------------------------------------------- */

#define NA_IP6_HLEN        40 /* §3: the fixed header */
#define NA_IP6_OFF_NH      6  /* §3: next header */
#define NA_IP6_NH_HOPOPTS  0  /* §4.3: Hop-by-Hop Options header */
#define NA_IP6_HBH_MIN_LEN 8  /* §4.3: Hdr Ext Len 0 means 8 bytes */
#define NA_IP6_OPT_PADN    1  /* §4.2 */
#define NA_IP6_OPT_RTALERT 5  /* RFC 2711 §2.1: Router Alert */
#define NA_IP6_RTALERT_MLD 0  /* RFC 2711 §2.1: value 0, MLD */

/* ---- ICMPv6 Neighbor Discovery, RFC 4861 (RFC 4862 DAD) ---------------- */

#define NA_ICMP6_NS     135 /* §4.3 Neighbor Solicitation */
#define NA_ICMP6_NA     136 /* §4.4 Neighbor Advertisement */
#define NA_ND_HOP_LIMIT 255 /* §7.1.1/§7.1.2: receivers drop anything else */
/* §4.3/§4.4: type, code, checksum (4), reserved or flags (4), target (16). */
#define NA_ND_BODY_LEN    24
#define NA_ND_FLAG_ROUTER 0x80 /* §4.4: R */
#define NA_ND_FLAG_SOLIC  0x40 /* §4.4: S */
#define NA_ND_FLAG_OVERR  0x20 /* §4.4: O */
#define NA_ND_OPT_UNIT    8    /* §4.6: option lengths count 8-byte units */
#define NA_ND_OPT_SLLA    1    /* §4.6.1: Source Link-Layer Address */
#define NA_ND_OPT_TLLA    2    /* §4.6.1: Target Link-Layer Address */
#define NA_ND_OPT_NONCE   14   /* RFC 3971 §5.3.2, used for DAD by RFC 7527 */
/* RFC 7527 §2: a nonce of at least 6 random bytes; we send exactly 6, which
 * makes the Nonce option one unit. */
#define NA_NONCE_LEN 6

/* ---- MLDv2, RFC 3810 --------------------------------------------------- */

#define NA_ICMP6_MLD2_REPORT 143 /* §5.2 */
#define NA_MLD_HOP_LIMIT     1   /* §5: link-local scope */
#define NA_MLD2_REPORT_HLEN  8   /* §5.2: type, reserved, checksum, reserved, count */
/* §5.2: record type, aux data length, number of sources, multicast address. */
#define NA_MLD2_RECORD_LEN 20
#define NA_MLD2_TO_EXCLUDE 4 /* §5.2.12: CHANGE_TO_EXCLUDE_MODE; TO_EX({}) is a join */

/* ---- Timers ------------------------------------------------------------ */

/* RFC 4861 §10: unsolicited NAs per address (§7.2.6), and RetransTimer, the
 * least spacing of NAs (§7.2.6) and of DAD's NS (RFC 4862 §5.4). */
#define NA_MAX_NEIGHBOR_ADVERTISEMENT 3
#define NA_RETRANS_TIMER_MS           1000
/* RFC 4861 §10 MAX_RTR_SOLICITATION_DELAY: RFC 4862 §5.4.2's random delay
 * before the first DAD NS. */
#define NA_MAX_RTR_SOLICITATION_DELAY_MS 1000
#define NA_DUP_ADDR_DETECT_TRANSMITS     1 /* RFC 4862 §5.1: the default */
/* RFC 5227 §1.1: IPv4 address conflict detection. */
#define NA_PROBE_WAIT_MS    1000
#define NA_PROBE_NUM        3
#define NA_PROBE_MIN_MS     1000
#define NA_PROBE_MAX_MS     2000
#define NA_ANNOUNCE_WAIT_MS 2000

#endif
