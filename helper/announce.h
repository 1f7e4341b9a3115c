/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One announcement job: the targets of one interface and the rounds that
 * announce them. Used by the helper and by the watcher. It builds frames with
 * the pure builders, checks before each round that the interface still holds
 * each address (announcing an address that moved to another host would hijack
 * its traffic), and hands frames to a sink. It prints nothing: it reports
 * through the log callback the caller gives it.
 */
#ifndef NA_ANNOUNCE_H
#define NA_ANNOUNCE_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"
#include "log.h"
#include "nl.h"
#include "nl_neigh.h"
#include "parse.h"
#include "sink.h"
#include "takeover.h"

enum na_target_state {
	NA_T_ACTIVE,  /* announce it */
	NA_T_WAITING, /* held but still tentative (IPv6 DAD running): later */
	NA_T_DROPPED, /* no longer held: never again in this job */
};

struct na_target {
	struct na_ip ip;
	enum na_target_state state;
	bool seen; /* scratch, for the per-round check */
	uint8_t nonce[NA_NONCE_LEN];
	unsigned dad_sent, na_sent;
	int64_t last_na_ms; /* from the job's start; negative: before it (hand-over) */
	bool na_spaced;     /* last_na_ms holds a predecessor's NA: keep the spacing */
};

/* RFC 4861 §7.2.6: at most MAX_NEIGHBOR_ADVERTISEMENT unsolicited NAs per
 * address, at least RetransTimer apart. */
#define NA_MAX_NEIGHBOR_ADVERTISEMENT 3
#define NA_RETRANS_TIMER_MS           1000

struct na_job {
	int ifindex;
	char ifname[IF_NAMESIZE];
	uint8_t mac[NA_MAC_LEN];
	bool mac_fixed; /* --mac: keep it even if the link's MAC changes */
	bool check;     /* verify before each round (off: --no-check) */
	bool router;    /* R flag in NAs */
	unsigned v4;    /* NA_V4_* bits */
	unsigned v6;    /* NA_V6_* bits */
	bool nonce_fixed;
	uint8_t nonce[NA_NONCE_LEN];
	struct na_target *t; /* sorted, no duplicates */
	size_t n;
	struct na_sink *sink;
	na_log_fn log;
	/* --notify (nl_neigh.h): hosts each round also tells by unicast, past
	 * bridges that suppress broadcast announcements. Filled by
	 * na_job_refresh_peers, which na_job_check calls. */
	enum na_notify notify;
	struct na_peer peers[NA_NOTIFY_MAX];
	size_t npeers;
};

/* Outcome of one round. */
struct na_round_result {
	size_t frames;    /* sent */
	size_t failed;    /* frames the kernel refused */
	int first_errno;  /* of the first refusal */
	size_t announced; /* targets announced this round */
	size_t waiting;   /* tentative, skipped this round */
	bool link_down;   /* the round was skipped: link not up and running */
};

/* Adds a target (dedups later in na_job_prepare). 0 or -ENOMEM. */
int na_job_add(struct na_job *j, const struct na_ip *ip);
/* Adds every address of the interface that can be announced (see --all). */
int na_job_add_all(struct na_job *j);
/* Sorts, removes duplicates, draws nonces. 0 or -errno (getrandom). */
int na_job_prepare(struct na_job *j);
/*
 * Checks targets against the kernel: marks the ones the interface does not
 * hold (or whose DAD failed) dropped, the tentative ones waiting. Also
 * refreshes the MAC unless fixed. Returns 0, -ENETDOWN when the link is not
 * up and running, -ENODEV when it is gone, or another -errno.
 */
int na_job_check(struct na_job *j);
/* Sends one round at at_ms from the job's start (the clock for NA spacing). */
void na_job_round(struct na_job *j, uint32_t at_ms, struct na_round_result *r);
/* Re-reads the notify peers from the kernel (nothing when notify is none).
 * 0 or -errno; on error the previous peers stay. */
int na_job_refresh_peers(struct na_job *j);
/* For a newcomer that takes over: the live targets and how far each got, at
 * now_ms from the job's start. Returns a malloc'ed array (NULL when empty or
 * out of memory) and its length in *n. */
struct na_handover *na_job_export(const struct na_job *j, uint32_t now_ms, size_t *n);
/* Carries on a predecessor's targets: ones only carried on keep the DAD/NA
 * progress the predecessor made (RFC 4861's count and spacing of NAs hold
 * across the hand-over); ones this job was given itself are news again (a
 * fresh NA budget, the spacing kept, no second DAD NS). Call after
 * na_job_prepare; it prepares again. 0 or -errno. */
int na_job_inherit(struct na_job *j, const struct na_handover *h, size_t n);
/* How many targets are not dropped. */
size_t na_job_live(const struct na_job *j);
void na_job_free(struct na_job *j);

#endif
