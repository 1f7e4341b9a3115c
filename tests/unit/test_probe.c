/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The probe's decisions (RFC 5227 §2.1.1, RFC 4862 §5.4.3-5.4.4, RFC 7527),
 * its timing, and the BPF receive filter run by the real kernel: attached to
 * one end of an AF_UNIX datagram pair, which needs no privilege, and fed
 * frames of every kind.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bpf.h"
#include "check.h"
#include "probe.h"

static const uint8_t mac_a[6] = {0x02, 0, 0, 0, 0, 0x01};
static const uint8_t mac_p[6] = {0x02, 0, 0, 0xbb, 0, 0x01};
static const uint8_t nonce_a[6] = {1, 1, 1, 1, 1, 1};
static const uint8_t nonce_p[6] = {2, 2, 2, 2, 2, 2};

static struct na_ip ip(const char *s)
{
	struct na_ip r;

	na_parse_ip(s, &r);
	return r;
}

static struct na_rx arp(uint16_t op, const uint8_t *sha, const char *spa, const char *tpa)
{
	struct na_rx r;

	memset(&r, 0, sizeof(r));
	r.kind = NA_RX_ARP;
	r.op = op;
	memcpy(r.eth_src, sha, 6);
	memcpy(r.sha, sha, 6);
	inet_pton(AF_INET, spa, &r.spa);
	inet_pton(AF_INET, tpa, &r.tpa);
	return r;
}

static struct na_rx nd(enum na_rx_kind k, const uint8_t *src_mac, const char *src,
                       const char *target, const uint8_t *nonce)
{
	struct na_rx r;

	memset(&r, 0, sizeof(r));
	r.kind = k;
	memcpy(r.eth_src, src_mac, 6);
	inet_pton(AF_INET6, src, &r.src);
	inet_pton(AF_INET6, target, &r.target);
	if (nonce) {
		r.has_nonce = true;
		memcpy(r.nonce, nonce, 6);
	}
	return r;
}

static void test_judge_v4(void)
{
	struct na_ip t = ip("192.0.2.10");
	uint8_t other[6] = {0};
	struct na_rx r;

	r = arp(2, mac_p, "192.0.2.10", "192.0.2.99");
	CHECK(na_probe_judge(&r, &t, mac_a, nonce_a, other) == NA_PROBE_CONFLICT &&
	              memcmp(other, mac_p, 6) == 0,
	      "ARP reply from the address: conflict, names its MAC");
	r = arp(1, mac_p, "192.0.2.10", "192.0.2.1");
	CHECK(na_probe_judge(&r, &t, mac_a, nonce_a, other) == NA_PROBE_CONFLICT,
	      "ARP request from the address: conflict");
	r = arp(1, mac_p, "0.0.0.0", "192.0.2.10");
	CHECK(na_probe_judge(&r, &t, mac_a, nonce_a, other) == NA_PROBE_CONFLICT,
	      "another host's probe for it: conflict");
	r = arp(1, mac_a, "0.0.0.0", "192.0.2.10");
	CHECK(na_probe_judge(&r, &t, mac_a, nonce_a, other) == NA_PROBE_LOOP,
	      "our own probe back: loop");
	r = arp(1, mac_p, "192.0.2.1", "192.0.2.10");
	CHECK(na_probe_judge(&r, &t, mac_a, nonce_a, other) == NA_PROBE_NOTHING,
	      "someone resolving the address: nothing (RFC 5227 §2.1.1)");
	r = arp(2, mac_p, "0.0.0.0", "192.0.2.10");
	CHECK(na_probe_judge(&r, &t, mac_a, nonce_a, other) == NA_PROBE_NOTHING,
	      "a reply with spa 0.0.0.0 is no probe");
	r = arp(2, mac_p, "192.0.2.11", "192.0.2.99");
	CHECK(na_probe_judge(&r, &t, mac_a, nonce_a, other) == NA_PROBE_NOTHING,
	      "another address: nothing");
	t = ip("2001:db8::10");
	r = arp(2, mac_p, "192.0.2.10", "192.0.2.99");
	CHECK(na_probe_judge(&r, &t, mac_a, nonce_a, other) == NA_PROBE_NOTHING,
	      "ARP says nothing about an IPv6 target");
}

