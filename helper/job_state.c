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

/* The file's header. Its records follow: n struct na_target, nopts struct
 * na_event_opts, npeers struct na_peer. */
struct state_hdr {
	char magic[8];
	char version[16]; /* NA_VERSION, NUL-padded */
	uint32_t sizes;   /* the records' sizes (layout()) */
	int32_t verbosity;
	uint32_t n, nopts, npeers;
	int32_t ifindex;
	int32_t peers_mode, tell_mode;
	char ifname[IF_NAMESIZE];
	uint8_t mac[NA_MAC_LEN];
	uint8_t router, tell_due, tell_read;
	uint64_t checked_at;
};

/* A build with other structs writes other sizes. */
static uint32_t layout(void)
{
	return (uint32_t)(sizeof(struct na_target) | sizeof(struct na_event_opts) << 10 |
	                  sizeof(struct na_peer) << 20 | sizeof(struct state_hdr) << 26);
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

int na_state_write(int fd, const struct na_job *j, int verbosity)
{
	struct state_hdr h;
	int err;

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, state_magic, sizeof(h.magic));
	strncpy(h.version, NA_VERSION, sizeof(h.version) - 1);
	h.sizes = layout();
	h.verbosity = verbosity;
	h.n = (uint32_t)j->n;
	h.nopts = (uint32_t)j->nopts;
	h.npeers = (uint32_t)j->npeers;
	h.ifindex = j->ifindex;
	h.peers_mode = j->peers_mode;
	h.tell_mode = j->tell_mode;
	memcpy(h.ifname, j->ifname, sizeof(h.ifname));
	memcpy(h.mac, j->mac, sizeof(h.mac));
	h.router = j->router;
	h.tell_due = j->tell_due;
	h.tell_read = j->tell_read;
	h.checked_at = j->checked_at;
	err = put(fd, &h, sizeof(h));
	if (!err)
		err = put(fd, j->t, j->n * sizeof(*j->t));
	if (!err)
		err = put(fd, j->opts, j->nopts * sizeof(*j->opts));
	if (!err)
		err = put(fd, j->peers, j->npeers * sizeof(*j->peers));
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
 * increasing, within the cap; the rest zero. */
static bool sched_ok(const struct na_schedule *s)
{
	unsigned i;

	if (s->n < 1 || s->n > NA_SCHED_MAX)
		return false;
	for (i = 0; i < NA_SCHED_MAX; i++) {
		if (i >= s->n ? s->at_ms[i] != 0
		              : s->at_ms[i] > NA_SCHED_MAX_MS ||
		                        (i && s->at_ms[i] <= s->at_ms[i - 1]))
			return false;
	}
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

int na_state_decode(const uint8_t *buf, size_t len, uint64_t now, struct na_job *j, int *verbosity)
{
	const size_t trec = sizeof(struct na_target), orec = sizeof(struct na_event_opts);
	struct na_target *t = NULL;
	struct na_event_opts *o = NULL;
	struct na_peer peers[NA_NOTIFY_MAX];
	char dev[IF_NAMESIZE];
	struct state_hdr h;
	size_t i, ifname_len;

	if (len < sizeof(h))
		return -EINVAL;
	memcpy(&h, buf, sizeof(h));
	if (memcmp(h.magic, state_magic, sizeof(h.magic)) ||
	    strncmp(h.version, NA_VERSION, sizeof(h.version)) || h.sizes != layout())
		return -EINVAL;
	/* The counts first, so that the length below cannot overflow. */
	if (h.n > NA_STATE_MAX_TARGETS || h.nopts > 0xffffu || h.npeers > NA_NOTIFY_MAX ||
	    (h.n && !h.nopts) ||
	    len != sizeof(h) + h.n * trec + h.nopts * orec + h.npeers * sizeof(struct na_peer))
		return -EINVAL;
	ifname_len = strnlen(h.ifname, sizeof(h.ifname));
	if (h.verbosity < -1 || h.verbosity > 8 || h.ifindex <= 0 || h.router > 1 ||
	    h.tell_due > 1 || h.tell_read > 1 || h.peers_mode < NA_NOTIFY_NONE ||
	    h.peers_mode > NA_NOTIFY_NEIGHBOURS || h.tell_mode < NA_NOTIFY_NONE ||
	    h.tell_mode > NA_NOTIFY_NEIGHBOURS || ifname_len == sizeof(h.ifname) ||
	    na_parse_ifname(h.ifname, ifname_len, dev) || !time_ok(h.checked_at, now))
		return -EINVAL;
	buf += sizeof(h);
	if (h.nopts && !(o = calloc(h.nopts, orec)))
		return -ENOMEM;
	for (i = 0; i < h.nopts; i++)
		if (!opts_ok(buf + (h.n * trec) + i * orec, &o[i]))
			goto bad;
	if (h.n && !(t = calloc(h.n, trec))) {
		free(o);
		return -ENOMEM;
	}
	for (i = 0; i < h.n; i++)
		/* Sorted, no duplicates: the round driver looks them up so. */
		if (!target_ok(buf + i * trec, h.nopts, now, &t[i]) ||
		    (i && na_ip_cmp(&t[i - 1].ip, &t[i].ip) >= 0))
			goto bad;
	buf += h.n * trec + h.nopts * orec;
	for (i = 0; i < h.npeers; i++) {
		memcpy(&peers[i], buf + i * sizeof(*peers), sizeof(*peers));
		if (!ip_ok(&peers[i].ip))
			goto bad;
	}
	j->t = t;
	j->n = h.n;
	j->opts = o;
	j->nopts = h.nopts;
	memcpy(j->peers, peers, h.npeers * sizeof(*peers));
	j->npeers = h.npeers;
	j->peers_mode = h.peers_mode;
	j->tell_mode = h.tell_mode;
	j->tell_due = h.tell_due;
	j->tell_read = h.tell_read;
	j->ifindex = h.ifindex;
	memcpy(j->ifname, h.ifname, sizeof(j->ifname));
	memcpy(j->mac, h.mac, sizeof(j->mac));
	j->router = h.router;
	j->checked_at = h.checked_at;
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
