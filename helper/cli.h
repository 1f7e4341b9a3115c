/* SPDX-License-Identifier: BSD-2-Clause */
/* The command line: options into a struct, the usage text, the exit codes. */
#ifndef NA_CLI_H
#define NA_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "frame.h"
#include "parse.h"

/* Exit status, documented in --help, neigh-announce(8) and the README. */
enum na_exit {
	NA_EXIT_OK = 0,       /* sent, or nothing to do */
	NA_EXIT_USAGE = 1,    /* usage error, malformed address or option value */
	NA_EXIT_IFACE = 2,    /* unknown interface, interface down, address not held */
	NA_EXIT_CONFLICT = 3, /* reserved for `probe`: the address is in use */
	NA_EXIT_PRIV = 4,     /* no CAP_NET_RAW, or the user switch failed */
	NA_EXIT_SEND = 5,     /* the kernel refused to send */
};

#define NA_DEFAULT_SCHEDULE "0,2,10"
#define NA_DEFAULT_USER     "nobody"

struct na_opts {
	const char *ifname;
	char **addrs; /* argv tail */
	size_t naddrs;
	bool all;
	struct na_schedule sched;
	unsigned count; /* rounds of sched to run; 0: all */
	bool foreground;
	unsigned v4, v6; /* NA_V4_*, NA_V6_* (frame.h) */
	bool no_check;
	const char *pcap;
	bool mac_set;
	uint8_t mac[NA_MAC_LEN];
	bool nonce_set;
	uint8_t nonce[NA_NONCE_LEN];
	const char *user;
	int notify; /* enum na_notify (nl_neigh.h): unicast peers, --notify */
	bool notify_set;
	const char *config;                       /* NULL: NA_CONFIG_PATH, missing is fine */
	bool sched_set, v4_set, v6_set, user_set; /* given on the command line */
	int verbosity;                            /* -1 quiet, 0 normal, 1.. verbose */
	bool help, version;
};

/*
 * Parses argv. Options must come before IFACE: parsing stops at the first
 * operand, so an "address" handed over by a hook can never be taken for an
 * option. Returns 0, or NA_EXIT_USAGE with a message in err.
 */
int na_cli_parse(int argc, char **argv, struct na_opts *o, char *err, size_t errlen);
void na_cli_usage(FILE *f);

/* Fills what the command line left unset from the config file, then checks
 * what depends on both (--count against the schedule). 0 or NA_EXIT_USAGE. */
struct na_config;
int na_cli_apply_config(struct na_opts *o, const struct na_config *c, char *err, size_t errlen);

/*
 * After na_caps_keep_net_raw() and socket(): reports err (as those return it)
 * with the message every subcommand gives, or, when err is 0, drops every
 * capability. how_to_grant ends the "needs CAP_NET_RAW" message. Returns the
 * exit code: 0, NA_EXIT_PRIV or NA_EXIT_SEND.
 */
int na_cli_settle_privilege(int err, const char *ifname, const char *user,
                            const char *how_to_grant);
#define NA_GRANT_HINT "grant it with 'setcap cap_net_raw+p /usr/sbin/neigh-announce'"

#endif
