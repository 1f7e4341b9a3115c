/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * neigh-announce: the CLI layer of announcing, and the subcommands' entry.
 * With start.c and the subcommands' own files the only place that prints
 * (through log.c) and chooses exit codes. Order of work, as OpenBSD's
 * daemons do it: check the request, acquire the socket, drop every privilege
 * (the steps of start.c, shared with probe and watch), then send.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "announce.h"
#include "cli.h"
#include "config.h"
#include "daemon.h"
#include "log.h"
#include "nl.h"
#include "probe.h"
#include "sink.h"
#include "start.h"
#include "takeover.h"
#include "watch.h"

static const char *ipstr(const struct na_ip *ip, char *buf)
{
	return inet_ntop(ip->family, ip->family == AF_INET ? (const void *)&ip->v4 : &ip->v6, buf,
	                 INET6_ADDRSTRLEN);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Fills the job's targets and checks them. */
static int targets(const struct na_opts *o, struct na_job *j)
{
	char buf[INET6_ADDRSTRLEN];
	struct na_ip ip;
	size_t i, missing = 0;
	int err;

	if (o->all) {
		err = na_job_add_all(j);
		if (err == -ENOMEM) {
			na_log(NA_LOG_ERR, j->ifname, "out of memory");
			return NA_EXIT_SYSTEM;
		}
		if (err) {
			na_log(NA_LOG_ERR, j->ifname, "netlink: %s", strerror(-err));
			return NA_EXIT_IFACE;
		}
	}
	for (i = 0; i < o->naddrs; i++) {
		/* Already validated by na_start_request; parse again into the job. */
		na_parse_ip(o->addrs[i], &ip);
		if (na_job_add(j, &ip)) {
			na_log(NA_LOG_ERR, j->ifname, "out of memory");
			return NA_EXIT_SYSTEM;
		}
	}
	err = na_job_prepare(j);
	if (err) {
		na_log(NA_LOG_ERR, j->ifname, "getrandom: %s", strerror(-err));
		return NA_EXIT_SYSTEM;
	}
	if (!j->check)
		return NA_EXIT_OK;
	err = na_job_check(j);
	if (err == -ENETDOWN) {
		na_log(NA_LOG_ERR, j->ifname, "interface is down");
		return NA_EXIT_IFACE;
	} else if (err) {
		na_log(NA_LOG_ERR, j->ifname, "netlink: %s", strerror(-err));
		return NA_EXIT_IFACE;
	}
	/* --all: what left between the dump and the check was there a moment
	 * ago; na_job_check has said so (-v), and the rest is announced. */
	for (i = 0; i < j->n && !o->all; i++) {
		if (j->t[i].state != NA_T_DROPPED)
			continue;
		na_log(NA_LOG_ERR, j->ifname, "%s: address not held by this interface",
		       ipstr(&j->t[i].ip, buf));
		missing++;
	}
	return missing ? NA_EXIT_IFACE : NA_EXIT_OK;
}

static int run_round(struct na_job *j, uint32_t at_ms, unsigned round, unsigned rounds)
{
	struct na_round_result r;
	int err;

	/* Round one follows the check in targets() at once: skip a second dump. */
	if (j->check && round > 0) {
		err = na_job_check(j);
		if (err == -ENETDOWN) {
			na_log(NA_LOG_WARN, j->ifname, "round %u/%u skipped: interface is down",
			       round + 1, rounds);
			return NA_EXIT_IFACE;
		}
		if (err) {
			na_log(NA_LOG_WARN, j->ifname, "round %u/%u skipped: %s", round + 1, rounds,
			       strerror(-err));
			return NA_EXIT_IFACE;
		}
	}
	na_job_round(j, at_ms, &r);
	if (r.failed) {
		na_log(NA_LOG_ERR, j->ifname, "sendto: %s (%zu of %zu frames)",
		       strerror(r.first_errno), r.failed, r.failed + r.frames);
		return NA_EXIT_SEND;
	}
	na_log(NA_LOG_INFO, j->ifname, "round %u/%u: %zu frames for %zu addresses%s", round + 1,
	       rounds, r.frames, r.announced, r.waiting ? " (some still tentative)" : "");
	return NA_EXIT_OK;
}

/* Waits until `deadline` (monotonic ms), or until a newcomer takes over:
 * hands it our live targets then, and returns true. The name is given up
 * (*tfd closed, -1) before the hand-over ends, so that the newcomer's next
 * bind() succeeds at once: it must not wait for our exit, whose close of
 * the packet socket takes an RCU grace period (packet_release's
 * synchronize_net(), about 13 ms here). */
static bool wait_until(uint64_t deadline, int *tfd, const struct na_job *j, uint64_t t0)
{
	struct pollfd pfd = {.fd = *tfd, .events = POLLIN};
	struct na_handover *h;
	uint64_t now;
	size_t n;
	int c;

	while ((now = now_ms()) < deadline) {
		if (poll(&pfd, *tfd >= 0 ? 1 : 0, (int)(deadline - now)) <= 0)
			continue;
		c = na_takeover_accept(*tfd);
		if (c < 0)
			continue;
		close(*tfd);
		*tfd = -1;
		h = na_job_export(j, (uint32_t)(now_ms() - t0), &n);
		na_takeover_hand_over(c, h, n);
		free(h);
		return true;
	}
	return false;
}

/* Ends the sequence running for the interface and carries on its addresses. */
static int claim(struct na_job *j)
{
	struct na_handover *h;
	size_t n;
	int fd = na_takeover_claim(j->ifindex, &h, &n);

	if (n) {
		na_log(NA_LOG_INFO, j->ifname, "took over %zu address(es) from the previous run",
		       n);
		if (na_job_inherit(j, h, n) == 0 && j->check)
			na_job_check(j); /* drops inherited addresses no longer held */
	}
	free(h);
	return fd;
}

static int run_rest(struct na_job *j, const struct na_opts *o, uint64_t t0, int *tfd)
{
	unsigned i;
	int rc = NA_EXIT_OK;

	for (i = 1; i < o->count; i++) {
		if (wait_until(t0 + o->sched.at_ms[i], tfd, j, t0)) {
			na_log(NA_LOG_INFO, j->ifname, "a newer run took over");
			return NA_EXIT_OK;
		}
		rc = run_round(j, o->sched.at_ms[i], i, o->count);
		if (!na_job_live(j)) {
			na_log(NA_LOG_INFO, j->ifname, "no address left to announce");
			break;
		}
	}
	return rc;
}

static void set_title(char **argv, const char *ifname)
{
	char comm[16];
	size_t room;

	/* comm holds 15 bytes: "na-bg-" and up to 9 of the name. */
	snprintf(comm, sizeof(comm), "na-bg-%.9s", ifname);
	prctl(PR_SET_NAME, comm, 0, 0, 0);
	/* ps shows argv: make it say what this process is. Writing within
	 * argv[0]'s own bytes is always safe. */
	room = strlen(argv[0]);
	if (room >= 14) {
		memset(argv[0], 0, room);
		memcpy(argv[0], "neigh-announce", 14);
	}
}

int main(int argc, char **argv)
{
	struct na_opts o;
	struct na_config cfg;
	struct na_iface ifc;
	struct na_job j = {0};
	struct na_sink sink = {.fd = -1};
	uint64_t t0;
	int rc, tfd = -1, keep[2];

	if (argc > 1 && strcmp(argv[1], "probe") == 0)
		return na_probe_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "watch") == 0)
		return na_watch_main(argc - 1, argv + 1);
	if (!na_start_request(NA_CMD_ANNOUNCE, argc, argv, &o, &cfg, &rc))
		return rc;
	if (!na_start_iface(&o, &ifc, &rc))
		return rc;

	memcpy(j.ifname, ifc.name, sizeof(j.ifname));
	j.ifindex = ifc.ifindex;
	/* --pcap --mac for an interface that is not here: nothing to check */
	j.check = !o.no_check && j.ifindex;
	memcpy(j.mac, o.mac_set ? o.mac : ifc.link.mac, NA_MAC_LEN);
	j.mac_fixed = o.mac_set;
	j.router = j.ifindex && na_link_is_router(j.ifname);
	j.v4 = o.v4;
	j.v6 = o.v6;
	j.nonce_fixed = o.nonce_set;
	memcpy(j.nonce, o.nonce, NA_NONCE_LEN);
	j.log = na_log;
	j.sink = &sink;

	rc = na_start_privilege(&o, j.ifname, &sink);
	if (rc)
		goto out;
	/* From here on, only the calls the rounds need (helper/sandbox.h). */
	na_start_sandbox(NA_CMD_ANNOUNCE, j.ifname);
	rc = targets(&o, &j);
	if (rc)
		goto out;
	/* --notify (nl_neigh.h): the unicast peers; na_job_check re-reads them
	 * before each round, this covers --no-check. */
	j.notify = j.ifindex ? (enum na_notify)o.notify : NA_NOTIFY_NONE;
	if (j.notify != NA_NOTIFY_NONE)
		na_job_refresh_peers(&j);
	if (!j.n) {
		na_log(NA_LOG_INFO, j.ifname, "no address to announce");
		goto out;
	}
	if (!o.pcap) {
		tfd = claim(&j);
		if (tfd < 0)
			na_log(NA_LOG_DEBUG, j.ifname,
			       "cannot claim the interface (%s): a later "
			       "run will not replace this one",
			       strerror(-tfd));
	}

	t0 = now_ms();
	rc = run_round(&j, 0, 0, o.count);
	if (o.count == 1 || !na_job_live(&j))
		goto out;
	if (o.foreground || o.pcap) {
		int rest = run_rest(&j, &o, t0, &tfd);

		if (!rc)
			rc = rest;
		goto out;
	}

	keep[0] = sink.fd;
	keep[1] = tfd;
	switch (na_daemonize(keep, 2)) {
	case 0:
		sink.fd = keep[0];
		tfd = keep[1];
		set_title(argv, j.ifname);
		na_log_setup(o.verbosity, true);
		run_rest(&j, &o, t0, &tfd);
		if (tfd >= 0) /* before the slow close of the packet socket */
			close(tfd);
		na_sink_close(&sink);
		na_job_free(&j);
		_exit(0);
	case 1:
		break;
	default:
		na_log(NA_LOG_WARN, j.ifname, "fork: %s: later rounds not sent", strerror(errno));
		break;
	}
out:
	if (tfd >= 0)
		close(tfd);
	if (na_sink_close(&sink) && !rc) {
		na_log(NA_LOG_ERR, j.ifname, "%s: %s", o.pcap, strerror(errno));
		rc = NA_EXIT_SEND;
	}
	na_job_free(&j);
	return rc;
}
