/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: the string parsers (addresses, MACs, nonces, schedules,
 * numbers, the --ipv4/--ipv6 words). The first byte picks the parser, the rest
 * is the string. Beyond "no crash", it checks what the parsers promise: an
 * accepted address is announceable, a schedule strictly increasing and within
 * bounds, a MAC neither multicast nor zero.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t zero[NA_MAC_LEN];
	uint8_t mac[NA_MAC_LEN], nonce[NA_NONCE_LEN];
	struct na_schedule s;
	struct na_ip ip;
	unsigned u, i;
	char *str;

	if (size < 1)
		return 0;
	str = malloc(size);
	if (!str)
		return 0;
	memcpy(str, data + 1, size - 1);
	str[size - 1] = '\0';
	switch (data[0] % 7) {
	case 0:
		if (na_parse_ip(str, &ip) == 0 && !na_ip_announceable(&ip))
			abort();
		break;
	case 1:
		if (na_parse_mac(str, mac) == 0 && ((mac[0] & 1) || !memcmp(mac, zero, NA_MAC_LEN)))
			abort();
		break;
	case 2:
		na_parse_nonce(str, nonce);
		break;
	case 3:
		if (na_parse_schedule(str, &s) == 0) {
			if (s.n < 1 || s.n > NA_SCHED_MAX || s.at_ms[s.n - 1] > NA_SCHED_MAX_MS)
				abort();
			for (i = 1; i < s.n; i++)
				if (s.at_ms[i] <= s.at_ms[i - 1])
					abort();
		}
		break;
	case 4:
		if (na_parse_uint(str, 3, 1000, &u) == 0 && (u < 3 || u > 1000))
			abort();
		break;
	case 5:
		na_parse_v4_kind(str, &u);
		break;
	default:
		na_parse_v6_kind(str, &u);
		break;
	}
	free(str);
	return 0;
}
