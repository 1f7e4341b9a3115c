/* SPDX-License-Identifier: BSD-2-Clause */
/* Our builders against frames made by scapy (tests/golden/gen.py), byte for
 * byte, plus what the builders promise about small buffers. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "frame.h"
#include "sink.h"

static const uint8_t mac[6] = {0x02, 0, 0, 0, 0, 0x01};

static size_t golden(const char *name, uint8_t *out, size_t max)
{
	char path[512], hex[512];
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.hex", GOLDEN_DIR, name);
	f = fopen(path, "r");
	if (!f || !fgets(hex, sizeof(hex), f)) {
		printf("cannot read %s\n", path);
		if (f)
			fclose(f);
		return 0;
	}
	fclose(f);
	while (n < max && sscanf(hex + 2 * n, "%2hhx", &out[n]) == 1)
		n++;
	return n;
}

static void compare(const char *name, const uint8_t *built, size_t len)
{
	uint8_t want[256];
	size_t wlen = golden(name, want, sizeof(want)), i;

	CHECK(len == wlen, "%s: length %zu, scapy's %zu", name, len, wlen);
	for (i = 0; i < len && i < wlen; i++) {
		if (built[i] != want[i]) {
			CHECK(0, "%s: byte %zu is %02x, scapy's %02x", name, i, built[i], want[i]);
			return;
		}
	}
	CHECK(1, "%s", name);
}

static struct in6_addr a6(const char *s)
{
	struct in6_addr a;

	inet_pton(AF_INET6, s, &a);
	return a;
}

static void test_arp(void)
{
	struct na_arp_frame f;
	struct in_addr a;
	uint8_t buf[64];

	inet_pton(AF_INET, "192.0.2.10", &a);
	na_arp_announcement(&f, mac, a, false);
	compare("arp_request", buf, na_build_arp(buf, sizeof(buf), &f));
	na_arp_announcement(&f, mac, a, true);
	compare("arp_reply", buf, na_build_arp(buf, sizeof(buf), &f));
}

static void test_na(void)
{
	struct na_na_frame f;
	struct in6_addr a = a6("2001:db8::10"), ll = a6("fe80::1");
	uint8_t buf[NA_ND_FRAME_MAX];

	na_na_unsolicited(&f, mac, &a, false);
	compare("na_global", buf, na_build_na(buf, sizeof(buf), &f));
	na_na_unsolicited(&f, mac, &a, true);
	compare("na_router", buf, na_build_na(buf, sizeof(buf), &f));
	na_na_unsolicited(&f, mac, &ll, false);
	compare("na_linklocal", buf, na_build_na(buf, sizeof(buf), &f));
}

static void test_dad(void)
{
	static const uint8_t nonce[6] = {1, 2, 3, 4, 5, 0xa6};
	/* The clatd seed's sample frame; see tests/golden/gen.py on its nonce. */
	static const uint8_t seed_mac[6] = {0xb6, 0x7a, 0x01, 0xa5, 0x26, 0x27};
	static const uint8_t seed_nonce[6] = {0x89, 0x1b, 0xea, 0xef, 0x12, 0x63};
	struct in6_addr a = a6("2001:db8::10"), t = a6("2401:fa00:480:13d:2a65:4e6a:7554:ae21");
	struct na_ns_frame f;
	uint8_t buf[NA_ND_FRAME_MAX];
	size_t len;

	na_ns_dad(&f, mac, &a, nonce);
	compare("dad_ns", buf, na_build_ns(buf, sizeof(buf), &f));
	na_ns_dad(&f, seed_mac, &t, seed_nonce);
	len = na_build_ns(buf, sizeof(buf), &f);
	compare("dad_ns_seed", buf, len);
	CHECK(len == 86, "the seed's frame is 86 bytes, ours %zu", len);
	/* The seed's own hex dump says checksum 77b6 at ICMPv6 offset 2. */
	CHECK(buf[56] == 0x77 && buf[57] == 0xb6, "seed checksum 77b6, ours %02x%02x", buf[56],
	      buf[57]);
}

