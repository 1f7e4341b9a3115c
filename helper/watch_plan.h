/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The watcher's decisions, kept apart from its I/O so they can be tested on
 * their own: what a link message means (up, down, new MAC), flap damping, the
 * set of addresses seen and when one becomes announceable, and the poll
 * timeout. No I/O, no globals; the clock is a parameter (monotonic ms).
 */
#ifndef NA_WATCH_PLAN_H
#define NA_WATCH_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "loop.h"
#include "nl.h"
#include "parse.h"

/*
 * Flap damping: a token bucket per interface on announcement starts (link
 * up, MAC change). It holds NA_DAMP_BURST tokens and gains one every
 * NA_DAMP_REFILL_MS. A start takes a token; without one it waits for the next
 * token and announces the state the link is in then (a start that is waiting
 * takes no second token, and a link that went down again starts nothing). So
 * in any T seconds an interface starts at most NA_DAMP_BURST + ceil(T / 2 s)
 * announcements, each of at most one round per schedule entry, and the
 * state a link settles in is announced at most NA_DAMP_REFILL_MS late.
 * Three tokens let an ordinary cable plug-in (which often bounces once or
 * twice) through at once.
 */
#define NA_DAMP_BURST     3u
#define NA_DAMP_REFILL_MS 2000u

struct na_damp {
	unsigned tokens;
	uint64_t stamp_ms; /* when the bucket was last brought up to date */
};

/* A full bucket. */
void na_damp_init(struct na_damp *d, uint64_t now_ms);
/* Takes a token and returns 0, or takes none and returns how many ms until
 * one is there (> 0). */
uint64_t na_damp_take(struct na_damp *d, uint64_t now_ms);

/* What a link message changes, for an interface we watch. */
enum na_link_change {
	NA_LC_NONE,
	NA_LC_UP,   /* not running -> running: announce everything */
	NA_LC_DOWN, /* running -> not running: stop announcing */
	NA_LC_MAC,  /* new MAC while running: announce everything again */
};

/* "Running" as the seed means it: administratively up and carrier (IFF_UP and
 * IFF_RUNNING, i.e. operstate up). */
bool na_link_running(unsigned ifi_flags);

/* Compares the state we knew (was_running, old_mac; old_has_mac false when we
 * knew nothing) with a new RTM_NEWLINK. */
enum na_link_change na_link_change(bool was_running, bool old_has_mac,
                                   const uint8_t old_mac[NA_MAC_LEN], const struct na_link *now);

/*
 * The carrier-up counter of an RTM_NEWLINK (IFLA_CARRIER_UP_COUNT, Linux
 * 4.16+). A cable pulled and plugged back within one linkwatch batch, or a
 * down and up lost with dropped events (ENOBUFS), shows no change of
 * IFF_RUNNING, only a higher count: that is a link-up too. 0, or -ENOENT
 * when the message does not carry it (older kernels), -EINVAL if malformed.
 */
int na_link_carrier_ups(const struct nlmsghdr *nlh, uint32_t *out);

/* The interface's master (IFLA_MASTER: the bridge or bond it is a port of).
 * 0, or -ENOENT when it has none, -EINVAL if malformed. A port whose carrier
 * comes back while its bridge stays up (other ports keep it up) means the
 * bridge's addresses must be announced again through that port. */
int na_link_master(const struct nlmsghdr *nlh, int *out);

/* Did the carrier come up again between two messages that both say running?
 * Only when both carried the counter. */
bool na_carrier_bounced(bool old_known, uint32_t old_ups, bool now_known, uint32_t now_ups);

/* The addresses the kernel holds, as seen from RTM_NEWADDR / RTM_DELADDR, and
 * whether each could be announced (IPv6: DAD done). */
struct na_seen_addr {
	int ifindex;
	struct na_ip ip;
	bool usable;
	bool mark; /* scratch for a resynchronisation */
};

struct na_addrset {
	struct na_seen_addr *a; /* sorted by ifindex, then address */
	size_t n, cap;
};

enum na_addr_change {
	NA_AC_NONE,
	NA_AC_USABLE, /* new and usable, or was tentative and is usable now */
	NA_AC_GONE,   /* deleted */
};

/* Is this address one to announce at all, and now (not tentative)? */
bool na_addr_wanted(const struct na_addr *a);
bool na_addr_ready(const struct na_addr *a);

/* Records an RTM_NEWADDR (deleted false) or RTM_DELADDR. Addresses that are
 * never announceable are not recorded. Sets the mark of what it records.
 * *change says what happened. 0 or -ENOMEM (the set is unchanged then). */
int na_addrset_update(struct na_addrset *s, const struct na_addr *a, bool deleted,
                      enum na_addr_change *change);
/* Clears every mark (before a full dump). */
void na_addrset_unmark(struct na_addrset *s);
/* Removes the unmarked entries (not in the dump: deleted while we were not
 * listening) and returns how many. */
size_t na_addrset_sweep(struct na_addrset *s);
/* Forgets the addresses of an interface that went away. */
void na_addrset_drop_if(struct na_addrset *s, int ifindex);
void na_addrset_free(struct na_addrset *s);

#endif
