/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Parsers for what arrives on the command line (often from a DHCP server via a
 * hook: hostile data) and in the config file. Pure: no I/O, no globals. Each
 * returns 0 on success or -EINVAL, and writes nothing on failure.
 */
#ifndef NA_PARSE_H
#define NA_PARSE_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"

struct na_ip {
	int family; /* AF_INET or AF_INET6 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	};
};

/* "a.b.c.d", "a.b.c.d/24", "2001:db8::1", "2001:db8::1/64". The prefix is checked
 * (0..32 or 0..128, digits only) and then ignored. Rejects addresses that can
 * never be announced: unspecified, multicast, loopback, IPv4 broadcast. */
int na_parse_ip(const char *s, struct na_ip *out);

/* May this address ever be announced? Not unspecified, loopback, multicast,
 * IPv4 0/8 or 240/4 and broadcast, nor IPv4-mapped IPv6. */
bool na_ip_announceable(const struct na_ip *ip);

/* Orders addresses: IPv4 before IPv6, then bytewise. For qsort and bsearch. */
int na_ip_cmp(const struct na_ip *a, const struct na_ip *b);

/* "aa:bb:cc:dd:ee:ff" (also with '-'); rejects multicast and all-zero MACs. */
int na_parse_mac(const char *s, uint8_t mac[NA_MAC_LEN]);

/* 12 hex digits. */
int na_parse_nonce(const char *s, uint8_t nonce[NA_NONCE_LEN]);

#define NA_SCHED_MAX    16       /* rounds */
#define NA_SCHED_MAX_MS 3600000u /* an hour: a later offset is surely a typo */

struct na_schedule {
	unsigned n;
	uint32_t at_ms[NA_SCHED_MAX]; /* offsets from the start, strictly increasing */
};

/* "0,2,10" or "0,0.5,1.5": seconds with up to three decimals, strictly
 * increasing, at most NA_SCHED_MAX entries. */
int na_parse_schedule(const char *s, struct na_schedule *out);

/*
 * An interface name from argv or the settings file: n bytes of s (need not
 * be NUL-terminated). A device name as the kernel takes it (dev_valid_name:
 * 1..15 bytes, no '/', ':' or white space, not "." or "..") and with no
 * control byte; or an alias "DEV:LABEL" (at most 15 bytes in all, LABEL by
 * the same rules) as ifupdown passes for an alias stanza (IFACE=eth0:1),
 * which stands for its device DEV: the kernel knows aliases only as address
 * labels, and links only by their device's name. Writes DEV,
 * NUL-terminated, to dev unless it is NULL.
 */
int na_parse_ifname(const char *s, size_t n, char dev[IF_NAMESIZE]);
#define NA_IFNAME_WANT "1 to 15 bytes, no '/', white space or control bytes, or an alias DEV:LABEL"

/* Does name (a device, or an alias DEV:LABEL) stand for device dev? */
bool na_ifname_on_dev(const char *name, const char *dev);

/* A decimal unsigned integer in [min, max], without leading zeros. */
int na_parse_uint(const char *s, unsigned min, unsigned max, unsigned *out);

#endif
