/* SPDX-License-Identifier: BSD-2-Clause */
#include "sandbox.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sandbox_bpf.h"

/*
 * Sanitizer builds: LeakSanitizer's exit-time check ptraces the process,
 * which the filter must keep refusing. So those builds skip the leak check
 * once the filter is in; leaks are ns/valgrind's job.
 */
#ifdef NA_ASAN
static int filtered;

int __lsan_is_turned_off(void);
int __lsan_is_turned_off(void)
{
	return filtered;
}
#endif

int na_seccomp_load(const struct sock_filter *prog, size_t len)
{
	struct sock_fprog fprog = {.len = (unsigned short)len,
	                           .filter = (struct sock_filter *)prog};

	if (!len || len > BPF_MAXINSNS)
		return -EINVAL;
	/* As libseccomp's seccomp_load did: an unprivileged process may load
	 * a filter only with no_new_privs (seccomp(2)); na_caps_drop_all has
	 * set it already. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog))
		return -errno;
#ifdef NA_ASAN
	filtered = 1;
#endif
	return 0;
}

int na_seccomp_apply(void)
{
	return na_seccomp_load(na_seccomp_bpf_announce, na_seccomp_bpf_announce_len);
}

int na_seccomp_apply_reader(void)
{
	return na_seccomp_load(na_seccomp_bpf_reader, na_seccomp_bpf_reader_len);
}
