/* SPDX-License-Identifier: BSD-2-Clause */
/* `neigh-announce watch --help` (cli_text.h). */
#include "caps.h"
#include "cli_text.h"
#include "config.h"
#include "watch_plan.h"

_Static_assert(NA_DAMP_BURST == 3u && NA_DAMP_REFILL_MS == 2000u,
               "--help says 3, then one every 2 s");

const struct na_cli_text na_cli_text_watch = {
        .cmd = NA_CMD_WATCH,
        .intro = "Usage: neigh-announce watch [OPTIONS] [IFACE...]\n"
                 "\n"
                 "Stays in the foreground and announces every address of an interface when\n"
                 "its link comes up (IPv6 addresses once duplicate address detection is\n"
                 "done), when its MAC changes, and when an address is added while the link\n"
                 "is up. A bridge or bond is announced again when one of its ports comes\n"
                 "up. Watches every Ethernet-like interface, or only the IFACEs named.\n"
                 "Logs to stderr, or to syslog (see --syslog). SIGHUP reloads the settings\n"
                 "file; SIGTERM and SIGINT end it (exit 0).\n"
                 "A flapping link starts at most 3 announcements at once, then one\n"
                 "every 2 s; the state it settles in is always announced.\n",
        .opt =
                {
                        [OPT_IFACE] = "watch IFACE, as if named (may repeat)",
                        [OPT_SCHEDULE] = NA_HELP_SCHEDULE,
                        [OPT_IPV4] = NA_HELP_IPV4,
                        [OPT_IPV6] = NA_HELP_IPV6,
                        [OPT_NOTIFY] = NA_HELP_NOTIFY,
                        [OPT_RATE] = NA_HELP_RATE,
                        [OPT_ARP_TARGET] = NA_HELP_ARP_TARGET,
                        [OPT_NO_NEW] = "do not announce addresses added while the link is up",
                        [OPT_INITIAL] = "also announce the links that are up at start-up",
                        [OPT_REFRESH] = "announce every address of every watched link again\n"
                                        "every SEC seconds, give or take 10% (default 0: "
                                        "never;\nswitches forget a quiet host's MAC after "
                                        "300 s)",
                        [OPT_SYSLOG] = "log to syslog, facility daemon (the default when\n"
                                       "stderr is neither a terminal nor the journal and\n"
                                       "/dev/log is there)",
                        [OPT_STDERR] = "log to stderr, whatever it is",
                        [OPT_CONFIG] = NA_HELP_CONFIG "options given here win over it; SIGHUP "
                                                      "reads it again",
                        NA_HELP_COMMON,
                },
        .exit =
                {
                        [NA_EXIT_OK] = "ended by SIGTERM or SIGINT",
                        [NA_EXIT_USAGE] = NA_EXIT_USAGE_TEXT,
                        [NA_EXIT_IFACE] = "rtnetlink failure",
                        [NA_EXIT_PRIV] = NA_EXIT_PRIV_TEXT,
                        [NA_EXIT_SEND] = "the packet socket could not be opened",
                        [NA_EXIT_SYSTEM] = NA_EXIT_SYSTEM_TEXT,
                },
};
