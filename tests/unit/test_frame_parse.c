/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The probe's frames: the MLDv2 report byte for byte against scapy, and the
 * receive parser on frames made by scapy, on our own builders' frames, on
 * every truncation of each, and on frames broken one field at a time.
 *
 * The hex strings were made with scapy 2.5 (python3-scapy), e.g. the report:
 *   Ether(dst='33:33:00:00:00:16', src='02:00:00:00:00:01')
 *   / IPv6(src='::', dst='ff02::16', hlim=1)
 *   / IPv6ExtHdrHopByHop(options=[RouterAlert(value=0), PadN(optdata=b'')])
 *   / ICMPv6MLReport2(records=[ICMPv6MLDMultAddrRec(rtype=4, dst='ff02::1:ff00:10')])
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "frame_probe.h"

/* scapy: the MLDv2 report above. */
static const char *mld_hex =
        "33330000001602000000000186dd600000000024000100000000000000000000000000000000ff02"
        "00000000000000000000000000163a000502000001008f006f7a0000000104000000ff0200000000"
        "000000000001ff000010";
/* scapy: NA from 02:00:00:bb:00:01 for 2001:db8::10 to ff02::1, O=1, TLLA. */
static const char *na_hex =
        "333300000001020000bb000186dd6000000000203aff20010db8000000000000000000000010ff02"
        "0000000000000000000000000001"
        "8800f8512000000020010db80000000000000000000000100201020000bb0001";
/* scapy: DAD NS (src ::) for 2001:db8::10 with nonce 010203040506. */
static const char *ns_hex =
        "3333ff000010020000bb000186dd6000000000203aff00000000000000000000000000000000ff02"
        "00000000000000000001ff000010870035ba0000000020010db80000000000000000000000100e01"
        "010203040506";
/* scapy: NS for address resolution from 2001:db8::1 with Source LLA. */
static const char *nsres_hex =
        "3333ff000010020000bb000186dd6000000000203aff20010db8000000000000000000000001ff02"
        "00000000000000000001ff00001087001b500000000020010db80000000000000000000000100101"
        "020000bb0001";
/* scapy: ARP reply 192.0.2.10 is-at 02:00:00:bb:00:01, to 192.0.2.99. */
static const char *arp_hex = "020000000001020000bb000108060001080006040002020000bb0001c000020a02"
                             "0000000001c0000263";
/* scapy: ICMPv6 echo request, and IPv4/UDP: neither is ours. */
static const char *echo_hex =
        "020000000001020000bb000186dd6000000000083a4020010db80000000000000000000000012001"
        "0db80000000000000000000000108000243a00000000";
static const char *udp_hex = "020000000001020000bb000108004500001c000100004011f6c4c0000201c000"
                             "020a0001000200087bcf";

static const uint8_t mac_a[6] = {0x02, 0, 0, 0, 0, 0x01};
static const uint8_t mac_p[6] = {0x02, 0, 0, 0xbb, 0, 0x01};

static size_t unhex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;

	while (n < max && s[2 * n] && sscanf(s + 2 * n, "%2hhx", &out[n]) == 1)
		n++;
	return n;
}

static struct in6_addr a6(const char *s)
{
	struct in6_addr a;

	inet_pton(AF_INET6, s, &a);
	return a;
}

/* Re-computes the ICMPv6 checksum of a frame whose ICMPv6 starts at 54. */
static void fix_sum(uint8_t *f, size_t len)
{
	struct in6_addr src, dst;
	uint16_t sum;

	memcpy(&src, f + 22, 16);
	memcpy(&dst, f + 38, 16);
	f[56] = f[57] = 0;
	sum = na_icmp6_checksum(&src, &dst, f + 54, len - 54);
	f[56] = (uint8_t)(sum >> 8);
	f[57] = (uint8_t)sum;
}

/* Every proper prefix of a good frame is rejected, and *out stays as it was. */
static void check_truncations(const char *name, const uint8_t *f, size_t len)
{
	struct na_rx rx, canary;
	size_t cut;
	int bad = 0;

	memset(&canary, 0xa5, sizeof(canary));
	for (cut = 0; cut < len; cut++) {
		rx = canary;
		if (na_parse_frame(f, cut, &rx) != -EINVAL || memcmp(&rx, &canary, sizeof(rx)) != 0)
			bad++;
	}
	CHECK(bad == 0, "%s: %d of %zu truncations not rejected cleanly", name, bad, len);
}

