/* SPDX-License-Identifier: BSD-2-Clause */
/* A very small test harness: CHECK records, check_done() prints the
 * "N passed, N failed" line and gives the exit status. */
#ifndef NA_CHECK_H
#define NA_CHECK_H

#include <stdio.h>

static int check_pass, check_fail;

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (cond) {                                                                        \
			check_pass++;                                                              \
		} else {                                                                           \
			check_fail++;                                                              \
			printf("not ok - %s:%d: ", __FILE__, __LINE__);                            \
			printf(__VA_ARGS__);                                                       \
			printf("\n");                                                              \
		}                                                                                  \
	} while (0)

static inline int check_done(void)
{
	printf("%d passed, %d failed\n", check_pass, check_fail);
	return check_fail || !check_pass;
}

#endif
