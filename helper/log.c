/* SPDX-License-Identifier: BSD-2-Clause */
#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>

#include "log.h"

static int log_verbosity;
static bool log_syslog;

void na_log_setup(int verbosity, bool to_syslog)
{
	log_verbosity = verbosity;
	if (to_syslog && !log_syslog)
		openlog("neigh-announce", LOG_PID | LOG_NDELAY, LOG_DAEMON);
	log_syslog = to_syslog;
}

void na_log(enum na_log_level lvl, const char *ifname, const char *fmt, ...)
{
	static const int prio[] = {LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG};
	char msg[512];
	va_list ap;

	/* errors always; warnings unless -q; info with -v; debug with -vv */
	if ((int)lvl > log_verbosity + 1)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (log_syslog) {
		if (ifname)
			syslog(prio[lvl], "%s: %s", ifname, msg);
		else
			syslog(prio[lvl], "%s", msg);
	} else if (ifname) {
		fprintf(stderr, "neigh-announce: %s: %s\n", ifname, msg);
	} else {
		fprintf(stderr, "neigh-announce: %s\n", msg);
	}
}
