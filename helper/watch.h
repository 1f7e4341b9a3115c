/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `neigh-announce watch [OPTIONS] [IFACE...]`: a foreground daemon that
 * listens to rtnetlink and announces the addresses of an interface when its
 * link comes up, when its MAC changes, and (unless told not to) when an
 * address is added while the link is up. Several interfaces, each with its own
 * announcement schedule, run from one poll loop; nothing forks.
 */
#ifndef NA_WATCH_H
#define NA_WATCH_H

/* argv[0] is "watch". Returns the exit status (0 on SIGTERM/SIGINT). */
int na_watch_main(int argc, char **argv);

#endif
