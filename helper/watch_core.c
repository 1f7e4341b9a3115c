/* SPDX-License-Identifier: BSD-2-Clause */
#include "watch_core.h" /* first: net/if.h before the linux/ headers */

#include <arpa/inet.h>
#include <errno.h>
#include <linux/neighbour.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A port's carrier-up within this long of its master's own link
 * announcement is the same event. */
#define PORT_UP_SAME_MS 1000

static const char *ipstr(const struct na_ip *ip, char *buf)
{
	return inet_ntop(ip->family, ip->family == AF_INET ? (const void *)&ip->v4 : &ip->v6, buf,
	                 INET6_ADDRSTRLEN);
}

void na_wcore_init(struct na_wcore *c)
{
	memset(c, 0, sizeof(*c));
}

struct na_wif *na_wcore_find(const struct na_wcore *c, int ifindex)
{
	struct na_wif *i;

	for (i = c->ifs; i; i = i->next)
		if (i->ifindex == ifindex)
			return i;
	return NULL;
}

static bool wants(const struct na_wcore *c, const struct na_wif *i)
{
	size_t k;

	if (!i->neigh || (c->set.cfg && na_config_skips(c->set.cfg, i->name)))
		return false;
	if (!c->set.nnames)
		return true;
	/* A name on the command line may be an alias: it stands for its device. */
	for (k = 0; k < c->set.nnames; k++)
		if (na_ifname_on_dev(c->set.names[k], i->name))
			return true;
	return false;
}

/* ---- refresh ----------------------------------------------------------- */

/* The next refresh: the interval, give or take 10%, so that a fleet
 * started together does not announce in step. */
static void plan_refresh(const struct na_wcore *c, struct na_wif *i, uint64_t now)
{
	uint64_t ms = c->set.refresh_ms;
	uint32_t r = c->rand32 ? c->rand32() : 0;

	if (!ms || !i->watched || !i->running) {
		i->refresh_at = 0;
		return;
	}
	i->refresh_at = now + ms * (900 + r % 201) / 1000;
}

/* ---- rounds ------------------------------------------------------------ */

static void stop(struct na_wif *i)
{
	na_job_stop(&i->job);
	i->pending = false;
}

/* Announces ip (n of them) on i from now. */
static bool request(struct na_wcore *c, struct na_wif *i, const struct na_ip *ip, size_t n,
                    uint64_t now)
{
	int err;

	i->job.ifindex = i->ifindex;
	memcpy(i->job.ifname, i->name, sizeof(i->job.ifname));
	if (i->has_mac)
		memcpy(i->job.mac, i->mac, NA_MAC_LEN);
	i->job.log = c->log;
	i->job.notify = na_job_notify;
	i->job.clock = c->clock;
	i->job.sink = c->sink;
	i->job.pace = c->pace;
	err = na_job_request(&i->job, ip, n, &c->set.ev, now, NULL);
	if (err)
		c->log(NA_LOG_ERR, i->name, "%s: not announced",
		       err == -ENOMEM ? "out of memory" : strerror(-err));
	return err == 0;
}

/* Announces every address of i from now. */
static bool request_all(struct na_wcore *c, struct na_wif *i, uint64_t now, const char *why)
{
	struct na_ip *ip = NULL;
	size_t n = 0;
	bool ok;
	int err;

	err = c->list(c->list_ctx, i->ifindex, &ip, &n);
	if (err) {
		c->log(NA_LOG_WARN, i->name, "cannot list addresses: %s: not announced",
		       strerror(-err));
		return false;
	}
	if (!n) {
		c->log(NA_LOG_INFO, i->name, "%s: no address to announce", why);
		free(ip);
		return false;
	}
	ok = request(c, i, ip, n, now);
	if (ok)
		c->log(NA_LOG_INFO, i->name, "%s: announcing every address", why);
	free(ip);
	return ok;
}

