/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "job_state.h"
#include "parse.h"

static const char state_magic[8] = "NA-JOB1";

/* The file's header. The job itself follows as it is in memory (its
 * pointers mean nothing here and are never read), then its records: n
 * struct na_target and nopts struct na_event_opts. */
struct state_hdr {
	char magic[8];
	char version[16]; /* NA_VERSION, NUL-padded */
	uint64_t sizes;   /* the structs' sizes (layout()) */
	int32_t verbosity;
	uint32_t zero;
};

/* A build with other structs writes other sizes. */
static uint64_t layout(void)
{
	return (uint64_t)sizeof(struct na_target) | (uint64_t)sizeof(struct na_event_opts) << 16 |
	       (uint64_t)sizeof(struct na_job) << 32;
}

static int put(int fd, const void *p, size_t len)
{
	const uint8_t *b = p;
	ssize_t w;

	while (len) {
		w = write(fd, b, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EIO;
		b += w;
		len -= (size_t)w;
	}
	return 0;
}

/* The program hooks run writes: as little code as it can be. */
int na_state_write(int fd, const struct na_job *j, int verbosity)
{
	struct state_hdr h;
	int err;

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, state_magic, sizeof(h.magic));
	_Static_assert(sizeof(NA_VERSION) <= sizeof(h.version), "the version fits the header");
	memcpy(h.version, NA_VERSION, sizeof(NA_VERSION));
	h.sizes = layout();
	h.verbosity = verbosity;
	err = put(fd, &h, sizeof(h));
	if (!err)
		err = put(fd, j, sizeof(*j));
	if (!err)
		err = put(fd, j->t, j->n * sizeof(*j->t));
	if (!err)
		err = put(fd, j->opts, j->nopts * sizeof(*j->opts));
	return err;
}

/* A bool's byte in a record: anything but 0 or 1 would be undefined to
 * read as a bool. */
static bool bools_ok(const uint8_t *rec, const size_t *off, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (rec[off[i]] > 1)
			return false;
	return true;
}

static bool ip_ok(const struct na_ip *ip)
{
	return (ip->family == AF_INET || ip->family == AF_INET6) && na_ip_announceable(ip);
}

/* As na_parse_schedule would have it: 1 to NA_SCHED_MAX offsets, strictly
 * increasing, within the cap. What lies beyond n (a schedule cut to
 * --count) is never read, and is cleared. */
static bool sched_ok(struct na_schedule *s)
{
	unsigned i;

	if (s->n < 1 || s->n > NA_SCHED_MAX)
		return false;
	for (i = 0; i < s->n; i++)
		if (s->at_ms[i] > NA_SCHED_MAX_MS || (i && s->at_ms[i] <= s->at_ms[i - 1]))
			return false;
	for (; i < NA_SCHED_MAX; i++)
		s->at_ms[i] = 0;
	return true;
}

static bool opts_ok(const uint8_t *rec, struct na_event_opts *o)
{
	static const size_t bools[] = {offsetof(struct na_event_opts, check),
	                               offsetof(struct na_event_opts, arp_bcast)};

	if (!bools_ok(rec, bools, sizeof(bools) / sizeof(bools[0])))
		return false;
	memcpy(o, rec, sizeof(*o));
	return !(o->v4 & ~(unsigned)(NA_V4_REQUEST | NA_V4_REPLY)) &&
	       !(o->v6 & ~(unsigned)(NA_V6_NA | NA_V6_DAD)) && o->notify >= NA_NOTIFY_NONE &&
	       o->notify <= NA_NOTIFY_NEIGHBOURS && sched_ok(&o->sched) &&
	       o->rate <= NA_PACE_MAX_RATE;
}

/* No time more than an hour ahead (none can be, from a job of this
 * machine's): a target due in a year would keep the process for that long. */
static bool time_ok(uint64_t t, uint64_t now)
{
	return t <= now + NA_SCHED_MAX_MS;
}

static bool target_ok(const uint8_t *rec, size_t nopts, uint64_t now, struct na_target *t)
{
	static const size_t bools[] = {
	        offsetof(struct na_target, seen),       offsetof(struct na_target, tell),
	        offsetof(struct na_target, first_sent), offsetof(struct na_target, dad_sent),
	        offsetof(struct na_target, has_na),
	};
	unsigned s;
	int state;

	memcpy(&state, rec + offsetof(struct na_target, state), sizeof(state));
	if (state < NA_T_ACTIVE || state > NA_T_DROPPED ||
	    !bools_ok(rec, bools, sizeof(bools) / sizeof(bools[0])))
		return false;
	memcpy(t, rec, sizeof(*t));
	if (!ip_ok(&t->ip) || t->sent & ~(unsigned)(NA_SENT_EV(0) | NA_SENT_EV(1) | NA_SENT_NA) ||
	    t->na_sent > NA_MAX_NEIGHBOR_ADVERTISEMENT || !time_ok(t->first_at, now) ||
	    !time_ok(t->last_na, now) || !time_ok(t->catchup, now))
		return false;
	for (s = 0; s < 2; s++)
		if (t->ev[s].opts >= nopts || !time_ok(t->ev[s].t0, now))
			return false;
	return true;
}

