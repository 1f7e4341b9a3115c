/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Frames only `neigh-announce probe` needs: the MLDv2 report that joins the
 * solicited-node group before DAD (RFC 4862 §5.4.2), and the parser for what
 * the probe hears (ARP, NS, NA). Pure: no I/O, no globals. The parser walks
 * a pointer and a remaining length and checks every length before reading:
 * its input comes from the network.
 */
#ifndef NA_FRAME_PROBE_H
#define NA_FRAME_PROBE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"

/* Ethernet (14) + IPv6 (40) + Hop-by-Hop with Router Alert (8) + MLDv2
 * report header (8) + one multicast address record without sources (20): 90. */
#define NA_MLD_REPORT_LEN                                                                          \
	(NA_ETH_HLEN + NA_IP6_HLEN + NA_IP6_HBH_MIN_LEN + NA_MLD2_REPORT_HLEN + NA_MLD2_RECORD_LEN)

/*
 * MLDv2 report, RFC 3810 §5.2, joining `group`: one record of type
 * CHANGE_TO_EXCLUDE_MODE with no sources (a join), to ff02::16, hop limit 1,
 * with the Router Alert option (RFC 2711) in a Hop-by-Hop header, IPv6
 * source :: (RFC 3590 §4: allowed while the address is tentative). Returns
 * the length, or 0 when buf is too small.
 */
size_t na_build_mld_report(uint8_t *buf, size_t len, const uint8_t mac[NA_MAC_LEN],
                           const struct in6_addr *group);

enum na_rx_kind {
	NA_RX_ARP = 1,
	NA_RX_NS,
	NA_RX_NA,
};

/* One received frame, as far as ARP and ND go. */
struct na_rx {
	enum na_rx_kind kind;
	uint8_t eth_dst[NA_MAC_LEN];
	uint8_t eth_src[NA_MAC_LEN];
	/* NA_RX_ARP (IPv4 over Ethernet only) */
	uint16_t op;
	uint8_t sha[NA_MAC_LEN];
	struct in_addr spa;
	uint8_t tha[NA_MAC_LEN];
	struct in_addr tpa;
	/* NA_RX_NS, NA_RX_NA */
	struct in6_addr src, dst, target;
	uint8_t na_flags; /* NA_ND_FLAG_* (RFC 4861 §4.4) */
	bool has_lla;     /* NS: Source LLA, NA: Target LLA (RFC 4861 §4.6.1) */
	uint8_t lla[NA_MAC_LEN];
	bool has_nonce; /* RFC 3971 §5.3.2 / RFC 7527 */
	uint8_t nonce[NA_NONCE_LEN];
};

/*
 * Parses one Ethernet frame. Returns 0 with *out filled; -ENOMSG for a
 * well-formed frame that is neither ARP nor NS/NA; -EINVAL for a truncated
 * or malformed one, including an NS/NA that fails the validity checks of
 * RFC 4861 §7.1.1/§7.1.2 (hop limit 255, code 0, checksum, lengths, options
 * of non-zero length, no multicast target, no Source LLA from ::, no S flag
 * towards a multicast destination). Nothing is written on failure.
 */
int na_parse_frame(const uint8_t *buf, size_t len, struct na_rx *out);

#endif
