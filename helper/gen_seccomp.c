/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Build-time generator: writes the helper's seccomp programs (sandbox_bpf.h)
 * as C arrays, so that the helper loads a ready filter instead of linking
 * libseccomp and building it on every start (about 200 us and a shared
 * library). libseccomp makes the programs from the list in sandbox_list.c
 * exactly as it did at run time: same calls, same argument checks, the same
 * architecture check and actions. Runs on the build machine, for its own
 * architecture, so a cross build needs NA_SECCOMP_BPF (CMakeLists.txt).
 *
 *   gen_seccomp OUTPUT.c
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox_list.h"

static int emit(FILE *f, const char *name, const char *const *extra, size_t nextra)
{
	struct sock_filter *prog;
	size_t len, i;
	int err = na_seccomp_program(extra, nextra, &prog, &len);

	if (err)
		return err;
	fprintf(f, "const struct sock_filter na_seccomp_bpf_%s[] = {\n", name);
	for (i = 0; i < len; i++)
		fprintf(f, "\t{0x%04x, %u, %u, 0x%08x},\n", prog[i].code, prog[i].jt, prog[i].jf,
		        prog[i].k);
	fprintf(f, "};\nconst size_t na_seccomp_bpf_%s_len = %zu;\n\n", name, len);
	free(prog);
	return 0;
}

int main(int argc, char **argv)
{
	static const char *const reader[] = {"recvfrom"};
	FILE *f;
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: gen_seccomp OUTPUT.c\n");
		return 2;
	}
	f = fopen(argv[1], "w");
	if (!f) {
		fprintf(stderr, "gen_seccomp: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	fprintf(f,
	        "/* Written by helper/gen_seccomp.c from helper/sandbox_list.c: do not edit. */\n"
	        "#include \"sandbox_bpf.h\"\n\n");
	err = emit(f, "announce", NULL, 0);
	if (!err)
		err = emit(f, "reader", reader, 1);
	if (fclose(f) && !err)
		err = -errno;
	if (err) {
		fprintf(stderr, "gen_seccomp: %s\n", strerror(-err));
		remove(argv[1]);
		return 1;
	}
	return 0;
}
