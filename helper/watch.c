/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The watcher: one poll loop over an rtnetlink socket (link and address
 * groups) and a signalfd. Every interface has one round driver (struct
 * na_job from announce.h, the helper's too): a link-up or MAC change asks it
 * to announce every address, an address added or done with DAD while up
 * asks for that one; the poll timeout is the earliest round due, or
 * infinite when nothing is due, so an idle watcher sleeps in poll. The decisions (what a message
 * means, damping, address transitions) live in watch_plan.c.
 *
 * Privilege: the packet socket is opened first, then every capability is
 * dropped for good; rtnetlink needs none to listen or to dump.
 */
#define _GNU_SOURCE
#include "watch.h"
#include "announce.h" /* first: net/if.h before the linux/ headers */

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "log.h"
#include "loop.h"
#include "nl.h"
#include "sink.h"
#include "start.h"
#include "watch_plan.h"

/* Big enough for any single rtnetlink message we ask for (a link message
 * with every attribute is a few KB). */
#define NL_BUF 32768
/* Ask for a larger receive buffer so that a burst of events (a bond of 64
 * ports going down) is not lost; the kernel caps it at rmem_max, and ENOBUFS
 * is handled anyway by a full resynchronisation. */
#define NL_RCVBUF (1 << 20)

struct wif {
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
	uint64_t link_at; /* when every address was last announced */
	bool link_started;
	struct na_job job; /* its rounds (announce.h) */
	struct wif *next;
};

struct watch {
	/* settings */
	struct na_opts o;     /* the command line, what it left unset from cfg */
	struct na_config cfg; /* the settings file as last read */
	/* what the settings come to, as the jobs and the loop read them */
	struct na_schedule sched;
	unsigned v4, v6;
	enum na_notify notify;
	bool new_addrs; /* announce addresses added while the link is up */
	bool initial;   /* announce running interfaces at start-up */
	/* state */
	struct mnl_socket *nl;
	int sfd;
	struct na_sink sink;
	struct wif *ifs;
	struct na_addrset addrs;
	bool announce_addrs; /* off while the start-up dump is read */
	uint64_t msgs, link_msgs, resyncs;
	char buf[NL_BUF];
};

static const char *ipstr(const struct na_ip *ip, char *buf)
{
	return inet_ntop(ip->family, ip->family == AF_INET ? (const void *)&ip->v4 : &ip->v6, buf,
	                 INET6_ADDRSTRLEN);
}

/* ---- settings ---------------------------------------------------------- */

/* After na_start_settings: what the jobs and the loop read. */
static void use_settings(struct watch *w)
{
	w->sched = w->o.sched;
	w->v4 = w->o.v4;
	w->v6 = w->o.v6;
	w->notify = (enum na_notify)w->o.notify;
	w->new_addrs = !w->o.no_new_addrs;
	w->initial = w->o.initial;
}

static bool wants(const struct watch *w, const struct wif *i)
{
	size_t k;

	if (!i->neigh || na_config_skips(&w->cfg, i->name))
		return false;
	if (!w->o.nifnames)
		return true;
	/* A name on the command line may be an alias: it stands for its device. */
	for (k = 0; k < w->o.nifnames; k++)
		if (na_ifname_on_dev(w->o.ifnames[k], i->name))
			return true;
	return false;
}

/* ---- rounds ------------------------------------------------------------ */

/* How the settings say to announce: every event checks first (never
 * announce an address that moved away), unicast past EVPN suppression as
 * the helper does. A reload changes the events that start after it. */
static void event_opts(const struct watch *w, struct na_event_opts *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->v4 = w->v4;
	ev->v6 = w->v6;
	ev->notify = w->notify;
	ev->check = true;
	ev->sched = w->sched;
}

static void cancel_jobs(struct wif *i)
{
	na_job_stop(&i->job);
	i->pending = false;
}

/* Announces ip (n of them) on i from now. */
static bool request(struct watch *w, struct wif *i, const struct na_ip *ip, size_t n, uint64_t now)
{
	struct na_event_opts ev;
	int err;

	event_opts(w, &ev);
	i->job.ifindex = i->ifindex;
	memcpy(i->job.ifname, i->name, sizeof(i->job.ifname));
	if (i->has_mac)
		memcpy(i->job.mac, i->mac, NA_MAC_LEN);
	i->job.log = na_log;
	i->job.sink = &w->sink;
	err = na_job_request(&i->job, ip, n, &ev, now, NULL);
	if (err)
		na_log(NA_LOG_ERR, i->name, "%s: not announced",
		       err == -ENOMEM ? "out of memory" : strerror(-err));
	return err == 0;
}

/* Runs what is due on i. */
static void run_job(struct wif *i, uint64_t now)
{
	struct na_round_result r;

	na_job_run_due(&i->job, now, &r);
	if (r.check_err == -ENETDOWN || r.check_err == -ENODEV) {
		/* The link event that says so is on its way; stop here. */
		na_log(NA_LOG_DEBUG, i->name, "round %u/%u not sent: %s", r.round, r.rounds,
		       r.check_err == -ENODEV ? "interface gone" : "link down");
		na_job_stop(&i->job);
		return;
	}
	if (r.check_err) {
		na_log(NA_LOG_WARN, i->name, "round %u/%u skipped: netlink: %s", r.round, r.rounds,
		       strerror(-r.check_err));
		na_job_skip_due(&i->job, now);
		return;
	}
	if (r.failed)
		na_log(NA_LOG_WARN, i->name, "sendto: %s (%zu of %zu frames)",
		       strerror(r.first_errno), r.failed, r.failed + r.frames);
	if (r.round)
		na_log(NA_LOG_INFO, i->name, "round %u/%u: %zu frames for %zu addresses%s", r.round,
		       r.rounds, r.frames, r.announced, r.waiting ? " (some wait for DAD)" : "");
}

/* A link-up or MAC change: announce every address, if damping allows now. */
static void start_link(struct watch *w, struct wif *i, uint64_t now, const char *why)
{
	struct na_ip *ip;
	uint64_t wait;
	size_t n;
	int err;

	if (!i->watched || !i->running || i->pending)
		return;
	wait = na_damp_take(&i->damp, now);
	if (wait) {
		i->pending = true;
		i->pending_at = now + wait;
		na_log(NA_LOG_INFO, i->name, "%s: link flapping, announcing in %llu ms if still up",
		       why, (unsigned long long)wait);
		return;
	}
	cancel_jobs(i);
	i->link_started = true;
	i->link_at = now;
	err = na_job_list_all(i->ifindex, &ip, &n);
	if (err) {
		na_log(NA_LOG_WARN, i->name, "cannot list addresses: %s: not announced",
		       strerror(-err));
		return;
	}
	if (!n)
		na_log(NA_LOG_INFO, i->name, "%s: no address to announce", why);
	else if (request(w, i, ip, n, now))
		na_log(NA_LOG_INFO, i->name, "%s: announcing every address", why);
	free(ip);
}

/* ---- interfaces -------------------------------------------------------- */

static struct wif *find_if(const struct watch *w, int ifindex)
{
	struct wif *i;

	for (i = w->ifs; i; i = i->next)
		if (i->ifindex == ifindex)
			return i;
	return NULL;
}

static void link_gone(struct watch *w, int ifindex)
{
	struct wif **p, *i;

	for (p = &w->ifs; (i = *p); p = &i->next) {
		if (i->ifindex != ifindex)
			continue;
		if (i->watched)
			na_log(NA_LOG_INFO, i->name, "interface gone");
		na_job_free(&i->job);
		*p = i->next;
		free(i);
		break;
	}
	na_addrset_drop_if(&w->addrs, ifindex);
}

/* A port of a bridge or bond got its carrier back. If the master stayed up
 * (other ports held it), nothing told the master's neighbours beyond this
 * port: announce the master's addresses again (frames sent on the master go
 * out of this port too). If the master goes up with it, its own link-up
 * does this, and damping keeps the two from doubling up. */
static void port_up(struct watch *w, const struct wif *port)
{
	struct wif *m = find_if(w, port->master);
	char why[IF_NAMESIZE + 16];
	uint64_t now = na_now_ms();

	if (!m || !m->watched || !m->running)
		return;
	if (m->link_started && now - m->link_at < 1000)
		return; /* the master's own link-up, a moment ago */
	snprintf(why, sizeof(why), "port %s up", port->name);
	start_link(w, m, now, why);
}

static void link_event(struct watch *w, const struct na_link *l, const struct nlmsghdr *nlh,
                       bool startup)
{
	struct wif *i = find_if(w, l->ifindex);
	enum na_link_change c;
	bool was_running, watched, ups_known, bounced;
	uint32_t ups = 0;

	if (!i) {
		i = calloc(1, sizeof(*i));
		if (!i) {
			na_log(NA_LOG_ERR, l->name, "out of memory: not watched");
			return;
		}
		i->ifindex = l->ifindex;
		na_damp_init(&i->damp, na_now_ms());
		i->next = w->ifs;
		w->ifs = i;
		/* At start-up a running link is no news (unless --initial);
		 * later, a new interface that is already running is. */
		i->running = startup && !w->initial && na_link_running(l->flags);
	} else if (strcmp(i->name, l->name) != 0) {
		na_log(NA_LOG_INFO, i->name, "renamed to %s", l->name);
	}
	i->mark = true;
	memcpy(i->name, l->name, sizeof(i->name));
	if (na_link_master(nlh, &i->master))
		i->master = 0;
	i->neigh = na_link_has_neigh(l);
	was_running = i->running;
	c = na_link_change(was_running, i->has_mac, i->mac, l);
	ups_known = na_link_carrier_ups(nlh, &ups) == 0;
	bounced = na_carrier_bounced(i->ups_known, i->ups, ups_known, ups);
	i->ups_known = ups_known;
	i->ups = ups;
	if (c == NA_LC_NONE && was_running && bounced)
		c = NA_LC_UP; /* down and up again between two messages */
	i->running = na_link_running(l->flags);
	if (l->has_mac) {
		memcpy(i->mac, l->mac, NA_MAC_LEN);
		i->has_mac = true;
	}
	watched = wants(w, i);
	if (i->watched && !watched) {
		na_log(NA_LOG_INFO, i->name, "no longer watched");
		cancel_jobs(i);
	}
	i->watched = watched;
	if (c == NA_LC_UP && i->master)
		port_up(w, i);
	if (!watched)
		return;
	switch (c) {
	case NA_LC_UP:
		start_link(w, i, na_now_ms(), "link up");
		break;
	case NA_LC_DOWN:
		na_log(NA_LOG_INFO, i->name, "link down");
		cancel_jobs(i);
		break;
	case NA_LC_MAC:
		cancel_jobs(i);
		start_link(w, i, na_now_ms(), "new MAC");
		break;
	case NA_LC_NONE:
		break;
	}
}

/* ---- addresses --------------------------------------------------------- */

static void addr_event(struct watch *w, const struct na_addr *a, bool deleted)
{
	enum na_addr_change c;
	struct na_target *t;
	struct wif *i;
	bool dad_done;
	char buf[INET6_ADDRSTRLEN];

	if (na_addrset_update(&w->addrs, a, deleted, &c)) {
		na_log(NA_LOG_ERR, NULL, "out of memory: address change ignored");
		return;
	}
	i = find_if(w, a->ifindex);
	if (!i || !i->watched || c == NA_AC_NONE)
		return;
	if (c == NA_AC_GONE) {
		/* So that it counts as new should it come back before the
		 * next check. */
		na_job_forget(&i->job, &a->ip);
		return;
	}
	if (!w->announce_addrs || !i->running || i->pending)
		return; /* the link announcement to come takes it */
	/* DAD done for an address of a link announcement: announce it now,
	 * on a schedule of its own. */
	t = na_job_find(&i->job, &a->ip);
	dad_done = t && t->state == NA_T_WAITING;
	if (!dad_done && !w->new_addrs)
		return;
	if (request(w, i, &a->ip, 1, na_now_ms()))
		na_log(NA_LOG_INFO, i->name, "%s: %s, announcing", ipstr(&a->ip, buf),
		       dad_done ? "duplicate address detection done" : "new address");
}

/* ---- netlink ----------------------------------------------------------- */

static int msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct watch *w = data;
	const struct ifinfomsg *ifi;
	struct na_link l;
	struct na_addr a;

	w->msgs++;
	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		w->link_msgs++;
		if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifi)))
			break;
		ifi = mnl_nlmsg_get_payload(nlh);
		/* The bridge's per-port messages (family AF_BRIDGE) share the
		 * group; they describe ports, not links. */
		if (ifi->ifi_family == AF_BRIDGE)
			break;
		if (nlh->nlmsg_type == RTM_DELLINK)
			link_gone(w, ifi->ifi_index);
		else if (na_nl_parse_link(nlh, &l) == 0)
			link_event(w, &l, nlh, !w->announce_addrs);
		break;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		if (na_nl_parse_addr(nlh, &a) == 0)
			addr_event(w, &a, nlh->nlmsg_type == RTM_DELADDR);
		break;
	}
	return MNL_CB_OK;
}