static void test_checksum_verifies(void)
{
	struct in6_addr a = a6("2001:db8::10"), src, dst;
	struct na_na_frame f;
	uint8_t buf[NA_ND_FRAME_MAX];
	size_t len;

	na_na_unsolicited(&f, mac, &a, false);
	len = na_build_na(buf, sizeof(buf), &f);
	memcpy(&src, buf + 22, 16);
	memcpy(&dst, buf + 38, 16);
	/* Summing a message that carries its checksum gives 0 (RFC 1071). */
	CHECK(na_icmp6_checksum(&src, &dst, buf + 54, len - 54) == 0, "checksum verifies");
	/* Odd lengths pad with a zero byte. By hand, with :: for both
	 * addresses: 0x1234 + 0x5600 + length 3 + next header 58 = 0x6871,
	 * complemented 0x978e. */
	{
		const uint8_t odd[3] = {0x12, 0x34, 0x56};
		const struct in6_addr zero = IN6ADDR_ANY_INIT;

		CHECK(na_icmp6_checksum(&zero, &zero, odd, 3) == 0x978e, "odd length: %04x",
		      na_icmp6_checksum(&zero, &zero, odd, 3));
	}
}

static void test_small_buffers(void)
{
	static const uint8_t nonce[6] = {1, 2, 3, 4, 5, 6};
	struct in6_addr a = a6("2001:db8::10");
	struct na_arp_frame af;
	struct na_na_frame nf;
	struct na_ns_frame sf;
	struct in_addr v4 = {htonl(0xc000020a)};
	uint8_t buf[128], ref[128];

	memset(buf, 0xee, sizeof(buf));
	memcpy(ref, buf, sizeof(ref));
	na_arp_announcement(&af, mac, v4, false);
	na_na_unsolicited(&nf, mac, &a, false);
	na_ns_dad(&sf, mac, &a, nonce);
	CHECK(na_build_arp(buf, NA_ARP_FRAME_LEN - 1, &af) == 0, "arp: short buffer refused");
	CHECK(na_build_na(buf, NA_ND_FRAME_LEN - 1, &nf) == 0, "na: short buffer refused");
	CHECK(na_build_ns(buf, NA_ND_FRAME_LEN - 1, &sf) == 0, "ns: short buffer refused");
	CHECK(na_build_arp(buf, 0, &af) == 0, "arp: zero buffer refused");
	CHECK(memcmp(buf, ref, sizeof(buf)) == 0, "nothing written on refusal");
	CHECK(na_build_arp(buf, NA_ARP_FRAME_LEN, &af) == NA_ARP_FRAME_LEN, "arp: exact fit");
	CHECK(na_build_na(buf, NA_ND_FRAME_LEN, &nf) == NA_ND_FRAME_LEN, "na: exact fit");
	CHECK(na_build_ns(buf, NA_ND_FRAME_LEN, &sf) == NA_ND_FRAME_LEN, "ns: exact fit");
	/* An NS with both SLLA and nonce needs the larger size. */
	sf.has_sllao = true;
	CHECK(na_build_ns(buf, NA_ND_FRAME_LEN, &sf) == 0, "ns+slla: needs 94");
	CHECK(na_build_ns(buf, NA_ND_FRAME_MAX, &sf) == NA_ND_FRAME_MAX, "ns+slla: fits 94");
}

static void test_multicast(void)
{
	struct in6_addr a = a6("2001:db8::1:2:3:4567"), g;
	uint8_t m[6];

	na_solicited_node(&g, &a);
	CHECK(memcmp(&g, a6("ff02::1:ff03:4567").s6_addr, 16) == 0, "solicited-node group");
	na_ipv6_mcast_mac(m, &g);
	CHECK(memcmp(m, "\x33\x33\xff\x03\x45\x67", 6) == 0, "group MAC (RFC 2464 §7)");
}

static void test_pcap_headers(void)
{
	uint8_t h[NA_PCAP_FILE_HDR], r[NA_PCAP_REC_HDR];
	uint32_t v;

	na_pcap_file_header(h);
	memcpy(&v, h, 4);
	CHECK(v == 0xa1b2c3d4, "pcap magic");
	memcpy(&v, h + 20, 4);
	CHECK(v == 1, "LINKTYPE_ETHERNET");
	na_pcap_record_header(r, 1700000000, 123456, 42);
	memcpy(&v, r + 4, 4);
	CHECK(v == 123456, "usec");
	memcpy(&v, r + 8, 4);
	CHECK(v == 42, "caplen");
}

int main(void)
{
	test_arp();
	test_na();
	test_dad();
	test_checksum_verifies();
	test_small_buffers();
	test_multicast();
	test_pcap_headers();
	return check_done();
}
