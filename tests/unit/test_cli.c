/* SPDX-License-Identifier: BSD-2-Clause */
/* The command-line contract the hooks, the watcher and the tests rely on. */
#include <stdarg.h>
#include <string.h>

#include "announce.h"
#include "check.h"
#include "cli.h"
#include "config.h"

static int parse(struct na_opts *o, char *err, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;

	va_start(ap, err);
	argv[argc++] = "neigh-announce";
	while (argc < 31 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	return na_cli_parse(argc, argv, o, err, 256);
}

static int parse_cfg(struct na_opts *o, char *err, const char *cfgtext)
{
	struct na_config c;

	na_config_init(&c);
	if (na_config_parse(cfgtext, strlen(cfgtext), &c, err, 256))
		return -1;
	return na_cli_apply_config(o, &c, err, 256);
}

int main(void)
{
	struct na_opts o;
	char err[256];

	CHECK(parse(&o, err, "eth0", "192.0.2.1/24", NULL) == 0, "plain: %s", err);
	CHECK(strcmp(o.ifname, "eth0") == 0 && o.naddrs == 1 && !o.all, "operands");
	CHECK(o.v4 == NA_V4_REQUEST && o.v6 == (NA_V6_NA | NA_V6_DAD), "default kinds");
	CHECK(parse_cfg(&o, err, "") == 0 && o.count == 3 && o.sched.at_ms[2] == 10000,
	      "default schedule 0,2,10");
	CHECK(strcmp(o.user, "nobody") == 0, "default user");

	CHECK(parse(&o, err, "-f", "-c", "1", "-s", "0,1", "--ipv4", "both", "--ipv6", "dad",
	            "--no-check", "--mac", "02:00:00:00:00:09", "--nonce", "00112233aabb", "--user",
	            "daemon", "-v", "-v", "eth0", "2001:db8::1", "192.0.2.1", NULL) == 0,
	      "all options: %s", err);
	CHECK(o.foreground && o.count == 1 && o.sched.n == 2 && o.no_check && o.mac_set &&
	              o.nonce_set && o.verbosity == 2 && o.naddrs == 2,
	      "values");
	CHECK(o.v4 == (NA_V4_REQUEST | NA_V4_REPLY) && o.v6 == NA_V6_DAD, "kinds");

	/* Options stop at IFACE: a hostile "address" is an operand, never an option. */
	CHECK(parse(&o, err, "eth0", "--pcap=/etc/passwd", NULL) == 0 && o.pcap == NULL &&
	              o.naddrs == 1,
	      "option after IFACE is an operand");
	CHECK(parse(&o, err, "--", "eth0", "-v", NULL) == 0 && o.verbosity == 0 && o.naddrs == 1,
	      "-- ends options");

	CHECK(parse(&o, err, NULL) == NA_EXIT_USAGE, "no interface");
	CHECK(parse(&o, err, "eth0", NULL) == NA_EXIT_USAGE, "no address");
	CHECK(parse(&o, err, "--all", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE,
	      "--all with addresses");
	CHECK(parse(&o, err, "--all", "--no-check", "eth0", NULL) == NA_EXIT_USAGE,
	      "--all with --no-check");
	CHECK(parse(&o, err, "--bogus", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE &&
	              strstr(err, "--bogus"),
	      "unknown option named: %s", err);
	CHECK(parse(&o, err, "-s", "2,1", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE,
	      "bad schedule");
	CHECK(parse(&o, err, "-c", "0", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE, "count 0");
	CHECK(parse(&o, err, "-c", "4", "eth0", "192.0.2.1", NULL) == 0 &&
	              parse_cfg(&o, err, "") == NA_EXIT_USAGE,
	      "count beyond the schedule");
	CHECK(parse(&o, err, "--ipv4", "garp", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE,
	      "bad --ipv4");
	CHECK(parse(&o, err, "--mac", "ff:ff:ff:ff:ff:ff", "eth0", "192.0.2.1", NULL) ==
	              NA_EXIT_USAGE,
	      "broadcast --mac");
	CHECK(parse(&o, err, "--nonce", "12", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE,
	      "short nonce");
	CHECK(parse(&o, err, "abcdefghijklmnopq", "192.0.2.1", NULL) == NA_EXIT_USAGE,
	      "interface name too long");
	CHECK(parse(&o, err, "../x", "192.0.2.1", NULL) == NA_EXIT_USAGE, "'/' in name");
	CHECK(parse(&o, err, "-h", NULL) == 0 && o.help, "-h");
	CHECK(parse(&o, err, "-V", NULL) == 0 && o.version, "-V");

	/* The file fills what the command line left unset; the command line wins. */
	CHECK(parse(&o, err, "-s", "0,1", "eth0", "192.0.2.1", NULL) == 0 &&
	              parse_cfg(&o, err, "schedule = 0,5,9,12\nipv4 = reply\nuser = daemon\n") == 0,
	      "config merge: %s", err);
	CHECK(o.sched.n == 2 && o.count == 2, "command-line schedule wins");
	CHECK(o.v4 == NA_V4_REPLY && strcmp(o.user, "daemon") == 0, "file fills the rest");

	return check_done();
}
