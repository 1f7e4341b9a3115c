/* SPDX-License-Identifier: BSD-2-Clause */
#include "announce.h" /* first: net/if.h before the linux/ headers */

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

static int target_cmp(const void *a, const void *b)
{
	return na_ip_cmp(&((const struct na_target *)a)->ip, &((const struct na_target *)b)->ip);
}

struct na_target *na_job_find(const struct na_job *j, const struct na_ip *ip)
{
	struct na_target key;

	if (!j->n)
		return NULL;
	key.ip = *ip;
	return bsearch(&key, j->t, j->n, sizeof(*j->t), target_cmp);
}

/* An event whose rounds are all done, or that never was. */
#define EV_OVER 0xff
/* How long a target still in DAD is remembered after its rounds: long enough
 * for DAD (RFC 4862: RetransTimer per probe), so that its end is news. */
#define NA_WAITING_KEEP_MS 60000

static const struct na_event_opts *ev_opts(const struct na_job *j, const struct na_event *e)
{
	return &j->opts[e->opts];
}

static bool ev_live(const struct na_job *j, const struct na_event *e)
{
	return e->round < ev_opts(j, e)->sched.n;
}

static uint64_t ev_due(const struct na_job *j, const struct na_event *e)
{
	return ev_live(j, e) ? e->t0 + ev_opts(j, e)->sched.at_ms[e->round] : NA_NO_DEADLINE;
}

/* When its last round is due (0: over). */
static uint64_t ev_end(const struct na_job *j, const struct na_event *e)
{
	const struct na_event_opts *o = ev_opts(j, e);

	return ev_live(j, e) ? e->t0 + o->sched.at_ms[o->sched.n - 1] : 0;
}

/* Moves e past every round due at now: a round late by several offsets (a
 * stopped process, a busy machine) is one round, not a burst. True if any. */
static bool ev_advance(const struct na_job *j, struct na_event *e, uint64_t now)
{
	bool any = false;

	while (ev_due(j, e) <= now) {
		e->round++;
		any = true;
	}
	return any;
}

/* The newest request's settings. */
static const struct na_event_opts *opts_of(const struct na_job *j, const struct na_target *t)
{
	return ev_opts(j, &t->ev[0]);
}

static bool same_opts(const struct na_event_opts *a, const struct na_event_opts *b)
{
	return a->v4 == b->v4 && a->v6 == b->v6 && a->notify == b->notify && a->check == b->check &&
	       a->arp_bcast == b->arp_bcast && a->sched.n == b->sched.n &&
	       memcmp(a->sched.at_ms, b->sched.at_ms, a->sched.n * sizeof(a->sched.at_ms[0])) == 0;
}

/* The index of these settings in j->opts, added if new. -ENOMEM, or
 * -E2BIG past UINT16_MAX distinct settings (a watcher reloaded that often). */
