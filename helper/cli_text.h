/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The options every subcommand's parser knows (cli.c), and each subcommand's
 * --help text in a file of its own (cli_text_announce.c, cli_text_probe.c,
 * cli_text_watch.c): a program links the text of its own subcommand only.
 * An option is one of a subcommand's exactly when its text has a help line
 * for it (tests/unit/test_cli checks this against cli.c's table).
 */
#ifndef NA_CLI_TEXT_H
#define NA_CLI_TEXT_H

#include "cli.h"

enum na_cli_opt {
	OPT_IFACE,
	OPT_ALL,
	OPT_SCHEDULE,
	OPT_COUNT,
	OPT_FOREGROUND,
	OPT_IPV4,
	OPT_IPV6,
	OPT_NOTIFY,
	OPT_RATE,
	OPT_ARP_TARGET,
	OPT_NO_CHECK,
	OPT_PCAP,
	OPT_PROBES,
	OPT_WAIT,
	OPT_INTERVAL,
	OPT_LISTEN,
	OPT_NO_NEW,
	OPT_INITIAL,
	OPT_REFRESH,
	OPT_SYSLOG,
	OPT_STDERR,
	OPT_MAC,
	OPT_NONCE,
	OPT_USER,
	OPT_CONFIG,
	OPT_QUIET,
	OPT_VERBOSE,
	OPT_HELP,
	OPT_VERSION,
	OPT_N,
};

struct na_cli_text {
	enum na_cmd cmd;
	const char *intro; /* before the options */
	/* Per option; continuation lines start after a '\n'. NULL: the
	 * subcommand does not take it. */
	const char *opt[OPT_N];
	const char *exit[NA_EXIT_SYSTEM + 1]; /* per exit status; NULL: never */
};

/* Help texts more than one subcommand shares. */
#define NA_HELP_USER                                                                               \
	"started as root: run as USER (default\n" NA_RUN_USER                                      \
	" if that user exists, else " NA_FALLBACK_USER ")"
#define NA_HELP_IFACE "the interface, as arping -I takes it; every\noperand is then an address"
#define NA_HELP_RATE                                                                               \
	"at most PPS frames a second over all addresses and\n"                                     \
	"interfaces, in bursts of up to PPS (at most 16);\n"                                       \
	"default 0: no cap. Cisco DAI allows 15 ARP a second\n"                                    \
	"on a port: 7 stays under that"
#define NA_HELP_IPV4 "request (default), reply, both or none"
#define NA_HELP_IPV6 "dad, na, both (default) or none"
#define NA_HELP_NOTIFY                                                                             \
	"also tell these by unicast, past bridges that hold\nback broadcast "                      \
	"announcements (EVPN neigh_suppress):\ngateways (default), neighbours or none"
#define NA_HELP_ARP_TARGET                                                                         \
	"target MAC of ARP announcements: zero (default,\n"                                        \
	"RFC 5227) or broadcast (ff:ff:ff:ff:ff:ff, as\n"                                          \
	"arping -U; some devices learn only from that)"
#define NA_HELP_SCHEDULE "offsets of the rounds in seconds (default " NA_DEFAULT_SCHEDULE ")"
#define NA_HELP_NONCE    "12 hex digits: the DAD nonce (default: random)"
#define NA_HELP_CONFIG   "settings file (default " NA_CONFIG_PATH ");\n"
#define NA_HELP_COMMON                                                                             \
	[OPT_USER] = NA_HELP_USER, [OPT_QUIET] = "only errors",                                    \
	[OPT_VERBOSE] = "say more (repeat for more)", [OPT_HELP] = "this text",                    \
	[OPT_VERSION] = "the version"
#define NA_EXIT_USAGE_TEXT                                                                         \
	"usage error, malformed address or option value, bad settings\nfile (with its line "       \
	"number)"
#define NA_EXIT_PRIV_TEXT   "missing privilege (CAP_NET_RAW), or the switch to USER failed"
#define NA_EXIT_SYSTEM_TEXT "system error: out of memory, getrandom, signalfd or poll failed"

extern const struct na_cli_text na_cli_text_announce, na_cli_text_probe, na_cli_text_watch;

#endif
