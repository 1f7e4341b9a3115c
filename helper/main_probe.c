/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The `neigh-announce probe` program, LIBEXECDIR/neigh-announce/probe: what
 * main.c runs for the subcommand, with argv as typed ("neigh-announce" "probe"
 * ...). Run by its own path, its argv[0] stands for the subcommand.
 */
#include <string.h>
#include <sys/prctl.h>

#include "probe.h"

int main(int argc, char **argv)
{
	/* The process name stays the one operators know (ps -C, pidof). */
	prctl(PR_SET_NAME, "neigh-announce", 0, 0, 0);
	if (argc > 1 && strcmp(argv[1], "probe") == 0)
		return na_probe_main(argc - 1, argv + 1);
	return na_probe_main(argc, argv);
}
