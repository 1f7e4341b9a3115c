/* SPDX-License-Identifier: BSD-2-Clause */
/* ARP frames for IPv4 over Ethernet, RFC 826. Pure: no I/O, no globals. */
#include <string.h>

#include "frame.h"

static const uint8_t broadcast[NA_MAC_LEN] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

void na_arp_announcement(struct na_arp_frame *f, const uint8_t mac[NA_MAC_LEN], struct in_addr addr,
                         bool reply)
{
	memset(f, 0, sizeof(*f));
	memcpy(f->eth_dst, broadcast, NA_MAC_LEN);
	memcpy(f->eth_src, mac, NA_MAC_LEN);
	memcpy(f->sha, mac, NA_MAC_LEN);
	f->spa = addr;
	f->tpa = addr;
	if (reply) {
		f->op = NA_ARP_OP_REPLY;
		memcpy(f->tha, mac, NA_MAC_LEN);
	} else {
		/* RFC 5227 §2.3: target hardware address ignored, set to zero. */
		f->op = NA_ARP_OP_REQUEST;
	}
}

static uint8_t *put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return p + 2;
}

static uint8_t *put(uint8_t *p, const void *src, size_t n)
{
	memcpy(p, src, n);
	return p + n;
}

size_t na_build_arp(uint8_t *buf, size_t len, const struct na_arp_frame *f)
{
	uint8_t *p = buf;

	if (len < NA_ARP_FRAME_LEN)
		return 0;
	p = put(p, f->eth_dst, NA_MAC_LEN);
	p = put(p, f->eth_src, NA_MAC_LEN);
	p = put16(p, NA_ETHERTYPE_ARP);
	p = put16(p, NA_ARP_HTYPE_ETHER);
	p = put16(p, NA_ETHERTYPE_IPV4);
	*p++ = NA_MAC_LEN;      /* hlen */
	*p++ = NA_ARP_IPV4_LEN; /* plen */
	p = put16(p, f->op);
	p = put(p, f->sha, NA_MAC_LEN);
	p = put(p, &f->spa, NA_ARP_IPV4_LEN);
	p = put(p, f->tha, NA_MAC_LEN);
	p = put(p, &f->tpa, NA_ARP_IPV4_LEN);
	return (size_t)(p - buf);
}
