/* SPDX-License-Identifier: BSD-2-Clause */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "log.h"

static int log_verbosity;
static bool log_syslog;

static const char hex[] = "0123456789abcdef";

void na_log_setup(int verbosity, bool to_syslog)
{
	log_verbosity = verbosity;
	if (to_syslog && !log_syslog)
		openlog("neigh-announce", LOG_PID | LOG_NDELAY, LOG_DAEMON);
	log_syslog = to_syslog;
}

/*
 * Copies s into out, every byte that is not printable ASCII as \xNN, and a
 * backslash too unless keep_backslash; cut short with "..." when out is too
 * small.
 */
static const char *escape(const char *s, char *out, size_t outlen, bool keep_backslash)
{
	size_t o = 0;

	if (outlen == 0)
		return "";
	for (; *s && o + 5 < outlen; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c < 0x7f && (c != '\\' || keep_backslash)) {
			out[o++] = (char)c;
		} else {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	if (*s && o + 3 < outlen) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}

const char *na_log_printable(const char *s, char *out, size_t outlen)
{
	return escape(s, out, outlen, false);
}

void na_log(enum na_log_level lvl, const char *ifname, const char *fmt, ...)
{
	static const int prio[] = {LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG};
	char raw[512], msg[4 * sizeof(raw)], name[80];
	va_list ap;

	/* errors always; warnings unless -q; info with -v; debug with -vv */
	if ((int)lvl > log_verbosity + 1)
		return;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	/* What na_log_printable left alone is left alone here too (a
	 * backslash stays one, or every value that went through it would come
	 * out escaped twice), but no control byte and nothing outside ASCII
	 * gets through, whatever a caller put in: an interface name from the
	 * kernel may hold an ESC, which would drive the reader's terminal. */
	escape(raw, msg, sizeof(msg), true);
	/* Names come from argv, the settings file or the kernel: every
	 * message that names an interface escapes it here. */
	if (ifname)
		na_log_printable(ifname, name, sizeof(name));
	if (log_syslog) {
		if (ifname)
			syslog(prio[lvl], "%s: %s", name, msg);
		else
			syslog(prio[lvl], "%s", msg);
	} else if (ifname) {
		fprintf(stderr, "neigh-announce: %s: %s\n", name, msg);
	} else {
		fprintf(stderr, "neigh-announce: %s\n", msg);
	}
}
