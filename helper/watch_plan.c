/* SPDX-License-Identifier: BSD-2-Clause */
#include "watch_plan.h" /* first: net/if.h before the linux/ headers */

#include <errno.h>
#include <limits.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "nl_attr.h"

void na_damp_init(struct na_damp *d, uint64_t now_ms)
{
	d->tokens = NA_DAMP_BURST;
	d->stamp_ms = now_ms;
}

uint64_t na_damp_take(struct na_damp *d, uint64_t now_ms)
{
	uint64_t gained;

	if (now_ms < d->stamp_ms) /* cannot happen with CLOCK_MONOTONIC; be safe */
		now_ms = d->stamp_ms;
	gained = (now_ms - d->stamp_ms) / NA_DAMP_REFILL_MS;
	if (d->tokens + gained >= NA_DAMP_BURST) {
		/* Full: the refill clock starts again from now. */
		d->tokens = NA_DAMP_BURST;
		d->stamp_ms = now_ms;
	} else {
		d->tokens += (unsigned)gained;
		d->stamp_ms += gained * NA_DAMP_REFILL_MS;
	}
	if (d->tokens == 0)
		return d->stamp_ms + NA_DAMP_REFILL_MS - now_ms;
	d->tokens--;
	return 0;
}

bool na_link_running(unsigned ifi_flags)
{
	return (ifi_flags & (IFF_UP | IFF_RUNNING)) == (IFF_UP | IFF_RUNNING);
}

enum na_link_change na_link_change(bool was_running, bool old_has_mac,
                                   const uint8_t old_mac[NA_MAC_LEN], const struct na_link *now)
{
	bool running = na_link_running(now->flags);

	if (!was_running)
		return running ? NA_LC_UP : NA_LC_NONE;
	if (!running)
		return NA_LC_DOWN;
	if (old_has_mac && now->has_mac && memcmp(old_mac, now->mac, NA_MAC_LEN) != 0)
		return NA_LC_MAC;
	return NA_LC_NONE;
}

/* What na_link_carrier_ups and na_link_master read of an RTM_NEWLINK. */
#define LINK_U32_ATTRS (IFLA_CARRIER_UP_COUNT + 1)
static const struct na_attr_rule link_u32_rules[LINK_U32_ATTRS] = {
        [IFLA_MASTER] = {NA_ATTR_EXACT, 4},
        [IFLA_CARRIER_UP_COUNT] = {NA_ATTR_EXACT, 4},
};

/* One u32 attribute of an RTM_NEWLINK (type: one of link_u32_rules'). */
static int link_u32(const struct nlmsghdr *nlh, unsigned type, uint32_t *out)
{
	const struct nlattr *tb[LINK_U32_ATTRS];
	struct ifinfomsg ifi;

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    na_attr_parse_msg(nlh, &ifi, sizeof(ifi), link_u32_rules, LINK_U32_ATTRS, tb))
		return -EINVAL;
	if (!tb[type])
		return -ENOENT;
	*out = na_attr_u32(tb[type]);
	return 0;
}

int na_link_carrier_ups(const struct nlmsghdr *nlh, uint32_t *out)
{
	return link_u32(nlh, IFLA_CARRIER_UP_COUNT, out);
}

int na_link_master(const struct nlmsghdr *nlh, int *out)
{
	uint32_t m;
	int err = link_u32(nlh, IFLA_MASTER, &m);

	if (err)
		return err;
	if (m == 0 || m > INT32_MAX)
		return m ? -EINVAL : -ENOENT;
	*out = (int)m;
	return 0;
}

bool na_carrier_bounced(bool old_known, uint32_t old_ups, bool now_known, uint32_t now_ups)
{
	return old_known && now_known && old_ups != now_ups;
}

bool na_addr_wanted(const struct na_addr *a)
{
	if (!na_ip_announceable(&a->ip) || (a->flags & (IFA_F_DADFAILED | IFA_F_DEPRECATED)))
		return false;
	return a->ip.family == AF_INET || a->scope == RT_SCOPE_UNIVERSE ||
	       a->scope == RT_SCOPE_LINK;
}

bool na_addr_ready(const struct na_addr *a)
{
	return na_addr_wanted(a) && na_addr_usable(a);
}

static int seen_cmp(int ifindex, const struct na_ip *ip, const struct na_seen_addr *b)
{
	if (ifindex != b->ifindex)
		return ifindex < b->ifindex ? -1 : 1;
	return na_ip_cmp(ip, &b->ip);
}

/* Binary search: the index of the entry, or where it would go (*found false). */
static size_t seen_find(const struct na_addrset *s, int ifindex, const struct na_ip *ip,
                        bool *found)
{
	size_t lo = 0, hi = s->n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = seen_cmp(ifindex, ip, &s->a[mid]);
		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	*found = false;
	return lo;
}

static void seen_remove(struct na_addrset *s, size_t i)
{
	memmove(&s->a[i], &s->a[i + 1], (s->n - i - 1) * sizeof(*s->a));
	s->n--;
}

int na_addrset_update(struct na_addrset *s, const struct na_addr *a, bool deleted,
                      enum na_addr_change *change)
{
	struct na_seen_addr *grown;
	bool found, ready;
	size_t i;

	*change = NA_AC_NONE;
	i = seen_find(s, a->ifindex, &a->ip, &found);
	if (deleted || !na_addr_wanted(a)) {
		/* An address that turned unannounceable (DAD failed, deprecated)
		 * is as good as gone: announce it again if it comes back. */
		if (found) {
			seen_remove(s, i);
			*change = NA_AC_GONE;
		}
		return 0;
	}
	ready = na_addr_ready(a);
	if (found) {
		if (ready && !s->a[i].usable)
			*change = NA_AC_USABLE;
		s->a[i].usable = ready;
		s->a[i].mark = true;
		return 0;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;

		grown = realloc(s->a, cap * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		s->a = grown;
		s->cap = cap;
	}
	memmove(&s->a[i + 1], &s->a[i], (s->n - i) * sizeof(*s->a));
	s->n++;
	s->a[i] = (struct na_seen_addr){
	        .ifindex = a->ifindex, .ip = a->ip, .usable = ready, .mark = true};
	if (ready)
		*change = NA_AC_USABLE;
	return 0;
}

void na_addrset_unmark(struct na_addrset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		s->a[i].mark = false;
}

size_t na_addrset_sweep(struct na_addrset *s)
{
	size_t i, k = 0;

	for (i = 0; i < s->n; i++)
		if (s->a[i].mark)
			s->a[k++] = s->a[i];
	i = s->n - k;
	s->n = k;
	return i;
}

void na_addrset_drop_if(struct na_addrset *s, int ifindex)
{
	size_t i, k = 0;

	for (i = 0; i < s->n; i++)
		if (s->a[i].ifindex != ifindex)
			s->a[k++] = s->a[i];
	s->n = k;
}

void na_addrset_free(struct na_addrset *s)
{
	free(s->a);
	s->a = NULL;
	s->n = s->cap = 0;
}
