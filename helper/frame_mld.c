/* SPDX-License-Identifier: BSD-2-Clause */
/* The MLDv2 report that joins a solicited-node group, RFC 3810. Pure. */
#include <string.h>

#include "frame_probe.h"

#define ETHERTYPE_IPV6_    0x86dd
#define IP6_NH_HOPOPTS     0   /* RFC 8200 §4.3 */
#define MLD_HOP_LIMIT      1   /* RFC 3810 §5: link-local scope */
#define ICMP6_MLD2_REPORT  143 /* RFC 3810 §5.2 */
#define MLD2_CHANGE_TO_EXC 4   /* RFC 3810 §5.2.12: "join" is TO_EX({}) */
#define OPT_ROUTER_ALERT   5   /* RFC 2711 §2.1 */
#define OPT_PADN           1   /* RFC 8200 §4.2 */

#define ETH_HLEN_   14
#define IP6_HLEN    40
#define HBH_LEN     8
#define MLD_HDR_LEN 8
#define MLD_REC_LEN 20
#define MLD_MSG_LEN (MLD_HDR_LEN + MLD_REC_LEN)

/* ff02::16, all MLDv2-capable routers, RFC 3810 §5.2.14. */
static const struct in6_addr mld_routers = {
        {{0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x16}}};

size_t na_build_mld_report(uint8_t *buf, size_t len, const uint8_t mac[NA_MAC_LEN],
                           const struct in6_addr *group)
{
	static const struct in6_addr unspecified; /* :: */
	uint8_t *eth = buf, *ip6 = buf + ETH_HLEN_, *hbh = ip6 + IP6_HLEN, *mld = hbh + HBH_LEN;
	uint16_t sum;

	if (len < NA_MLD_REPORT_LEN)
		return 0;
	memset(buf, 0, NA_MLD_REPORT_LEN);
	na_ipv6_mcast_mac(eth, &mld_routers);
	memcpy(eth + 6, mac, NA_MAC_LEN);
	eth[12] = ETHERTYPE_IPV6_ >> 8;
	eth[13] = ETHERTYPE_IPV6_ & 0xff;

	ip6[0] = 0x60;
	ip6[5] = HBH_LEN + MLD_MSG_LEN; /* payload length, fits one byte */
	ip6[6] = IP6_NH_HOPOPTS;
	ip6[7] = MLD_HOP_LIMIT;
	/* source stays :: */
	memcpy(ip6 + 24, mld_routers.s6_addr, 16);

	/* Hop-by-Hop: next header ICMPv6, length 0 (8 bytes), Router Alert
	 * with value 0 (MLD, RFC 2711 §2.1), then PadN of two bytes. */
	hbh[0] = IPPROTO_ICMPV6;
	hbh[1] = 0;
	hbh[2] = OPT_ROUTER_ALERT;
	hbh[3] = 2;
	hbh[4] = hbh[5] = 0;
	hbh[6] = OPT_PADN;
	hbh[7] = 0;

	mld[0] = ICMP6_MLD2_REPORT;
	mld[7] = 1; /* number of records */
	mld[MLD_HDR_LEN] = MLD2_CHANGE_TO_EXC;
	/* aux data length 0, number of sources 0 */
	memcpy(mld + MLD_HDR_LEN + 4, group->s6_addr, 16);
	sum = na_icmp6_checksum(&unspecified, &mld_routers, mld, MLD_MSG_LEN);
	mld[2] = (uint8_t)(sum >> 8);
	mld[3] = (uint8_t)sum;
	return NA_MLD_REPORT_LEN;
}
