/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `neigh-announce probe IFACE ADDRESS...`: is anyone else using ADDRESS?
 * IPv4: RFC 5227 ARP probes. IPv6: RFC 4862 DAD with an RFC 7527 nonce,
 * after joining the solicited-node group with an MLDv2 report. The address
 * need not be assigned to IFACE. Exit 0 free, 3 conflict.
 *
 * The decision (na_probe_judge) and the timing (na_probe_plan) are pure;
 * na_probe_main is the CLI layer of the subcommand and does the I/O.
 */
#ifndef NA_PROBE_H
#define NA_PROBE_H

#include <stdint.h>

#include "frame.h"
#include "frame_probe.h"
#include "parse.h"

enum na_probe_verdict {
	NA_PROBE_NOTHING,  /* not about this address */
	NA_PROBE_CONFLICT, /* another host uses or probes for it */
	NA_PROBE_LOOP,     /* our own probe came back: not a conflict */
};

/*
 * What does frame rx say about target, probed from mac (and, for IPv6, with
 * nonce)? On NA_PROBE_CONFLICT, other gets the other host's MAC.
 * IPv4 (RFC 5227 §2.1.1): any ARP whose sender IP is the address, or an ARP
 * probe (sender IP 0.0.0.0) for it, from a sender MAC other than ours.
 * IPv6 (RFC 4862 §5.4.3-§5.4.4): an NA for the address, or a DAD NS (source
 * ::) for it; an NS with our own nonce (RFC 7527 §4) or from our own MAC is
 * a loop. An NS from a unicast source is address resolution: nothing.
 */
enum na_probe_verdict na_probe_judge(const struct na_rx *rx, const struct na_ip *target,
                                     const uint8_t mac[NA_MAC_LEN],
                                     const uint8_t nonce[NA_NONCE_LEN], uint8_t other[NA_MAC_LEN]);

#define NA_PROBE_MAX_PROBES 16

struct na_probe_timing {
	unsigned probes;          /* probes to send */
	uint32_t wait_ms;         /* first probe after a random 0..wait_ms */
	uint32_t interval_min_ms; /* then one every min..max (random) */
	uint32_t interval_max_ms;
	uint32_t listen_ms; /* after the last probe, listen this long */
};

/* The RFC defaults: IPv4 RFC 5227 §1.1 (PROBE_WAIT 1 s, PROBE_NUM 3,
 * PROBE_MIN 1 s, PROBE_MAX 2 s, ANNOUNCE_WAIT 2 s); IPv6 RFC 4862 §5.1 and
 * RFC 4861 §10 (delay up to MAX_RTR_SOLICITATION_DELAY 1 s,
 * DupAddrDetectTransmits 1, RetransTimer 1 s). */
void na_probe_timing_rfc(int family, struct na_probe_timing *t);

/* Offsets of the probes from the start, from t and one random number per
 * probe (rnd[0..t->probes-1]): at_ms[0] in 0..wait_ms, each next one
 * interval_min_ms..interval_max_ms after the previous. */
void na_probe_plan(const struct na_probe_timing *t, const uint32_t *rnd, uint32_t *at_ms);

/* argv[0] is "probe". Returns the exit status (cli.h's NA_EXIT_*). */
int na_probe_main(int argc, char **argv);

#endif
