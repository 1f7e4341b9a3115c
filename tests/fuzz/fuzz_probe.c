/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: na_parse_frame, the parser of what `neigh-announce probe`
 * hears on the wire (anyone on the link can send it anything). The frame sits
 * in an allocation of exactly its length so that ASan sees any read past the
 * end. Checks the promises of frame_probe.h: nothing written on failure, and
 * a parsed frame is of a known kind.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "frame_probe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct na_rx rx, before;
	uint8_t *buf;
	int rc;

	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	memset(&rx, 0xa5, sizeof(rx));
	memcpy(&before, &rx, sizeof(rx));
	rc = na_parse_frame(buf, size, &rx);
	if (rc != 0 && rc != -ENOMSG && rc != -EINVAL)
		abort();
	if (rc != 0 && memcmp(&rx, &before, sizeof(rx)) != 0)
		abort();
	if (rc == 0 && rx.kind != NA_RX_ARP && rx.kind != NA_RX_NS && rx.kind != NA_RX_NA)
		abort();
	free(buf);
	return 0;
}