/* Runs what is due on i. */
static void run_job(const struct na_wcore *c, struct na_wif *i, uint64_t now)
{
	struct na_round_result r;

	na_job_run_due(&i->job, now, &r);
	if (r.check_err == -ENETDOWN || r.check_err == -ENODEV) {
		/* The link event that says so is on its way; stop here. */
		c->log(NA_LOG_DEBUG, i->name, "round %u/%u not sent: %s", r.round, r.rounds,
		       r.check_err == -ENODEV ? "interface gone" : "link down");
		na_job_stop(&i->job);
		return;
	}
	if (r.check_err) {
		c->log(NA_LOG_WARN, i->name, "round %u/%u skipped: netlink: %s", r.round, r.rounds,
		       strerror(-r.check_err));
		na_job_skip_due(&i->job, now);
		return;
	}
	if (r.failed)
		c->log(NA_LOG_WARN, i->name, "sendto: %s (%zu of %zu frames)",
		       strerror(r.first_errno), r.failed, r.failed + r.frames);
	if (r.round)
		c->log(NA_LOG_INFO, i->name, "round %u/%u: %zu frames for %zu addresses%s", r.round,
		       r.rounds, r.frames, r.announced, r.waiting ? " (some wait for DAD)" : "");
}

/* A link-up or MAC change: announce every address, if damping allows now. */
static void start_link(struct na_wcore *c, struct na_wif *i, uint64_t now, const char *why)
{
	uint64_t wait;

	if (!i->watched || !i->running || i->pending)
		return;
	wait = na_damp_take(&i->damp, now);
	if (wait) {
		i->pending = true;
		i->pending_at = now + wait;
		c->log(NA_LOG_INFO, i->name, "%s: link flapping, announcing in %llu ms if still up",
		       why, (unsigned long long)wait);
		return;
	}
	stop(i);
	i->link_started = true;
	i->link_at = now;
	plan_refresh(c, i, now);
	request_all(c, i, now, why);
}

/* ---- the neighbour cache (watch_core.h) -------------------------------- */

static void nc_drop(struct na_wif *i, size_t k)
{
	if (i->nc[k].tell)
		i->ntell--;
	i->nc[k] = i->nc[--i->nnc];
}

/* Forgets what no message has been about for NA_NCACHE_AGE_MS. */
static void nc_age(struct na_wif *i, uint64_t now)
{
	size_t k = 0;

	while (k < i->nnc) {
		if (i->nc[k].seen + NA_NCACHE_AGE_MS <= now)
			nc_drop(i, k);
		else
			k++;
	}
}

static struct na_wneigh *nc_find(struct na_wif *i, const struct na_ip *ip, size_t *at)
{
	size_t k;

	for (k = 0; k < i->nnc; k++) {
		if (na_ip_cmp(&i->nc[k].p.ip, ip) == 0) {
			*at = k;
			return &i->nc[k];
		}
	}
	return NULL;
}

/* A free entry: when full, the least recently seen one's. */
static struct na_wneigh *nc_slot(struct na_wif *i)
{
	size_t k, old = 0;

	if (i->nnc < NA_NCACHE_MAX)
		return &i->nc[i->nnc++];
	for (k = 1; k < i->nnc; k++)
		if (i->nc[k].seen < i->nc[old].seen)
			old = k;
	if (i->nc[old].tell)
		i->ntell--;
	return &i->nc[old];
}

static bool tells_family(const struct na_wcore *c, int family)
{
	return family == AF_INET ? c->set.ev.v4 != 0 : c->set.ev.v6 != 0;
}

/* Marks e to be told, paced after what is already queued. */
static void tell_one(const struct na_wcore *c, struct na_wif *i, struct na_wneigh *e, uint64_t now)
{
	if (e->tell || !tells_family(c, e->p.ip.family))
		return;
	if (!i->ntell && i->tell_at < now)
		i->tell_at = now;
	e->tell = true;
	i->ntell++;
}

