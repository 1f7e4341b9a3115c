/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The program of `neigh-announce probe` and of `neigh-announce watch`,
 * LIBEXECDIR/neigh-announce/probe and .../watch: built once for each
 * (helper/CMakeLists.txt), NA_SUBCOMMAND naming it and NA_SUBCOMMAND_MAIN
 * its entry. main.c runs it with argv as typed ("neigh-announce" "watch"
 * ...); run by its own path, its argv[0] stands for the subcommand.
 */
#include <string.h>
#include <sys/prctl.h>

#include "probe.h"
#include "watch.h"

int main(int argc, char **argv)
{
	/* The process name stays the one operators know (ps -C, pidof). */
	prctl(PR_SET_NAME, "neigh-announce", 0, 0, 0);
	if (argc > 1 && strcmp(argv[1], NA_SUBCOMMAND) == 0)
		return NA_SUBCOMMAND_MAIN(argc - 1, argv + 1);
	return NA_SUBCOMMAND_MAIN(argc, argv);
}
