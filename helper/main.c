/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * neigh-announce: the CLI layer of announcing, and the subcommands' entry.
 * Two programs are built from this file: with NA_HOOK_PROGRAM the one hooks
 * run (/usr/sbin/neigh-announce: the first round, the rest handed to the
 * rounds program, main_rounds.c), without it the full one (LIBEXECDIR/
 * neigh-announce/announce), which the first runs for what it leaves out.
 * With start.c and the subcommands' own files the only place that prints
 * (through log.c) and chooses exit codes. Order of work, as OpenBSD's
 * daemons do it: check the request, acquire the socket, drop every privilege
 * (the steps of start.c, shared with probe and watch), then send.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "announce.h"
#include "cli.h"
#include "cli_text.h"
#include "config.h"
#include "daemon.h"
#include "job_state.h"
#include "log.h"
#include "loop.h"
#include "nl.h"
#include "rounds.h"
#include "sink.h"
#include "start.h"
#include "takeover.h"

static const char *ipstr(const struct na_ip *ip, char *buf)
{
	return inet_ntop(ip->family, ip->family == AF_INET ? (const void *)&ip->v4 : &ip->v6, buf,
	                 INET6_ADDRSTRLEN);
}

/* The addresses to announce: the command line's, or with --all the
 * interface's (and their flags, for the check). Returns an exit code; *ip
 * and *flags are malloc'ed. */
static int collect(const struct na_opts *o, const struct na_job *j, struct na_ip **ip,
                   uint32_t **flags, size_t *n)
{
	size_t i;
	int err;

	*ip = NULL;
	*flags = NULL;
	*n = 0;
	if (o->all) {
		size_t k = 0;

		err = na_job_list_flags(j->ifindex, ip, flags, n);
		if (err) {
			na_log(NA_LOG_ERR, j->ifname, "netlink: %s", strerror(-err));
			return NA_EXIT_IFACE;
		}
		/* Only the families announced (--ipv4/--ipv6 none leave one
		 * out): the other's addresses get no nonce, no check and no
		 * place in the counts. The list stays sorted. */
		for (i = 0; i < *n; i++) {
			if (!((*ip)[i].family == AF_INET ? o->v4 : o->v6))
				continue;
			(*ip)[k] = (*ip)[i];
			(*flags)[k++] = (*flags)[i];
		}
		*n = k;
		return NA_EXIT_OK;
	}
	*ip = calloc(o->naddrs ? o->naddrs : 1, sizeof(**ip));
	if (!*ip) {
		na_log(NA_LOG_ERR, j->ifname, "out of memory");
		return NA_EXIT_SYSTEM;
	}
	/* Already validated by main(); parse again into the list. */
	for (i = 0; i < o->naddrs; i++)
		na_parse_ip(o->addrs[i], &(*ip)[i]);
	*n = o->naddrs;
	return NA_EXIT_OK;
}

/* What the check before anything is sent came to (err from it): every
 * address given must be held (with --all, one that left since the dump is
 * simply not announced). */
static int check_first(const struct na_opts *o, struct na_job *j, int err)
{
	char buf[INET6_ADDRSTRLEN];
	size_t i, missing = 0;

	if (err == -ENETDOWN) {
		na_log(NA_LOG_ERR, j->ifname, "interface is down");
		return NA_EXIT_IFACE;
	} else if (err) {
		na_log(NA_LOG_ERR, j->ifname, "netlink: %s", strerror(-err));
		return NA_EXIT_IFACE;
	}
	for (i = 0; i < j->n && !o->all; i++) {
		if (j->t[i].state != NA_T_DROPPED)
			continue;
		na_log(NA_LOG_ERR, j->ifname, "%s: address not held by this interface",
		       ipstr(&j->t[i].ip, buf));
		missing++;
	}
	return missing ? NA_EXIT_IFACE : NA_EXIT_OK;
}

/* The newcomer's side of the take-over: hands the request to the running
 * holder (exit code in *rc, true), or leaves *tfd holding the name (or -1:
 * alone), false. */