void na_wcore_neigh(struct na_wcore *c, const struct na_neigh *n, bool deleted, uint64_t now)
{
	static const uint8_t zero[NA_MAC_LEN];
	struct na_wif *i = na_wcore_find(c, n->ifindex);
	struct na_wneigh *e;
	bool mac;
	size_t at = 0;

	if (!i || (n->ip.family != AF_INET && n->ip.family != AF_INET6))
		return;
	nc_age(i, now);
	e = nc_find(i, &n->ip, &at);
	if (!deleted && (n->state & NUD_FAILED)) {
		/* It did not answer at that MAC: nobody to tell there. */
		if (e)
			nc_drop(i, at);
		return;
	}
	mac = n->has_mac && memcmp(n->mac, zero, NA_MAC_LEN) != 0 && !(n->mac[0] & 1);
	if (!mac || (!deleted && !na_neigh_usable(n, NA_NOTIFY_GATEWAYS))) {
		/* Being resolved again (INCOMPLETE, after a flush too), or a
		 * deletion without the MAC: what we knew stays. */
		if (e && deleted)
			e->gone = true;
		return;
	}
	if (!e) {
		e = nc_slot(i);
		memset(e, 0, sizeof(*e));
		e->p.ip = n->ip;
	}
	memcpy(e->p.mac, n->mac, NA_MAC_LEN);
	e->seen = now;
	e->gone = deleted;
	/* Flushed by the MAC change being told now, before we knew it. */
	if (deleted && now < i->tell_until && c->set.ev.notify != NA_NOTIFY_NONE)
		tell_one(c, i, e, now);
}

/* A new MAC: every neighbour remembered is to be told (unless --notify
 * none, broadcast only). */
static void start_tell(struct na_wcore *c, struct na_wif *i, uint64_t now)
{
	size_t k;

	if (c->set.ev.notify == NA_NOTIFY_NONE)
		return;
	nc_age(i, now);
	if (!i->ntell)
		i->tell_burst = NA_TELL_BURST;
	i->tell_until = now + NA_TELL_LATE_MS;
	for (k = 0; k < i->nnc; k++)
		tell_one(c, i, &i->nc[k], now);
}

static void stop_tell(struct na_wif *i)
{
	size_t k;

	for (k = 0; k < i->nnc; k++)
		i->nc[k].tell = false;
	i->ntell = 0;
	i->tell_until = 0;
}

/* The most recently seen neighbour still to tell. */
static struct na_wneigh *next_to_tell(struct na_wif *i)
{
	struct na_wneigh *best = NULL;
	size_t k;

	for (k = 0; k < i->nnc; k++)
		if (i->nc[k].tell && (!best || i->nc[k].seen > best->seen))
			best = &i->nc[k];
	return best;
}

static bool has_addr(const struct na_ip *ip, size_t n, const struct na_ip *x)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (na_ip_cmp(&ip[k], x) == 0)
			return true;
	return false;
}

/* Sends what is due of the tell: to each neighbour, from each of our
 * addresses of its family, na_build_notify's frame from the new MAC. */
static void tell_due(struct na_wcore *c, struct na_wif *i, uint64_t now)
{
	uint8_t buf[NA_ND_FRAME_MAX];
	struct na_ip *ip = NULL;
	struct na_wneigh *e;
	size_t n = 0, k, told = 0, frames = 0, failed = 0;
	unsigned budget = i->tell_burst ? i->tell_burst : 1;
	int err, first = 0;

	if (!i->watched || !i->running || !i->has_mac) {
		stop_tell(i);
		return;
	}
	err = c->list(c->list_ctx, i->ifindex, &ip, &n);
	if (err) {
		c->log(NA_LOG_WARN, i->name, "cannot list addresses: %s: neighbours not told",
		       strerror(-err));
		stop_tell(i);
		return;
	}
	/* --rate holds here too: a neighbour waits for the pace's token. */
	for (; budget && (e = next_to_tell(i)) && (!c->pace || na_pace_ready(c->pace, now));
	     budget--) {
		size_t before = frames + failed;

		e->tell = false;
		i->ntell--;
		if (has_addr(ip, n, &e->p.ip))
			continue; /* one of our own addresses now */
		for (k = 0; k < n; k++) {
			size_t len = na_build_notify(buf, sizeof(buf), i->mac, &ip[k], &e->p);

			if (!len)
				continue;
			err = na_sink_send(c->sink, i->ifindex, buf, len);
			if (!err)
				frames++;
			else if (!failed++)
				first = -err;
		}
		if (c->pace)
			na_pace_take(c->pace, (unsigned)(frames + failed - before));
		told++;
	}
	free(ip);
	if (told)
		i->tell_burst = 0;
	i->tell_at = now + NA_TELL_GAP_MS;
	if (i->ntell && c->pace && na_pace_when(c->pace) > i->tell_at)
		i->tell_at = na_pace_when(c->pace);
	if (failed)
		c->log(NA_LOG_WARN, i->name, "sendto: %s (%zu of %zu frames to neighbours)",
		       strerror(first), failed, failed + frames);
	c->log(NA_LOG_DEBUG, i->name, "new MAC: %zu frames to %zu remembered neighbours, %zu to go",
	       frames, told, i->ntell);
}

