/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What a program's resident memory is made of when it ends, without changing
 * the program: preloaded, this library's destructor runs when the program
 * returns from main() or calls exit() (not after _exit(), so a detached child
 * that leaves with _exit() writes nothing), and copies /proc/self/status and
 * /proc/self/smaps to the file named by NA_BENCH_SMAPS, which must exist and
 * be writable by whatever user the program runs as by then.
 *
 *   NA_BENCH_SMAPS=FILE LD_PRELOAD=.../smaps.so COMMAND [ARG]...
 *
 * It opens, reads and writes files only: calls a seccomp allow-list for
 * logging and /dev/null already allows.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

static void copy(int out, const char *path)
{
	char buf[4096];
	ssize_t n;
	int in = open(path, O_RDONLY | O_CLOEXEC);

	if (in < 0)
		return;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			break;
	close(in);
}

__attribute__((destructor)) static void na_bench_smaps_dump(void)
{
	const char *file = getenv("NA_BENCH_SMAPS");
	int out;

	if (!file || (out = open(file, O_WRONLY | O_APPEND | O_CLOEXEC)) < 0)
		return;
	copy(out, "/proc/self/status");
	copy(out, "/proc/self/smaps");
	close(out);
}
