/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * /etc/neigh-announce.conf: "key = value" lines, '#' starts a comment.
 * Read and validated here, never sourced by a shell. The parser is pure: it
 * takes the file's text, so it can be tested and fuzzed without files.
 *
 *   enabled = yes|no           global switch (default yes)
 *   skip = IFACE [IFACE...]    never announce on these (may repeat); a
 *                              device covers its aliases (eth0 covers eth0:1)
 *   schedule = 0,2,10          as --schedule
 *   ipv4 = request|reply|both|none
 *   ipv6 = na|dad|both|none
 *   user = nobody              as --user
 *   notify = gateways|neighbours|none   as --notify
 *   rate = 0                   as --rate: frames per second, 0 no cap
 *   arp-target-mac = zero|broadcast     as --arp-target-mac
 *   refresh = 0                as watch --refresh: seconds, 0 never
 */
#ifndef NA_CONFIG_H
#define NA_CONFIG_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include "parse.h"

#define NA_CONFIG_PATH      "/etc/neigh-announce.conf"
#define NA_CONFIG_MAX_BYTES 65536
#define NA_CONFIG_MAX_SKIP  64
#define NA_CONFIG_USER_MAX  32

struct na_config {
	bool enabled;
	bool has_schedule, has_v4, has_v6, has_user;
	struct na_schedule sched;
	unsigned v4, v6;
	char user[NA_CONFIG_USER_MAX + 1];
	size_t nskip;
	char skip[NA_CONFIG_MAX_SKIP][IF_NAMESIZE];
	bool has_notify;
	int notify; /* enum na_notify (nl_neigh.h) */
	bool has_rate, has_arp_bcast, has_refresh;
	unsigned rate;    /* frames per second, 0: no cap */
	bool arp_bcast;   /* ARP announcements' target MAC ff:ff:ff:ff:ff:ff */
	unsigned refresh; /* watch: seconds between refreshes, 0: none */
};

/* The limits the messages and --help spell out. */
#define NA_RATE_MAX    100000u /* = NA_PACE_MAX_RATE */
#define NA_REFRESH_MAX 86400u  /* a day */

/* The values of --rate, --arp-target-mac and --refresh, shared with the
 * settings file's keys. 0 or -EINVAL. */
int na_parse_rate(const char *s, unsigned *out);
int na_parse_arp_target(const char *s, bool *bcast);
int na_parse_refresh(const char *s, unsigned *out);

/* Defaults: enabled, nothing else set. */
void na_config_init(struct na_config *c);

/*
 * Parses text (len bytes, need not be NUL-terminated). Returns 0, or the
 * 1-based number of the first bad line with a reason in err; on error *c is
 * left as it was.
 */
int na_config_parse(const char *text, size_t len, struct na_config *c, char *err, size_t errlen);

/*
 * Reads and parses path, which must be a regular file (a FIFO, device or
 * directory is refused without reading it) of at most NA_CONFIG_MAX_BYTES. A
 * missing file is no error when missing_ok. Returns 0; a line number > 0; or
 * -errno for the file as a whole (open, read, not a regular file: -EINVAL, too
 * large: -EFBIG). On either error err says why, for "path:LINE: err" or
 * "path: err".
 */
int na_config_load(const char *path, bool missing_ok, struct na_config *c, char *err,
                   size_t errlen);

/* Is announcing on ifname (a device or an alias DEV:LABEL) switched off by
 * the file: enabled = no, or a skip entry that names it or its device? */
bool na_config_skips(const struct na_config *c, const char *ifname);

/* "request" -> NA_V4_REQUEST ... ; the same words as --ipv4/--ipv6. */
int na_parse_v4_kind(const char *s, unsigned *out);
int na_parse_v6_kind(const char *s, unsigned *out);

#endif
