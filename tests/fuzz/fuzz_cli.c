/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: the command line as a hook hands it over (argv may carry
 * whatever a DHCP server sent). The input is split at NUL bytes into argv[1..];
 * what parses is then treated as main() treats it: every address operand goes
 * through na_parse_ip and every argument through na_log_printable.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "log.h"
#include "parse.h"

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGS + 2], *buf, *p, *end, err[256], pbuf[80];
	struct na_opts o;
	struct na_ip ip;
	int argc = 1;
	size_t i;

	buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[0] = "neigh-announce";
	for (p = buf, end = buf + size; p <= end && argc <= MAX_ARGS; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;
	if (na_cli_parse(argc, argv, &o, err, sizeof(err)) == 0) {
		for (i = 0; i < o.naddrs; i++)
			na_parse_ip(o.addrs[i], &ip);
	}
	for (i = 1; i < (size_t)argc; i++)
		na_log_printable(argv[i], pbuf, sizeof(pbuf));
	free(buf);
	return 0;
}
