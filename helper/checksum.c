/* SPDX-License-Identifier: BSD-2-Clause */
/* The Internet checksum for ICMPv6 (RFC 1071, RFC 8200 §8.1). Pure. */
#include "frame.h"

static uint32_t sum16(uint32_t acc, const uint8_t *p, size_t len)
{
	while (len > 1) {
		acc += (uint32_t)p[0] << 8 | p[1];
		p += 2;
		len -= 2;
	}
	if (len)
		acc += (uint32_t)p[0] << 8; /* odd length: pad with a zero byte */
	return acc;
}

uint16_t na_icmp6_checksum(const struct in6_addr *src, const struct in6_addr *dst,
                           const uint8_t *msg, size_t len)
{
	/* Pseudo-header: source, destination, 32-bit upper-layer length,
	 * three zero bytes, next header 58 (ICMPv6). */
	uint8_t tail[8] = {(uint8_t)(len >> 24),
	                   (uint8_t)(len >> 16),
	                   (uint8_t)(len >> 8),
	                   (uint8_t)len,
	                   0,
	                   0,
	                   0,
	                   IPPROTO_ICMPV6};
	uint32_t acc = 0;

	acc = sum16(acc, src->s6_addr, 16);
	acc = sum16(acc, dst->s6_addr, 16);
	acc = sum16(acc, tail, sizeof(tail));
	acc = sum16(acc, msg, len);
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint16_t)~acc;
}