static void test_mld(void)
{
	uint8_t want[128], buf[128];
	struct in6_addr t = a6("2001:db8::10"), g;
	size_t wlen = unhex(mld_hex, want, sizeof(want)), len;

	na_solicited_node(&g, &t);
	len = na_build_mld_report(buf, sizeof(buf), mac_a, &g);
	CHECK(len == NA_MLD_REPORT_LEN && len == wlen, "mld: length %zu, scapy's %zu", len, wlen);
	CHECK(memcmp(buf, want, wlen) == 0, "mld: bytes differ from scapy's");
	CHECK(na_build_mld_report(buf, NA_MLD_REPORT_LEN - 1, mac_a, &g) == 0,
	      "mld: too small a buffer gives 0");
	/* Not ARP, not NS/NA: our own parser must not take it for one. */
	{
		struct na_rx rx;

		CHECK(na_parse_frame(buf, len, &rx) == -ENOMSG, "mld: not a frame for the parser");
	}
}

static void test_na(void)
{
	uint8_t f[128];
	size_t len = unhex(na_hex, f, sizeof(f));
	struct in6_addr want = a6("2001:db8::10"), all = a6("ff02::1");
	struct na_rx rx;

	CHECK(na_parse_frame(f, len, &rx) == 0, "na: parses");
	CHECK(rx.kind == NA_RX_NA, "na: kind");
	CHECK(memcmp(rx.eth_src, mac_p, 6) == 0, "na: eth src");
	CHECK(memcmp(&rx.target, &want, 16) == 0 && memcmp(&rx.src, &want, 16) == 0, "na: target");
	CHECK(memcmp(&rx.dst, &all, 16) == 0, "na: dst");
	CHECK(rx.na_flags == 0x20, "na: flags %02x", rx.na_flags);
	CHECK(rx.has_lla && memcmp(rx.lla, mac_p, 6) == 0, "na: TLLA");
	CHECK(!rx.has_nonce, "na: no nonce");
	check_truncations("na", f, len);

	/* Ethernet padding after the IPv6 payload is fine. */
	memset(f + len, 0, 8);
	CHECK(na_parse_frame(f, len + 8, &rx) == 0, "na: padded frame parses");

	/* Broken one field at a time (checksum fixed where the field is in it). */
	f[21] = 254;
	CHECK(na_parse_frame(f, len, &rx) == -EINVAL, "na: hop limit 254 rejected");
	f[21] = 255;
	f[60] ^= 1;
	CHECK(na_parse_frame(f, len, &rx) == -EINVAL, "na: bad checksum rejected");
	f[60] ^= 1;
	f[55] = 1;
	fix_sum(f, len);
	CHECK(na_parse_frame(f, len, &rx) == -EINVAL, "na: code 1 rejected");
	f[55] = 0;
	f[58] |= 0x40; /* S=1 towards ff02::1 */
	fix_sum(f, len);
	CHECK(na_parse_frame(f, len, &rx) == -EINVAL, "na: S flag to multicast rejected");
	f[58] &= (uint8_t)~0x40;
	f[79] = 0; /* option length 0 */
	fix_sum(f, len);
	CHECK(na_parse_frame(f, len, &rx) == -EINVAL, "na: option of length 0 rejected");
	f[79] = 2; /* option runs past the message */
	fix_sum(f, len);
	CHECK(na_parse_frame(f, len, &rx) == -EINVAL, "na: option past the end rejected");
	f[79] = 1;
	f[62] = 0xff; /* target ff.. multicast */
	fix_sum(f, len);
	CHECK(na_parse_frame(f, len, &rx) == -EINVAL, "na: multicast target rejected");
	f[62] = 0x20;
	f[19] = 0x28; /* payload length 40 > what is there */
	CHECK(na_parse_frame(f, len, &rx) == -EINVAL, "na: payload length past the frame");
	f[19] = 0x20;
	f[14] = 0x40; /* version 4 in an IPv6 ethertype */
	CHECK(na_parse_frame(f, len, &rx) == -EINVAL, "na: IP version 4 rejected");
	f[14] = 0x60;
	fix_sum(f, len);
	CHECK(na_parse_frame(f, len, &rx) == 0, "na: restored frame parses again");
}

