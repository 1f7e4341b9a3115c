/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * --rate: a cap on the frames per second a process sends, across all its
 * addresses and interfaces, with a small burst. Switches police hosts:
 * Cisco's Dynamic ARP Inspection allows 15 ARP packets per second on an
 * untrusted port by default and err-disables the port past it. A token
 * bucket, pure: the clock is a parameter (monotonic ms).
 */
#ifndef NA_PACE_H
#define NA_PACE_H

#include <stdbool.h>
#include <stdint.h>

#define NA_PACE_MAX_RATE 100000u /* frames per second */
/* --rate's burst: a second's worth, at most 16 (a host's ordinary round:
 * a few addresses, ARP, DAD NS, NA, unicast notifies). A second then holds
 * at most burst + rate frames: --rate 7 stays under DAI's 15. */
#define NA_PACE_MAX_BURST 16u

struct na_pace {
	uint32_t rate;  /* frames per second; 0: no cap */
	uint32_t burst; /* frames at once */
	int64_t micro;  /* tokens in millionths; may go below 0 by a round */
	uint64_t stamp; /* when micro was last brought up to date */
};

/* A full bucket; rate 0 caps nothing. */
void na_pace_init(struct na_pace *p, uint32_t rate, uint32_t burst, uint64_t now);
/* --rate's bucket: na_pace_init with the burst above. */
void na_pace_init_rate(struct na_pace *p, uint32_t rate, uint64_t now);
/* A newer rate (a reload, or a take-over request's stricter one): the
 * tokens there are stay, up to the new burst. On a bucket with no cap (or
 * a zeroed one) it is na_pace_init_rate. */
void na_pace_set_rate(struct na_pace *p, uint32_t rate, uint64_t now);
/* May a frame go at now? */
bool na_pace_ready(struct na_pace *p, uint64_t now);
/* n frames went (the count may exceed what was there: the debt is paid
 * before the next frame may go). */
void na_pace_take(struct na_pace *p, unsigned n);
/* When a frame may go next (now or earlier: at once). */
uint64_t na_pace_when(const struct na_pace *p);

#endif
