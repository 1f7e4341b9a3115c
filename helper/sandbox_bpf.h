/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The BPF programs gen_seccomp.c writes at build time (sandbox_bpf.c in the
 * build tree) from the allow-list of sandbox_list.c, for the build's
 * architecture.
 */
#ifndef NA_SANDBOX_BPF_H
#define NA_SANDBOX_BPF_H

#include <linux/filter.h>
#include <stddef.h>

/*
 * Sanitizer builds (NA_SANITIZE, NA_FUZZ) have a filter of their own: ASan's
 * runtime needs sigaltstack (sandbox_list.c) and LeakSanitizer must be off
 * once it is in (sandbox.c). The generator is compiled with the program's
 * flags, so the filter it writes matches the build. Shipped builds have
 * neither.
 */
#if defined(__SANITIZE_ADDRESS__)
#define NA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NA_ASAN 1
#endif
#endif

/* The allow-list: announce. */
extern const struct sock_filter na_seccomp_bpf_announce[];
extern const size_t na_seccomp_bpf_announce_len;
/* The allow-list and recvfrom: probe reads frames, the watcher netlink events. */
extern const struct sock_filter na_seccomp_bpf_reader[];
extern const size_t na_seccomp_bpf_reader_len;

#endif
