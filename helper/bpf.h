/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The receive filter of `probe`: a classic BPF program that lets only ARP
 * and ICMPv6 Neighbor Solicitations/Advertisements through (and none of our
 * own outgoing frames), attached and then locked so that nothing later in
 * this process can widen it.
 */
#ifndef NA_BPF_H
#define NA_BPF_H

#include <linux/filter.h>

/* Frames longer than this are cut to it: more than any ARP or NS/NA we read. */
#define NA_BPF_SNAPLEN 1514

/* The program (static, read-only). */
const struct sock_fprog *na_bpf_arp_nd(void);

/* SO_ATTACH_FILTER then SO_LOCK_FILTER on fd. 0 or -errno. */
int na_bpf_attach_locked(int fd);

#endif
