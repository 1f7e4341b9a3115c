/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The one start-up path of the three subcommands, in the order OpenBSD's
 * daemons taught: check the request (options, settings file, addresses),
 * look at the interface, acquire the privileged resource, drop every
 * privilege, then lock down the system calls before touching the network.
 * main.c, probe_cli.c and watch.c call these steps in this order, with their
 * own work in between (the probe's receive filter, the watcher's netlink
 * socket). Part of the CLI layer: each step reports its own errors through
 * log.h and gives the exit code.
 */
#ifndef NA_START_H
#define NA_START_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "config.h"
#include "nl.h"
#include "sink.h"

/*
 * The request: parses argv for t's subcommand (errors: exit 1), prints
 * --help (with usage, given t, the program's own text: cli_text.h; usage
 * NULL: o->help is set, for the caller to see to) or
 * --version (exit 0), sets up logging, reads the settings file and lets the
 * command line win (na_start_settings; errors: exit 1). announce: an
 * interface the file switches off ends the run (exit 0). announce and probe:
 * every address must parse (exit 1). Returns true to go on; false: the run
 * ends with *rc.
 */
struct na_cli_text;
bool na_start_request(const struct na_cli_text *t,
                      void (*usage)(const struct na_cli_text *t, FILE *f), int argc, char **argv,
                      struct na_opts *o, struct na_config *cfg, int *rc);

/*
 * The settings step alone, also the watcher's SIGHUP: reads o->config (or
 * NA_CONFIG_PATH, which may be missing) into *cfg and lets the command line
 * win (na_cli_apply_config). 0, or NA_EXIT_USAGE with err ("FILE:LINE:
 * why", "FILE: why", or a clash with an option); *o and *cfg are unchanged
 * then. Prints nothing.
 */
int na_start_settings(struct na_opts *o, struct na_config *cfg, char *err, size_t errlen);

struct na_iface {
	char name[IF_NAMESIZE]; /* the device (an alias's DEV) */
	int ifindex;            /* 0: not here, which only announce --pcap --mac allows */
	struct na_link link;
};

/*
 * The interface of announce and probe: o->dev by index, then whether it can
 * carry our frames. Unknown, down or without carrier: exit 2. No ARP/ND
 * (loopback, point-to-point, NOARP): announce has nothing to do (exit 0),
 * probe cannot probe (exit 2). Returns true to go on; false: the run ends
 * with *rc.
 */
bool na_start_iface(const struct na_opts *o, struct na_iface *ifc, int *rc);

/*
 * The privileged resource: keeps CAP_NET_RAW only, as the run user when
 * started as root, opens the packet socket into *sink, then drops every
 * capability. ifname is for messages (NULL: none). Returns the exit code: 0,
 * NA_EXIT_PRIV or NA_EXIT_SEND.
 */
/* Called by the privilege step once CAP_NET_RAW is kept (and, as root, the
 * switch to the run user is done), before the packet socket is opened: the
 * announce command's take-over. True when the run is over (*rc its exit
 * code): the socket is not opened, every capability is dropped. */
typedef bool (*na_start_hook)(void *data, int *rc);
int na_start_privilege(const struct na_opts *o, const char *ifname, struct na_sink *sink,
                       na_start_hook hook, void *data, bool *done);
/* The same for announce --pcap, which needs no capability: opens the file
 * o->pcap into *sink, becomes the run user, drops every capability. 0,
 * NA_EXIT_USAGE (the file) or NA_EXIT_PRIV. */
int na_start_privilege_pcap(const struct na_opts *o, const char *ifname, struct na_sink *sink);

/* The system-call filter (sandbox.h), with the calls cmd needs on top. A
 * kernel without seccomp gets a warning, and the run goes on. */
void na_start_sandbox(enum na_cmd cmd, const char *ifname);

#endif
