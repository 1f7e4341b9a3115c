/* SPDX-License-Identifier: BSD-2-Clause */
/* Messages: "neigh-announce: IFACE: what: why" on stderr, or to syslog from
 * the background process. Part of the CLI layer; the lower layers report
 * through a na_log_fn they are given. */
#ifndef NA_LOG_H
#define NA_LOG_H

#include <stdbool.h>
#include <stddef.h>

enum na_log_level { NA_LOG_ERR, NA_LOG_WARN, NA_LOG_INFO, NA_LOG_DEBUG };
/* What a job (announce.h) reports through: na_log, or a test's collector. */
typedef void (*na_log_fn)(enum na_log_level lvl, const char *ifname, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* verbosity: -1 errors only, 0 warnings too, 1 info, 2 debug. */
void na_log_setup(int verbosity, bool to_syslog);
/*
 * One message. ifname (or NULL) is escaped as na_log_printable does; in the
 * formatted text every byte that is not printable ASCII comes out as \xNN,
 * so no argument can start a new line or drive a terminal.
 */
void na_log(enum na_log_level lvl, const char *ifname, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* Copies s into out for a message, escaping anything not printable (and
 * the backslash, so that the escapes stay unambiguous) as \xNN and cutting
 * it short with "...": argv may come from a DHCP server. Returns out. */
const char *na_log_printable(const char *s, char *out, size_t outlen);

#endif
