/* SPDX-License-Identifier: BSD-2-Clause */
/* Messages: "neigh-announce: IFACE: what: why" on stderr, or to syslog from
 * the background process. Part of the CLI layer. */
#ifndef NA_LOG_H
#define NA_LOG_H

#include <stdbool.h>

enum na_log_level { NA_LOG_ERR, NA_LOG_WARN, NA_LOG_INFO, NA_LOG_DEBUG };
/* What a job (announce.h) reports through: na_log, or a test's collector. */
typedef void (*na_log_fn)(enum na_log_level lvl, const char *ifname, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* verbosity: -1 errors only, 0 warnings too, 1 info, 2 debug. */
void na_log_setup(int verbosity, bool to_syslog);
void na_log(enum na_log_level lvl, const char *ifname, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

#endif
