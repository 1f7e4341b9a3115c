/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The command line of the three subcommands (announce, probe, watch): one
 * option table, each option tagged with the subcommands that take it, one
 * parser into one struct, one wording of every error, the usage texts, the
 * exit codes, and how the settings file fills what the command line left
 * unset. Pure: no I/O but the usage text written to the FILE it is given.
 */
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
	NA_EXIT_USAGE = 1,    /* usage error, malformed address or option value, bad settings */
	NA_EXIT_IFACE = 2,    /* unknown interface, interface down, address not held */
	NA_EXIT_CONFLICT = 3, /* probe: the address is in use */
	NA_EXIT_PRIV = 4,     /* no CAP_NET_RAW, or the user switch failed */
	NA_EXIT_SEND = 5,     /* the kernel refused to send (or the packet socket) */
	NA_EXIT_SYSTEM = 6,   /* out of memory, getrandom, signalfd, poll: not the network */
};

enum na_cmd {
	NA_CMD_ANNOUNCE, /* neigh-announce [OPTIONS] IFACE ADDRESS... */
	NA_CMD_PROBE,    /* neigh-announce probe [OPTIONS] IFACE ADDRESS... */
	NA_CMD_WATCH,    /* neigh-announce watch [OPTIONS] [IFACE...] */
	NA_CMD_N,
};

#define NA_DEFAULT_SCHEDULE "0,2,10"
#define NA_PROBE_MAX_ADDRS  64

struct na_opts {
	enum na_cmd cmd;
	/* Operands. announce, probe: IFACE, then the addresses (checked by
	 * na_parse_ip later, after the settings file may have said skip). */
	const char *ifname;    /* as given: a device, or an alias DEV:LABEL */
	const char *iface_opt; /* -I IFACE (announce, probe), or NULL */
	char dev[IF_NAMESIZE]; /* the device it stands for */
	char **addrs;          /* argv tail */
	size_t naddrs;
	char **ifnames; /* watch: the IFACEs to watch (checked names); none: all */
	size_t nifnames;

	/* From the command line if *_set, else from the settings file, else
	 * the default (na_cli_apply_config). */
	struct na_schedule sched;
	unsigned v4, v6;  /* NA_V4_*, NA_V6_* (frame.h) */
	int notify;       /* enum na_notify (nl_neigh.h): unicast peers, --notify */
	const char *user; /* NULL: the default run user (na_caps_default_user) */
	unsigned rate;    /* --rate: frames per second across the process, 0: no cap */
	bool arp_bcast;   /* --arp-target-mac broadcast */
	unsigned refresh; /* watch --refresh: seconds, 0: never */
	bool sched_set, v4_set, v6_set, notify_set, user_set, rate_set, arp_bcast_set, refresh_set;
	unsigned count; /* announce: rounds of sched to run (all unless count_set) */
	bool count_set;

	/* The rest comes from the command line only. */
	const char *config; /* NULL: NA_CONFIG_PATH, missing is fine */
	bool mac_set;
	uint8_t mac[NA_MAC_LEN];
	bool nonce_set;
	uint8_t nonce[NA_NONCE_LEN];
	int verbosity; /* -1 quiet, 0 normal, 1.. verbose */
	bool help, version;
	/* announce */
	bool all, foreground, no_check;
	const char *pcap;
	/* probe */
	unsigned probes;
	uint32_t wait_ms, interval_ms, listen_ms;
	bool probes_set, wait_set, interval_set, listen_set;
	/* watch */
	bool no_new_addrs, initial;
	int log_to; /* enum na_log_to */
};

/* Where the watcher logs: --syslog, --stderr, or by default syslog when
 * stderr is neither a terminal nor the journal (start.c decides). */
enum na_log_to { NA_LOG_TO_AUTO, NA_LOG_TO_SYSLOG, NA_LOG_TO_STDERR };

/*
 * Parses argv (argv[0] is the program, or the subcommand's name) for cmd.
 * Options may come before, between and after the operands, as with arping
 * and ip; "--" ends them: everything after it is an operand, so a hook that
 * passes "--" before what a DHCP server sent can never have it taken for an
 * option. The operands are gathered at the front of argv (after argv[0]), in
 * their order. -I IFACE names the interface; then every operand is an
 * address. Returns 0 (with help or version set, the rest is not parsed), or
 * NA_EXIT_USAGE with a message in err that ends in "(see --help)".
 */
int na_cli_parse(enum na_cmd cmd, int argc, char **argv, struct na_opts *o, char *err,
                 size_t errlen);
/* Writes a subcommand's --help (cli_text.h: each program links its own). */
struct na_cli_text;
void na_cli_usage(const struct na_cli_text *t, FILE *f);
/* Whether cmd's parser takes option opt (enum na_cli_opt, cli_text.h). */
bool na_cli_takes(enum na_cmd cmd, unsigned opt);

/*
 * Lets the command line win over the settings file c: every key the command
 * line left unset takes c's value, or the default when c has none. Calling it
 * again with another file (the watcher's SIGHUP) gives what a start with
 * that file would. Then checks what depends on both (--count against the
 * schedule). 0, or NA_EXIT_USAGE with err; on error *o is unchanged.
 * o->user may point into c afterwards: c must live as long as o is used.
 */
struct na_config;
int na_cli_apply_config(struct na_opts *o, const struct na_config *c, char *err, size_t errlen);

#endif