static void test_judge_v6(void)
{
	struct na_ip t = ip("2001:db8::10");
	uint8_t other[6] = {0};
	struct na_rx r;

	r = nd(NA_RX_NA, mac_p, "2001:db8::10", "2001:db8::10", NULL);
	CHECK(na_probe_judge(&r, &t, mac_a, nonce_a, other) == NA_PROBE_CONFLICT &&
	              memcmp(other, mac_p, 6) == 0,
	      "NA for the target: conflict, names the sender");
	r.has_lla = true;
	memcpy(r.lla, mac_a, 6);
	memset(other, 0, 6);
	r.eth_src[5] = 0x77; /* relayed: the TLLA is what counts */
	CHECK(na_probe_judge(&r, &t, mac_a, nonce_a, other) == NA_PROBE_LOOP,
	      "NA whose TLLA is our MAC: loop");
	memcpy(r.lla, mac_p, 6);
	CHECK(na_probe_judge(&r, &t, mac_a, nonce_a, other) == NA_PROBE_CONFLICT &&
	              memcmp(other, mac_p, 6) == 0,
	      "NA: names the TLLA");
	r = nd(NA_RX_NS, mac_p, "::", "2001:db8::10", nonce_p);
	CHECK(na_probe_judge(&r, &t, mac_a, nonce_a, other) == NA_PROBE_CONFLICT,
	      "DAD NS with another nonce: conflict");
	r = nd(NA_RX_NS, mac_p, "::", "2001:db8::10", NULL);
	CHECK(na_probe_judge(&r, &t, mac_a, nonce_a, other) == NA_PROBE_CONFLICT,
	      "DAD NS without a nonce from another MAC: conflict");
	r = nd(NA_RX_NS, mac_p, "::", "2001:db8::10", nonce_a);
	CHECK(na_probe_judge(&r, &t, mac_a, nonce_a, other) == NA_PROBE_LOOP,
	      "DAD NS with our nonce, even from another MAC: loop (RFC 7527 §4)");
	r = nd(NA_RX_NS, mac_a, "::", "2001:db8::10", NULL);
	CHECK(na_probe_judge(&r, &t, mac_a, nonce_a, other) == NA_PROBE_LOOP,
	      "DAD NS from our MAC: loop");
	r = nd(NA_RX_NS, mac_p, "2001:db8::1", "2001:db8::10", NULL);
	CHECK(na_probe_judge(&r, &t, mac_a, nonce_a, other) == NA_PROBE_NOTHING,
	      "NS from a unicast source: address resolution, nothing");
	r = nd(NA_RX_NA, mac_p, "2001:db8::11", "2001:db8::11", NULL);
	CHECK(na_probe_judge(&r, &t, mac_a, nonce_a, other) == NA_PROBE_NOTHING,
	      "NA for another address: nothing");
}

static void test_timing(void)
{
	struct na_probe_timing t;
	uint32_t at[NA_PROBE_MAX_PROBES], lo[3] = {0, 0, 0}, hi[3] = {1000, 1000, 1000};

	na_probe_timing_rfc(AF_INET, &t);
	CHECK(t.probes == 3 && t.wait_ms == 1000 && t.interval_min_ms == 1000 &&
	              t.interval_max_ms == 2000 && t.listen_ms == 2000,
	      "IPv4: RFC 5227 §1.1 constants");
	na_probe_plan(&t, lo, at);
	CHECK(at[0] == 0 && at[1] == 1000 && at[2] == 2000, "IPv4 plan, low randoms");
	na_probe_plan(&t, hi, at);
	CHECK(at[0] == 1000 && at[1] == 3000 && at[2] == 5000, "IPv4 plan, high randoms");
	na_probe_timing_rfc(AF_INET6, &t);
	CHECK(t.probes == 1 && t.wait_ms == 1000 && t.interval_min_ms == 1000 &&
	              t.interval_max_ms == 1000 && t.listen_ms == 1000,
	      "IPv6: RFC 4862 / RFC 4861 constants");
	t.probes = 3;
	t.wait_ms = 0;
	t.interval_min_ms = t.interval_max_ms = 200;
	na_probe_plan(&t, hi, at);
	CHECK(at[0] == 0 && at[1] == 200 && at[2] == 400, "fixed interval, no wait");
}

