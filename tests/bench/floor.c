/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The floor for the bulk benchmark: the least any program can do to put the
 * same frames on the wire. It builds every frame first (with the helper's pure
 * builders, so the receiver sees the same bytes), then does one sendto() per
 * frame on the same kind of socket as the helper (AF_PACKET, SOCK_RAW,
 * protocol 0). No netlink, no checks, no privileges dropped.
 *
 *   floor IFACE v4|v6 N
 * IPv4: ARP announcements for 10.1.0.1 + i; IPv6: a DAD NS and an unsolicited
 * NA for 2001:db8:1::1 + i (i < N), the addresses tests/bench/run adds. Prints
 * the time of the send loop alone on stderr.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "frame.h"

int main(int argc, char **argv)
{
	static const uint8_t nonce[NA_NONCE_LEN] = {1, 2, 3, 4, 5, 6};
	struct sockaddr_ll sll = {.sll_family = AF_PACKET, .sll_halen = NA_MAC_LEN};
	struct timespec a, b;
	struct ifreq ifr;
	uint8_t mac[NA_MAC_LEN], *frames;
	size_t *lens, n, nf = 0, i;
	int fd, v6;

	if (argc != 4 || (strcmp(argv[2], "v4") && strcmp(argv[2], "v6"))) {
		fprintf(stderr, "usage: floor IFACE v4|v6 N\n");
		return 2;
	}
	v6 = argv[2][1] == '6';
	n = strtoul(argv[3], NULL, 10);
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", argv[1]);
	if (fd < 0 || ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
		fprintf(stderr, "floor: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	memcpy(mac, ifr.ifr_hwaddr.sa_data, NA_MAC_LEN);
	sll.sll_ifindex = (int)if_nametoindex(argv[1]);
	sll.sll_protocol = htons(ETH_P_ALL);
	frames = malloc(2 * n * NA_ND_FRAME_MAX + 1); /* + 1: n may be 0 */
	lens = malloc((2 * n + 1) * sizeof(*lens));
	if (!frames || !lens)
		return 1;
	for (i = 0; i < n; i++) {
		if (!v6) {
			struct na_arp_frame f;
			struct in_addr ip = {htonl(0x0a010001u + (uint32_t)i)};

			na_arp_announcement(&f, mac, ip, false);
			lens[nf] = na_build_arp(frames + nf * NA_ND_FRAME_MAX, NA_ND_FRAME_MAX, &f);
			nf++;
		} else {
			struct na_ns_frame ns;
			struct na_na_frame na;
			struct in6_addr ip = {{{0x20, 0x01, 0x0d, 0xb8, 0, 1}}};
			uint32_t low = htonl(1u + (uint32_t)i);

			memcpy(&ip.s6_addr[12], &low, 4);
			na_ns_dad(&ns, mac, &ip, nonce);
			lens[nf] = na_build_ns(frames + nf * NA_ND_FRAME_MAX, NA_ND_FRAME_MAX, &ns);
			nf++;
			na_na_unsolicited(&na, mac, &ip, false);
			lens[nf] = na_build_na(frames + nf * NA_ND_FRAME_MAX, NA_ND_FRAME_MAX, &na);
			nf++;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < nf; i++) {
		const uint8_t *f = frames + i * NA_ND_FRAME_MAX;

		memcpy(sll.sll_addr, f, NA_MAC_LEN);
		if (sendto(fd, f, lens[i], 0, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
			fprintf(stderr, "floor: sendto: %s\n", strerror(errno));
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	fprintf(stderr, "floor: %zu frames, send loop %ld us\n", nf,
	        (long)((b.tv_sec - a.tv_sec) * 1000000 + (b.tv_nsec - a.tv_nsec) / 1000));
	return 0;
}
