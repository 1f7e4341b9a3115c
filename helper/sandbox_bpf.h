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

/* The allow-list: announce. */
extern const struct sock_filter na_seccomp_bpf_announce[];
extern const size_t na_seccomp_bpf_announce_len;
/* The allow-list and recvfrom: probe reads frames, the watcher netlink events. */
extern const struct sock_filter na_seccomp_bpf_reader[];
extern const size_t na_seccomp_bpf_reader_len;

#endif
