/* SPDX-License-Identifier: BSD-2-Clause */
/* `neigh-announce probe --help` (cli_text.h). */
#include "caps.h"
#include "cli_text.h"
#include "config.h"

const struct na_cli_text na_cli_text_probe = {
        .cmd = NA_CMD_PROBE,
        .intro = "Usage: neigh-announce probe [OPTIONS] IFACE ADDRESS[/PREFIX]...\n"
                 "\n"
                 "Is ADDRESS used by another host on IFACE's link? IPv4: ARP probes\n"
                 "(RFC 5227). IPv6: duplicate address detection with a nonce (RFC 4862,\n"
                 "RFC 7527), after joining the solicited-node group. ADDRESS need not be\n"
                 "assigned to IFACE. Our own probe heard back through a loop is not a\n"
                 "conflict.\n",
        .opt =
                {
                        [OPT_IFACE] = NA_HELP_IFACE,
                        [OPT_PROBES] = "probes per address (IPv4 default 3, IPv6 1)",
                        [OPT_WAIT] = "first probe after a random 0..SEC (default 1)",
                        [OPT_INTERVAL] = "between probes (IPv4 default random 1..2, IPv6 1)",
                        [OPT_LISTEN] = "listen after the last probe (IPv4 2, IPv6 1)",
                        [OPT_MAC] = "source MAC (default: IFACE's)",
                        [OPT_NONCE] = NA_HELP_NONCE,
                        [OPT_CONFIG] = NA_HELP_CONFIG "probe reads its user = only",
                        NA_HELP_COMMON,
                },
        .exit =
                {
                        [NA_EXIT_OK] = "every address is free",
                        [NA_EXIT_USAGE] = NA_EXIT_USAGE_TEXT,
                        [NA_EXIT_IFACE] = "unknown interface, interface down, or no ARP/ND "
                                          "on it",
                        [NA_EXIT_CONFLICT] = "conflict: another host uses an address (its "
                                             "MAC is named)",
                        [NA_EXIT_PRIV] = NA_EXIT_PRIV_TEXT,
                        [NA_EXIT_SEND] = "sending or receiving failed",
                        [NA_EXIT_SYSTEM] = NA_EXIT_SYSTEM_TEXT,
                },
};
