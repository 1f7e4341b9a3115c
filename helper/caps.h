/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Privilege handling with libcap-ng, in the order OpenBSD's daemons and
 * iputils' arping taught: keep only CAP_NET_RAW, open the socket, then hold no
 * capability at all (and set no_new_privs) before touching the network.
 */
#ifndef NA_CAPS_H
#define NA_CAPS_H

#include <stdbool.h>

/*
 * Narrows this process to CAP_NET_RAW, effective. Started by root: keeps
 * CAP_NET_RAW across a switch to `user` (uid and gid, no supplementary groups),
 * clears the ambient set and sets no_new_privs first (the bounding set then
 * needs no clearing, caps.c). `user` is read from /etc/passwd when NSS looks
 * there first, else from getpwnam(). Started by an ordinary user from a
 * binary with file capability cap_net_raw+p (or +ep): raises it into the
 * effective set. Returns 0, -EPERM when CAP_NET_RAW is not to be had, -ESRCH
 * when `user` does not exist, or another -errno.
 */
int na_caps_keep_net_raw(const char *user);

/* Started as root with neither --user nor user =, the run switches to
 * NA_RUN_USER when that user exists (the package's own, which owns nothing
 * else), else to NA_FALLBACK_USER (a source build, a box without it). */
#define NA_RUN_USER      "_neigh-announce"
#define NA_FALLBACK_USER "nobody"
const char *na_caps_default_user(void);

/* Switches to `user` without keeping any capability (used when no socket is
 * needed, e.g. --pcap as root). Not root: does nothing. 0 or -errno. */
int na_caps_become_user(const char *user);

/* Clears the effective, permitted, inheritable and ambient sets and sets
 * PR_SET_NO_NEW_PRIVS. 0 or -errno. */
int na_caps_drop_all(void);

#endif