static bool hand_over(const struct na_opts *o, struct na_job *j, const struct na_event_opts *ev,
                      int *tfd, int *rc)
{
	struct na_reply reply;
	struct na_ip *live;
	const char *why;
	enum na_claim c;
	size_t i, n = 0;

	*tfd = -1;
	if (o->foreground || o->pcap || o->mac_set || o->nonce_set || !j->ifindex)
		return false; /* these run on their own (see --help) */
	live = calloc(j->n ? j->n : 1, sizeof(*live));
	if (!live)
		return false;
	for (i = 0; i < j->n; i++)
		if (j->t[i].state != NA_T_DROPPED)
			live[n++] = j->t[i].ip;
	c = na_takeover_claim(j->ifindex, ev, live, n, NA_CLAIM_BUDGET_MS, tfd, &reply, &why);
	free(live);
	if (c == NA_CLAIM_HOLDER)
		return false;
	if (c == NA_CLAIM_ALONE || reply.status == NA_REPLY_REFUSED) {
		na_log(NA_LOG_INFO, j->ifname,
		       "not joining a running announcement (%s): on our own",
		       c == NA_CLAIM_ALONE ? why : strerror((int)reply.err));
		return false;
	}
	if (reply.status == NA_REPLY_LINK) {
		na_log(NA_LOG_ERR, j->ifname, "%s",
		       reply.err == ENETDOWN ? "interface is down" : strerror((int)reply.err));
		*rc = NA_EXIT_IFACE;
	} else if (reply.failed) {
		na_log(NA_LOG_ERR, j->ifname, "sendto: %s (%u of %u frames)",
		       strerror((int)reply.err), reply.failed, reply.failed + reply.frames);
		*rc = NA_EXIT_SEND;
	} else {
		na_log(NA_LOG_INFO, j->ifname,
		       "handed to the running announcement: %u frames now, the rest on its "
		       "schedule",
		       reply.frames);
		*rc = NA_EXIT_OK;
	}
	return true;
}

/* The hand-over as start.c's privilege step calls it: after CAP_NET_RAW is
 * kept (as the run user), before the packet socket is opened. */
struct hand_over_ctx {
	const struct na_opts *o;
	struct na_job *j;
	const struct na_event_opts *ev;
	int tfd;
};

static bool hand_over_hook(void *data, int *rc)
{
	struct hand_over_ctx *c = data;

	return hand_over(c->o, c->j, c->ev, &c->tfd, rc);
}

/*
 * `probe` and `watch` are programs of their own, PROGRAM_DIR/NA_COMPANION_REL/
 * probe and .../watch (/usr/libexec/neigh-announce/ beside /usr/sbin), so
 * that the program every hook runs carries announcing alone (issue 13: its
 * size, its start-up). They are found from this program's own file, not from
 * PATH or the environment: relative to it, the layout holds for any install
 * prefix, and for the build tree, which mirrors it. They get argv as it is,
 * so ps shows what was typed. An unprivileged caller of a copy cannot gain
 * from pointing us at a program of theirs: we have used no capability yet,
 * and an execve of a file without file capabilities keeps none (nothing is
 * in our ambient set unless the caller put it there).
 */
static bool companion_path(const char *name, char path[PATH_MAX])
{
	ssize_t n = readlink("/proc/self/exe", path, PATH_MAX);
	char *dir_end;
	size_t room;
	int len;

	if (n <= 0 || n >= PATH_MAX) {
		na_log(NA_LOG_ERR, NULL, "cannot find this program's file (/proc/self/exe): %s",
		       n < 0 ? strerror(errno) : "name too long");
		return false;
	}
	path[n] = '\0';
	/* The kernel's link is absolute: there is a slash. */
	dir_end = strrchr(path, '/');
	room = PATH_MAX - (size_t)(dir_end - path);
	len = snprintf(dir_end, room, "/%s/%s", NA_COMPANION_REL, name);
	if (len < 0 || (size_t)len >= room) {
		na_log(NA_LOG_ERR, NULL, "%s: the path of its program is too long", name);
		return false;
	}
	return true;
}

static int run_companion(const char *name, char **argv)
{
	char path[PATH_MAX];

	if (!companion_path(name, path))
		return NA_EXIT_SYSTEM;
	execv(path, argv);
	na_log(NA_LOG_ERR, NULL, "%s: %s (a program of neigh-announce's own, which it runs)", path,
	       strerror(errno));
	return NA_EXIT_SYSTEM;
}

#ifdef NA_HOOK_PROGRAM
/*
 * The program hooks run carries only their path (issue 13: its size):
 * --help and the runs that keep the rounds in the process or pace them run
 * the full program, PROGRAM_DIR/NA_COMPANION_REL/announce, from the start,
 * found and run as probe and watch are (before any capability is used).
 */
static bool full_only(const struct na_opts *o)
{
	return o->help || o->foreground || o->pcap || o->mac_set || o->nonce_set || o->rate;
}

