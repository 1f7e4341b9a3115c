/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * "A new invocation for the same interface ends the previous sequence."
 * A running sequence holds a listening abstract AF_UNIX socket named after the
 * interface index. Abstract names live in the network namespace, like the
 * interface itself, and need no file system: this works where /run is
 * read-only (dhcpcd's unit has ProtectSystem=strict). A newcomer connects; the
 * holder checks the peer's credentials (root or its own uid), closes and exits;
 * the newcomer then binds the name itself.
 */
#ifndef NA_TAKEOVER_H
#define NA_TAKEOVER_H

#include <stdbool.h>

/* Ends any sequence running for ifindex and takes its place. Returns the
 * listening fd, or -errno (the caller goes on without takeover then). */
int na_takeover_claim(int ifindex);

/* Called when the listening fd is readable. Returns true when a legitimate
 * newcomer asked us to stop; false for anyone else (who is disconnected). */
bool na_takeover_requested(int listen_fd);

#endif