/* ---- interfaces -------------------------------------------------------- */

static void free_if(struct na_wif *i)
{
	na_job_free(&i->job);
	free(i);
}

void na_wcore_link_gone(struct na_wcore *c, int ifindex)
{
	struct na_wif **p, *i;

	for (p = &c->ifs; (i = *p); p = &i->next) {
		if (i->ifindex != ifindex)
			continue;
		if (i->watched)
			c->log(NA_LOG_INFO, i->name, "interface gone");
		*p = i->next;
		free_if(i);
		break;
	}
	na_addrset_drop_if(&c->addrs, ifindex);
}

/* A port of a bridge or bond got its carrier back. If the master stayed up
 * (other ports held it), nothing told the master's neighbours beyond this
 * port: announce the master's addresses again (frames sent on the master go
 * out of this port too). If the master goes up with it, its own link-up
 * does this, and damping keeps the two from doubling up. */
static void port_up(struct na_wcore *c, const struct na_wif *port, uint64_t now)
{
	struct na_wif *m = na_wcore_find(c, port->master);
	char why[IF_NAMESIZE + 16];

	if (!m || !m->watched || !m->running)
		return;
	if (m->link_started && now - m->link_at < PORT_UP_SAME_MS)
		return; /* the master's own link-up, a moment ago */
	snprintf(why, sizeof(why), "port %s up", port->name);
	start_link(c, m, now, why);
}

void na_wcore_link(struct na_wcore *c, const struct na_link *l, int master, bool ups_known,
                   uint32_t ups, bool startup, uint64_t now)
{
	struct na_wif *i = na_wcore_find(c, l->ifindex);
	enum na_link_change lc;
	bool was_running, watched, bounced;

	if (!i) {
		i = calloc(1, sizeof(*i));
		if (!i) {
			c->log(NA_LOG_ERR, l->name, "out of memory: not watched");
			return;
		}
		i->ifindex = l->ifindex;
		na_damp_init(&i->damp, now);
		i->next = c->ifs;
		c->ifs = i;
		/* At start-up a running link is no news (unless --initial);
		 * later, a new interface that is already running is. */
		i->running = startup && !c->set.initial && na_link_running(l->flags);
	} else if (strcmp(i->name, l->name) != 0) {
		c->log(NA_LOG_INFO, i->name, "renamed to %s", l->name);
	}
	i->mark = true;
	memcpy(i->name, l->name, sizeof(i->name));
	i->master = master;
	i->neigh = na_link_has_neigh(l);
	was_running = i->running;
	lc = na_link_change(was_running, i->has_mac, i->mac, l);
	bounced = na_carrier_bounced(i->ups_known, i->ups, ups_known, ups);
	i->ups_known = ups_known;
	i->ups = ups;
	if (lc == NA_LC_NONE && was_running && bounced)
		lc = NA_LC_UP; /* down and up again between two messages */
	i->running = na_link_running(l->flags);
	if (l->has_mac) {
		memcpy(i->mac, l->mac, NA_MAC_LEN);
		i->has_mac = true;
	}
	watched = wants(c, i);
	if (i->watched && !watched) {
		c->log(NA_LOG_INFO, i->name, "no longer watched");
		stop(i);
	}
	i->watched = watched;
	if (!i->refresh_at)
		plan_refresh(c, i, now); /* a quiet link that was up from the start */
	if (lc == NA_LC_UP && i->master)
		port_up(c, i, now);
	if (!watched)
		return;
	switch (lc) {
	case NA_LC_UP:
		start_link(c, i, now, "link up");
		break;
	case NA_LC_DOWN:
		c->log(NA_LOG_INFO, i->name, "link down");
		stop(i);
		stop_tell(i);
		i->refresh_at = 0;
		break;
	case NA_LC_MAC:
		stop(i);
		start_tell(c, i, now);
		if (i->ntell)
			c->log(NA_LOG_INFO, i->name, "new MAC: telling %zu remembered neighbours",
			       i->ntell);
		start_link(c, i, now, "new MAC");
		break;
	case NA_LC_NONE:
		break;
	}
}

