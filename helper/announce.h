/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The round driver: one interface's announcements. Used by the helper (its
 * first round, its background rounds, the requests later runs hand to it) and
 * by the watcher. It builds frames with the pure builders, checks before each
 * round that the interface still holds each address (announcing an address
 * that moved to another host would hijack its traffic), and hands frames to a
 * sink. It prints nothing: it reports through the log callback the caller
 * gives it. Every call takes `now` (monotonic ms); the only clock it reads
 * is the caller's, if given, for when a round's frames have left.
 *
 * Every address has its own announcement, an "event": the settings and the
 * schedule of the request that started it, the round due next, and the
 * progress RFC 4861 §7.2.6 limits (at most MAX_NEIGHBOR_ADVERTISEMENT NAs,
 * at least RetransTimer apart) and RFC 4862 §5.1 (one DAD NS). A request for
 * an address that is already being announced with the same settings, whose
 * first round went out less than NA_JOIN_MS ago (or has not yet gone out),
 * joins that event: racing hook calls for one lease are one announcement.
 * Any other request starts a new event: a fresh NA budget whose first NA goes
 * out as soon as the spacing allows, and no second DAD NS; the rounds that
 * the event it replaces still had left go on if they end later.
 */
#ifndef NA_ANNOUNCE_H
#define NA_ANNOUNCE_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"
#include "log.h"
#include "loop.h"
#include "nl.h"
#include "nl_neigh.h"
#include "pace.h"
#include "parse.h"
#include "sink.h"
#include "wire.h" /* NA_MAX_NEIGHBOR_ADVERTISEMENT, NA_RETRANS_TIMER_MS */

struct na_round_result;

/* A request joins an event whose first round is at most this old. */
#define NA_JOIN_MS NA_RETRANS_TIMER_MS

/* What a request asks for its addresses. */
struct na_event_opts {
	unsigned v4;              /* NA_V4_* bits */
	unsigned v6;              /* NA_V6_* bits */
	int notify;               /* enum na_notify (nl_neigh.h) */
	bool check;               /* verify before each round (off: --no-check) */
	bool arp_bcast;           /* ARP target MAC ff:ff:ff:ff:ff:ff, not zero */
	struct na_schedule sched; /* cut to --count already */
	/* Not the event's: the requester's --rate (0: none), which a take-over
	 * request carries so that the holder paces at the stricter one. */
	uint32_t rate;
};

enum na_target_state {
	NA_T_ACTIVE,  /* announce it */
	NA_T_WAITING, /* held but still tentative (IPv6 DAD running): later */
	NA_T_DROPPED, /* no longer held: nothing more until a new request */
};

/* na_target.sent: what a run sent, for the stamp once it has left. */
#define NA_SENT_EV(s) (1u << (s)) /* a round of ev[s] */
#define NA_SENT_NA    4u          /* an NA */

/* One request's rounds for a target. */
struct na_event {
	uint64_t t0;   /* its start */
	uint16_t opts; /* index into the job's opts[] */
	uint8_t round; /* next round; >= sched.n: over */
};

struct na_target {
	struct na_ip ip;
	enum na_target_state state;
	bool seen; /* scratch, for the per-round check */
	bool tell; /* scratch: its round's unicast frames (--notify) are still to go */
	uint8_t nonce[NA_NONCE_LEN];
	/* ev[0]: the newest request's rounds. ev[1]: what is left of an
	 * earlier one's that goes on longer: a newer request never shortens
	 * what an earlier one asked for. */
	struct na_event ev[2];
	bool first_sent;
	bool dad_sent;   /* in this job's life: never a second DAD NS */
	uint8_t na_sent; /* since the newest request */
	bool has_na;
	uint64_t first_at; /* when the newest request's first round went out */
	uint64_t last_na;  /* when the last NA left (has_na) */
	uint64_t catchup;  /* an NA held back for spacing is due then; 0: none */
	uint8_t sent;      /* scratch: NA_SENT_* of this run, until it is stamped */
};

struct na_job {
	int ifindex;
	char ifname[IF_NAMESIZE];
	uint8_t mac[NA_MAC_LEN];
	bool mac_fixed; /* --mac: keep it even if the link's MAC changes */
	bool router;    /* R flag in NAs: read again before every round */
	bool nonce_fixed;
	uint8_t nonce[NA_NONCE_LEN];
	struct na_target *t; /* sorted, no duplicates */
	size_t n;
	struct na_event_opts *opts; /* the distinct settings of the events */
	size_t nopts;
	struct na_sink *sink;
	na_log_fn log;
	/* Read after a round's broadcast frames are sent: when they left, for
	 * the NAs' spacing and the later rounds. NULL: the round's `now`. */
	uint64_t (*clock)(void);
	/* Called once, as soon as a round's broadcast frames are sent and
	 * before the --notify tables are read; then cleared. NULL: none. */
	void (*after_broadcast)(struct na_job *j);
	struct na_pace *pace; /* --rate, shared by every job of the process; NULL: none */
	bool paced;           /* the last run left frames for the pace */
	uint64_t checked_at;  /* the last check that went well */
	bool checked_fresh;   /* the caller has just checked: the next round need not */
	size_t out;           /* frames made so far, sent or still in the sink's queue */
	/* --notify (nl_neigh.h): hosts each round also tells by unicast, past
	 * bridges that suppress broadcast announcements; read again before
	 * each round that needs them. */
	int peers_mode; /* enum na_notify they were read for */
	struct na_peer peers[NA_NOTIFY_MAX];
	size_t npeers;
	/* --notify's reading and sending: na_job_notify in a program that
	 * sends unicast frames. NULL in one that does not carry them (the
	 * program hooks run, main.c): its rounds leave them (tell_due) for the
	 * program it hands the job to. */
	void (*notify)(struct na_job *j, int mode, struct na_round_result *r);
	/* Set: a round leaves its unicast frames for na_job_tell (the
	 * helper's first round, whose call must not wait for the tables). */
	bool defer_tell;
	bool tell_due;  /* some are left: the targets whose tell is set */
	bool tell_read; /* and the peers for them are read already (--rate) */
	int tell_mode;  /* enum na_notify: the widest of the rounds that left them */
};

