/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The command-line contract the hooks, the watcher's unit and the tests rely
 * on, for all three subcommands: one parser, one wording, the settings file
 * filling only what the command line left unset.
 */
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "check.h"
#include "cli.h"
#include "cli_text.h"
#include "config.h"
#include "nl_neigh.h"
#include "start.h"

static char err[256];

/* parse(CMD, ARG..., NULL): argv[0] is the program or the subcommand. */
static int parse(enum na_cmd cmd, struct na_opts *o, ...)
{
	static char *argv[32];
	int argc = 0;
	va_list ap;

	va_start(ap, o);
	argv[argc++] = cmd == NA_CMD_ANNOUNCE ? "neigh-announce"
	               : cmd == NA_CMD_PROBE  ? "probe"
	                                      : "watch";
	while (argc < 31 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	err[0] = '\0';
	return na_cli_parse(cmd, argc, argv, o, err, sizeof(err));
}

static int apply(struct na_opts *o, const char *cfgtext)
{
	static struct na_config c; /* o->user may point into it */

	na_config_init(&c);
	if (na_config_parse(cfgtext, strlen(cfgtext), &c, err, sizeof(err)))
		return -1;
	return na_cli_apply_config(o, &c, err, sizeof(err));
}

#define A NA_CMD_ANNOUNCE
#define P NA_CMD_PROBE
#define W NA_CMD_WATCH

static void test_announce(void)
{
	struct na_opts o;

	CHECK(parse(A, &o, "eth0", "192.0.2.1/24", NULL) == 0, "plain: %s", err);
	CHECK(strcmp(o.ifname, "eth0") == 0 && strcmp(o.dev, "eth0") == 0 && o.naddrs == 1 &&
	              !o.all,
	      "operands");
	CHECK(o.v4 == NA_V4_REQUEST && o.v6 == (NA_V6_NA | NA_V6_DAD) &&
	              o.notify == NA_NOTIFY_GATEWAYS && o.sched.n == 3,
	      "defaults");
	CHECK(!o.sched_set && !o.v4_set && !o.v6_set && !o.notify_set && !o.user_set &&
	              !o.count_set,
	      "nothing set");
	CHECK(apply(&o, "") == 0 && o.count == 3 && o.sched.at_ms[2] == 10000,
	      "default schedule 0,2,10");

	CHECK(parse(A, &o, "-f", "-c", "1", "-s", "0,1", "--ipv4", "both", "--ipv6", "dad",
	            "--no-check", "--mac", "02:00:00:00:00:09", "--nonce", "00112233aabb", "--user",
	            "daemon", "--notify", "none", "-v", "-v", "eth0", "2001:db8::1", "192.0.2.1",
	            NULL) == 0,
	      "all options: %s", err);
	CHECK(o.foreground && o.count == 1 && o.sched.n == 2 && o.no_check && o.mac_set &&
	              o.nonce_set && o.verbosity == 2 && o.naddrs == 2,
	      "values");
	CHECK(o.v4 == (NA_V4_REQUEST | NA_V4_REPLY) && o.v6 == NA_V6_DAD &&
	              o.notify == NA_NOTIFY_NONE && strcmp(o.user, "daemon") == 0,
	      "kinds");
	CHECK(o.sched_set && o.v4_set && o.v6_set && o.notify_set && o.user_set && o.count_set,
	      "*_set for what the command line gave");
	CHECK(parse(A, &o, "-fc1", "--all", "eth0", NULL) == 0 && o.foreground && o.count == 1 &&
	              o.all,
	      "a cluster of short options: %s", err);
	CHECK(parse(A, &o, "--sched=0,1", "--fore", "eth0", "192.0.2.1", NULL) == 0 &&
	              o.sched.n == 2 && o.foreground,
	      "long options abbreviated, with '=': %s", err);

	/* Options may follow IFACE and the addresses, as with arping and ip;
	 * after "--" a hostile "address" is an operand, never an option. */
	CHECK(parse(A, &o, "eth0", "192.0.2.1", "-c", "1", "2001:db8::1", "--ipv4", "reply",
	            NULL) == 0 &&
	              o.count == 1 && o.v4 == NA_V4_REPLY && strcmp(o.ifname, "eth0") == 0 &&
	              o.naddrs == 2 && strcmp(o.addrs[0], "192.0.2.1") == 0 &&
	              strcmp(o.addrs[1], "2001:db8::1") == 0,
	      "options between and after the operands: %s", err);
	CHECK(parse(A, &o, "eth0", "192.0.2.1", "-v", NULL) == 0 && o.verbosity == 1 &&
	              o.naddrs == 1,
	      "-v after an address is an option");
	CHECK(parse(A, &o, "--", "eth0", "--pcap=/etc/passwd", NULL) == 0 && o.pcap == NULL &&
	              o.naddrs == 1 && strcmp(o.addrs[0], "--pcap=/etc/passwd") == 0,
	      "after --, an option's shape is an operand");
	CHECK(parse(A, &o, "-f", "eth0", "--", "-c", "--all", NULL) == 0 && !o.count_set &&
	              !o.all && o.naddrs == 2 && o.foreground,
	      "-- after IFACE ends the options too");
	CHECK(parse(A, &o, "--pcap", "--", "eth0", "192.0.2.1", NULL) == 0 &&
	              strcmp(o.pcap, "--") == 0 && o.naddrs == 1,
	      "an option's value \"--\" ends nothing");
	setenv("POSIXLY_CORRECT", "1", 1);
	CHECK(parse(A, &o, "eth0", "192.0.2.1", "-f", NULL) == 0 && o.foreground && o.naddrs == 1,
	      "POSIXLY_CORRECT changes nothing: %s", err);
	unsetenv("POSIXLY_CORRECT");
	CHECK(parse(A, &o, "-I", "eth0:1", "192.0.2.1", "192.0.2.2", NULL) == 0 &&
	              strcmp(o.ifname, "eth0:1") == 0 && strcmp(o.dev, "eth0") == 0 &&
	              o.naddrs == 2,
	      "-I IFACE: every operand an address: %s", err);
	CHECK(parse(A, &o, "192.0.2.1", "--iface", "eth0", NULL) == 0 &&
	              strcmp(o.ifname, "eth0") == 0 && o.naddrs == 1,
	      "--iface after the address: %s", err);
	CHECK(parse(A, &o, "-I", "eth0", "-I", "eth1", "192.0.2.1", NULL) == NA_EXIT_USAGE &&
	              strcmp(err, "-I given twice (see --help)") == 0,
	      "-I twice: %s", err);
	CHECK(parse(A, &o, "-I", "eth0", NULL) == NA_EXIT_USAGE && strstr(err, "no address given"),
	      "-I without an address: %s", err);
	CHECK(parse(A, &o, "-I", "a/b", "192.0.2.1", NULL) == NA_EXIT_USAGE &&
	              strstr(err, "bad interface name 'a/b'"),
	      "-I with a bad name: %s", err);

	/* --rate, --arp-target-mac */
	CHECK(parse(A, &o, "eth0", "192.0.2.1", NULL) == 0 && o.rate == 0 && !o.arp_bcast &&
	              !o.rate_set && !o.arp_bcast_set,
	      "defaults: no rate cap, target MAC zero");
	CHECK(parse(A, &o, "--rate", "7", "--arp-target-mac", "broadcast", "eth0", "192.0.2.1",
	            NULL) == 0 &&
	              o.rate == 7 && o.rate_set && o.arp_bcast && o.arp_bcast_set,
	      "--rate 7 --arp-target-mac broadcast: %s", err);
	CHECK(parse(A, &o, "--rate", "100001", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE &&
	              strcmp(err, "bad --rate '100001': want frames per second, 0 to 100000 (see "
	                          "--help)") == 0,
	      "--rate too high: %s", err);
	CHECK(parse(A, &o, "--rate", "-1", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE,
	      "--rate -1: %s", err);
	CHECK(parse(A, &o, "--arp-target-mac", "ff:ff:ff:ff:ff:ff", "eth0", "192.0.2.1", NULL) ==
	                      NA_EXIT_USAGE &&
	              strstr(err, "want zero or broadcast"),
	      "--arp-target-mac takes a word: %s", err);
	CHECK(parse(A, &o, "eth0", "192.0.2.1", NULL) == 0 &&
	              apply(&o, "rate = 15\narp-target-mac = broadcast\n") == 0 && o.rate == 15 &&
	              o.arp_bcast,
	      "rate = and arp-target-mac = from the settings file: %s", err);
	CHECK(parse(A, &o, "--rate", "0", "--arp-target-mac", "zero", "eth0", "192.0.2.1", NULL) ==
	                      0 &&
	              apply(&o, "rate = 15\narp-target-mac = broadcast\n") == 0 && o.rate == 0 &&
	              !o.arp_bcast,
	      "the command line wins over the file: %s", err);
	CHECK(parse(A, &o, "--refresh", "60", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE &&
	              strstr(err, "'--refresh' is not an option of neigh-announce ("),
	      "--refresh is the watcher's: %s", err);
	CHECK(parse(A, &o, "--", "eth0", "-v", NULL) == 0 && o.verbosity == 0 && o.naddrs == 1,
	      "-- ends options");
	CHECK(parse(A, &o, "-v", "--", "eth0", "--", NULL) == 0 && o.verbosity == 1 &&
	              o.naddrs == 1 && strcmp(o.addrs[0], "--") == 0,
	      "a second -- is an operand");

	CHECK(parse(A, &o, NULL) == NA_EXIT_USAGE && strstr(err, "no interface given"),
	      "no interface: %s", err);
	CHECK(parse(A, &o, "eth0", NULL) == NA_EXIT_USAGE && strstr(err, "no address given"),
	      "no address");
	CHECK(parse(A, &o, "--all", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE,
	      "--all with addresses");
	CHECK(parse(A, &o, "--all", "--no-check", "eth0", NULL) == NA_EXIT_USAGE,
	      "--all with --no-check");
	CHECK(parse(A, &o, "--bogus", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE &&
	              strcmp(err, "unknown or ambiguous option '--bogus' (see --help)") == 0,
	      "unknown option named: %s", err);
	CHECK(parse(A, &o, "-x", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE &&
	              strcmp(err, "unknown option '-x' (see --help)") == 0,
	      "unknown short option: %s", err);
	CHECK(parse(A, &o, "-s", "2,1", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE &&
	              strncmp(err, "bad --schedule '2,1': want increasing offsets", 44) == 0,
	      "bad schedule: %s", err);
	CHECK(parse(A, &o, "-c", "0", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE &&
	              strcmp(err, "bad --count '0': want 1 to 16 (see --help)") == 0,
	      "count 0: %s", err);
	CHECK(parse(A, &o, "-c", "4", "eth0", "192.0.2.1", NULL) == 0 &&
	              apply(&o, "") == NA_EXIT_USAGE && strstr(err, "--count 4 but"),
	      "count beyond the schedule");
	CHECK(parse(A, &o, "-c", "4", "eth0", "192.0.2.1", NULL) == 0 &&
	              apply(&o, "schedule = 0,1,2,3,4\n") == 0 && o.count == 4,
	      "count within the file's schedule");
	CHECK(parse(A, &o, "--ipv4", "garp", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE &&
	              strcmp(err, "bad --ipv4 'garp': want request, reply, both or none (see "
	                          "--help)") == 0,
	      "bad --ipv4: %s", err);
	CHECK(parse(A, &o, "--ipv4", NULL) == NA_EXIT_USAGE &&
	              strcmp(err, "--ipv4 needs a value (see --help)") == 0,
	      "missing value: %s", err);
	CHECK(parse(A, &o, "-s", NULL) == NA_EXIT_USAGE &&
	              strcmp(err, "-s needs a value (see --help)") == 0,
	      "missing value, short: %s", err);
	CHECK(parse(A, &o, "--all=yes", "eth0", NULL) == NA_EXIT_USAGE &&
	              strcmp(err, "--all takes no value (see --help)") == 0,
	      "value for a flag: %s", err);
	CHECK(parse(A, &o, "--mac", "ff:ff:ff:ff:ff:ff", "eth0", "192.0.2.1", NULL) ==
	              NA_EXIT_USAGE,
	      "broadcast --mac");
	CHECK(parse(A, &o, "--nonce", "12", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE,
	      "short nonce");
	CHECK(parse(A, &o, "--pcap", "", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE &&
	              strcmp(err, "bad --pcap '': want a file name (see --help)") == 0,
	      "empty --pcap: %s", err);
	CHECK(parse(A, &o, "--user", "", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE,
	      "empty --user");
	CHECK(parse(A, &o, "--ipv4", "a\nb\x1b", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE &&
	              strstr(err, "'a\\x0ab\\x1b'"),
	      "a hostile value comes back escaped: %s", err);
	CHECK(parse(A, &o, "--probes", "1", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE &&
	              strcmp(err, "'--probes' is not an option of neigh-announce (see --help)") ==
	                      0,
	      "another subcommand's option: %s", err);
	CHECK(parse(A, &o, "-h", NULL) == 0 && o.help, "-h");
	CHECK(parse(A, &o, "-V", NULL) == 0 && o.version, "-V");
	CHECK(parse(A, &o, "--help", "--bogus", NULL) == 0 && o.help, "--help first wins");
}

static void test_ifnames(void)
{
	struct na_opts o;

	CHECK(parse(A, &o, "abcdefghijklmnop", "192.0.2.1", NULL) == NA_EXIT_USAGE &&
	              strstr(err, "bad interface name 'abcdefghijklmnop': want 1 to 15 bytes") ==
	                      err,
	      "interface name too long: %s", err);
	CHECK(parse(A, &o, "../x", "192.0.2.1", NULL) == NA_EXIT_USAGE, "'/' in name");
	CHECK(parse(A, &o, "va0\n", "192.0.2.1", NULL) == NA_EXIT_USAGE &&
	              strstr(err, "'va0\\x0a'"),
	      "newline in name, escaped: %s", err);
	CHECK(parse(P, &o, "e\x1b[31m", "192.0.2.1", NULL) == NA_EXIT_USAGE &&
	              strstr(err, "'e\\x1b[31m'") && !strchr(err, '\x1b'),
	      "probe: ESC in name, escaped: %s", err);
	CHECK(parse(W, &o, "eth0", "a b", NULL) == NA_EXIT_USAGE && strstr(err, "'a b'"),
	      "watch: space in a name: %s", err);
	CHECK(parse(A, &o, "va0:1", "192.0.2.1", NULL) == 0 && strcmp(o.ifname, "va0:1") == 0 &&
	              strcmp(o.dev, "va0") == 0,
	      "alias: its device: %s", err);
	CHECK(parse(P, &o, "eth0:guest", "192.0.2.1", NULL) == 0 && strcmp(o.dev, "eth0") == 0,
	      "probe alias: %s", err);
	CHECK(parse(W, &o, "eth0:1", "br0", NULL) == 0 && o.nifnames == 2, "watch alias: %s", err);
	CHECK(parse(A, &o, "eth0:1:2", "192.0.2.1", NULL) == NA_EXIT_USAGE, "two colons");
}

static void test_probe(void)
{
	struct na_opts o;

	CHECK(parse(P, &o, "eth0", "192.0.2.1", NULL) == 0, "probe plain: %s", err);
	CHECK(!o.probes_set && !o.wait_set && !o.interval_set && !o.listen_set && !o.mac_set &&
	              !o.nonce_set && !o.user_set,
	      "probe: nothing set");
	CHECK(parse(P, &o, "--probes", "2", "--wait", "0", "--interval", "0.2", "--listen", "0.5",
	            "--mac", "02:00:00:00:00:09", "--nonce", "0a0b0c0d0e0f", "--user", "daemon",
	            "-q", "eth0", "192.0.2.1", "2001:db8::1", NULL) == 0,
	      "probe: every option: %s", err);
	CHECK(o.probes_set && o.probes == 2 && o.wait_set && o.wait_ms == 0 && o.interval_set &&
	              o.interval_ms == 200 && o.listen_set && o.listen_ms == 500,
	      "probe: timing");
	CHECK(o.mac_set && o.mac[5] == 9 && o.nonce_set && o.nonce[0] == 0x0a && o.user_set &&
	              o.verbosity == -1 && o.naddrs == 2,
	      "probe: the rest");
	CHECK(parse(P, &o, "--probes", "0", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE &&
	              strcmp(err, "bad --probes '0': want 1 to 16 (see --help)") == 0,
	      "--probes 0: %s", err);
	CHECK(parse(P, &o, "--probes", "17", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE,
	      "--probes 17");
	CHECK(parse(P, &o, "--wait", "soon", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE &&
	              strcmp(err, "bad --wait 'soon': want seconds, e.g. 1 or 0.2 (see --help)") ==
	                      0,
	      "bad --wait: %s", err);
	CHECK(parse(P, &o, "--interval", "1,2", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE,
	      "two values for --interval");
	CHECK(parse(P, &o, "--listen", "-1", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE,
	      "negative --listen");
	CHECK(parse(P, &o, "eth0", NULL) == NA_EXIT_USAGE &&
	              strcmp(err, "no address given (see --help)") == 0,
	      "probe: no address: %s", err);
	CHECK(parse(P, &o, NULL) == NA_EXIT_USAGE && strstr(err, "no interface given"),
	      "probe: no interface");
	CHECK(parse(P, &o, "-s", "0,1", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE &&
	              strcmp(err, "'-s' is not an option of neigh-announce probe (see --help)") ==
	                      0,
	      "probe: -s is announce's: %s", err);
	CHECK(parse(P, &o, "--all", "eth0", NULL) == NA_EXIT_USAGE &&
	              strstr(err, "'--all' is not an option of neigh-announce probe"),
	      "probe: --all is announce's: %s", err);
	CHECK(parse(P, &o, "eth0", "192.0.2.1", "--probes", "1", NULL) == 0 && o.probes_set &&
	              o.probes == 1 && o.naddrs == 1,
	      "probe: an option after the address: %s", err);
	CHECK(parse(P, &o, "-I", "eth0", "192.0.2.1", NULL) == 0 && strcmp(o.ifname, "eth0") == 0 &&
	              o.naddrs == 1,
	      "probe -I: %s", err);
	CHECK(parse(P, &o, "--rate", "1", "eth0", "192.0.2.1", NULL) == NA_EXIT_USAGE,
	      "probe: no --rate (probes keep RFC 5227's timing): %s", err);
	CHECK(parse(P, &o, "--", "eth0", "192.0.2.1", NULL) == 0 && o.naddrs == 1,
	      "probe: -- as the hooks pass it");
	CHECK(parse(P, &o, "-V", NULL) == 0 && o.version, "probe -V");
	{
		char *argv[NA_PROBE_MAX_ADDRS + 3] = {"probe", "eth0"};
		int k;

		for (k = 2; k < NA_PROBE_MAX_ADDRS + 3; k++)
			argv[k] = "192.0.2.1";
		CHECK(na_cli_parse(P, NA_PROBE_MAX_ADDRS + 2, argv, &o, err, sizeof(err)) == 0,
		      "probe: %d addresses", NA_PROBE_MAX_ADDRS);
		CHECK(na_cli_parse(P, NA_PROBE_MAX_ADDRS + 3, argv, &o, err, sizeof(err)) ==
		                      NA_EXIT_USAGE &&
		              strstr(err, "at most 64 addresses"),
		      "probe: one too many: %s", err);
	}
}

static void test_watch(void)
{
	struct na_opts o;

	CHECK(parse(W, &o, NULL) == 0 && o.nifnames == 0 && !o.no_new_addrs && !o.initial,
	      "watch: no operand, defaults: %s", err);
	CHECK(parse(W, &o, "-s", "0,1", "--ipv4", "reply", "--ipv6", "none", "--notify",
	            "neighbours", "--no-new-addresses", "--initial", "--user", "daemon", "--config",
	            "/x.conf", "-v", "va0", "br0", NULL) == 0,
	      "watch: every option: %s", err);
	CHECK(o.sched_set && o.sched.n == 2 && o.v4 == NA_V4_REPLY && o.v6 == 0 &&
	              o.notify == NA_NOTIFY_NEIGHBOURS && o.no_new_addrs && o.initial &&
	              o.user_set && strcmp(o.config, "/x.conf") == 0 && o.verbosity == 1,
	      "watch: values");
	CHECK(o.nifnames == 2 && strcmp(o.ifnames[1], "br0") == 0, "watch: names");
	CHECK(parse(W, &o, "--ipv6", "sometimes", NULL) == NA_EXIT_USAGE &&
	              strcmp(err, "bad --ipv6 'sometimes': want na, dad, both or none (see "
	                          "--help)") == 0,
	      "watch: bad --ipv6: %s", err);
	CHECK(parse(W, &o, "--frobnicate", NULL) == NA_EXIT_USAGE && strstr(err, "'--frobnicate'"),
	      "watch: unknown option: %s", err);
	CHECK(parse(W, &o, "-f", NULL) == NA_EXIT_USAGE &&
	              strstr(err, "'-f' is not an option of neigh-announce watch"),
	      "watch: -f is announce's: %s", err);
	CHECK(parse(W, &o, "--wait", "1", NULL) == NA_EXIT_USAGE &&
	              strstr(err, "'--wait' is not an option of neigh-announce watch"),
	      "watch: --wait is probe's: %s", err);
	/* Abbreviations are resolved among the subcommand's own options:
	 * "--in" is watch's --initial and probe's --interval. */
	CHECK(parse(W, &o, "--in", NULL) == 0 && o.initial, "watch: --in: %s", err);
	CHECK(parse(P, &o, "--in", "1", "eth0", "192.0.2.1", NULL) == 0 && o.interval_set,
	      "probe: --in: %s", err);
	CHECK(parse(W, &o, "--no", NULL) == NA_EXIT_USAGE && strstr(err, "ambiguous"),
	      "watch: --no is --notify or --no-new-addresses: %s", err);
	CHECK(parse(W, &o, "--no-", NULL) == 0 && o.no_new_addrs, "watch: --no-: %s", err);
	CHECK(parse(A, &o, "--no-", "eth0", "192.0.2.1", NULL) == 0 && o.no_check,
	      "announce: --no-: %s", err);
	CHECK(parse(W, &o, "va0", "-v", NULL) == 0 && o.verbosity == 1 && o.nifnames == 1,
	      "watch: an option after IFACE");
	CHECK(parse(W, &o, "va0", "-I", "br0", "--iface=vb0", "vc0", NULL) == 0 &&
	              o.nifnames == 4 && strcmp(o.ifnames[0], "va0") == 0 &&
	              strcmp(o.ifnames[1], "br0") == 0 && strcmp(o.ifnames[2], "vb0") == 0 &&
	              strcmp(o.ifnames[3], "vc0") == 0,
	      "watch: -I names an interface, in order: %s", err);
	CHECK(parse(W, &o, "-I", "a/b", NULL) == NA_EXIT_USAGE && strstr(err, "'a/b'"),
	      "watch: -I with a bad name: %s", err);
	CHECK(parse(W, &o, NULL) == 0 && o.refresh == 0 && o.log_to == NA_LOG_TO_AUTO,
	      "watch: no refresh, log where it fits");
	CHECK(parse(W, &o, "--refresh", "60", "--rate", "7", "--syslog", NULL) == 0 &&
	              o.refresh == 60 && o.refresh_set && o.rate == 7 &&
	              o.log_to == NA_LOG_TO_SYSLOG,
	      "watch: --refresh 60 --rate 7 --syslog: %s", err);
	CHECK(parse(W, &o, "--syslog", "--stderr", NULL) == 0 && o.log_to == NA_LOG_TO_STDERR,
	      "watch: the last of --syslog and --stderr wins");
	CHECK(parse(W, &o, "--refresh", "1.5", NULL) == NA_EXIT_USAGE &&
	              strcmp(err, "bad --refresh '1.5': want whole seconds, 0 to 86400 (see "
	                          "--help)") == 0,
	      "watch: --refresh 1.5: %s", err);
	CHECK(parse(W, &o, "--refresh", "86401", NULL) == NA_EXIT_USAGE, "watch: --refresh 86401");
	CHECK(parse(W, &o, NULL) == 0 && apply(&o, "refresh = 300\nrate = 10\n") == 0 &&
	              o.refresh == 300 && o.rate == 10,
	      "watch: refresh = and rate = from the settings file: %s", err);
	CHECK(apply(&o, "rate = fast\n") != 0 &&
	              strcmp(err, "rate: want frames per second, 0 to 100000") == 0,
	      "settings: rate = fast: %s", err);
	CHECK(apply(&o, "arp-target-mac = ff:ff:ff:ff:ff:ff\n") != 0 &&
	              strcmp(err, "arp-target-mac: want zero or broadcast") == 0,
	      "settings: arp-target-mac = a MAC: %s", err);
	CHECK(apply(&o, "refresh = 1e3\n") != 0 &&
	              strcmp(err, "refresh: want seconds, 0 to 86400") == 0,
	      "settings: refresh = 1e3: %s", err);
	CHECK(parse(W, &o, "--refresh", "0", NULL) == 0 && apply(&o, "refresh = 300\n") == 0 &&
	              o.refresh == 0,
	      "watch: --refresh 0 wins over the file");
	CHECK(parse(W, &o, "--", "-v", NULL) == 0 && o.nifnames == 1 && o.verbosity == 0,
	      "watch: -- ends the options");
}

/* What getopt remembers between calls must not leak into the next parse
 * (the watcher's and the probe's parsers used to reset optind to 1). */
static void test_repeat(void)
{
	struct na_opts o;

	CHECK(parse(A, &o, "-vf", "-x", NULL) == NA_EXIT_USAGE, "stops inside a cluster");
	CHECK(parse(W, &o, "-q", "va0", NULL) == 0 && o.verbosity == -1 && o.nifnames == 1,
	      "the next parse starts afresh: %s", err);
	CHECK(parse(P, &o, "-vq", "eth0", "192.0.2.1", NULL) == 0 && o.verbosity == -1,
	      "and the next: %s", err);
}

/* The command line wins over the file, for every key and every subcommand;
 * a second file (SIGHUP) gives what a start with it would. */
static void test_settings(void)
{
	static const char file[] = "schedule = 0,5,9,12\nipv4 = reply\nipv6 = dad\n"
	                           "notify = none\nuser = daemon\n";
	struct na_opts o;

	CHECK(parse(A, &o, "-s", "0,1", "eth0", "192.0.2.1", NULL) == 0 && apply(&o, file) == 0,
	      "config merge: %s", err);
	CHECK(o.sched.n == 2 && o.count == 2, "command-line schedule wins");
	CHECK(o.v4 == NA_V4_REPLY && o.v6 == NA_V6_DAD && o.notify == NA_NOTIFY_NONE &&
	              strcmp(o.user, "daemon") == 0,
	      "file fills the rest");
	CHECK(parse(A, &o, "--ipv4", "both", "--ipv6", "na", "--notify", "neighbours", "--user",
	            "bin", "eth0", "192.0.2.1", NULL) == 0 &&
	              apply(&o, file) == 0,
	      "merge: %s", err);
	CHECK(o.sched.n == 4 && o.v4 == (NA_V4_REQUEST | NA_V4_REPLY) && o.v6 == NA_V6_NA &&
	              o.notify == NA_NOTIFY_NEIGHBOURS && strcmp(o.user, "bin") == 0,
	      "every key: the command line wins");

	CHECK(parse(W, &o, "--ipv6", "na", NULL) == 0 && apply(&o, file) == 0 && o.sched.n == 4 &&
	              o.v4 == NA_V4_REPLY && o.v6 == NA_V6_NA,
	      "watch: merge");
	CHECK(apply(&o, "ipv4 = both\n") == 0 && o.sched.n == 3 &&
	              o.v4 == (NA_V4_REQUEST | NA_V4_REPLY) && o.v6 == NA_V6_NA &&
	              o.notify == NA_NOTIFY_GATEWAYS && o.user == NULL,
	      "watch: a reload without schedule = goes back to the default");
	CHECK(parse(P, &o, "eth0", "192.0.2.1", NULL) == 0 && apply(&o, file) == 0 &&
	              strcmp(o.user, "daemon") == 0,
	      "probe: the file's user");
	CHECK(parse(P, &o, "--user", "bin", "eth0", "192.0.2.1", NULL) == 0 &&
	              apply(&o, file) == 0 && strcmp(o.user, "bin") == 0,
	      "probe: --user wins");
}

/* na_start_settings: the file itself, as every subcommand and the watcher's
 * SIGHUP read it. */
static void test_settings_file(void)
{
	char path[] = "/tmp/na-test-cli.XXXXXX";
	struct na_config cfg;
	struct na_opts o;
	FILE *f;
	int fd = mkstemp(path);

	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		CHECK(0, "mkstemp");
		return;
	}
	fputs("# test\nschedule = 0,1\nuser = daemon\nskip = va0\n", f);
	fclose(f);
	parse(W, &o, "--config", path, "--ipv4", "none", NULL);
	CHECK(na_start_settings(&o, &cfg, err, sizeof(err)) == 0, "settings: %s", err);
	CHECK(o.sched.n == 2 && o.v4 == 0 && strcmp(o.user, "daemon") == 0 && o.user == cfg.user &&
	              na_config_skips(&cfg, "va0:1"),
	      "file and command line");
	f = fopen(path, "w");
	fputs("schedule = 0,1,2\nipv6 = sometimes\n", f);
	fclose(f);
	CHECK(na_start_settings(&o, &cfg, err, sizeof(err)) == NA_EXIT_USAGE &&
	              strstr(err, ":2: ipv6: want"),
	      "bad line: its number: %s", err);
	CHECK(o.sched.n == 2 && cfg.nskip == 1, "a bad file changes nothing");
	unlink(path);
	CHECK(na_start_settings(&o, &cfg, err, sizeof(err)) == NA_EXIT_USAGE &&
	              strstr(err, "No such file"),
	      "a named file must exist: %s", err);
	f = fopen(path, "w");
	fclose(f);
	parse(A, &o, "-c", "3", "--config", path, "eth0", "192.0.2.1", NULL);
	CHECK(na_start_settings(&o, &cfg, err, sizeof(err)) == 0 && o.count == 3, "empty file: %s",
	      err);
	unlink(path);
	/* /dev/null is no settings file (config.c refuses all but regular
	 * files); the reader's reason reaches the message. */
	parse(A, &o, "--config", "/dev/null", "eth0", "192.0.2.1", NULL);
	CHECK(na_start_settings(&o, &cfg, err, sizeof(err)) == NA_EXIT_USAGE &&
	              strstr(err, "not a regular file"),
	      "/dev/null: %s", err);
}

static const struct na_cli_text *const cli_text[NA_CMD_N] = {
        [NA_CMD_ANNOUNCE] = &na_cli_text_announce,
        [NA_CMD_PROBE] = &na_cli_text_probe,
        [NA_CMD_WATCH] = &na_cli_text_watch,
};

/* Each program's text is its subcommand's, and has a help line for exactly
 * the options its parser takes: the parser's table and the texts are kept
 * apart (cli_text.h), so that a program links its own text alone. */
static void test_texts(void)
{
	unsigned i;
	int c;

	for (c = 0; c < NA_CMD_N; c++) {
		CHECK(cli_text[c]->cmd == (enum na_cmd)c, "text %d is for subcommand %d", c,
		      (int)cli_text[c]->cmd);
		for (i = 0; i < OPT_N; i++)
			CHECK(na_cli_takes((enum na_cmd)c, i) == (cli_text[c]->opt[i] != NULL),
			      "subcommand %d, option %u: parser %d, help text %s", c, i,
			      na_cli_takes((enum na_cmd)c, i), cli_text[c]->opt[i] ? "yes" : "no");
		for (i = 0; i <= NA_EXIT_SYSTEM; i++)
			CHECK(i == NA_EXIT_CONFLICT || cli_text[c]->exit[i],
			      "subcommand %d: exit %u has a text", c, i);
	}
	CHECK(!na_cli_text_watch.exit[NA_EXIT_CONFLICT], "watch never exits 3");
	CHECK(!na_cli_takes(NA_CMD_ANNOUNCE, OPT_N), "no option past the table");
}

/* Each --help lists exactly the options its parser takes. */
static void test_usage(void)
{
	static const char *const probe_only[] = {"--probes", "--wait", "--interval", "--listen"};
	char *text[NA_CMD_N];
	size_t len, i;
	int c;
	FILE *f;

	for (c = 0; c < NA_CMD_N; c++) {
		f = open_memstream(&text[c], &len);
		na_cli_usage(cli_text[c], f);
		fclose(f);
		CHECK(strstr(text[c], "Exit status:") && strstr(text[c], "-h, --help"), "usage %d",
		      c);
	}
	for (i = 0; i < sizeof(probe_only) / sizeof(probe_only[0]); i++)
		CHECK(strstr(text[P], probe_only[i]) && !strstr(text[A], probe_only[i]) &&
		              !strstr(text[W], probe_only[i]),
		      "%s in probe --help only", probe_only[i]);
	CHECK(strstr(text[W], "--no-new-addresses") && strstr(text[W], "--initial") &&
	              !strstr(text[A], "--initial"),
	      "watch's own options");
	CHECK(strstr(text[A], "-a, --all") && strstr(text[A], "--pcap FILE") &&
	              !strstr(text[W], "--pcap") && !strstr(text[P], "--all"),
	      "announce's own options");
	CHECK(strstr(text[A], "  1  usage error") && strstr(text[P], "  3  conflict") &&
	              strstr(text[W], "  0  ended by SIGTERM"),
	      "exit codes per subcommand");
	for (c = 0; c < NA_CMD_N; c++)
		CHECK(strstr(text[c], "  6  system error: out of memory"), "exit 6 in usage %d", c);
	{
		/* A continuation line starts where its first line's text does. */
		const char *first = strstr(text[A], "also tell these"), *nl = strchr(first, '\n');
		const char *line = first;

		while (line > text[A] && line[-1] != '\n')
			line--;
		CHECK(strspn(nl + 1, " ") == (size_t)(first - line) &&
		              strncmp(nl + 1 + (first - line), "back broadcast", 14) == 0,
		      "continuation lines line up:\n%s", text[A]);
	}
	for (c = 0; c < NA_CMD_N; c++)
		free(text[c]);
}

/* With neither --user nor user =: the package's user, where there is one. */
static void test_default_user(void)
{
	const char *want = getpwnam("_neigh-announce") ? "_neigh-announce" : "nobody";

	CHECK(strcmp(na_caps_default_user(), want) == 0, "default user %s, want %s",
	      na_caps_default_user(), want);
}

int main(void)
{
	test_announce();
	test_ifnames();
	test_probe();
	test_watch();
	test_repeat();
	test_settings();
	test_settings_file();
	test_texts();
	test_usage();
	test_default_user();
	return check_done();
}