/* The job's own fields: bools, counts, the interface, the peers. */
static bool job_ok(const uint8_t *rec, size_t len, uint64_t now, struct na_job *k)
{
	static const size_t bools[] = {
	        offsetof(struct na_job, mac_fixed),     offsetof(struct na_job, router),
	        offsetof(struct na_job, nonce_fixed),   offsetof(struct na_job, paced),
	        offsetof(struct na_job, checked_fresh), offsetof(struct na_job, defer_tell),
	        offsetof(struct na_job, tell_due),      offsetof(struct na_job, tell_read),
	};
	char dev[IF_NAMESIZE];
	size_t i, name_len;

	if (!bools_ok(rec, bools, sizeof(bools) / sizeof(bools[0])))
		return false;
	memcpy(k, rec, sizeof(*k));
	/* The counts first, so that the length cannot overflow. */
	if (k->n > NA_STATE_MAX_TARGETS || k->nopts > 0xffffu || k->npeers > NA_NOTIFY_MAX ||
	    (k->n && !k->nopts) ||
	    len != k->n * sizeof(struct na_target) + k->nopts * sizeof(struct na_event_opts))
		return false;
	name_len = strnlen(k->ifname, sizeof(k->ifname));
	if (k->ifindex <= 0 || name_len == sizeof(k->ifname) ||
	    na_parse_ifname(k->ifname, name_len, dev) || k->peers_mode < NA_NOTIFY_NONE ||
	    k->peers_mode > NA_NOTIFY_NEIGHBOURS || k->tell_mode < NA_NOTIFY_NONE ||
	    k->tell_mode > NA_NOTIFY_NEIGHBOURS || !time_ok(k->checked_at, now))
		return false;
	for (i = 0; i < k->npeers; i++)
		if (!ip_ok(&k->peers[i].ip))
			return false;
	return true;
}

int na_state_decode(const uint8_t *buf, size_t len, uint64_t now, struct na_job *j, int *verbosity)
{
	const size_t trec = sizeof(struct na_target), orec = sizeof(struct na_event_opts);
	struct na_target *t = NULL;
	struct na_event_opts *o = NULL;
	struct na_job k;
	struct state_hdr h;
	size_t i;

	if (len < sizeof(h) + sizeof(k))
		return -EINVAL;
	memcpy(&h, buf, sizeof(h));
	if (memcmp(h.magic, state_magic, sizeof(h.magic)) ||
	    strncmp(h.version, NA_VERSION, sizeof(h.version)) || h.sizes != layout() ||
	    h.verbosity < -1 || h.verbosity > 8 || h.zero)
		return -EINVAL;
	buf += sizeof(h);
	if (!job_ok(buf, len - sizeof(h) - sizeof(k), now, &k))
		return -EINVAL;
	buf += sizeof(k);
	if (k.nopts && !(o = calloc(k.nopts, orec)))
		return -ENOMEM;
	for (i = 0; i < k.nopts; i++)
		if (!opts_ok(buf + k.n * trec + i * orec, &o[i]))
			goto bad;
	if (k.n && !(t = calloc(k.n, trec))) {
		free(o);
		return -ENOMEM;
	}
	for (i = 0; i < k.n; i++)
		/* Sorted, no duplicates: the round driver looks them up so. */
		if (!target_ok(buf + i * trec, k.nopts, now, &t[i]) ||
		    (i && na_ip_cmp(&t[i - 1].ip, &t[i].ip) >= 0))
			goto bad;
	j->t = t;
	j->n = k.n;
	j->opts = o;
	j->nopts = k.nopts;
	memcpy(j->peers, k.peers, k.npeers * sizeof(*k.peers));
	j->npeers = k.npeers;
	j->peers_mode = k.peers_mode;
	j->tell_mode = k.tell_mode;
	j->tell_due = k.tell_due;
	j->tell_read = k.tell_read;
	j->ifindex = k.ifindex;
	memcpy(j->ifname, k.ifname, sizeof(j->ifname));
	memcpy(j->mac, k.mac, sizeof(j->mac));
	j->mac_fixed = k.mac_fixed;
	j->router = k.router;
	j->nonce_fixed = k.nonce_fixed;
	memcpy(j->nonce, k.nonce, sizeof(j->nonce));
	j->checked_at = k.checked_at;
	*verbosity = h.verbosity;
	return 0;
bad:
	free(t);
	free(o);
	return -EINVAL;
}

int na_state_read(int fd, uint64_t now, struct na_job *j, int *verbosity)
{
	/* Up to the largest file a job can make, and one byte more to see
	 * that there is no more. */
	const size_t max =
	        sizeof(struct state_hdr) + NA_STATE_MAX_TARGETS * sizeof(struct na_target) +
	        0xffffu * sizeof(struct na_event_opts) + NA_NOTIFY_MAX * sizeof(struct na_peer) + 1;
	size_t len = 0, cap = 65536;
	uint8_t *buf = malloc(cap), *grown;
	ssize_t r;
	int err;

	for (;;) {
		if (!buf)
			return -ENOMEM;
		if (len == cap) {
			if (cap >= max) {
				free(buf);
				return -EINVAL;
			}
			cap = cap * 2 < max ? cap * 2 : max;
			grown = realloc(buf, cap);
			if (!grown) {
				free(buf);
				return -ENOMEM;
			}
			buf = grown;
		}
		r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = -errno;
			free(buf);
			return err;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	err = na_state_decode(buf, len, now, j, verbosity);
	free(buf);
	return err;
}