/* Outcome of one round. */
struct na_round_result {
	size_t frames;          /* sent */
	size_t failed;          /* frames the kernel refused */
	int first_errno;        /* of the first refusal */
	size_t announced;       /* targets announced this round */
	size_t waiting;         /* tentative, skipped this round */
	int check_err;          /* the check before it failed: -ENETDOWN, -ENODEV... */
	unsigned round, rounds; /* for messages: "round 2/3" of the first due event */
	size_t paced;           /* targets left for later by --rate */
};

/*
 * --notify's frame, which a bridge port with neigh_suppress on lets through
 * (it holds back gratuitous ARP and unsolicited NA): from our address ours
 * and mac to peer p by unicast, an ARP request "who-has PEER tell OURS" or
 * an NS from OURS with our MAC as Source LLA. The receiver's kernel updates
 * its entry for us: for ARP when the request is for one of its addresses
 * (RFC 826 merge step), for an NS from the Source LLA option (RFC 4861
 * §7.2.3), and creates one if it has none. Pure; the frame's length, or 0
 * when the families differ or buf is too small.
 */
size_t na_build_notify(uint8_t *buf, size_t len, const uint8_t mac[NA_MAC_LEN],
                       const struct na_ip *ours, const struct na_peer *p);

/*
 * Adds a request: addresses (any order, duplicates allowed) with settings,
 * at now. Draws nonces for new IPv6 targets. *joined (may be NULL) counts the
 * addresses that joined a running event. 0, -ENOMEM, or -errno (getrandom).
 */
int na_job_request(struct na_job *j, const struct na_ip *ip, size_t n,
                   const struct na_event_opts *o, uint64_t now, size_t *joined);
/* Every address of the interface that can be announced (see --all), as a
 * malloc'ed array in *out (NULL when none), sorted. 0 or -errno. */
int na_job_list_all(int ifindex, struct na_ip **out, size_t *n);
/* The same, and with flags not NULL each address's IFA_F_* flags in
 * *flags (malloc'ed, NULL when none), for na_job_check_listed. */
int na_job_list_flags(int ifindex, struct na_ip **out, uint32_t **flags, size_t *n);
/*
 * Checks the targets whose event wants it against the kernel: marks the ones
 * the interface does not hold (or whose DAD failed) dropped, the tentative
 * ones waiting; refreshes the MAC unless fixed, the name and the R flag.
 * Returns 0, -ENETDOWN when the link is not up and running, -ENODEV when it
 * is gone, or another -errno.
 */
int na_job_check(struct na_job *j);
/* The same with the link as the caller has just read it (the start-up's
 * RTM_GETLINK): only the address dump is asked for. */
int na_job_check_link(struct na_job *j, const struct na_link *l);
/*
 * The check from a list that na_job_list_flags has just read (ip sorted,
 * flags its IFA_F_* beside each), with l the link as the caller read it
 * before that dump (na_job_check's order: link, then addresses): for --all,
 * whose own dump is then also the check. The same outcome as
 * na_job_check_link on that dump; only when a checked target is not in the
 * list does it dump the addresses again to find out why. Same returns.
 */
int na_job_check_listed(struct na_job *j, const struct na_link *l, const struct na_ip *ip,
                        const uint32_t *flags, size_t n);
/* When the next round is due (NA_NO_DEADLINE: nothing left to send). */
uint64_t na_job_next_due(const struct na_job *j);
/*
 * Runs every round due at now: one check for all of them (when any of their
 * events wants it), then every broadcast frame (ARP, DAD NS, NA), then for
 * --notify the routes and neighbours read and the unicast frames, in the
 * same order of targets. --rate lets a target through with all of its
 * frames counted, the unicast ones too. A failed check sends nothing and ends
 * nothing: r->check_err says why, and the caller decides (the link event that
 * says so is on its way to the watcher; the helper gives up).
 */
void na_job_run_due(struct na_job *j, uint64_t now, struct na_round_result *r);
/*
 * With j->defer_tell, na_job_run_due stops after the broadcast frames (and
 * after_broadcast) and leaves the unicast part for this: the peers read and
 * the unicast frames sent, as that round would have, r counting them alone.
 * Nothing left (tell_due clear): r is all zero. A round that runs before
 * this sends what is left with its own.
 */
void na_job_tell(struct na_job *j, struct na_round_result *r);
/* What j->notify is for: reads the peers for mode (NA_NOTIFY_NONE: keeps the
 * ones read last), then with r not NULL sends the unicast frames of every
 * target whose tell is set and counts them in r. */
void na_job_notify(struct na_job *j, int mode, struct na_round_result *r);
/* Gives up what is due at now (after a failed check): those rounds are
 * skipped, later ones stay. */
void na_job_skip_due(struct na_job *j, uint64_t now);
/* How many targets still have something to send. */
size_t na_job_live(const struct na_job *j);
/* Ends every event (the link went down); progress is kept. */
void na_job_stop(struct na_job *j);
/* The address left the interface: no more rounds for it. */
void na_job_forget(struct na_job *j, const struct na_ip *ip);
/* The target for ip, or NULL. */
struct na_target *na_job_find(const struct na_job *j, const struct na_ip *ip);
void na_job_free(struct na_job *j);

#endif
