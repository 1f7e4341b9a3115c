/* SPDX-License-Identifier: BSD-2-Clause */
/* For the unit tests whose frames go to a pcap sink: read the file back,
 * one call a frame. */
#ifndef NA_TEST_PCAPFILE_H
#define NA_TEST_PCAPFILE_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sink.h"

/* Flushes the sink, then calls fn for every whole frame in path; 64 KiB of
 * file at most, plenty for a test. */
static inline void pcap_each(struct na_sink *sink, const char *path,
                             void (*fn)(const uint8_t *frame, uint32_t len, void *ctx), void *ctx)
{
	static uint8_t buf[1 << 16];
	size_t len, off = 24; /* the file header */
	FILE *f;

	fflush(sink->pcap);
	f = fopen(path, "rb");
	if (!f)
		return;
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	while (off + 16 <= len) {
		uint32_t caplen;

		memcpy(&caplen, buf + off + 8, 4);
		if (off + 16 + caplen > len)
			break;
		fn(buf + off + 16, caplen, ctx);
		off += 16 + caplen;
	}
}

#endif