/*
 * The background process's start: the rest of the job (the first round's
 * unicast frames, the later rounds, the take-over answers) goes to the
 * program PROGRAM_DIR/NA_COMPANION_REL/rounds (main_rounds.c), with the
 * packet socket, the take-over listener and the job (job_state.h) on the
 * descriptors of rounds.h. That program gets the packet socket, so it must
 * be one that no one but root, or the owner of this program's file, can
 * change: a copy of this program with file capabilities that a user has
 * hard-linked into a directory of theirs must not hand the socket to a
 * program of the user's. For the same reason its environment is empty:
 * nothing of the caller's (LD_PRELOAD) reaches it, which the kernel's
 * secure mode no longer guards once no capability is gained.
 */
static void hand_off(const struct na_job *j, int verbosity, bool listening)
{
	static char *const args[] = {"neigh-announce", NULL};
	static char *const env[] = {NULL};
	char path[PATH_MAX];
	struct stat st, self;
	int m, fd, err = 0;

	m = memfd_create("neigh-announce-job", MFD_CLOEXEC);
	if (m < 0 || (err = na_state_write(m, j, verbosity)) || lseek(m, 0, SEEK_SET) ||
	    (m == NA_ROUNDS_JOB_FD ? fcntl(m, F_SETFD, 0) : dup2(m, NA_ROUNDS_JOB_FD)) < 0 ||
	    fcntl(NA_ROUNDS_SINK_FD, F_SETFD, 0) ||
	    (listening && fcntl(NA_ROUNDS_TAKEOVER_FD, F_SETFD, 0))) {
		na_log(NA_LOG_ERR, j->ifname, "the job for the background process: %s",
		       strerror(err ? -err : errno));
		_exit(NA_EXIT_SYSTEM);
	}
	if (!companion_path("rounds", path))
		_exit(NA_EXIT_SYSTEM);
	fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) || stat("/proc/self/exe", &self)) {
		na_log(NA_LOG_ERR, j->ifname, "%s: %s", path, strerror(errno));
		_exit(NA_EXIT_SYSTEM);
	}
	if ((st.st_uid != 0 && st.st_uid != self.st_uid) || (st.st_mode & (S_IWGRP | S_IWOTH))) {
		na_log(NA_LOG_ERR, j->ifname,
		       "%s: owned by uid %u or writable by others: not handing it the socket", path,
		       (unsigned)st.st_uid);
		_exit(NA_EXIT_PRIV);
	}
	fexecve(fd, args, env);
	na_log(NA_LOG_ERR, j->ifname, "%s: %s", path, strerror(errno));
	_exit(NA_EXIT_SYSTEM);
}
#else
static void sandbox(struct na_job *j)
{
	na_start_sandbox(NA_CMD_ANNOUNCE, j->ifname);
}
#endif

