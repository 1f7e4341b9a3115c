/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The watcher's I/O: the rtnetlink socket (link, address, neighbour groups), the
 * start-up and resynchronisation dumps, the signalfd, one event loop. What
 * a message means and what to announce when is watch_core.c's, fed the
 * parsed messages and the clock from here; the poll timeout is the earliest
 * thing it has due, or infinite, so an idle watcher sleeps in poll.
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
#include <sys/random.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cli_text.h"
#include "config.h"
#include "log.h"
#include "loop.h"
#include "nl.h"
#include "nl_neigh.h"
#include "sink.h"
#include "start.h"
#include "watch_core.h"
#include "watch_plan.h"

/* Big enough for any single rtnetlink message we ask for (a link message
 * with every attribute is a few KB). */
#define NL_BUF 32768
/* Ask for a larger receive buffer so that a burst of events (a bond of 64
 * ports going down) is not lost; the kernel caps it at rmem_max, and ENOBUFS
 * is handled anyway by a full resynchronisation. */
#define NL_RCVBUF (1 << 20)

struct watch {
	struct na_opts o;     /* the command line, what it left unset from cfg */
	struct na_config cfg; /* the settings file as last read */
	struct na_wcore core; /* the decisions and the rounds */
	struct na_pace pace;  /* --rate, across every interface */
	struct mnl_socket *nl;
	int sfd;
	struct na_sink sink;
	uint64_t msgs, link_msgs, resyncs;
	char buf[NL_BUF];
};

/* ---- settings ---------------------------------------------------------- */

/* After na_start_settings: what the decisions and the rounds read. */
static void use_settings(struct watch *w)
{
	struct na_wsettings set;
	uint64_t now = na_now_ms();

	memset(&set, 0, sizeof(set));
	set.names = w->o.ifnames;
	set.nnames = w->o.nifnames;
	set.cfg = &w->cfg;
	set.new_addrs = !w->o.no_new_addrs;
	set.initial = w->o.initial;
	/* Every announcement checks first (never announce an address that
	 * moved away), and tells by unicast past EVPN suppression as the
	 * helper does. A reload changes what starts after it. */
	set.ev.v4 = w->o.v4;
	set.ev.v6 = w->o.v6;
	set.ev.notify = w->o.notify;
	set.ev.check = true;
	set.ev.arp_bcast = w->o.arp_bcast;
	set.ev.sched = w->o.sched;
	set.refresh_ms = w->o.refresh * 1000u;
	na_pace_set_rate(&w->pace, w->o.rate, now); /* w is calloc'ed: the first call starts it */
	w->core.pace = &w->pace;
	na_wcore_settings(&w->core, &set, now);
}

static int list_addrs(void *ctx, int ifindex, struct na_ip **ip, size_t *n)
{
	return na_job_list_all(ifindex, ip, n);
}

static uint32_t rand32(void)
{
	uint32_t r = 0;

	/* getrandom(2) is allowed by the filter; a failure only loses the
	 * jitter. */
	(void)!getrandom(&r, sizeof(r), GRND_NONBLOCK);
	return r;
}

/* ---- netlink ----------------------------------------------------------- */

static int msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct watch *w = data;
	const struct ifinfomsg *ifi;
	struct na_link l;
	struct na_addr a;
	struct na_neigh n;
	uint32_t ups = 0;
	bool ups_known;
	int master;

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
		if (nlh->nlmsg_type == RTM_DELLINK) {
			na_wcore_link_gone(&w->core, ifi->ifi_index);
		} else if (na_nl_parse_link(nlh, &l) == 0) {
			if (na_link_master(nlh, &master))
				master = 0;
			ups_known = na_link_carrier_ups(nlh, &ups) == 0;
			na_wcore_link(&w->core, &l, master, ups_known, ups, !w->core.announce_addrs,
			              na_now_ms());
		}
		break;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		if (na_nl_parse_addr(nlh, &a) == 0)
			na_wcore_addr(&w->core, &a, nlh->nlmsg_type == RTM_DELADDR, na_now_ms());
		break;
	case RTM_NEWNEIGH:
	case RTM_DELNEIGH:
		/* The neighbour cache (watch_core.h), deletions included. */
		if (na_nl_parse_neigh(nlh, &n) == 0)
			na_wcore_neigh(&w->core, &n, nlh->nlmsg_type == RTM_DELNEIGH, na_now_ms());
		break;
	}
	return MNL_CB_OK;
}

