/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the logger writes: an interface name or a message argument with a
 * newline or an ESC in it (argv, the settings file or the kernel's own list
 * of names) comes out escaped, on one line.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "log.h"

/* Runs one na_log with stderr going to a file and returns what it wrote. */
static const char *logged(char *out, size_t outlen, const char *ifname, const char *arg)
{
	FILE *f = tmpfile();
	int saved = dup(2);
	size_t n;

	if (!f || saved < 0)
		return "";
	fflush(stderr);
	dup2(fileno(f), 2);
	na_log(NA_LOG_ERR, ifname, "bad thing: %s", arg);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(f);
	n = fread(out, 1, outlen - 1, f);
	out[n] = '\0';
	fclose(f);
	return out;
}

int main(void)
{
	char out[1024], p[32];

	na_log_setup(0, false);
	CHECK(strcmp(logged(out, sizeof(out), "eth0", "x"),
	             "neigh-announce: eth0: bad thing: x\n") == 0,
	      "plain: %s", out);
	CHECK(strcmp(logged(out, sizeof(out), "va0\n1", "x"),
	             "neigh-announce: va0\\x0a1: bad thing: x\n") == 0,
	      "newline in the name: %s", out);
	CHECK(strcmp(logged(out, sizeof(out), "e\x1b[31m", "x"),
	             "neigh-announce: e\\x1b[31m: bad thing: x\n") == 0,
	      "ESC in the name: %s", out);
	CHECK(strcmp(logged(out, sizeof(out), "a\\b", "x"),
	             "neigh-announce: a\\x5cb: bad thing: x\n") == 0,
	      "backslash in the name is escaped too: %s", out);
	/* A name the kernel hands the watcher, inside the text ("renamed to %s"). */
	CHECK(strcmp(logged(out, sizeof(out), NULL, "d\x1b]0;t\a\n\xff"),
	             "neigh-announce: bad thing: d\\x1b]0;t\\x07\\x0a\\xff\n") == 0,
	      "control bytes in the text: %s", out);
	/* Text that went through na_log_printable is not escaped twice. */
	CHECK(strcmp(logged(out, sizeof(out), NULL, na_log_printable("a\nb", p, sizeof(p))),
	             "neigh-announce: bad thing: a\\x0ab\n") == 0,
	      "no double escape: %s", out);

	na_log_printable("a\nb$(x)\\", p, sizeof(p));
	CHECK(strcmp(p, "a\\x0ab$(x)\\x5c") == 0, "printable: %s", p);
	na_log_printable("0123456789012345678901234567890123456789", p, sizeof(p));
	CHECK(strlen(p) < sizeof(p) && strstr(p, "..."), "cut short: %s", p);
	CHECK(strcmp(na_log_printable("x", p, 0), "") == 0, "no room");
	return check_done();
}
