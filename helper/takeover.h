/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * "A new invocation for the same interface ends the previous sequence and
 * takes over." A running sequence holds a listening abstract AF_UNIX socket
 * named after the interface index. Abstract names live in the network
 * namespace, like the interface itself, and need no file system: this works
 * where /run is read-only (dhcpcd's unit has ProtectSystem=strict).
 *
 * A newcomer connects; the holder checks the peer's credentials (root or its
 * own uid), hands over its live addresses with how far each got, closes and
 * exits; the newcomer binds the name itself and carries those addresses on.
 * Without the hand-over, two hook calls in a row for one interface (a DHCPv4
 * lease, then an IPv6 address; ifupdown's inet, then inet6 stanza) would cut
 * the first one's later rounds short.
 */
#ifndef NA_TAKEOVER_H
#define NA_TAKEOVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse.h"

struct na_handover {
	struct na_ip ip;
	uint8_t dad_sent, na_sent;
	uint32_t ms_since_na; /* NA_HANDOVER_NO_NA: none sent yet */
};
#define NA_HANDOVER_NO_NA UINT32_MAX
#define NA_HANDOVER_REC   24     /* bytes a record takes on the socket */
#define NA_HANDOVER_MAX   65536u /* records a newcomer accepts at most */

/* Pure: one record into/out of NA_HANDOVER_REC bytes. decode: 0 or -EINVAL
 * (unknown family, an address that can never be announced, bad padding). */
void na_handover_encode(uint8_t rec[NA_HANDOVER_REC], const struct na_handover *h);
int na_handover_decode(const uint8_t rec[NA_HANDOVER_REC], struct na_handover *h);

/*
 * Ends any sequence running for ifindex and takes its place. Returns the
 * listening fd, or -errno (the caller goes on without take-over then). What
 * the ended holder handed over is in *got (malloc'ed, *ngot records; NULL/0
 * when nothing).
 */
int na_takeover_claim(int ifindex, struct na_handover **got, size_t *ngot);

/* Called when the listening fd is readable. Returns the connection of a
 * legitimate newcomer (write the hand-over to it, then exit), or -1 (anyone
 * else is disconnected). */
int na_takeover_accept(int listen_fd);

/* Writes the records to a newcomer's connection and closes it. Bounded in
 * time: a newcomer that does not read gets cut off. */
void na_takeover_hand_over(int conn, const struct na_handover *h, size_t n);

#endif
