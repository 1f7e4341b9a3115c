/* SPDX-License-Identifier: BSD-2-Clause */
#include "sandbox.h"

#include <errno.h>
#include <linux/netlink.h>
#include <seccomp.h>
#include <sys/prctl.h>
#include <sys/socket.h>

/*
 * What glibc, libmnl and our code call after start-up, found with strace on
 * every path of tests/ns (default mode, --all, --pcap, syslog, take-over):
 * memory, time, the netlink checks, sending, the take-over socket, fork and
 * the detach, logging. Listed by name: libseccomp maps them per architecture.
 */
static const char *const allowed[] = {
        /* memory (malloc, realloc of the target list) */
        "brk",
        "mmap",
        "munmap",
        "mremap",
        "madvise",
        /* files and descriptors: /dev/null for the detached process, stdio,
         * the pcap file, closing everything else */
        "read",
        "write",
        "writev",
        "openat",
        "close",
        "close_range",
        "fstat",
        "newfstatat",
        "lseek",
        "fcntl",
        "dup2",
        "dup3",
        /* time and waiting between rounds */
        "clock_gettime",
        "poll",
        "ppoll",
        /* sockets already open or allowed below: netlink checks, frames,
         * take-over, syslog */
        "bind",
        "listen",
        "connect",
        "accept4",
        "getsockname",
        "getsockopt",
        "sendto",
        "recvmsg",
        /* nonces */
        "getrandom",
        /* the detached process */
        "clone",
        "set_robust_list",
        "setsid",
        "chdir",
        "umask",
        "rt_sigaction",
        "rt_sigprocmask",
        "rt_sigreturn",
        /* identity, for SO_PEERCRED checks and syslog's LOG_PID */
        "getpid",
        "gettid",
        "getuid",
        "geteuid",
        "getgid",
        "getegid",
        /* locks and the end */
        "futex",
        "restart_syscall",
        "exit",
        "exit_group",
};

/*
 * Sanitizer builds (NA_SANITIZE, NA_FUZZ): ASan's runtime calls sigaltstack()
 * on every noreturn call such as _exit(), and LeakSanitizer's exit-time check
 * ptraces the process, which the filter must keep refusing. So those builds
 * allow sigaltstack and skip the leak check once the filter is in; leaks are
 * ns/valgrind's job. Shipped builds have neither.
 */
#if defined(__SANITIZE_ADDRESS__)
#define NA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NA_ASAN 1
#endif
#endif
#ifdef NA_ASAN
static int filtered;

int __lsan_is_turned_off(void);
int __lsan_is_turned_off(void)
{
	return filtered;
}
#endif

/* Argument n equals v. (libseccomp's SCMP_A0(op, v) leaves datum_b out,
 * which clang's -Wmissing-field-initializers refuses.) */
#define ARG_EQ(n, v)                                                                               \
	((struct scmp_arg_cmp){.arg = (n), .op = SCMP_CMP_EQ, .datum_a = (v), .datum_b = 0})

static int add(scmp_filter_ctx ctx, const char *name)
{
	int nr = seccomp_syscall_resolve_name(name);

	if (nr == __NR_SCMP_ERROR)
		return -EINVAL;
	return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
}

int na_seccomp_apply_with(const char *const *extra, size_t nextra)
{
	scmp_filter_ctx ctx;
	size_t i;
	int err = 0;

	ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	if (!ctx)
		return -ENOMEM;
	for (i = 0; !err && i < sizeof(allowed) / sizeof(allowed[0]); i++)
		err = add(ctx, allowed[i]);
	for (i = 0; !err && i < nextra; i++)
		err = add(ctx, extra[i]);
	/* New sockets: AF_UNIX (syslog, take-over) and rtnetlink only. No
	 * packet or IP socket: the one packet socket is already open. */
	if (!err)
		err = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1,
		                       ARG_EQ(0, AF_UNIX));
	if (!err)
		err = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socket), 2,
		                       ARG_EQ(0, AF_NETLINK), ARG_EQ(2, NETLINK_ROUTE));
	/* prctl only to name the detached process. */
	if (!err)
		err = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
		                       ARG_EQ(0, PR_SET_NAME));
#ifdef NA_ASAN
	if (!err)
		err = add(ctx, "sigaltstack");
#endif
	if (!err)
		err = seccomp_load(ctx);
	seccomp_release(ctx);
#ifdef NA_ASAN
	filtered = !err;
#endif
	return err;
}

int na_seccomp_apply(void)
{
	return na_seccomp_apply_with(NULL, 0);
}
