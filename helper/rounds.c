/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A job's rounds in the process that sends them after the first: the
 * background process, or the run itself with -f or --pcap. It answers newer
 * runs' take-over requests meanwhile (takeover.h). Part of the CLI layer: it
 * logs each round (log.c) and gives the exit codes of main.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "cli.h"
#include "log.h"
#include "loop.h"
#include "rounds.h"
#include "takeover.h"

/* What one round came to: its message and exit code. */
int na_rounds_report(const struct na_job *j, const struct na_round_result *r)
{
	if (r->check_err) {
		na_log(NA_LOG_WARN, j->ifname, "round %u/%u skipped: %s", r->round, r->rounds,
		       r->check_err == -ENETDOWN ? "interface is down" : strerror(-r->check_err));
		return NA_EXIT_IFACE;
	}
	if (r->failed) {
		na_log(NA_LOG_ERR, j->ifname, "sendto: %s (%zu of %zu frames)",
		       strerror(r->first_errno), r->failed, r->failed + r->frames);
		return NA_EXIT_SEND;
	}
	if (r->round)
		na_log(NA_LOG_INFO, j->ifname, "round %u/%u: %zu frames for %zu addresses%s",
		       r->round, r->rounds, r->frames, r->announced,
		       r->waiting ? " (some still tentative)" : "");
	else if (r->frames)
		na_log(NA_LOG_DEBUG, j->ifname, "%zu NA(s) the spacing had held back", r->frames);
	return NA_EXIT_OK;
}

/* The unicast frames (--notify) a round has left: the first round's, which
 * the call leaves to the background process (or sends itself if that cannot
 * start), and a handed-over request's, which follow the answer. They wait
 * for the routing and neighbour tables; the broadcast frames do not. */
void na_rounds_tell(struct na_job *j)
{
	struct na_round_result r;

	na_job_tell(j, &r);
	if (r.failed)
		na_log(NA_LOG_WARN, j->ifname, "sendto: %s (%zu of %zu unicast frames)",
		       strerror(r.first_errno), r.failed, r.failed + r.frames);
	else if (r.frames)
		na_log(NA_LOG_INFO, j->ifname, "%zu unicast frames (--notify)", r.frames);
}

/* Runs what is due now; a failed check skips it. */
int na_rounds_run_due(struct na_job *j)
{
	struct na_round_result r;
	uint64_t now = na_now_ms();
	int rc;

	na_job_run_due(j, now, &r);
	rc = na_rounds_report(j, &r);
	if (r.check_err == -ENODEV)
		na_job_stop(j); /* the interface is gone: nothing more to say */
	else if (r.check_err)
		na_job_skip_due(j, now);
	return rc;
}

struct rounds {
	struct na_job *j;
	int tfd; /* the take-over listener, or -1 */
	struct na_loop loop;
};

/* A newer run hands us its request (takeover.h): its addresses join our
 * rounds, and what is due goes out before we answer. */
static int on_request(void *data, int fd, short revents)
{
	struct rounds *s = data;
	struct na_reply reply = {0};
	struct na_round_result r;
	struct na_event_opts ev;
	struct na_ip *ip;
	size_t n, joined;
	uint64_t now;
	int c, err;

	c = na_takeover_accept(fd);
	if (c < 0)
		return 0;
	err = na_takeover_read(c, NA_CLAIM_BUDGET_MS / 2, &ev, &ip, &n);
	if (err) {
		na_log(NA_LOG_DEBUG, s->j->ifname, "a newer run's request: %s", strerror(-err));
		close(c);
		return 0;
	}
	now = na_now_ms();
	err = na_job_request(s->j, ip, n, &ev, now, &joined);
	free(ip);
	if (err) {
		reply.status = NA_REPLY_REFUSED;
		reply.err = -err;
		na_takeover_reply(c, &reply);
		return 0;
	}
	na_log(NA_LOG_INFO, s->j->ifname,
	       "a newer run handed over %zu address(es), %zu of them already being announced", n,
	       joined);
	/* Its --rate holds from now on if it is stricter than ours. */
	if (ev.rate && s->j->pace && (!s->j->pace->rate || ev.rate < s->j->pace->rate))
		na_pace_set_rate(s->j->pace, ev.rate, now);
	/* The newcomer, a hook's call, waits for the broadcast frames alone:
	 * the unicast ones follow the answer. */
	s->j->defer_tell = true;
	na_job_run_due(s->j, now, &r);
	s->j->defer_tell = false;
	na_rounds_report(s->j, &r);
	if (r.check_err) {
		na_job_skip_due(s->j, now);
		reply.status = NA_REPLY_LINK;
		reply.err = -r.check_err;
	} else {
		reply.frames = (uint32_t)r.frames;
		reply.failed = (uint32_t)r.failed;
		reply.err = r.first_errno;
	}
	na_takeover_reply(c, &reply);
	na_rounds_tell(s->j);
	return 0;
}

/* Every round until nothing is left, taking newer runs' requests meanwhile.
 * Returns the first round's failure, if any. The name is given up before
 * the end, so that a newcomer's bind() succeeds at once: it must not wait
 * for our exit, whose close of the packet socket takes an RCU grace period
 * (packet_release's synchronize_net(), about 13 ms here). */
int na_rounds_run(struct na_job *j, int *tfd)
{
	struct rounds s = {.j = j, .tfd = *tfd};
	uint64_t next;
	int rc = NA_EXIT_OK, r, err;

	na_loop_init(&s.loop);
	if (*tfd >= 0)
		na_loop_add(&s.loop, *tfd, POLLIN, on_request, &s);
	while ((next = na_job_next_due(j)) != NA_NO_DEADLINE) {
		if (na_now_ms() >= next) {
			r = na_rounds_run_due(j);
			if (!rc)
				rc = r;
			continue;
		}
		err = na_loop_wait(&s.loop, next);
		if (err < 0) {
			na_log(NA_LOG_ERR, j->ifname, "poll: %s", strerror(-err));
			rc = NA_EXIT_SYSTEM;
			break;
		}
	}
	if (*tfd >= 0) {
		close(*tfd);
		*tfd = -1;
	}
	return rc;
}

void na_rounds_title(char **argv, const char *ifname)
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
