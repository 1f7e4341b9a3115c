/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: na_attr_parse itself, with rule tables the parsers do
 * not use. The input's first byte gives the number of types (0..63), then
 * three bytes per type give its rule (check, length); the rest is the
 * attribute stream, copied to an allocation of exactly its length at an odd
 * address, so that ASan sees a read past its end and UBSan an unaligned
 * access. On success the target checks what nl_attr.h promises the
 * parsers: each pointer in tb is an attribute inside the stream, at a
 * 4-aligned offset, of a type with a rule, whose payload keeps that rule;
 * and a well-formed stream is a whole number of 4-byte units.
 */
#include <linux/netlink.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nl_attr.h"

#define MAX_TYPES 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool keeps(const struct na_attr_rule *r, const uint8_t *p, size_t len)
{
	switch (r->check) {
	case NA_ATTR_MIN:
		return len >= r->len;
	case NA_ATTR_EXACT:
		return len == r->len;
	case NA_ATTR_STRZ:
		return len >= 1 && len <= r->len && p[len - 1] == '\0';
	case NA_ATTR_UNUSED:
		break;
	}
	return false; /* an unused type must not be in tb */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct na_attr_rule rules[MAX_TYPES];
	const struct nlattr *tb[MAX_TYPES];
	size_t ntypes, i, len, off;
	uint8_t *block, *buf;

	if (size < 1)
		return 0;
	ntypes = data[0] % MAX_TYPES;
	if (size < 1 + 3 * ntypes)
		return 0;
	for (i = 0; i < ntypes; i++) {
		rules[i].check = (enum na_attr_check)(data[1 + 3 * i] % 4);
		rules[i].len = (uint16_t)(data[2 + 3 * i] | data[3 + 3 * i] << 8);
	}
	off = 1 + 3 * ntypes;
	len = size - off;
	block = malloc(len + 1);
	if (!block)
		return 0;
	buf = block + 1;
	memcpy(buf, data + off, len);
	if (na_attr_parse(buf, len, rules, ntypes, tb) == 0) {
		if (len % NLA_ALIGNTO)
			abort();
		for (i = 0; i < ntypes; i++) {
			const uint8_t *a = (const uint8_t *)tb[i];
			size_t at, alen;

			if (!a)
				continue;
			if (a < buf || a > buf + len - NLA_HDRLEN)
				abort();
			at = (size_t)(a - buf);
			alen = na_attr_len(tb[i]);
			if (at % NLA_ALIGNTO || NLA_HDRLEN + alen > len - at)
				abort();
			if ((const uint8_t *)na_attr_data(tb[i]) != a + NLA_HDRLEN ||
			    !keeps(&rules[i], a + NLA_HDRLEN, alen))
				abort();
		}
	}
	free(block);
	return 0;
}
