/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: the command line as a hook hands it over (argv may carry
 * whatever a DHCP server sent), for each subcommand. The first byte picks
 * the subcommand (announce, probe, watch); the rest is split at NUL bytes
 * into argv[1..]. What parses is then treated as the start-up treats it: the
 * settings merge, every address operand through na_parse_ip, every name
 * checked again, and every argument through na_log_printable.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "log.h"
#include "parse.h"

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const argv0[NA_CMD_N] = {"neigh-announce", "probe", "watch"};
	char *argv[MAX_ARGS + 2], *buf, *p, *end, err[256], pbuf[80], dev[IF_NAMESIZE];
	enum na_cmd cmd;
	struct na_config cfg;
	struct na_opts o;
	struct na_ip ip;
	int argc = 1;
	size_t i;

	if (size < 1)
		return 0;
	cmd = (enum na_cmd)(data[0] % NA_CMD_N);
	data++;
	size--;
	buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[0] = (char *)argv0[cmd];
	for (p = buf, end = buf + size; p <= end && argc <= MAX_ARGS; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;
	if (na_cli_parse(cmd, argc, argv, &o, err, sizeof(err)) == 0) {
		na_config_init(&cfg);
		na_cli_apply_config(&o, &cfg, err, sizeof(err));
		for (i = 0; i < o.naddrs; i++)
			na_parse_ip(o.addrs[i], &ip);
		/* Names that parsed are names the validator takes. */
		if (o.ifname &&
		    (na_parse_ifname(o.ifname, strlen(o.ifname), dev) || strcmp(dev, o.dev) != 0))
			abort();
		for (i = 0; i < o.nifnames; i++)
			if (na_parse_ifname(o.ifnames[i], strlen(o.ifnames[i]), NULL))
				abort();
	} else if (!strstr(err, "(see --help)")) {
		abort(); /* every error has the one wording */
	}
	for (i = 1; i < (size_t)argc; i++)
		na_log_printable(argv[i], pbuf, sizeof(pbuf));
	free(buf);
	return 0;
}
