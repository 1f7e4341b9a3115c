/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "bpf.h"
#include "wire.h"

#ifndef SO_LOCK_FILTER
#define SO_LOCK_FILTER 44
#endif

/* Offsets in an untagged Ethernet frame (the kernel hands packet sockets
 * frames with the VLAN tag already taken off). */
#define OFF_IP6_NH (NA_ETH_HLEN + NA_IP6_OFF_NH)
#define OFF_ICMP6  (NA_ETH_HLEN + NA_IP6_HLEN) /* ICMPv6 type, right after the fixed header */

static const struct sock_filter prog[] = {
        /* Never our own outgoing frames: a probe must not hear itself
         * through the kernel's tap, only through the wire (a loop). */
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (unsigned)(SKF_AD_OFF + SKF_AD_PKTTYPE)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_OUTGOING, 7, 0),
        BPF_STMT(BPF_LD | BPF_H | BPF_ABS, NA_ETH_OFF_ETHERTYPE),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NA_ETHERTYPE_ARP, 8, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NA_ETHERTYPE_IPV6, 0, 4),
        BPF_STMT(BPF_LD | BPF_B | BPF_ABS, OFF_IP6_NH),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_ICMPV6, 0, 2),
        BPF_STMT(BPF_LD | BPF_B | BPF_ABS, OFF_ICMP6),
        /* NS or NA: 135 and 136 are adjacent (RFC 4861 §4.3, §4.4) */
        BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, NA_ICMP6_NS, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, 0), /* drop */
        BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, NA_ICMP6_NA, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, 0),              /* drop */
        BPF_STMT(BPF_RET | BPF_K, NA_BPF_SNAPLEN), /* accept */
};

static const struct sock_fprog fprog = {
        .len = sizeof(prog) / sizeof(prog[0]),
        .filter = (struct sock_filter *)prog,
};

const struct sock_fprog *na_bpf_arp_nd(void)
{
	return &fprog;
}

int na_bpf_attach_locked(int fd)
{
	int one = 1;

	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fprog, sizeof(fprog)) < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_LOCK_FILTER, &one, sizeof(one)) < 0)
		return -errno;
	return 0;
}
