/* SPDX-License-Identifier: BSD-2-Clause */
/* The MLDv2 report that joins a solicited-node group, RFC 3810. Pure. */
#include <string.h>

#include "frame_probe.h"

/* The report: its header and one record without sources. */
#define MLD_MSG_LEN (NA_MLD2_REPORT_HLEN + NA_MLD2_RECORD_LEN)

/* ff02::16, all MLDv2-capable routers, RFC 3810 §5.2.14. */
static const struct in6_addr mld_routers = {
        {{0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x16}}};

size_t na_build_mld_report(uint8_t *buf, size_t len, const uint8_t mac[NA_MAC_LEN],
                           const struct in6_addr *group)
{
	static const struct in6_addr unspecified; /* :: */
	uint8_t *eth = buf, *ip6 = buf + NA_ETH_HLEN, *hbh = ip6 + NA_IP6_HLEN;
	uint8_t *mld = hbh + NA_IP6_HBH_MIN_LEN;
	uint16_t sum;

	if (len < NA_MLD_REPORT_LEN)
		return 0;
	memset(buf, 0, NA_MLD_REPORT_LEN);
	na_ipv6_mcast_mac(eth, &mld_routers);
	memcpy(eth + 6, mac, NA_MAC_LEN);
	eth[NA_ETH_OFF_ETHERTYPE] = NA_ETHERTYPE_IPV6 >> 8;
	eth[NA_ETH_OFF_ETHERTYPE + 1] = NA_ETHERTYPE_IPV6 & 0xff;

	ip6[0] = 0x60;
	ip6[5] = NA_IP6_HBH_MIN_LEN + MLD_MSG_LEN; /* payload length, fits one byte */
	ip6[6] = NA_IP6_NH_HOPOPTS;
	ip6[7] = NA_MLD_HOP_LIMIT;
	/* source stays :: */
	memcpy(ip6 + 24, mld_routers.s6_addr, 16);

	/* Hop-by-Hop: next header ICMPv6, length 0 (8 bytes), Router Alert
	 * with value 0 (MLD, RFC 2711 §2.1), then PadN of two bytes. */
	hbh[0] = IPPROTO_ICMPV6;
	hbh[1] = 0;
	hbh[2] = NA_IP6_OPT_RTALERT;
	hbh[3] = 2;
	hbh[4] = NA_IP6_RTALERT_MLD >> 8;
	hbh[5] = NA_IP6_RTALERT_MLD & 0xff;
	hbh[6] = NA_IP6_OPT_PADN;
	hbh[7] = 0;

	mld[0] = NA_ICMP6_MLD2_REPORT;
	mld[7] = 1; /* number of records */
	mld[NA_MLD2_REPORT_HLEN] = NA_MLD2_TO_EXCLUDE;
	/* aux data length 0, number of sources 0 */
	memcpy(mld + NA_MLD2_REPORT_HLEN + 4, group->s6_addr, 16);
	sum = na_icmp6_checksum(&unspecified, &mld_routers, mld, MLD_MSG_LEN);
	mld[2] = (uint8_t)(sum >> 8);
	mld[3] = (uint8_t)sum;
	return NA_MLD_REPORT_LEN;
}