/* The link and neighbour dumps' messages go to msg_cb like the events.
 * msg_cb answers in libmnl's terms for the event socket's mnl_cb_run,
 * na_nl_request has its own (nl.h), and msg_cb never stops a walk. */
static int dump_link_cb(const struct nlmsghdr *nlh, void *data)
{
	msg_cb(nlh, data);
	return NA_NL_OK;
}

static int dump_addr_cb(const struct na_addr *a, void *data)
{
	struct watch *w = data;

	na_wcore_addr(&w->core, a, false, na_now_ms());
	return 0;
}

/* A dump of every family (type RTM_GETLINK or RTM_GETNEIGH, whose family
 * header of hdrlen bytes starts with the family, zeroed: AF_UNSPEC); its
 * messages go to msg_cb. */
static int dump_all(struct watch *w, uint16_t type, size_t hdrlen)
{
	char req[MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct ifinfomsg))];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	mnl_nlmsg_put_extra_header(nlh, hdrlen); /* zeroed */
	return na_nl_request(nlh, dump_link_cb, w);
}

static int dump_links(struct watch *w)
{
	return dump_all(w, RTM_GETLINK, sizeof(struct ifinfomsg));
}

/* Reads the whole state again: at start-up, and after the kernel dropped
 * events (ENOBUFS). Links and addresses not in the dump are gone; not in an
 * inconsistent dump (-EINTR, nl.h), they may have been skipped: kept. */
static int resync_once(struct watch *w)
{
	int err, intr;

	na_wcore_unmark(&w->core);
	err = dump_links(w);
	if (err && err != -EINTR)
		return err;
	intr = err;
	err = na_nl_dump_addrs(0, dump_addr_cb, w);
	if (err && err != -EINTR)
		return err;
	na_wcore_sweep(&w->core, intr == 0, err == 0);
	/* Neighbours are only added or refreshed (the cache keeps what is
	 * gone): an inconsistent or failed dump loses nothing. */
	dump_all(w, RTM_GETNEIGH, sizeof(struct ndmsg)); /* for the cache */
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
	if (mnl_socket_bind(w->nl,
	                    RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR | RTMGRP_NEIGH,
	                    MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	return 0;
}

/*
 * Throws away what the event socket still holds. After ENOBUFS that is older
 * than the dump about to be read, and it must go first: from the overflow
 * until its queue is empty again the kernel drops every new event on the
 * socket without another ENOBUFS (the socket stays congested:
 * netlink_overrun and netlink_rcv_wake in net/netlink/af_netlink.c), so a
 * link going down during the dump would be lost for good. The congested
 * queue only shrinks; what comes once it is empty is in the dump as well,
 * and the first EAGAIN (the socket does not block) ends the reading.
 */
static void nl_drain(struct watch *w)
{
	ssize_t n;

	do
		n = recv(mnl_socket_get_fd(w->nl), w->buf, sizeof(w->buf), MSG_TRUNC);
	while (n >= 0 || errno == EINTR || errno == ENOBUFS);
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
			nl_drain(w);
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

static void reload(struct watch *w)
{
	const char *path = w->o.config ? w->o.config : NA_CONFIG_PATH;
	struct na_config old = w->cfg;
	char err[256];

	/* The same step as at start-up: the command line still wins. */
	if (na_start_settings(&w->o, &w->cfg, err, sizeof(err))) {
		na_log(NA_LOG_ERR, NULL, "%s: keeping the previous settings", err);
		return;
	}
	if (!w->o.user_set &&
	    (old.has_user != w->cfg.has_user || strcmp(old.user, w->cfg.user) != 0))
		na_log(NA_LOG_WARN, NULL, "%s: a new user takes effect on restart", path);
	use_settings(w);
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
		rc = na_loop_wait(&l, na_wcore_run(&w->core, na_now_ms()));
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
	na_wcore_free(&w->core);
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
	na_wcore_init(&w->core);
	w->core.sink = &w->sink;
	w->core.log = na_log;
	w->core.clock = na_now_ms;
	w->core.list = list_addrs;
	w->core.rand32 = rand32;
	if (!na_start_request(&na_cli_text_watch, na_cli_usage, argc, argv, &w->o, &w->cfg, &rc))
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
	w->core.announce_addrs = true;
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
