/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One background sequence per interface. The process that sends an
 * interface's later rounds (the "holder") listens on an abstract AF_UNIX
 * socket named after the interface index. Abstract names live in the
 * network namespace, like the interface itself, and need no file system:
 * this works where /run is read-only (dhcpcd's unit has ProtectSystem=strict).
 *
 * A newer run for the interface (the next hook call) connects, checks that
 * the listener is root or its own user (SO_PEERCRED: anyone else who binds
 * the name first is ignored), and hands its request to the holder: its
 * addresses and how to announce them. The holder adds them to its rounds
 * (announce.h: racing calls for one lease join one announcement), sends what
 * is due at once, answers with what it sent, and goes on. The newcomer exits
 * then, without opening a packet socket. Nothing flows the other way: a
 * holder never tells a newcomer what to announce or what to skip.
 *
 * A newcomer that finds no holder binds the name and becomes the holder.
 * One that finds a listener it does not trust, or no answer within its
 * budget, goes on alone: its own rounds, not joined with anyone's.
 */
#ifndef NA_TAKEOVER_H
#define NA_TAKEOVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "announce.h"
#include "parse.h"

/* Wire format (host byte order: both ends are the same binary on the same
 * machine; the magic carries a version). */
#define NA_REQ_HDR       (4 + 4 + 4 + 4 * NA_SCHED_MAX + 4)
#define NA_REQ_REC       20
#define NA_REQ_MAX_ADDRS 65536u
#define NA_REPLY_LEN     16

/* Pure: a request's header and address records, and the reply. decode: 0 or
 * -EINVAL (bad magic or padding, unknown bits, a schedule that
 * na_parse_schedule would refuse, too many addresses, an address that can
 * never be announced). */
void na_request_encode(uint8_t hdr[NA_REQ_HDR], const struct na_event_opts *o, size_t n);
int na_request_decode(const uint8_t hdr[NA_REQ_HDR], struct na_event_opts *o, size_t *n);
void na_request_encode_ip(uint8_t rec[NA_REQ_REC], const struct na_ip *ip);
int na_request_decode_ip(const uint8_t rec[NA_REQ_REC], struct na_ip *ip);

enum na_reply_status {
	NA_REPLY_SENT = 0,    /* taken; frames/failed/first_errno: the round */
	NA_REPLY_LINK = 1,    /* taken, but the holder's check failed (errno) */
	NA_REPLY_REFUSED = 2, /* not taken (errno: why) */
};
struct na_reply {
	uint32_t status; /* enum na_reply_status */
	uint32_t frames, failed;
	int32_t err; /* errno of the first failed frame, or of the status */
};
void na_reply_encode(uint8_t out[NA_REPLY_LEN], const struct na_reply *r);
int na_reply_decode(const uint8_t in[NA_REPLY_LEN], struct na_reply *r);

/* How long a newcomer tries at most: a hook's call returns within 100 ms
 * whatever a holder does (the rest of the call takes a few ms). */
#define NA_CLAIM_BUDGET_MS 80
/* A name bound without a listener for this long is a squatter's: a real
 * holder listens right after it binds, unless it is preempted between the two
 * calls, which on a loaded machine (50 racing calls on 2 cores, under ASan)
 * took more than 10 ms. */
#define NA_CLAIM_UNHEARD_MS 40

enum na_claim {
	NA_CLAIM_HANDED, /* the holder took the request: *reply says how it went */
	NA_CLAIM_HOLDER, /* we hold the name now: *listen_fd */
	NA_CLAIM_ALONE,  /* neither: go on without take-over (*why says why) */
};

/*
 * The newcomer's side. Call it as the user the rounds run as (after the
 * switch from root), before opening the packet socket: a run whose request
 * is taken needs none.
 */
enum na_claim na_takeover_claim(int ifindex, const struct na_event_opts *o, const struct na_ip *ip,
                                size_t n, uint32_t budget_ms, int *listen_fd,
                                struct na_reply *reply, const char **why);

/* The holder's side, when listen_fd is readable: the connection of a
 * newcomer that is root or our own user, or -1 (anyone else is cut off). */
int na_takeover_accept(int listen_fd);
/* Reads a request within budget_ms. 0 with a malloc'ed *ip (NULL when n is
 * 0), or -errno (-EINVAL: malformed, -ETIMEDOUT). */
int na_takeover_read(int conn, uint32_t budget_ms, struct na_event_opts *o, struct na_ip **ip,
                     size_t *n);
/* Answers and closes the connection (best effort: never blocks). */
void na_takeover_reply(int conn, const struct na_reply *r);

#endif
