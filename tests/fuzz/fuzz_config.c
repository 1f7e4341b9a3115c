/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: /etc/neigh-announce.conf. The text is handed over without
 * a terminating NUL, as na_config_parse allows, in an allocation of exactly
 * its size. Checks the promises of config.h: a failed parse leaves the config
 * as it was; a good one keeps its strings terminated and its counts in range.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct na_config c, before;
	char err[256], *text;
	size_t i;
	int rc;

	text = malloc(size ? size : 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	/* Zeroed first so that memcmp also sees the padding equal. */
	memset(&c, 0, sizeof(c));
	na_config_init(&c);
	memcpy(&before, &c, sizeof(c));
	rc = na_config_parse(text, size, &c, err, sizeof(err));
	if (rc < 0)
		abort(); /* the pure parser has no errno to report */
	if (rc > 0 && memcmp(&c, &before, sizeof(c)) != 0)
		abort();
	if (rc == 0) {
		if (c.nskip > NA_CONFIG_MAX_SKIP ||
		    strnlen(c.user, sizeof(c.user)) >= sizeof(c.user))
			abort();
		for (i = 0; i < c.nskip; i++)
			if (strnlen(c.skip[i], IF_NAMESIZE) >= IF_NAMESIZE)
				abort();
		na_config_skips(&c, "eth0");
	}
	free(text);
	return 0;
}