/* The filter, run by the kernel on an AF_UNIX datagram socket. */
static int pass(int rx, int tx, const uint8_t *f, size_t len, size_t *got)
{
	uint8_t buf[2048];
	ssize_t n;

	if (send(tx, f, len, 0) != (ssize_t)len)
		return -1;
	n = recv(rx, buf, sizeof(buf), MSG_DONTWAIT);
	if (n < 0)
		return 0;
	*got = (size_t)n;
	return 1;
}

static void test_bpf(void)
{
	uint8_t f[2000];
	struct na_arp_frame arp;
	struct na_ns_frame ns;
	struct na_na_frame na;
	struct in6_addr t;
	size_t len, got = 0;
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv)) {
		CHECK(0, "socketpair: %s", strerror(errno));
		return;
	}
	CHECK(na_bpf_attach_locked(sv[0]) == 0, "filter attached and locked");
	CHECK(setsockopt(sv[0], SOL_SOCKET, SO_DETACH_FILTER, &(int){0}, sizeof(int)) < 0 &&
	              errno == EPERM,
	      "locked: cannot be detached");
	CHECK(setsockopt(sv[0], SOL_SOCKET, SO_ATTACH_FILTER, na_bpf_arp_nd(),
	                 sizeof(struct sock_fprog)) < 0 &&
	              errno == EPERM,
	      "locked: cannot be replaced");

	inet_pton(AF_INET6, "2001:db8::10", &t);
	memset(&arp, 0, sizeof(arp));
	arp.op = 1;
	len = na_build_arp(f, sizeof(f), &arp);
	CHECK(pass(sv[0], sv[1], f, len, &got) == 1 && got == len, "ARP passes whole");
	na_ns_dad(&ns, mac_a, &t, nonce_a);
	len = na_build_ns(f, sizeof(f), &ns);
	CHECK(pass(sv[0], sv[1], f, len, &got) == 1 && got == len, "NS passes");
	na_na_unsolicited(&na, mac_a, &t, false);
	len = na_build_na(f, sizeof(f), &na);
	CHECK(pass(sv[0], sv[1], f, len, &got) == 1 && got == len, "NA passes");
	f[54] = 134; /* Router Advertisement */
	CHECK(pass(sv[0], sv[1], f, len, &got) == 0, "RA dropped");
	f[54] = 137; /* Redirect */
	CHECK(pass(sv[0], sv[1], f, len, &got) == 0, "Redirect dropped");
	f[54] = 128; /* echo request */
	CHECK(pass(sv[0], sv[1], f, len, &got) == 0, "echo request dropped");
	f[54] = 136;
	f[20] = 0; /* Hop-by-Hop first (what MLD looks like) */
	CHECK(pass(sv[0], sv[1], f, len, &got) == 0, "IPv6 with an extension header dropped");
	f[20] = 17; /* UDP */
	CHECK(pass(sv[0], sv[1], f, len, &got) == 0, "IPv6 UDP dropped");
	f[12] = 0x08;
	f[13] = 0x00; /* IPv4 */
	CHECK(pass(sv[0], sv[1], f, len, &got) == 0, "IPv4 dropped");
	CHECK(pass(sv[0], sv[1], f, 13, &got) == 0, "13 bytes: dropped");
	f[12] = 0x86;
	f[13] = 0xdd;
	f[20] = 58;
	CHECK(pass(sv[0], sv[1], f, 54, &got) == 0, "IPv6 cut before the ICMPv6 type: dropped");
	memset(f, 0, sizeof(f));
	f[12] = 0x08;
	f[13] = 0x06;
	CHECK(pass(sv[0], sv[1], f, sizeof(f), &got) == 1 && got == NA_BPF_SNAPLEN,
	      "a long frame is cut to the snap length (%zu)", got);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	test_judge_v4();
	test_judge_v6();
	test_timing();
	test_bpf();
	return check_done();
}
