/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * (Named sandbox.h: libseccomp's own header is <seccomp.h>, and helper/ is on
 * the include path.)
 *
 * The system calls the helper may make once it is started: after the packet
 * socket is open and every capability is dropped, the rest of the run (the
 * rounds, the netlink checks, the take-over socket, the detached process,
 * syslog) runs under a seccomp allow-list (sandbox_list.c). A call outside
 * the list fails with EPERM: a call we missed then fails like any other
 * error, which the code handles, instead of killing the announcements half
 * way; a system call of another architecture (x32, i386 on x86-64) kills.
 * New sockets are limited to AF_UNIX (syslog, take-over) and rtnetlink;
 * prctl to PR_SET_NAME. The filter is inherited by the detached process and
 * cannot be lifted.
 *
 * The announcing program loads it as soon as its first round's broadcast
 * frames are sent, before that round reads the --notify tables (main.c):
 * from the take-over claim to those frames it reads nothing from outside but
 * the router sysctl, so the frames need not wait for the filter's load.
 *
 * The BPF programs are made at build time by libseccomp (gen_seccomp.c) and
 * compiled in: the helper does not link libseccomp.
 */
#ifndef NA_SANDBOX_H
#define NA_SANDBOX_H

#include <linux/filter.h>
#include <stddef.h>

/* Loads the helper's allow-list. 0 or -errno. */
int na_seccomp_apply(void);

/* The same list plus recvfrom, for probe (frames) and the watcher (netlink
 * events). 0 or -errno. */
int na_seccomp_apply_reader(void);

/* Sets no_new_privs and loads prog (len instructions). 0 or -errno. */
int na_seccomp_load(const struct sock_filter *prog, size_t len);

#endif
