/* SPDX-License-Identifier: BSD-2-Clause */
/* `neigh-announce --help` (cli_text.h). */
#include "caps.h"
#include "cli_text.h"
#include "config.h"

const struct na_cli_text na_cli_text_announce = {
        .cmd = NA_CMD_ANNOUNCE,
        .intro = "Usage: neigh-announce [OPTIONS] IFACE ADDRESS[/PREFIX]...\n"
                 "       neigh-announce [OPTIONS] --all IFACE\n"
                 "       neigh-announce [OPTIONS] -I IFACE ADDRESS...\n"
                 "       neigh-announce probe [OPTIONS] IFACE ADDRESS...  (see probe --help)\n"
                 "       neigh-announce watch [OPTIONS] [IFACE...]        (see watch --help)\n"
                 "\n"
                 "Tells the link that IFACE now holds ADDRESS: ARP announcements for IPv4,\n"
                 "a DAD Neighbor Solicitation with a nonce and unsolicited Neighbor\n"
                 "Advertisements for IPv6. Needs CAP_NET_RAW (root, or the file capability\n"
                 "cap_net_raw+p) and holds no capability once its socket is open.\n",
        .opt =
                {
                        [OPT_IFACE] = NA_HELP_IFACE,
                        [OPT_ALL] = "every usable address IFACE holds",
                        [OPT_SCHEDULE] = NA_HELP_SCHEDULE,
                        [OPT_COUNT] = "run only the first N rounds (-c 1: one round now)",
                        [OPT_FOREGROUND] = "run every round, then exit (default: send the\n"
                                           "first round, return, and send the rest from a\n"
                                           "detached background process)",
                        [OPT_IPV4] = NA_HELP_IPV4,
                        [OPT_IPV6] = NA_HELP_IPV6,
                        [OPT_NOTIFY] = NA_HELP_NOTIFY,
                        [OPT_RATE] = NA_HELP_RATE ".\nThe call never waits: what the cap holds\n"
                                                  "back goes out from the background process",
                        [OPT_ARP_TARGET] = NA_HELP_ARP_TARGET,
                        [OPT_NO_CHECK] = "announce addresses IFACE does not hold, and do not\n"
                                         "re-check before each round",
                        [OPT_PCAP] = "write the frames to a pcap file instead of sending\n"
                                     "them (no privilege needed; runs in the foreground);\n"
                                     "- is standard output (--pcap - | tshark -r -)",
                        [OPT_MAC] = "source MAC (default: IFACE's); with --pcap, IFACE\n"
                                    "need not exist",
                        [OPT_NONCE] = NA_HELP_NONCE,
                        [OPT_CONFIG] = NA_HELP_CONFIG "options given here win over it",
                        NA_HELP_COMMON,
                },
        .exit =
                {
                        [NA_EXIT_OK] = "sent (or nothing to do: IFACE has no ARP/ND, e.g. "
                                       "loopback,\nor the settings file switches announcing "
                                       "off here)",
                        [NA_EXIT_USAGE] = NA_EXIT_USAGE_TEXT,
                        [NA_EXIT_IFACE] = "unknown interface, interface down, or address not "
                                          "held by IFACE",
                        [NA_EXIT_CONFLICT] = "probe: an address is in use by another host",
                        [NA_EXIT_PRIV] = NA_EXIT_PRIV_TEXT,
                        [NA_EXIT_SEND] = "sending failed",
                        [NA_EXIT_SYSTEM] = NA_EXIT_SYSTEM_TEXT ",\nor the program of probe "
                                                               "or watch is missing",
                },
};
