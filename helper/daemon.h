/* SPDX-License-Identifier: BSD-2-Clause */
/* Detaching the process that sends the later rounds. */
#ifndef NA_DAEMON_H
#define NA_DAEMON_H

/*
 * Forks a detached grandchild in a new session: the caller (a DHCP client's
 * hook) gets its exit status at once and is not left with a zombie. In the
 * grandchild the fds in keep[] are moved to 3, 4, ... (their new numbers are
 * written back), every other fd is closed and 0-2 point to /dev/null.
 * Returns 1 in the original process, 0 in the grandchild, -errno on failure.
 */
int na_daemonize(int *keep, int nkeep);

#endif
