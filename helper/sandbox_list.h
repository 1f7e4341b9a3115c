/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The helper's seccomp allow-list, as libseccomp rules (helper/sandbox_list.c).
 * Linked by the build-time generator (gen_seccomp.c), which turns it into the
 * BPF programs the helper loads (sandbox.h), and by the tests, which compare
 * those programs with what libseccomp makes of the list and try other lists.
 * The helper itself does not link libseccomp.
 */
#ifndef NA_SANDBOX_LIST_H
#define NA_SANDBOX_LIST_H

#include <linux/filter.h>
#include <seccomp.h>
#include <stddef.h>

/*
 * The allow-list plus the calls named in extra[] (libseccomp names, e.g.
 * "recvfrom" or "wait4"), for the native architecture: default action EPERM,
 * a foreign architecture killed (libseccomp's default). *out is released
 * with seccomp_release(). 0, -EINVAL for an unknown name, or -errno.
 */
int na_seccomp_build(scmp_filter_ctx *out, const char *const *extra, size_t nextra);

/* ctx as a BPF program: *prog (free() it) of *len instructions. 0 or -errno. */
int na_seccomp_export(scmp_filter_ctx ctx, struct sock_filter **prog, size_t *len);

/* Both: the list plus extra[] as a BPF program. 0 or -errno. */
int na_seccomp_program(const char *const *extra, size_t nextra, struct sock_filter **prog,
                       size_t *len);

#endif
