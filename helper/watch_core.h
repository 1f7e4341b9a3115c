/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The watcher's decisions, fed parsed messages, a clock and a sink: what a
 * link message means for an interface (up, down, new MAC, a port of a bridge
 * coming back), flap damping, which addresses to announce when, periodic
 * refresh, the rounds (one round driver per interface, announce.h), and the
 * neighbours to tell by unicast of a new MAC (the cache below). No
 * netlink socket and no command line here: watch.c reads the kernel and the
 * settings and calls these. The only question asked of the kernel, the
 * addresses of an interface, goes through a function the caller gives.
 */
#ifndef NA_WATCH_CORE_H
#define NA_WATCH_CORE_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "announce.h"
#include "config.h"
#include "log.h"
#include "nl_neigh.h"
#include "watch_plan.h"

/*
 * The neighbour cache, for a MAC change that loses no traffic behind EVPN
 * ARP/ND suppression. A MAC change flushes the interface's neighbour table,
 * and a bridge port with neigh_suppress on holds back every broadcast
 * announcement, so neighbours behind it keep the old MAC until their entry
 * fails (seconds). The watcher remembers, per interface, the neighbours the
 * table held recently (from the start-up dump and the neighbour events,
 * deletions included: the flush reports each entry it removes), and on a MAC
 * change tells each one by unicast from the new MAC (na_build_notify), which
 * passes suppression. Bounded by count (the least recently seen goes first)
 * and by age (no message about it for this long: forgotten). Unless
 * --notify none (broadcast only).
 */
#define NA_NCACHE_MAX    64
#define NA_NCACHE_AGE_MS (10u * 60u * 1000u)
/* Pacing of the unicast frames: the first NA_TELL_BURST neighbours at once
 * (most recently seen first), then one every NA_TELL_GAP_MS, so that 64
 * neighbours take about half a second and a segment sees no flood. A MAC
 * change while a tell is still going on restarts its list, not its burst. */
#define NA_TELL_BURST  8u
#define NA_TELL_GAP_MS 8u
/* A neighbour whose deletion arrives this soon after the MAC change (the
 * flush and the link message come in either order) is told too. */
#define NA_TELL_LATE_MS 1000u

struct na_wneigh {
	struct na_peer p;
	uint64_t seen; /* the last message about it */
	bool gone;     /* deleted from the kernel's table: remembered all the same */
	bool tell;     /* still to be told of the new MAC */
};

/* What the settings come to. The pointers must outlive the core (or the
 * next na_wcore_settings). */
struct na_wsettings {
	char *const *names;          /* IFACE operands (aliases stand for their device) */
	size_t nnames;               /* 0: every Ethernet-like interface */
	const struct na_config *cfg; /* enabled, skip */
	bool new_addrs;              /* announce addresses added while the link is up */
	bool initial;                /* announce links that are up at start-up */
	struct na_event_opts ev;
	uint32_t refresh_ms; /* announce every address again this often; 0: never */
};

struct na_wif {
	int ifindex;
	char name[IF_NAMESIZE];
	bool neigh; /* speaks ARP/ND (na_link_has_neigh) */
	bool running;
	bool has_mac;
	uint8_t mac[NA_MAC_LEN];
	bool watched;
	int master;     /* ifindex of its bridge or bond, or 0 */
	bool ups_known; /* the kernel reports carrier-ups (IFLA_CARRIER_UP_COUNT) */
	uint32_t ups;
	bool mark; /* scratch for a resynchronisation */
	struct na_damp damp;
	bool pending; /* a link announcement waits for a damping token */
	uint64_t pending_at;
	bool link_started;
	uint64_t link_at;    /* when every address was last announced */
	uint64_t refresh_at; /* the next refresh; 0: none planned */
	struct na_job job;   /* its rounds */
	struct na_wneigh nc[NA_NCACHE_MAX];
	size_t nnc;
	uint64_t tell_until; /* deletions before then join the last MAC change's tell */
	uint64_t tell_at;    /* the next unicast frames are due then (ntell > 0) */
	size_t ntell;        /* neighbours still to tell */
	unsigned tell_burst; /* how many the next send may tell at once */
	struct na_wif *next;
};

/* The addresses of ifindex that can be announced (malloc'ed, sorted). */
typedef int (*na_wcore_list_fn)(void *ctx, int ifindex, struct na_ip **ip, size_t *n);

struct na_wcore {
	struct na_wsettings set;
	struct na_wif *ifs;
	struct na_addrset addrs;
	bool announce_addrs; /* off while the start-up dump is read */
	/* given by the caller */
	struct na_sink *sink;
	struct na_pace *pace; /* --rate; NULL: none */
	na_log_fn log;
	na_wcore_list_fn list;
	void *list_ctx;
	uint32_t (*rand32)(void); /* for the refresh's jitter */
	uint64_t (*clock)(void);  /* na_job's; NULL: none */
};

void na_wcore_init(struct na_wcore *c);
void na_wcore_free(struct na_wcore *c);
/* New settings (start-up, SIGHUP): interfaces no longer watched stop;
 * refreshes are planned again. */
void na_wcore_settings(struct na_wcore *c, const struct na_wsettings *s, uint64_t now);

/*
 * A link message: the parsed link, its master (0: none), its carrier-up
 * count (ups_known false: the message had none). startup: part of the
 * dump read before watching began (a link that is up then is no news,
 * unless set.initial).
 */
void na_wcore_link(struct na_wcore *c, const struct na_link *l, int master, bool ups_known,
                   uint32_t ups, bool startup, uint64_t now);
/* The interface is gone. */
void na_wcore_link_gone(struct na_wcore *c, int ifindex);
/* An address message (deleted: RTM_DELADDR). */
void na_wcore_addr(struct na_wcore *c, const struct na_addr *a, bool deleted, uint64_t now);

/* A neighbour message (deleted: RTM_DELNEIGH) for the cache above. */
void na_wcore_neigh(struct na_wcore *c, const struct na_neigh *n, bool deleted, uint64_t now);

/* A full resynchronisation: unmark, feed the dump (links, then
 * addresses), then sweep what it did not show. links_whole / addrs_whole:
 * that part of the dump was consistent (an inconsistent one may have
 * skipped entries, which are kept then). */
void na_wcore_unmark(struct na_wcore *c);
void na_wcore_sweep(struct na_wcore *c, bool links_whole, bool addrs_whole);

/* Runs what is due at now (damped link announcements, refreshes, rounds)
 * and returns when something is due next (NA_NO_DEADLINE: nothing). */
uint64_t na_wcore_run(struct na_wcore *c, uint64_t now);

struct na_wif *na_wcore_find(const struct na_wcore *c, int ifindex);

#endif