/* ---- addresses --------------------------------------------------------- */

void na_wcore_addr(struct na_wcore *c, const struct na_addr *a, bool deleted, uint64_t now)
{
	enum na_addr_change ac;
	struct na_target *t;
	struct na_wif *i;
	bool dad_done;
	char buf[INET6_ADDRSTRLEN];

	if (na_addrset_update(&c->addrs, a, deleted, &ac)) {
		c->log(NA_LOG_ERR, NULL, "out of memory: address change ignored");
		return;
	}
	i = na_wcore_find(c, a->ifindex);
	if (!i || !i->watched || ac == NA_AC_NONE)
		return;
	if (ac == NA_AC_GONE) {
		/* So that it counts as new should it come back before the
		 * next check. */
		na_job_forget(&i->job, &a->ip);
		return;
	}
	if (!c->announce_addrs || !i->running || i->pending)
		return; /* the link announcement to come takes it */
	/* DAD done for an address of a link announcement: announce it now,
	 * on a schedule of its own. */
	t = na_job_find(&i->job, &a->ip);
	dad_done = t && t->state == NA_T_WAITING;
	if (!dad_done && !c->set.new_addrs)
		return;
	if (request(c, i, &a->ip, 1, now))
		c->log(NA_LOG_INFO, i->name, "%s: %s, announcing", ipstr(&a->ip, buf),
		       dad_done ? "duplicate address detection done" : "new address");
}

/* ---- resynchronisation, settings, the clock ---------------------------- */

void na_wcore_unmark(struct na_wcore *c)
{
	struct na_wif *i;

	for (i = c->ifs; i; i = i->next)
		i->mark = false;
	na_addrset_unmark(&c->addrs);
}

void na_wcore_sweep(struct na_wcore *c, bool links_whole, bool addrs_whole)
{
	struct na_wif *i, *next;

	for (i = c->ifs; i && links_whole; i = next) {
		next = i->next;
		if (!i->mark)
			na_wcore_link_gone(c, i->ifindex);
	}
	if (addrs_whole)
		na_addrset_sweep(&c->addrs);
}

void na_wcore_settings(struct na_wcore *c, const struct na_wsettings *s, uint64_t now)
{
	struct na_wif *i;
	bool watched;

	c->set = *s;
	for (i = c->ifs; i; i = i->next) {
		watched = wants(c, i);
		if (i->watched && !watched) {
			c->log(NA_LOG_INFO, i->name, "no longer watched");
			stop(i);
		}
		i->watched = watched;
		plan_refresh(c, i, now);
	}
}

uint64_t na_wcore_run(struct na_wcore *c, uint64_t now)
{
	uint64_t next = NA_NO_DEADLINE, due;
	struct na_wif *i;

	for (i = c->ifs; i; i = i->next) {
		if (i->pending && i->pending_at <= now) {
			i->pending = false;
			start_link(c, i, now, "link settled");
		}
		if (i->pending && i->pending_at < next)
			next = i->pending_at;
		/* Refresh: the same rounds, checks and NA budget as any
		 * request; not damped (it is ours, not the link's). */
		if (i->refresh_at && i->refresh_at <= now) {
			plan_refresh(c, i, now);
			if (i->watched && i->running && !i->pending)
				request_all(c, i, now, "refresh");
		}
		if (i->refresh_at && i->refresh_at < next)
			next = i->refresh_at;
		/* The neighbours first: theirs is the traffic that stops. */
		if (i->ntell && i->tell_at <= now)
			tell_due(c, i, now);
		if (i->ntell && i->tell_at < next)
			next = i->tell_at;
		while ((due = na_job_next_due(&i->job)) <= now)
			run_job(c, i, now);
		if (due < next)
			next = due;
	}
	return next;
}

void na_wcore_free(struct na_wcore *c)
{
	struct na_wif *i;

	while ((i = c->ifs)) {
		c->ifs = i->next;
		free_if(i);
	}
	na_addrset_free(&c->addrs);
}
