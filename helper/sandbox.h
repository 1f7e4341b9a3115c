/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * (Named sandbox.h: libseccomp's own header is <seccomp.h>, and helper/ is on
 * the include path.)
 *
 * The system calls the helper may make once it is started: after the packet
 * socket is open and every capability is dropped, the rest of the run (the
 * rounds, the netlink checks, the take-over socket, the detached process,
 * syslog) runs under a seccomp allow-list (libseccomp). Anything else fails
 * with EPERM: a call we missed then fails like any other error, which the code
 * handles, instead of killing the announcements half way. New sockets are
 * limited to AF_UNIX (syslog, take-over) and rtnetlink; prctl to PR_SET_NAME.
 * The filter is inherited by the detached process and cannot be lifted.
 */
#ifndef NA_SANDBOX_H
#define NA_SANDBOX_H

#include <stddef.h>

/* Loads the helper's allow-list. 0 or -errno. */
int na_seccomp_apply(void);

/*
 * The same list plus the calls named in extra[] (libseccomp names, e.g.
 * "ppoll" or "wait4"), for the watcher, whose loop needs a few more (it
 * listens for netlink events and starts rounds). -EINVAL for an unknown name.
 */
int na_seccomp_apply_with(const char *const *extra, size_t nextra);

#endif
