/* SPDX-License-Identifier: BSD-2-Clause */
#include "pace.h"

#define MICRO 1000000

static void refill(struct na_pace *p, uint64_t now)
{
	int64_t cap = (int64_t)p->burst * MICRO;

	if (now <= p->stamp)
		return;
	/* rate tokens a second: rate * 1000 millionths a millisecond. */
	if ((now - p->stamp) >= 1000000u)
		p->micro = cap; /* long idle: full, and no overflow */
	else
		p->micro += (int64_t)(now - p->stamp) * p->rate * 1000;
	if (p->micro > cap)
		p->micro = cap;
	p->stamp = now;
}

void na_pace_init(struct na_pace *p, uint32_t rate, uint32_t burst, uint64_t now)
{
	p->rate = rate > NA_PACE_MAX_RATE ? NA_PACE_MAX_RATE : rate;
	p->burst = burst ? burst : 1;
	p->micro = (int64_t)p->burst * MICRO;
	p->stamp = now;
}

static uint32_t burst_for(uint32_t rate)
{
	return rate < NA_PACE_MAX_BURST ? rate : NA_PACE_MAX_BURST;
}

void na_pace_init_rate(struct na_pace *p, uint32_t rate, uint64_t now)
{
	na_pace_init(p, rate, burst_for(rate), now);
}

void na_pace_set_rate(struct na_pace *p, uint32_t rate, uint64_t now)
{
	int64_t had;

	if (!p->rate) { /* no cap until now (or a zeroed struct): a full bucket */
		na_pace_init_rate(p, rate, now);
		return;
	}
	refill(p, now);
	had = p->micro;
	na_pace_init_rate(p, rate, now);
	if (had < p->micro)
		p->micro = had; /* the tokens there were, debt included, up to the new burst */
}

bool na_pace_ready(struct na_pace *p, uint64_t now)
{
	if (!p->rate)
		return true;
	refill(p, now);
	return p->micro >= MICRO;
}

void na_pace_take(struct na_pace *p, unsigned n)
{
	if (p->rate)
		p->micro -= (int64_t)n * MICRO;
}

uint64_t na_pace_when(const struct na_pace *p)
{
	int64_t missing;

	if (!p->rate || p->micro >= MICRO)
		return p->stamp;
	missing = MICRO - p->micro;
	/* Round up: never wake before the token is there. */
	return p->stamp +
	       (uint64_t)((missing + (int64_t)p->rate * 1000 - 1) / ((int64_t)p->rate * 1000));
}