/* The link dump's messages go to msg_cb like the events. msg_cb answers in
 * libmnl's terms for the event socket's mnl_cb_run, na_nl_request has its
 * own (nl.h), and msg_cb never stops a walk. */
static int dump_link_cb(const struct nlmsghdr *nlh, void *data)
{
	msg_cb(nlh, data);
	return NA_NL_OK;
}

static int dump_addr_cb(const struct na_addr *a, void *data)
{
	addr_event(data, a, false);
	return 0;
}

static int dump_links(struct watch *w)
{
	char req[MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct ifinfomsg))];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
	struct ifinfomsg *ifi;

	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	return na_nl_request(nlh, dump_link_cb, w);
}

/* Reads the whole state again: at start-up, and after the kernel dropped
 * events (ENOBUFS). Links and addresses not in the dump are gone; not in an
 * inconsistent dump (-EINTR, nl.h), they may have been skipped: kept. */
static int resync_once(struct watch *w)
{
	struct wif *i, *next;
	int err, intr;

	for (i = w->ifs; i; i = i->next)
		i->mark = false;
	err = dump_links(w);
	if (err && err != -EINTR)
		return err;
	for (i = w->ifs; i && !err; i = next) {
		next = i->next;
		if (!i->mark)
			link_gone(w, i->ifindex);
	}
	intr = err;
	na_addrset_unmark(&w->addrs);
	err = na_nl_dump_addrs(0, dump_addr_cb, w);
	if (err && err != -EINTR)
		return err;
	if (!err)
		na_addrset_sweep(&w->addrs);
	return err ? err : intr;
}

