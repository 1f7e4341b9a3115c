/* SPDX-License-Identifier: BSD-2-Clause */
#include "announce.h" /* first: net/if.h before the linux/ headers */

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

int na_job_add(struct na_job *j, const struct na_ip *ip)
{
	struct na_target *t;

	/* Grow by doubling: --all on a host with 10,000 addresses stays linear. */
	if ((j->n & (j->n - 1)) == 0) {
		size_t cap = j->n ? j->n * 2 : 4;

		t = realloc(j->t, cap * sizeof(*t));
		if (!t)
			return -ENOMEM;
		j->t = t;
	}
	t = &j->t[j->n++];
	memset(t, 0, sizeof(*t));
	t->ip = *ip;
	t->state = NA_T_ACTIVE;
	return 0;
}

static int add_all_cb(const struct na_addr *a, void *data)
{
	struct na_job *j = data;

	if (!na_ip_announceable(&a->ip) || (a->flags & (IFA_F_DADFAILED | IFA_F_DEPRECATED)))
		return 0;
	if (a->ip.family == AF_INET6 && a->scope != RT_SCOPE_UNIVERSE && a->scope != RT_SCOPE_LINK)
		return 0;
	/* Tentative addresses are taken too: na_job_check holds them back
	 * until DAD has finished. */
	return na_job_add(j, &a->ip);
}

int na_job_add_all(struct na_job *j)
{
	size_t n0 = j->n;
	int err, tries = 0;

	do {
		j->n = n0; /* what an inconsistent dump added (nl.h) */
		err = na_nl_dump_addrs(j->ifindex, add_all_cb, j);
	} while (err == -EINTR && ++tries < NA_NL_DUMP_TRIES);
	return na_nl_dump_result(err);
}

static int target_cmp(const void *a, const void *b)
{
	return na_ip_cmp(&((const struct na_target *)a)->ip, &((const struct na_target *)b)->ip);
}

