/* SPDX-License-Identifier: BSD-2-Clause */
/* The decisions and the timing of `probe`. Pure: no I/O, no globals. */
#include <string.h>
#include <sys/socket.h>

#include "probe.h"
#include "wire.h" /* the RFC 5227 §1.1 and RFC 4861 §10 timers */

void na_probe_timing_rfc(int family, struct na_probe_timing *t)
{
	if (family == AF_INET) {
		t->probes = NA_PROBE_NUM;
		t->wait_ms = NA_PROBE_WAIT_MS;
		t->interval_min_ms = NA_PROBE_MIN_MS;
		t->interval_max_ms = NA_PROBE_MAX_MS;
		t->listen_ms = NA_ANNOUNCE_WAIT_MS;
	} else {
		/* RFC 4862 §5.4.2: a random delay before the first NS. */
		t->probes = NA_DUP_ADDR_DETECT_TRANSMITS;
		t->wait_ms = NA_MAX_RTR_SOLICITATION_DELAY_MS;
		t->interval_min_ms = t->interval_max_ms = NA_RETRANS_TIMER_MS;
		/* §5.4: RetransTimer after the last NS. */
		t->listen_ms = NA_RETRANS_TIMER_MS;
	}
}

void na_probe_plan(const struct na_probe_timing *t, const uint32_t *rnd, uint32_t *at_ms)
{
	uint32_t span = t->interval_max_ms > t->interval_min_ms
	                        ? t->interval_max_ms - t->interval_min_ms
	                        : 0;
	unsigned i;

	for (i = 0; i < t->probes; i++) {
		if (i == 0)
			at_ms[0] = rnd[0] % (t->wait_ms + 1);
		else
			at_ms[i] = at_ms[i - 1] + t->interval_min_ms + rnd[i] % (span + 1);
	}
}

static const uint8_t zero4[4];

static enum na_probe_verdict judge_arp(const struct na_rx *rx, const struct in_addr *a,
                                       const uint8_t mac[NA_MAC_LEN], uint8_t other[NA_MAC_LEN])
{
	bool sender_is = memcmp(&rx->spa, a, 4) == 0;
	/* RFC 5227 §2.1.1: another host probing for the same address. */
	bool probe_for = rx->op == NA_ARP_OP_REQUEST && memcmp(&rx->spa, zero4, 4) == 0 &&
	                 memcmp(&rx->tpa, a, 4) == 0;

	if (!sender_is && !probe_for)
		return NA_PROBE_NOTHING;
	/* RFC 5227 §2.1.1 compares the sender hardware address with the
	 * interface's: our own frame, come back, is no conflict. */
	if (memcmp(rx->sha, mac, NA_MAC_LEN) == 0)
		return NA_PROBE_LOOP;
	memcpy(other, rx->sha, NA_MAC_LEN);
	return NA_PROBE_CONFLICT;
}

static enum na_probe_verdict judge_nd(const struct na_rx *rx, const struct in6_addr *a,
                                      const uint8_t mac[NA_MAC_LEN],
                                      const uint8_t nonce[NA_NONCE_LEN], uint8_t other[NA_MAC_LEN])
{
	if (memcmp(&rx->target, a, 16) != 0)
		return NA_PROBE_NOTHING;
	if (rx->kind == NA_RX_NS) {
		/* §5.4.3: an NS from a unicast source is address resolution. */
		if (!IN6_IS_ADDR_UNSPECIFIED(&rx->src))
			return NA_PROBE_NOTHING;
		/* RFC 7527 §4: our own nonce back means a loop. */
		if (rx->has_nonce && memcmp(rx->nonce, nonce, NA_NONCE_LEN) == 0)
			return NA_PROBE_LOOP;
		if (memcmp(rx->eth_src, mac, NA_MAC_LEN) == 0)
			return NA_PROBE_LOOP;
		memcpy(other, rx->eth_src, NA_MAC_LEN);
		return NA_PROBE_CONFLICT;
	}
	/* NA, §5.4.4: the address is in use. Name the MAC the NA speaks for. */
	if (memcmp(rx->has_lla ? rx->lla : rx->eth_src, mac, NA_MAC_LEN) == 0)
		return NA_PROBE_LOOP;
	memcpy(other, rx->has_lla ? rx->lla : rx->eth_src, NA_MAC_LEN);
	return NA_PROBE_CONFLICT;
}

enum na_probe_verdict na_probe_judge(const struct na_rx *rx, const struct na_ip *target,
                                     const uint8_t mac[NA_MAC_LEN],
                                     const uint8_t nonce[NA_NONCE_LEN], uint8_t other[NA_MAC_LEN])
{
	if (target->family == AF_INET && rx->kind == NA_RX_ARP)
		return judge_arp(rx, &target->v4, mac, other);
	if (target->family == AF_INET6 && (rx->kind == NA_RX_NS || rx->kind == NA_RX_NA))
		return judge_nd(rx, &target->v6, mac, nonce, other);
	return NA_PROBE_NOTHING;
}