/* An inconsistent dump is read again, the last one taken as it is. */
static int resync(struct watch *w)
{
	int err, tries = 0;

	do
		err = resync_once(w);
	while (err == -EINTR && ++tries < NA_NL_DUMP_TRIES);
	return na_nl_dump_result(err);
}

static int nl_open(struct watch *w)
{
	int rcvbuf = NL_RCVBUF;

	w->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (!w->nl)
		return -errno;
	setsockopt(mnl_socket_get_fd(w->nl), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (mnl_socket_bind(w->nl, RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR,
	                    MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	return 0;
}

/* Reads every queued event. 0, or -errno when the socket is broken. */
static int nl_read(struct watch *w)
{
	struct sockaddr_nl sa;
	socklen_t salen;
	ssize_t n;
	int err;

	for (;;) {
		salen = sizeof(sa);
		n = recvfrom(mnl_socket_get_fd(w->nl), w->buf, sizeof(w->buf), MSG_TRUNC,
		             (struct sockaddr *)&sa, &salen);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n < 0 && errno == EINTR)
			continue;
		if ((n < 0 && errno == ENOBUFS) || n > (ssize_t)sizeof(w->buf)) {
			/* Events were dropped (or one did not fit): what we
			 * know may be stale. Read it all again. */
			w->resyncs++;
			na_log(NA_LOG_WARN, NULL, "netlink: %s: reading the state again",
			       n < 0 ? "events lost (ENOBUFS)" : "message truncated");
			err = resync(w);
			if (err)
				na_log(NA_LOG_ERR, NULL, "netlink dump: %s", strerror(-err));
			continue;
		}
		if (n < 0)
			return -errno;
		/* Only the kernel (port 0) speaks here: any local process can
		 * send to our port, and must not make us announce. */
		if (salen != sizeof(sa) || sa.nl_pid != 0)
			continue;
		mnl_cb_run(w->buf, (size_t)n, 0, 0, msg_cb, w);
	}
}

/* ---- the loop ---------------------------------------------------------- */

static uint64_t run_due(struct watch *w)
{
	uint64_t now = na_now_ms(), next = NA_NO_DEADLINE, due;
	struct wif *i;

	for (i = w->ifs; i; i = i->next) {
		if (i->pending && i->pending_at <= now) {
			i->pending = false;
			start_link(w, i, now, "link settled");
		}
		if (i->pending && i->pending_at < next)
			next = i->pending_at;
		while ((due = na_job_next_due(&i->job)) <= now) {
			run_job(i, now);
			now = na_now_ms();
		}
		if (due < next)
			next = due;
	}
	return next;
}

static void reload(struct watch *w)
{
	const char *path = w->o.config ? w->o.config : NA_CONFIG_PATH;
	struct na_config old = w->cfg;
	char err[256];
	struct wif *i;
	bool watched;

	/* The same step as at start-up: the command line still wins. */
	if (na_start_settings(&w->o, &w->cfg, err, sizeof(err))) {
		na_log(NA_LOG_ERR, NULL, "%s: keeping the previous settings", err);
		return;
	}
	if (!w->o.user_set &&
	    (old.has_user != w->cfg.has_user || strcmp(old.user, w->cfg.user) != 0))
		na_log(NA_LOG_WARN, NULL, "%s: a new user takes effect on restart", path);
	use_settings(w);
	for (i = w->ifs; i; i = i->next) {
		watched = wants(w, i);
		if (i->watched && !watched) {
			na_log(NA_LOG_INFO, i->name, "no longer watched");
			cancel_jobs(i);
		}
		i->watched = watched;
	}
	na_log(NA_LOG_INFO, NULL, "%s: settings reloaded%s", path,
	       w->cfg.enabled ? "" : " (enabled = no: watching, announcing nothing)");
}

/* Returns true to go on, false to exit. */
static bool on_signal(struct watch *w)
{
	struct signalfd_siginfo si;

	while (read(w->sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			reload(w);
			continue;
		}
		na_log(NA_LOG_INFO, NULL, "%s: exiting", strsignal((int)si.ssi_signo));
		return false;
	}
	return true;
}

/* What ends the loop (na_loop callbacks' return values). */
enum { LOOP_SIGNAL = 1, LOOP_NETLINK };

static int on_signal_fd(void *data, int fd, short revents)
{
	return on_signal(data) ? 0 : LOOP_SIGNAL;
}

static int on_netlink(void *data, int fd, short revents)
{
	int err = nl_read(data);

	if (!err)
		return 0;
	na_log(NA_LOG_ERR, NULL, "netlink: %s", strerror(-err));
	return LOOP_NETLINK;
}

static int loop(struct watch *w)
{
	struct na_loop l;
	int rc;

	na_loop_init(&l);
	/* Signals first: SIGTERM wins over a burst of link events. */
	na_loop_add(&l, w->sfd, POLLIN, on_signal_fd, w);
	na_loop_add(&l, mnl_socket_get_fd(w->nl), POLLIN, on_netlink, w);
	for (;;) {
		rc = na_loop_wait(&l, run_due(w));
		if (rc == LOOP_SIGNAL)
			return NA_EXIT_OK;
		if (rc == LOOP_NETLINK)
			return NA_EXIT_IFACE;
		if (rc < 0) {
			na_log(NA_LOG_ERR, NULL, "poll: %s", strerror(-rc));
			return NA_EXIT_SYSTEM;
		}
	}
}

/* ---- start-up ---------------------------------------------------------- */

static void teardown(struct watch *w)
{
	struct wif *i;

	while ((i = w->ifs)) {
		w->ifs = i->next;
		na_job_free(&i->job);
		free(i);
	}
	na_addrset_free(&w->addrs);
	if (w->nl)
		mnl_socket_close(w->nl);
	if (w->sfd >= 0)
		close(w->sfd);
	na_sink_close(&w->sink);
}

int na_watch_main(int argc, char **argv)
{
	struct watch *w;
	sigset_t ss;
	int rc, err;

	w = calloc(1, sizeof(*w));
	if (!w) {
		na_log(NA_LOG_ERR, NULL, "out of memory");
		return NA_EXIT_SYSTEM;
	}
	w->sfd = -1;
	w->sink.fd = -1;
	if (!na_start_request(NA_CMD_WATCH, argc, argv, &w->o, &w->cfg, &rc))
		goto out;
	use_settings(w);
	if (!w->cfg.enabled)
		na_log(NA_LOG_INFO, NULL, "%s: enabled = no: watching, announcing nothing",
		       w->o.config ? w->o.config : NA_CONFIG_PATH);

	/* Signals first: a SIGTERM during start-up must not kill us mid-way
	 * with the default action; it waits in the signalfd. */
	sigemptyset(&ss);
	sigaddset(&ss, SIGHUP);
	sigaddset(&ss, SIGTERM);
	sigaddset(&ss, SIGINT);
	sigprocmask(SIG_BLOCK, &ss, NULL);
	w->sfd = signalfd(-1, &ss, SFD_CLOEXEC | SFD_NONBLOCK);
	if (w->sfd < 0) {
		na_log(NA_LOG_ERR, NULL, "signalfd: %s", strerror(errno));
		rc = NA_EXIT_SYSTEM;
		goto out;
	}
	/* The packet socket, then no capability for good; rtnetlink needs
	 * none to listen or to dump. */
	rc = na_start_privilege(&w->o, NULL, &w->sink, NULL, NULL, NULL);
	if (rc)
		goto out;
	err = nl_open(w);
	if (!err)
		err = resync(w); /* what is there now: no news (unless --initial) */
	if (err) {
		na_log(NA_LOG_ERR, NULL, "netlink: %s", strerror(-err));
		rc = NA_EXIT_IFACE;
		goto out;
	}
	w->announce_addrs = true;
	/* From here on, only the calls the loop needs (helper/sandbox.h). */
	na_start_sandbox(NA_CMD_WATCH, NULL);
	na_log(NA_LOG_INFO, NULL, "watching %s",
	       w->o.nifnames ? "the named interfaces" : "every Ethernet-like interface");
	rc = loop(w);
	na_log(NA_LOG_DEBUG, NULL,
	       "%llu netlink messages (%llu about links), %llu resynchronisations, %llu frames",
	       (unsigned long long)w->msgs, (unsigned long long)w->link_msgs,
	       (unsigned long long)w->resyncs, (unsigned long long)w->sink.sent);
out:
	teardown(w);
	free(w);
	return rc;
}