static int opts_index(struct na_job *j, const struct na_event_opts *o)
{
	struct na_event_opts *grown;
	size_t i;

	for (i = 0; i < j->nopts; i++)
		if (same_opts(&j->opts[i], o))
			return (int)i;
	if (j->nopts > UINT16_MAX)
		return -E2BIG;
	grown = realloc(j->opts, (j->nopts + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	j->opts = grown;
	memset(&j->opts[j->nopts], 0, sizeof(*grown));
	j->opts[j->nopts].v4 = o->v4;
	j->opts[j->nopts].v6 = o->v6;
	j->opts[j->nopts].notify = o->notify;
	j->opts[j->nopts].check = o->check;
	j->opts[j->nopts].arp_bcast = o->arp_bcast;
	j->opts[j->nopts].sched = o->sched;
	return (int)j->nopts++;
}

/* When the target next wants to send: its next round, or an NA that the
 * spacing held back. */
static uint64_t target_due(const struct na_job *j, const struct na_target *t)
{
	uint64_t d, d1;

	if (t->state == NA_T_DROPPED)
		return NA_NO_DEADLINE;
	d = ev_due(j, &t->ev[0]);
	d1 = ev_due(j, &t->ev[1]);
	if (d1 < d)
		d = d1;
	if (t->catchup && t->catchup < d)
		d = t->catchup;
	return d;
}

/* Does a request with settings `idx` at now join the target's event? Only
 * if that event announces the same way and its first round has not gone out
 * yet, or went out less than NA_JOIN_MS ago: then the request's news is
 * already on the wire, or about to be. */
static bool joins(const struct na_job *j, const struct na_target *t, int idx, uint64_t now)
{
	/* A tentative address has not been announced: a request after its
	 * DAD (the watcher's) is news. */
	if (t->state != NA_T_ACTIVE || t->ev[0].opts != idx)
		return false;
	if (!t->first_sent)
		return ev_live(j, &t->ev[0]);
	return now - t->first_at < NA_JOIN_MS;
}

/* A new event: the rounds from now, a fresh NA budget. The DAD NS already
 * sent and the time of the last NA (for the spacing) stay, and so do the
 * rounds left of the event it replaces when they end later than its own. */
static void start_event(struct na_job *j, struct na_target *t, int idx, uint64_t now)
{
	struct na_event e = {.t0 = now, .opts = (uint16_t)idx, .round = 0};
	struct na_event *keep = &t->ev[0];

	if (ev_end(j, &t->ev[1]) > ev_end(j, keep))
		keep = &t->ev[1];
	if (ev_end(j, keep) > ev_end(j, &e))
		t->ev[1] = *keep;
	else
		t->ev[1] = (struct na_event){.opts = (uint16_t)idx, .round = EV_OVER};
	t->ev[0] = e;
	t->state = NA_T_ACTIVE;
	t->first_sent = false;
	t->na_sent = 0;
	t->catchup = 0;
}

/* Nonces for targets [from, j->n), in batches: one getrandom() per address
 * was a quarter of the time of a 10,000-address round. Up to 256 bytes never
 * return short (getrandom(2)). */
static int draw_nonces(struct na_job *j, size_t from)
{
	uint8_t pool[42 * NA_NONCE_LEN];
	size_t i, left = 0;

	for (i = from; i < j->n; i++) {
		if (j->t[i].ip.family != AF_INET6)
			continue;
		if (j->nonce_fixed) {
			memcpy(j->t[i].nonce, j->nonce, NA_NONCE_LEN);
			continue;
		}
		if (!left) {
			if (getrandom(pool, sizeof(pool), 0) != (ssize_t)sizeof(pool))
				return -errno;
			left = sizeof(pool);
		}
		left -= NA_NONCE_LEN;
		memcpy(j->t[i].nonce, pool + left, NA_NONCE_LEN);
	}
	return 0;
}

/* Forgets targets with nothing left to send whose last frame is old enough
 * that its spacing no longer matters: keeps a long-running watcher's job as
 * small as what it announces. */
static void compact(struct na_job *j, uint64_t now)
{
	size_t i, k = 0;

	for (i = 0; i < j->n; i++) {
		const struct na_target *t = &j->t[i];
		bool idle = target_due(j, t) == NA_NO_DEADLINE &&
		            (!t->has_na || now - t->last_na >= NA_RETRANS_TIMER_MS) &&
		            (!t->first_sent || now - t->first_at >= NA_JOIN_MS) &&
		            !(t->state == NA_T_WAITING && now - t->ev[0].t0 < NA_WAITING_KEEP_MS);

		if (!idle)
			j->t[k++] = j->t[i];
	}
	j->n = k;
}

/* Are the targets from n0 on, and the last one before them, in strictly
 * ascending order (sorted, no duplicates)? */
static bool ascending(const struct na_job *j, size_t n0)
{
	size_t i;

	for (i = n0 ? n0 : 1; i < j->n; i++)
		if (target_cmp(&j->t[i - 1], &j->t[i]) >= 0)
			return false;
	return true;
}

int na_job_request(struct na_job *j, const struct na_ip *ip, size_t n,
                   const struct na_event_opts *o, uint64_t now, size_t *joined)
{
	struct na_target *t, *grown;
	size_t i, k, n0, nj = 0;
	int idx, err;

	if (joined)
		*joined = 0;
	compact(j, now);
	idx = opts_index(j, o);
	if (idx < 0)
		return idx;
	/* Room for every address: new ones go after the sorted part. */
	grown = realloc(j->t, (j->n + n ? j->n + n : 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	j->t = grown;
	n0 = j->n;
	for (i = 0; i < n; i++) {
		struct na_target key = {.ip = ip[i]};

		t = n0 ? bsearch(&key, j->t, n0, sizeof(*j->t), target_cmp) : NULL;
		if (t) {
			if (joins(j, t, idx, now))
				nj++;
			else
				start_event(j, t, idx, now);
			continue;
		}
		t = &j->t[j->n++];
		memset(t, 0, sizeof(*t));
		t->ip = ip[i];
		t->ev[0] = t->ev[1] = (struct na_event){.opts = (uint16_t)idx, .round = EV_OVER};
		start_event(j, t, idx, now);
	}
	err = draw_nonces(j, n0);
	if (err) {
		j->n = n0;
		return err;
	}
	/* New targets in order after the old ones (--all's list comes
	 * sorted): the sort and the pass for duplicates have nothing to do. */
	if (j->n > n0 && !ascending(j, n0)) {
		qsort(j->t, j->n, sizeof(*j->t), target_cmp);
		/* The request may name an address twice: one target. */
		for (i = k = 0; i < j->n; i++)
			if (k == 0 || target_cmp(&j->t[k - 1], &j->t[i]) != 0)
				j->t[k++] = j->t[i];
		j->n = k;
	}
	if (joined)
		*joined = nj;
	return 0;
}

/* An address of the dump that --all takes, with its IFA_F_* flags. */
struct listed {
	struct na_ip ip;
	uint32_t flags;
};

struct list_all {
	struct listed *a;
	size_t n;
	int err;
};

static int listed_cmp(const void *a, const void *b)
{
	return na_ip_cmp(&((const struct listed *)a)->ip, &((const struct listed *)b)->ip);
}

static int list_all_cb(const struct na_addr *a, void *data)
{
	struct list_all *l = data;
	struct listed *grown;

	if (!na_ip_announceable(&a->ip) || (a->flags & (IFA_F_DADFAILED | IFA_F_DEPRECATED)))
		return 0;
	if (a->ip.family == AF_INET6 && a->scope != RT_SCOPE_UNIVERSE && a->scope != RT_SCOPE_LINK)
		return 0;
	/* Tentative addresses are taken too: the check holds them back
	 * until DAD has finished. Grow by doubling: 10,000 addresses stay
	 * linear. */
	if ((l->n & (l->n - 1)) == 0) {
		grown = realloc(l->a, (l->n ? l->n * 2 : 4) * sizeof(*grown));
		if (!grown) {
			l->err = -ENOMEM;
			return -ENOMEM;
		}
		l->a = grown;
	}
	l->a[l->n].ip = a->ip;
	l->a[l->n].flags = a->flags;
	l->n++;
	return 0;
}

/* The dump of --all, sorted by address (l->a malloc'ed, NULL when none).
 * 0 or -errno. */
static int list_dump(int ifindex, struct list_all *l)
{
	size_t i;
	int err, tries = 0;

	memset(l, 0, sizeof(*l));
	do {
		l->n = 0; /* what an inconsistent dump added (nl.h) */
		err = na_nl_dump_addrs(ifindex, list_all_cb, l);
	} while (err == -EINTR && ++tries < NA_NL_DUMP_TRIES);
	err = l->err ? l->err : na_nl_dump_result(err);
	if (err) {
		free(l->a);
		l->a = NULL;
		return err;
	}
	for (i = 1; i < l->n; i++)
		if (listed_cmp(&l->a[i - 1], &l->a[i]) > 0)
			break;
	if (i < l->n)
		qsort(l->a, l->n, sizeof(*l->a), listed_cmp);
	return 0;
}

int na_job_list_flags(int ifindex, struct na_ip **out, uint32_t **flags, size_t *n)
{
	struct list_all l;
	size_t i;
	int err = list_dump(ifindex, &l);

	if (err)
		return err;
	*out = NULL;
	if (flags)
		*flags = NULL;
	*n = 0;
	if (!l.n) {
		free(l.a);
		return 0;
	}
	*out = malloc(l.n * sizeof(**out));
	if (flags)
		*flags = malloc(l.n * sizeof(**flags));
	if (!*out || (flags && !*flags)) {
		free(*out);
		*out = NULL;
		if (flags) {
			free(*flags);
			*flags = NULL;
		}
		free(l.a);
		return -ENOMEM;
	}
	for (i = 0; i < l.n; i++) {
		(*out)[i] = l.a[i].ip;
		if (flags)
			(*flags)[i] = l.a[i].flags;
	}
	*n = l.n;
	free(l.a);
	return 0;
}

int na_job_list_all(int ifindex, struct na_ip **out, size_t *n)
{
	return na_job_list_flags(ifindex, out, NULL, n);
}

static bool checked(const struct na_job *j, const struct na_target *t)
{
	return t->state != NA_T_DROPPED && opts_of(j, t)->check;
}

/* What the check's dump says of a target it lists: DAD failed, still
 * tentative, or there to announce. */
static void mark(struct na_job *j, struct na_target *t, uint32_t flags)
{
	t->seen = true;
	if (flags & IFA_F_DADFAILED) {
		t->state = NA_T_DROPPED;
		j->log(NA_LOG_WARN, j->ifname,
		       "%s: duplicate address detection failed, not announced",
		       inet_ntop(t->ip.family, &t->ip.v6, (char[INET6_ADDRSTRLEN]){0},
		                 INET6_ADDRSTRLEN));
	} else if (flags & IFA_F_TENTATIVE) {
		t->state = NA_T_WAITING;
	} else {
		t->state = NA_T_ACTIVE;
	}
}

static int check_cb(const struct na_addr *a, void *data)
{
	struct na_job *j = data;
	struct na_target *t = na_job_find(j, &a->ip);

	if (t && checked(j, t))
		mark(j, t, a->flags);
	return 0;
}

/* The check's first half: the link as l says (MAC, name, R flag), and
 * whether it is up. 0 or -ENETDOWN. */
static int check_link(struct na_job *j, const struct na_link *l)
{
	if (!j->mac_fixed && l->has_mac)
		memcpy(j->mac, l->mac, NA_MAC_LEN);
	memcpy(j->ifname, l->name, sizeof(j->ifname));
	/* Forwarding may be switched on or off between rounds (RFC 4861
	 * §7.2.4: the R flag says what the node is now): as the link message
	 * read a moment ago says. */
	j->router = l->router > 0;
	if ((l->flags & (IFF_UP | IFF_RUNNING)) != (IFF_UP | IFF_RUNNING))
		return -ENETDOWN;
	return 0;
}

static void clear_seen(struct na_job *j)
{
	size_t i;

	for (i = 0; i < j->n; i++)
		j->t[i].seen = false;
}

/* The check's last step: a checked target the dump did not list is gone. */
static void drop_unseen(struct na_job *j)
{
	char buf[INET6_ADDRSTRLEN];
	size_t i;

	for (i = 0; i < j->n; i++) {
		struct na_target *t = &j->t[i];

		if (t->seen || !checked(j, t))
			continue;
		t->state = NA_T_DROPPED;
		t->catchup = 0;
		j->log(NA_LOG_INFO, j->ifname, "%s: not on the interface, not announced",
		       inet_ntop(t->ip.family, &t->ip.v6, buf, sizeof(buf)));
	}
}

/* The check's address half: the kernel's dump says what each target is. */
static int check_dump(struct na_job *j)
{
	int err, tries = 0;

	do {
		/* Again from nothing seen (nl.h). After the last try, an
		 * address the inconsistent answer skipped counts as gone:
		 * not announcing is the safe side. */
		clear_seen(j);
		err = na_nl_dump_addrs(j->ifindex, check_cb, j);
	} while (err == -EINTR && ++tries < NA_NL_DUMP_TRIES);
	err = na_nl_dump_result(err);
	if (err)
		return err;
	drop_unseen(j);
	return 0;
}

int na_job_check_link(struct na_job *j, const struct na_link *l)
{
	int err = check_link(j, l);

	return err ? err : check_dump(j);
}

int na_job_check(struct na_job *j)
{
	struct na_link l;
	int err = na_nl_get_link(j->ifindex, NULL, &l);

	return err ? err : na_job_check_link(j, &l);
}

int na_job_check_listed(struct na_job *j, const struct na_link *l, const struct na_ip *ip,
                        const uint32_t *flags, size_t n)
{
	size_t i, k, left = 0;
	int err = check_link(j, l);

	if (err)
		return err;
	/* Both sorted: one pass. */
	clear_seen(j);
	for (i = k = 0; i < j->n && k < n;) {
		int c = na_ip_cmp(&j->t[i].ip, &ip[k]);

		if (c > 0) {
			k++;
			continue;
		}
		if (c == 0 && checked(j, &j->t[i]))
			mark(j, &j->t[i], flags[k++]);
		i++;
	}
	for (i = 0; i < j->n; i++)
		left += !j->t[i].seen && checked(j, &j->t[i]);
	/* A target the list does not name (an address of another request
	 * that --all leaves out, or that has left): the dump itself must
	 * say what it is (the link is checked already). */
	return left ? check_dump(j) : 0;
}

/* From how many targets on (about as many addresses, and local routes)
 * refresh_peers has the kernel filter the routes: below, its four dumps
 * cost more than the one whole table. */
#define NA_ROUTES_FILTER_MIN 64

/* Re-reads the notify peers for mode. On error the previous peers stay:
 * the broadcast frames go anyway. */
static void refresh_peers(struct na_job *j, int mode)
{
	struct na_peer p[NA_NOTIFY_MAX];
	size_t n, skipped, dropped, i, k = 0;
	int err;

	/* Each address of the interface is a local route: with many, the
	 * kernel's filtered dumps are faster than the whole table. */
	err = na_notify_collect(j->ifindex, (enum na_notify)mode, j->n >= NA_ROUTES_FILTER_MIN, p,
	                        NA_NOTIFY_MAX, &n, &skipped, &dropped);
	if (err) {
		j->log(NA_LOG_DEBUG, j->ifname, "cannot read the routing/neighbour tables: %s",
		       strerror(-err));
		return;
	}
	for (i = 0; i < n; i++)
		if (!na_job_find(j, &p[i].ip)) /* never "notify" one of our own addresses */
			j->peers[k++] = p[i];
	j->npeers = k;
	j->peers_mode = mode;
	if (skipped)
		j->log(NA_LOG_DEBUG, j->ifname,
		       "%zu gateways not notified: their MAC is not known (no resolution sent)",
		       skipped);
	if (dropped)
		j->log(NA_LOG_DEBUG, j->ifname, "%zu neighbours beyond the first %d not notified",
		       dropped, NA_NOTIFY_MAX);
}

/* One frame's outcome, in the order the frames were made. */
static void count_frame(struct na_round_result *r, int err)
{
	if (err == 0) {
		r->frames++;
		return;
	}
	if (r->failed++ == 0)
		r->first_errno = -err;
}

/* Sends what the sink holds and counts each frame as it fared. */
static void flush_frames(struct na_job *j, struct na_round_result *r)
{
	int res[NA_SINK_BATCH];
	size_t i, n = na_sink_flush(j->sink, res);

	for (i = 0; i < n; i++)
		count_frame(r, res[i]);
}

/* The round's broadcast frames are sent (flush_frames): the caller's
 * after_broadcast, once, before anything reads the tables (refresh_peers). */
static void broadcast_sent(struct na_job *j)
{
	void (*fn)(struct na_job *) = j->after_broadcast;

	if (fn) {
		j->after_broadcast = NULL;
		fn(j);
	}
}

/* Frames go to the sink's queue, which na_job_run_due sends whenever it
 * is full and before it returns: r counts them then. */
static void send_frame(struct na_job *j, const uint8_t *f, size_t len, struct na_round_result *r)
{
	j->out++;
	if (len && na_sink_queue(j->sink, j->ifindex, f, len))
		return;
	flush_frames(j, r); /* full: room for this one, and the order of the counts */
	if (!len)           /* cannot happen with our fixed-size buffers; count it anyway */
		count_frame(r, -EMSGSIZE);
	else if (!na_sink_queue(j->sink, j->ifindex, f, len))
		count_frame(r, na_sink_send(j->sink, j->ifindex, f, len));
}

size_t na_build_notify(uint8_t *buf, size_t len, const uint8_t mac[NA_MAC_LEN],
                       const struct na_ip *ours, const struct na_peer *p)
{
	struct na_arp_frame arp;
	struct na_ns_frame ns;

	if (ours->family != p->ip.family)
		return 0;
	if (ours->family == AF_INET) {
		/* "who-has PEER tell ADDRESS", tha zero (RFC 5227 §2.3's
		 * form), to the peer's MAC only. */
		memset(&arp, 0, sizeof(arp));
		memcpy(arp.eth_dst, p->mac, NA_MAC_LEN);
		memcpy(arp.eth_src, mac, NA_MAC_LEN);
		arp.op = NA_ARP_OP_REQUEST;
		memcpy(arp.sha, mac, NA_MAC_LEN);
		arp.spa = ours->v4;
		arp.tpa = p->ip.v4;
		return na_build_arp(buf, len, &arp);
	}
	/* Unicast NS, RFC 4861 §7.2.2: source = the address, Source LLA = our
	 * MAC, target and destination = the peer. */
	memset(&ns, 0, sizeof(ns));
	memcpy(ns.eth_dst, p->mac, NA_MAC_LEN);
	memcpy(ns.eth_src, mac, NA_MAC_LEN);
	ns.src = ours->v6;
	ns.dst = p->ip.v6;
	ns.target = p->ip.v6;
	ns.has_sllao = true;
	memcpy(ns.sllao, mac, NA_MAC_LEN);
	return na_build_ns(buf, len, &ns);
}

/* Does a round with settings o tell the peers about t (--notify)? */
static bool wants_tell(const struct na_target *t, const struct na_event_opts *o)
{
	return o->notify != NA_NOTIFY_NONE && (t->ip.family == AF_INET ? o->v4 : o->v6);
}

/* How many unicast frames telling about t the peers read last take. */
static size_t tells_for(const struct na_job *j, const struct na_target *t)
{
	size_t i, n = 0;

	for (i = 0; i < j->npeers; i++)
		n += j->peers[i].ip.family == t->ip.family;
	return n;
}

/* --notify: a unicast request to each peer of the target's family
 * (na_build_notify). */
static void notify_peers(struct na_job *j, const struct na_target *t, struct na_round_result *r)
{
	uint8_t buf[NA_ND_FRAME_MAX];
	size_t i;

	for (i = 0; i < j->npeers; i++)
		if (j->peers[i].ip.family == t->ip.family)
			send_frame(j, buf,
			           na_build_notify(buf, sizeof(buf), j->mac, &t->ip, &j->peers[i]),
			           r);
}

void na_job_notify(struct na_job *j, int mode, struct na_round_result *r)
{
	size_t i;

	if (mode != NA_NOTIFY_NONE && j->ifindex)
		refresh_peers(j, mode);
	if (!r)
		return;
	for (i = 0; i < j->n; i++) {
		if (!j->t[i].tell)
			continue;
		j->t[i].tell = false;
		notify_peers(j, &j->t[i], r);
	}
	flush_frames(j, r);
}

/* A round's unicast part: the peers read (unless --rate's pass read them),
 * then a frame to each for every target told. */
static void tell_peers(struct na_job *j, struct na_round_result *r)
{
	int mode = j->tell_read ? NA_NOTIFY_NONE : j->tell_mode;

	j->tell_due = j->tell_read = false;
	j->notify(j, mode, r);
}

/* RFC 4861 §7.2.6: an NA if the event's budget has one left and the last NA
 * left at least RetransTimer ago; otherwise, for the event's first round, as
 * soon as the spacing allows. A held-back NA sent later counts as part of
 * the first round (first_sent is still false then). A later round is never
 * held back by lateness (stamp_sent): only by a schedule that puts it less
 * than RetransTimer after the last NA, and then its NA waits for the next. */
static void send_na(struct na_job *j, struct na_target *t, const struct na_event_opts *o,
                    uint64_t now, struct na_round_result *r)
{
	bool first = !t->first_sent;

	uint8_t buf[NA_ND_FRAME_MAX];
	struct na_na_frame na;

	t->catchup = 0;
	if (!(o->v6 & NA_V6_NA) || t->na_sent >= NA_MAX_NEIGHBOR_ADVERTISEMENT)
		return;
	if (t->has_na && now - t->last_na < NA_RETRANS_TIMER_MS) {
		if (first)
			t->catchup = t->last_na + NA_RETRANS_TIMER_MS;
		return;
	}
	na_na_unsolicited(&na, j->mac, &t->ip.v6, j->router);
	send_frame(j, buf, na_build_na(buf, sizeof(buf), &na), r);
	t->na_sent++;
	t->has_na = true;
	t->last_na = now;
	t->sent |= NA_SENT_NA;
}

/* When the rounds that went out at now have left (the job's clock, read once
 * they are sent; on a busy machine tens of ms after now): the spacing of the
 * NAs counts from then, and so do the events' later rounds, whose gaps the
 * schedule gives. A round that leaves late moves the later ones by as much,
 * so lateness neither crowds the next NA nor costs it. */
static void stamp_sent(struct na_job *j, uint64_t now)
{
	uint64_t left = j->clock ? j->clock() : now;
	size_t i;
	unsigned s;

	if (left < now)
		left = now;
	for (i = 0; i < j->n; i++) {
		struct na_target *t = &j->t[i];

		if (t->sent & NA_SENT_NA)
			t->last_na = left;
		for (s = 0; s < 2; s++) {
			struct na_event *e = &t->ev[s];
			uint64_t t0;

			if (!(t->sent & NA_SENT_EV(s)))
				continue;
			/* The round just done (the last of those it caught up
			 * with) is due at left: the next at its gap from it. */
			t0 = left - ev_opts(j, e)->sched.at_ms[e->round - 1];
			if (t0 > e->t0)
				e->t0 = t0;
		}
		t->sent = 0;
	}
}

static void send_round(struct na_job *j, struct na_target *t, const struct na_event_opts *o,
                       uint64_t now, struct na_round_result *r)
{
	uint8_t buf[NA_ND_FRAME_MAX];
	struct na_arp_frame arp;
	struct na_ns_frame ns;

	if (t->ip.family == AF_INET) {
		if (o->v4 & NA_V4_REQUEST) {
			na_arp_announcement(&arp, j->mac, t->ip.v4, false);
			/* RFC 5227 says zero; some devices only take an update
			 * whose target is broadcast (iputils arping -U's form). */
			if (o->arp_bcast)
				memset(arp.tha, 0xff, NA_MAC_LEN);
			send_frame(j, buf, na_build_arp(buf, sizeof(buf), &arp), r);
		}
		if (o->v4 & NA_V4_REPLY) {
			na_arp_announcement(&arp, j->mac, t->ip.v4, true);
			send_frame(j, buf, na_build_arp(buf, sizeof(buf), &arp), r);
		}
	} else {
		/* DAD NS once (RFC 4862 §5.1: DupAddrDetectTransmits defaults
		 * to 1), then the NA: a router that refuses to resolve an
		 * address that never did DAD has now seen one. */
		if ((o->v6 & NA_V6_DAD) && !t->dad_sent) {
			na_ns_dad(&ns, j->mac, &t->ip.v6, t->nonce);
			send_frame(j, buf, na_build_ns(buf, sizeof(buf), &ns), r);
			t->dad_sent = true;
		}
		send_na(j, t, o, now, r);
	}
	/* The unicast frames follow the round's broadcast ones
	 * (na_job_run_due). */
	t->tell = wants_tell(t, o);
	if (!t->first_sent) {
		t->first_sent = true;
		t->first_at = now;
	}
	r->announced++;
}

uint64_t na_job_next_due(const struct na_job *j)
{
	uint64_t next = NA_NO_DEADLINE, d;
	size_t i;

	for (i = 0; i < j->n; i++)
		if ((d = target_due(j, &j->t[i])) < next)
			next = d;
	/* What is due waits for the pace's next token. */
	if (next != NA_NO_DEADLINE && j->pace && (d = na_pace_when(j->pace)) > next)
		next = d;
	return next;
}

void na_job_run_due(struct na_job *j, uint64_t now, struct na_round_result *r)
{
	bool check = false, any = false, peers_read = false;
	int notify = NA_NOTIFY_NONE;
	size_t i, tell = 0;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < j->n; i++) {
		const struct na_target *t = &j->t[i];
		unsigned s;

		if (target_due(j, t) > now)
			continue;
		any = true;
		for (s = 0; s < 2; s++) {
			const struct na_event *e = &t->ev[s];
			const struct na_event_opts *o = ev_opts(j, e);

			if (ev_due(j, e) > now)
				continue;
			if (!r->round) {
				r->round = e->round + 1u;
				r->rounds = o->sched.n;
			}
			check |= o->check;
			if (o->notify > notify)
				notify = o->notify;
		}
		check |= opts_of(j, t)->check; /* a held-back NA too */
	}
	if (!any)
		return;
	/* Checked a moment ago: by the caller right before the first round
	 * (the helper's check for exit status 2), or for the part of this
	 * round that --rate held back. */
	if (check && (j->checked_fresh || (j->paced && now - j->checked_at < NA_RETRANS_TIMER_MS)))
		check = false;
	if (check) {
		r->check_err = na_job_check(j);
		if (r->check_err)
			return;
		j->checked_at = now;
	} else if (j->ifindex && !j->checked_fresh) {
		/* The R flag, with the link (a check a moment ago read it);
		 * not a router when the link cannot be read. */
		struct na_link l;

		j->router = !na_nl_get_link(j->ifindex, NULL, &l) && l.router > 0;
	}
	j->checked_fresh = false;
	/* The broadcast frames first (ARP, DAD NS, NA), which need no table:
	 * the routes and neighbours (--notify) are read after them, and the
	 * unicast frames follow. */
	for (i = 0; i < j->n; i++) {
		struct na_target *t = &j->t[i];
		const struct na_event_opts *o = NULL;
		size_t sent, owed = 0;
		unsigned s, advanced = 0;

		if (target_due(j, t) > now)
			continue;
		if (j->pace && !na_pace_ready(j->pace, now)) {
			r->paced++;
			continue;
		}
		sent = j->out;
		/* Both events due at once: one round, the newer's way. */
		for (s = 0; s < 2; s++)
			if (ev_advance(j, &t->ev[s], now)) {
				advanced |= NA_SENT_EV(s);
				if (!o)
					o = ev_opts(j, &t->ev[s]);
			}
		if (t->state == NA_T_WAITING) {
			r->waiting++;
			continue;
		}
		if (t->state != NA_T_ACTIVE)
			continue;
		t->sent |= advanced;
		if (o)
			send_round(j, t, o, now, r);
		else
			send_na(j, t, opts_of(j, t), now, r); /* the NA the spacing held back */
		tell += t->tell;
		if (t->tell && j->pace && j->pace->rate) {
			/* --rate lets a target through with all its frames, the
			 * unicast ones too, before it looks at the next: their
			 * number is the peers', so read them now (after this
			 * target's broadcast frames), once. */
			if (!peers_read) {
				flush_frames(j, r);
				broadcast_sent(j);
				if (j->notify)
					j->notify(j, notify, NULL);
				peers_read = true;
			}
			owed = tells_for(j, t);
		}
		if (j->pace)
			na_pace_take(j->pace, (unsigned)(j->out - sent + owed));
	}
	/* On the wire before the tables are read. */
	flush_frames(j, r);
	stamp_sent(j, now);
	broadcast_sent(j);
	j->paced = r->paced > 0;
	/* Mixed settings in one round (rare: two requests with different
	 * --notify), or a deferred part and this round, share the wider list. */
	if (tell) {
		if (!j->tell_due || notify > j->tell_mode) {
			j->tell_mode = notify;
			j->tell_read = peers_read; /* for this mode, if at all */
		}
		j->tell_due = true;
	}
	if (j->tell_due && !j->defer_tell && j->notify)
		tell_peers(j, r);
}

void na_job_tell(struct na_job *j, struct na_round_result *r)
{
	memset(r, 0, sizeof(*r));
	if (j->tell_due && j->notify)
		tell_peers(j, r);
}

void na_job_skip_due(struct na_job *j, uint64_t now)
{
	size_t i;

	for (i = 0; i < j->n; i++) {
		struct na_target *t = &j->t[i];

		if (target_due(j, t) > now)
			continue;
		ev_advance(j, &t->ev[0], now);
		ev_advance(j, &t->ev[1], now);
		t->catchup = 0;
	}
}

size_t na_job_live(const struct na_job *j)
{
	size_t i, n = 0;

	for (i = 0; i < j->n; i++)
		n += target_due(j, &j->t[i]) != NA_NO_DEADLINE;
	return n;
}

static void end_event(const struct na_job *j, struct na_target *t)
{
	t->ev[0].round = t->ev[1].round = EV_OVER;
	t->catchup = 0;
	t->first_sent = false; /* what comes next is news, not a repeat */
}

void na_job_stop(struct na_job *j)
{
	size_t i;

	for (i = 0; i < j->n; i++)
		end_event(j, &j->t[i]);
}

void na_job_forget(struct na_job *j, const struct na_ip *ip)
{
	struct na_target *t = na_job_find(j, ip);

	if (!t)
		return;
	end_event(j, t);
	t->state = NA_T_DROPPED;
}

void na_job_free(struct na_job *j)
{
	free(j->t);
	free(j->opts);
	j->t = NULL;
	j->opts = NULL;
	j->n = j->nopts = 0;
}