int na_job_prepare(struct na_job *j)
{
	uint8_t pool[42 * NA_NONCE_LEN];
	size_t i, k = 0, left = 0;

	if (j->n)
		qsort(j->t, j->n, sizeof(*j->t), target_cmp);
	for (i = 0; i < j->n; i++)
		if (k == 0 || target_cmp(&j->t[k - 1], &j->t[i]) != 0)
			j->t[k++] = j->t[i];
	j->n = k;
	/* Nonces in batches: one getrandom() per address was a quarter of the
	 * time of a 10,000-address round. Up to 256 bytes never return short
	 * (getrandom(2)). */
	for (i = 0; i < j->n; i++) {
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

static int check_cb(const struct na_addr *a, void *data)
{
	struct na_job *j = data;
	struct na_target key, *t;

	key.ip = a->ip;
	t = bsearch(&key, j->t, j->n, sizeof(*j->t), target_cmp);
	if (!t || t->state == NA_T_DROPPED)
		return 0;
	t->seen = true;
	if (a->flags & IFA_F_DADFAILED) {
		t->state = NA_T_DROPPED;
		j->log(NA_LOG_WARN, j->ifname,
		       "%s: duplicate address detection failed, not announced",
		       inet_ntop(a->ip.family, &a->ip.v6, (char[INET6_ADDRSTRLEN]){0},
		                 INET6_ADDRSTRLEN));
	} else if (a->flags & IFA_F_TENTATIVE) {
		t->state = NA_T_WAITING;
	} else {
		t->state = NA_T_ACTIVE;
	}
	return 0;
}

int na_job_check(struct na_job *j)
{
	char buf[INET6_ADDRSTRLEN];
	struct na_link l;
	size_t i;
	int err, tries = 0;

	err = na_nl_get_link(j->ifindex, &l);
	if (err)
		return err;
	if (!j->mac_fixed && l.has_mac)
		memcpy(j->mac, l.mac, NA_MAC_LEN);
	if ((l.flags & (IFF_UP | IFF_RUNNING)) != (IFF_UP | IFF_RUNNING))
		return -ENETDOWN;
	do {
		/* Again from nothing seen (nl.h). After the last try, an
		 * address the inconsistent answer skipped counts as gone:
		 * not announcing is the safe side. */
		for (i = 0; i < j->n; i++)
			j->t[i].seen = false;
		err = na_nl_dump_addrs(j->ifindex, check_cb, j);
	} while (err == -EINTR && ++tries < NA_NL_DUMP_TRIES);
	err = na_nl_dump_result(err);
	if (err)
		return err;
	for (i = 0; i < j->n; i++) {
		if (j->t[i].seen || j->t[i].state == NA_T_DROPPED)
			continue;
		j->t[i].state = NA_T_DROPPED;
		j->log(NA_LOG_INFO, j->ifname,
		       "%s: no longer on the interface, not announced again",
		       inet_ntop(j->t[i].ip.family, &j->t[i].ip.v6, buf, sizeof(buf)));
	}
	if (j->notify != NA_NOTIFY_NONE)
		na_job_refresh_peers(j); /* best effort: the broadcast frames go anyway */
	return 0;
}

int na_job_refresh_peers(struct na_job *j)
{
	struct na_peer p[NA_NOTIFY_MAX];
	struct na_target key;
	size_t n, skipped, dropped, i, k = 0;
	int err;

	err = na_notify_collect(j->ifindex, j->notify, p, NA_NOTIFY_MAX, &n, &skipped, &dropped);
	if (err) {
		j->log(NA_LOG_DEBUG, j->ifname, "cannot read the routing/neighbour tables: %s",
		       strerror(-err));
		return err;
	}
	for (i = 0; i < n; i++) {
		/* Never "notify" one of our own addresses. */
		key.ip = p[i].ip;
		if (!j->n || !bsearch(&key, j->t, j->n, sizeof(*j->t), target_cmp))
			j->peers[k++] = p[i];
	}
	j->npeers = k;
	if (skipped)
		j->log(NA_LOG_DEBUG, j->ifname,
		       "%zu gateways not notified: their MAC is not known (no resolution sent)",
		       skipped);
	if (dropped)
		j->log(NA_LOG_DEBUG, j->ifname, "%zu neighbours beyond the first %d not notified",
		       dropped, NA_NOTIFY_MAX);
	return 0;
}

static void send_frame(struct na_job *j, const uint8_t *f, size_t len, struct na_round_result *r)
{
	int err;

	if (!len) /* cannot happen with our fixed-size buffers; count it anyway */
		err = -EMSGSIZE;
	else
		err = na_sink_send(j->sink, j->ifindex, f, len);
	if (err == 0) {
		r->frames++;
		return;
	}
	if (r->failed++ == 0)
		r->first_errno = -err;
}

/*
 * --notify: a unicast request to each peer of the target's family, which a
 * bridge port with neigh_suppress on lets through (it holds back gratuitous
 * ARP and unsolicited NA). The receiver's kernel updates its entry for the
 * sender: for ARP when the request is for one of its addresses (RFC 826
 * merge step), for an NS from the Source LLA option (RFC 4861 §7.2.3).
 */
static void notify_peers(struct na_job *j, const struct na_target *t, struct na_round_result *r)
{
	uint8_t buf[NA_ND_FRAME_MAX];
	struct na_arp_frame arp;
	struct na_ns_frame ns;
	size_t i;

	for (i = 0; i < j->npeers; i++) {
		const struct na_peer *p = &j->peers[i];

		if (p->ip.family != t->ip.family)
			continue;
		if (t->ip.family == AF_INET) {
			if (!j->v4)
				continue;
			/* "who-has PEER tell ADDRESS", tha zero (RFC 5227 §2.3's
			 * form), to the peer's MAC only. */
			memset(&arp, 0, sizeof(arp));
			memcpy(arp.eth_dst, p->mac, NA_MAC_LEN);
			memcpy(arp.eth_src, j->mac, NA_MAC_LEN);
			arp.op = NA_ARP_OP_REQUEST;
			memcpy(arp.sha, j->mac, NA_MAC_LEN);
			arp.spa = t->ip.v4;
			arp.tpa = p->ip.v4;
			send_frame(j, buf, na_build_arp(buf, sizeof(buf), &arp), r);
		} else {
			if (!j->v6)
				continue;
			/* Unicast NS, RFC 4861 §7.2.2: source = the address, Source
			 * LLA = our MAC, target and destination = the peer. */
			memset(&ns, 0, sizeof(ns));
			memcpy(ns.eth_dst, p->mac, NA_MAC_LEN);
			memcpy(ns.eth_src, j->mac, NA_MAC_LEN);
			ns.src = t->ip.v6;
			ns.dst = p->ip.v6;
			ns.target = p->ip.v6;
			ns.has_sllao = true;
			memcpy(ns.sllao, j->mac, NA_MAC_LEN);
			send_frame(j, buf, na_build_ns(buf, sizeof(buf), &ns), r);
		}
	}
}

void na_job_round(struct na_job *j, uint32_t at_ms, struct na_round_result *r)
{
	uint8_t buf[NA_ND_FRAME_MAX];
	struct na_arp_frame arp;
	struct na_ns_frame ns;
	struct na_na_frame na;
	struct na_target *t;
	size_t i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < j->n; i++) {
		t = &j->t[i];
		if (t->state == NA_T_WAITING)
			r->waiting++;
		if (t->state != NA_T_ACTIVE)
			continue;
		if (t->ip.family == AF_INET) {
			if (j->v4 & NA_V4_REQUEST) {
				na_arp_announcement(&arp, j->mac, t->ip.v4, false);
				send_frame(j, buf, na_build_arp(buf, sizeof(buf), &arp), r);
			}
			if (j->v4 & NA_V4_REPLY) {
				na_arp_announcement(&arp, j->mac, t->ip.v4, true);
				send_frame(j, buf, na_build_arp(buf, sizeof(buf), &arp), r);
			}
			notify_peers(j, t, r);
			r->announced++;
			continue;
		}
		/* DAD NS once (RFC 4862 §5.1: DupAddrDetectTransmits defaults
		 * to 1), then the NA: a router that refuses to resolve an address
		 * that never did DAD (the clatd seed) has now seen one. */
		if ((j->v6 & NA_V6_DAD) && t->dad_sent == 0) {
			na_ns_dad(&ns, j->mac, &t->ip.v6, t->nonce);
			send_frame(j, buf, na_build_ns(buf, sizeof(buf), &ns), r);
			t->dad_sent++;
		}
		if ((j->v6 & NA_V6_NA) && t->na_sent < NA_MAX_NEIGHBOR_ADVERTISEMENT &&
		    ((t->na_sent == 0 && !t->na_spaced) ||
		     (int64_t)at_ms - t->last_na_ms >= NA_RETRANS_TIMER_MS)) {
			na_na_unsolicited(&na, j->mac, &t->ip.v6, j->router);
			send_frame(j, buf, na_build_na(buf, sizeof(buf), &na), r);
			t->na_sent++;
			t->last_na_ms = at_ms;
		}
		notify_peers(j, t, r);
		r->announced++;
	}
}

struct na_handover *na_job_export(const struct na_job *j, uint32_t now_ms, size_t *n)
{
	struct na_handover *h;
	size_t i, k = 0;

	*n = 0;
	if (!j->n)
		return NULL;
	h = calloc(j->n, sizeof(*h));
	if (!h)
		return NULL;
	for (i = 0; i < j->n; i++) {
		const struct na_target *t = &j->t[i];

		if (t->state == NA_T_DROPPED)
			continue;
		h[k].ip = t->ip;
		h[k].dad_sent = (uint8_t)(t->dad_sent > 255 ? 255 : t->dad_sent);
		h[k].na_sent = (uint8_t)(t->na_sent > 255 ? 255 : t->na_sent);
		h[k].ms_since_na = t->na_sent ? (uint32_t)((int64_t)now_ms - t->last_na_ms)
		                              : NA_HANDOVER_NO_NA;
		k++;
	}
	*n = k;
	return h;
}

/*
 * A predecessor's progress. An address the newcomer was given itself is news
 * again (the client says it is here now): a fresh budget of NAs, but still at
 * least RetransTimer after the predecessor's last one, and no second DAD NS.
 * An address only carried on keeps its whole progress.
 */
static void inherit_progress(struct na_target *t, const struct na_handover *h, bool own)
{
	if (h->dad_sent > t->dad_sent)
		t->dad_sent = h->dad_sent;
	if (!own && h->na_sent > t->na_sent)
		t->na_sent = h->na_sent;
	if (h->ms_since_na != NA_HANDOVER_NO_NA && h->na_sent) {
		t->last_na_ms = -(int64_t)h->ms_since_na;
		t->na_spaced = true;
	}
}

int na_job_inherit(struct na_job *j, const struct na_handover *h, size_t n)
{
	struct na_target key, *t;
	size_t i, known = j->n;
	int err;

	for (i = 0; i < n; i++) {
		key.ip = h[i].ip;
		t = bsearch(&key, j->t, known, sizeof(*j->t), target_cmp);
		if (t) {
			inherit_progress(t, &h[i], true);
			continue;
		}
		err = na_job_add(j, &h[i].ip);
		if (err)
			return err;
		inherit_progress(&j->t[j->n - 1], &h[i], false);
	}
	return j->n == known ? 0 : na_job_prepare(j);
}

size_t na_job_live(const struct na_job *j)
{
	size_t i, n = 0;

	for (i = 0; i < j->n; i++)
		n += j->t[i].state != NA_T_DROPPED;
	return n;
}

void na_job_free(struct na_job *j)
{
	free(j->t);
	j->t = NULL;
	j->n = 0;
}