static void test_ns(void)
{
	static const uint8_t nonce[6] = {1, 2, 3, 4, 5, 6};
	uint8_t f[128];
	size_t len = unhex(ns_hex, f, sizeof(f));
	struct in6_addr t = a6("2001:db8::10");
	struct na_rx rx;

	CHECK(na_parse_frame(f, len, &rx) == 0, "ns: parses");
	CHECK(rx.kind == NA_RX_NS && IN6_IS_ADDR_UNSPECIFIED(&rx.src), "ns: DAD NS");
	CHECK(memcmp(&rx.target, &t, 16) == 0, "ns: target");
	CHECK(rx.has_nonce && memcmp(rx.nonce, nonce, 6) == 0, "ns: nonce");
	CHECK(!rx.has_lla, "ns: no SLLA");
	check_truncations("ns", f, len);

	len = unhex(nsres_hex, f, sizeof(f));
	CHECK(na_parse_frame(f, len, &rx) == 0, "nsres: parses");
	CHECK(rx.has_lla && memcmp(rx.lla, mac_p, 6) == 0 && !rx.has_nonce, "nsres: SLLA");
	check_truncations("nsres", f, len);
	/* The same NS from :: with an SLLA: RFC 4861 §7.1.1 says drop. */
	memset(f + 22, 0, 16);
	fix_sum(f, len);
	CHECK(na_parse_frame(f, len, &rx) == -EINVAL, "ns: SLLA from :: rejected");
}

static void test_own_frames(void)
{
	static const uint8_t nonce[6] = {9, 8, 7, 6, 5, 4};
	struct in6_addr t = a6("2001:db8::10");
	uint8_t buf[NA_ND_FRAME_MAX];
	struct na_arp_frame arp;
	struct na_ns_frame ns;
	struct na_rx rx;
	size_t len;

	na_ns_dad(&ns, mac_a, &t, nonce);
	len = na_build_ns(buf, sizeof(buf), &ns);
	CHECK(na_parse_frame(buf, len, &rx) == 0, "own DAD NS parses");
	CHECK(rx.kind == NA_RX_NS && rx.has_nonce && memcmp(rx.nonce, nonce, 6) == 0 &&
	              memcmp(&rx.target, &t, 16) == 0 && memcmp(rx.eth_src, mac_a, 6) == 0,
	      "own DAD NS fields");

	memset(&arp, 0, sizeof(arp));
	memset(arp.eth_dst, 0xff, 6);
	memcpy(arp.eth_src, mac_a, 6);
	memcpy(arp.sha, mac_a, 6);
	arp.op = NA_ARP_OP_REQUEST;
	inet_pton(AF_INET, "192.0.2.10", &arp.tpa);
	len = na_build_arp(buf, sizeof(buf), &arp);
	CHECK(na_parse_frame(buf, len, &rx) == 0, "own ARP probe parses");
	CHECK(rx.kind == NA_RX_ARP && rx.op == 1 && rx.spa.s_addr == 0 &&
	              rx.tpa.s_addr == arp.tpa.s_addr && memcmp(rx.sha, mac_a, 6) == 0,
	      "own ARP probe fields");
}

static void test_arp(void)
{
	uint8_t f[64];
	size_t len = unhex(arp_hex, f, sizeof(f));
	struct na_rx rx;
	struct in_addr spa, tpa;

	inet_pton(AF_INET, "192.0.2.10", &spa);
	inet_pton(AF_INET, "192.0.2.99", &tpa);
	CHECK(len == 42, "arp: scapy frame is 42 bytes");
	CHECK(na_parse_frame(f, len, &rx) == 0, "arp: parses");
	CHECK(rx.kind == NA_RX_ARP && rx.op == 2, "arp: a reply");
	CHECK(memcmp(rx.sha, mac_p, 6) == 0 && rx.spa.s_addr == spa.s_addr, "arp: sender");
	CHECK(memcmp(rx.tha, mac_a, 6) == 0 && rx.tpa.s_addr == tpa.s_addr, "arp: target");
	check_truncations("arp", f, len);
	f[19] = 16; /* plen 16: not IPv4 */
	CHECK(na_parse_frame(f, len, &rx) == -EINVAL, "arp: plen 16 rejected");
	f[19] = 4;
	f[15] = 6; /* htype 6 (IEEE 802) */
	CHECK(na_parse_frame(f, len, &rx) == -EINVAL, "arp: htype 6 rejected");
}

static void test_not_ours(void)
{
	uint8_t f[128];
	struct na_rx rx;
	size_t len;

	len = unhex(echo_hex, f, sizeof(f));
	CHECK(na_parse_frame(f, len, &rx) == -ENOMSG, "echo request: not ours");
	len = unhex(udp_hex, f, sizeof(f));
	CHECK(na_parse_frame(f, len, &rx) == -ENOMSG, "IPv4 UDP: not ours");
	CHECK(na_parse_frame(f, 13, &rx) == -EINVAL, "13 bytes: no Ethernet header");
}

int main(void)
{
	test_mld();
	test_na();
	test_ns();
	test_own_frames();
	test_arp();
	test_not_ours();
	return check_done();
}