int main(int argc, char **argv)
{
	struct na_opts o;
	struct na_config cfg;
	struct na_iface ifc;
	struct na_job j = {0};
	struct na_sink sink = {.fd = -1};
	struct na_event_opts ev;
	struct hand_over_ctx hctx;
	struct na_ip *ips = NULL;
	uint32_t *flags = NULL;
	struct na_pace pace;
	int rc, tfd = -1, keep[2];
	bool handed = false, ok;
	size_t nips;

	if (argc > 1 && (strcmp(argv[1], "probe") == 0 || strcmp(argv[1], "watch") == 0))
		return run_companion(argv[1], argv);
#ifdef NA_HOOK_PROGRAM
	/* The parser moves the operands in argv: the full program gets it as
	 * it came. */
	char **as_given = malloc(((size_t)argc + 1) * sizeof(*argv));

	if (!as_given)
		return NA_EXIT_SYSTEM;
	memcpy(as_given, argv, ((size_t)argc + 1) * sizeof(*argv));
	ok = na_start_request(&na_cli_text_announce, NULL, argc, argv, &o, &cfg, &rc);
	if ((ok || (!rc && o.help)) && full_only(&o))
		return run_companion("announce", as_given);
	free(as_given);
#else
	ok = na_start_request(&na_cli_text_announce, na_cli_usage, argc, argv, &o, &cfg, &rc);
#endif
	if (!ok)
		return rc;
	/* The interface lookup, the check and the first round: one netlink
	 * socket (nl.h). */
	na_nl_hold();
	if (!na_start_iface(&o, &ifc, &rc))
		return rc;

	memcpy(j.ifname, ifc.name, sizeof(j.ifname));
	j.ifindex = ifc.ifindex;
	memcpy(j.mac, o.mac_set ? o.mac : ifc.link.mac, NA_MAC_LEN);
	j.mac_fixed = o.mac_set;
	j.nonce_fixed = o.nonce_set;
	memcpy(j.nonce, o.nonce, NA_NONCE_LEN);
	j.log = na_log;
	j.clock = na_now_ms;
	j.sink = &sink;
#ifndef NA_HOOK_PROGRAM
	j.notify = na_job_notify;
#endif
	/* Always there (rate 0 caps nothing), so that a newer run's stricter
	 * --rate can take hold in the background process. */
	na_pace_init_rate(&pace, o.rate, na_now_ms());
	j.pace = &pace;
	memset(&ev, 0, sizeof(ev));
	ev.v4 = o.v4;
	ev.v6 = o.v6;
	ev.arp_bcast = o.arp_bcast;
	ev.rate = o.rate;
	/* --pcap --mac for an interface that is not here: nothing to check,
	 * no tables to read. */
	ev.check = !o.no_check && j.ifindex;
	ev.notify = j.ifindex ? o.notify : NA_NOTIFY_NONE;
	ev.sched = o.sched;
	ev.sched.n = o.count;

	rc = collect(&o, &j, &ips, &flags, &nips);
	if (!rc && nips && na_job_request(&j, ips, nips, &ev, na_now_ms(), NULL)) {
		na_log(NA_LOG_ERR, j.ifname, "out of memory or no randomness: %s", strerror(errno));
		rc = NA_EXIT_SYSTEM;
	}
	/* The link as na_start_iface read it a moment ago, and with --all
	 * the addresses as collect() has just listed them: no second dump. */
	if (!rc && ev.check)
		rc = check_first(&o, &j,
		                 o.all ? na_job_check_listed(&j, &ifc.link, ips, flags, nips)
		                       : na_job_check_link(&j, &ifc.link));
	free(ips);
	free(flags);
	/* The first round follows at once: no second dump for it. */
	j.checked_fresh = !rc && ev.check;
	if (rc)
		goto out;
	if (!na_job_live(&j)) {
		na_log(NA_LOG_INFO, j.ifname, "no address to announce");
		goto out;
	}

	hctx = (struct hand_over_ctx){.o = &o, .j = &j, .ev = &ev, .tfd = -1};
#ifdef NA_HOOK_PROGRAM
	rc = na_start_privilege(&o, j.ifname, &sink, hand_over_hook, &hctx, &handed);
#else
	rc = o.pcap ? na_start_privilege_pcap(&o, j.ifname, &sink)
	            : na_start_privilege(&o, j.ifname, &sink, hand_over_hook, &hctx, &handed);
#endif
	tfd = hctx.tfd;
	if (rc || handed)
		goto out;
#ifndef NA_HOOK_PROGRAM
	/* From the first round's broadcast frames on, only the calls the
	 * rounds need (helper/sandbox.h). The frames need not wait for the
	 * filter's load: from here to them nothing from outside is read but
	 * the router sysctl; the --notify tables, which hosts on the link
	 * shape, are read under it. The program hooks run reads nothing after
	 * its broadcast frames: its background process loads the filter. */
	j.after_broadcast = sandbox;
#endif
	/* Detached (the default), the call returns once the broadcast frames
	 * are out: the first round's unicast ones (--notify) follow from the
	 * background process. */
	j.defer_tell = !(o.foreground || o.pcap);
	if (na_now_ms() >= na_job_next_due(&j))
		rc = na_rounds_run_due(&j);
#ifndef NA_HOOK_PROGRAM
	if (j.after_broadcast) /* nothing went out: no round due, or all tentative */
		sandbox(&j);
	j.after_broadcast = NULL;
#endif
	j.defer_tell = false;
	/* The later rounds: a socket each, as they come. */
	na_nl_release();
	j.checked_fresh = false; /* a first round that waits (-s 3,...) checks again */
	if (!na_job_live(&j) && !j.tell_due)
		goto out;
#ifdef NA_HOOK_PROGRAM
	keep[0] = sink.fd;
	keep[1] = tfd;
	switch (na_daemonize(keep, 2)) {
	case 0:
		na_log_setup(o.verbosity, true);
		hand_off(&j, o.verbosity, keep[1] >= 0);
		break; /* not reached: it execs or exits */
	case 1:
		break;
	default:
		na_log(NA_LOG_WARN, j.ifname, "fork: %s: later rounds not sent", strerror(errno));
		break;
	}
#else
	if (o.foreground || o.pcap) {
		int rest = na_rounds_run(&j, &tfd);

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
		na_rounds_title(argv, j.ifname);
		na_log_setup(o.verbosity, true);
		na_rounds_tell(&j);
		na_rounds_run(&j, &tfd);
		na_sink_close(&sink);
		na_job_free(&j);
		_exit(0);
	case 1:
		break;
	default:
		na_log(NA_LOG_WARN, j.ifname, "fork: %s: later rounds not sent", strerror(errno));
		na_rounds_tell(&j);
		break;
	}
#endif
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
