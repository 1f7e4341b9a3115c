/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: /etc/neigh-announce.conf. The text is handed over without
 * a terminating NUL, as na_config_parse allows, in an allocation of exactly
 * its size. Checks the promises of config.h: a failed parse leaves the config
 * as it was; a good one keeps its strings terminated and its counts in range.
 * And a comment line longer than any setting may be, after the text, changes
 * neither the result nor the settings: a comment may be of any length.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define COMMENT_LEN 2000

/* Field by field: a struct copy need not keep the padding. */
static int same(const struct na_config *a, const struct na_config *b)
{
	size_t i;

	if (a->enabled != b->enabled || a->has_schedule != b->has_schedule ||
	    a->has_v4 != b->has_v4 || a->has_v6 != b->has_v6 || a->has_user != b->has_user ||
	    a->has_notify != b->has_notify || a->v4 != b->v4 || a->v6 != b->v6 ||
	    a->notify != b->notify || a->sched.n != b->sched.n || a->nskip != b->nskip ||
	    strcmp(a->user, b->user) != 0)
		return 0;
	for (i = 0; i < a->sched.n && i < NA_SCHED_MAX; i++)
		if (a->sched.at_ms[i] != b->sched.at_ms[i])
			return 0;
	for (i = 0; i < a->nskip && i < NA_CONFIG_MAX_SKIP; i++)
		if (strcmp(a->skip[i], b->skip[i]) != 0)
			return 0;
	return 1;
}

/* text, then "\n#" and COMMENT_LEN bytes of comment: the same result. */
static void long_comment_changes_nothing(const uint8_t *data, size_t size, int rc,
                                         const struct na_config *c)
{
	struct na_config c2;
	char err[256], *text;
	size_t len = size + 2 + COMMENT_LEN;

	text = malloc(len);
	if (!text)
		return;
	memcpy(text, data, size);
	text[size] = '\n';
	text[size + 1] = '#';
	memset(text + size + 2, 'x', COMMENT_LEN);
	na_config_init(&c2);
	if (na_config_parse(text, len, &c2, err, sizeof(err)) != rc)
		abort();
	if (!same(&c2, c))
		abort();
	free(text);
}

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
	long_comment_changes_nothing(data, size, rc, &c);
	free(text);
	return 0;
}
