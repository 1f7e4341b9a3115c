/* SPDX-License-Identifier: BSD-2-Clause */
#include "sandbox_list.h"

#include "sandbox_bpf.h" /* NA_ASAN */

#include <errno.h>
#include <linux/netlink.h>
#include <seccomp.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

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
        /* sockets already open or allowed below: netlink checks, frames
         * (sendmmsg: a round's frames in batches, sink.c), take-over,
         * syslog */
        "bind",
        "listen",
        "connect",
        "accept4",
        "getsockname",
        "getsockopt",
        "sendto",
        "sendmmsg",
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

int na_seccomp_build(scmp_filter_ctx *out, const char *const *extra, size_t nextra)
{
	scmp_filter_ctx ctx;
	size_t i;
	int err = 0;

	/* Default action EPERM; a foreign architecture (the default bad-arch
	 * action) kills. */
	ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	if (!ctx)
		return -ENOMEM;
	/* A binary tree of the system call numbers rather than a list: the
	 * same verdict for every call, but the kernel, which runs the filter
	 * for each call number when it loads it (its action cache), loads it
	 * in 100 us instead of 175 (tests/bench/phases). */
	err = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
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
	/* setsockopt only to switch a netlink socket's strict checking of
	 * requests on and off (nl.c: the filtered route dumps of --notify
	 * gateways). */
	if (!err)
		err = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(setsockopt), 2,
		                       ARG_EQ(1, SOL_NETLINK), ARG_EQ(2, NETLINK_GET_STRICT_CHK));
	/* prctl only to name the detached process. */
	if (!err)
		err = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
		                       ARG_EQ(0, PR_SET_NAME));
#ifdef NA_ASAN
	/* ASan's runtime calls it on every noreturn call such as _exit(). */
	if (!err)
		err = add(ctx, "sigaltstack");
#endif
	if (err) {
		seccomp_release(ctx);
		return err;
	}
	*out = ctx;
	return 0;
}

int na_seccomp_export(scmp_filter_ctx ctx, struct sock_filter **prog, size_t *len)
{
	/* libseccomp 2.5 exports to a descriptor only. A BPF program is at
	 * most BPF_MAXINSNS instructions (32 KiB), less than a pipe holds
	 * (64 KiB, pipe(7)), so the write cannot block with nobody reading. */
	size_t cap = BPF_MAXINSNS * sizeof(struct sock_filter), have = 0;
	unsigned char *buf;
	int fds[2], err;
	ssize_t n;

	if (pipe(fds))
		return -errno;
	err = seccomp_export_bpf(ctx, fds[1]);
	close(fds[1]);
	fds[1] = -1;
	if (err)
		goto out;
	buf = malloc(cap + 1);
	if (!buf) {
		err = -ENOMEM;
		goto out;
	}
	while ((n = read(fds[0], buf + have, cap + 1 - have)) > 0)
		have += (size_t)n;
	if (n < 0 || have > cap || have % sizeof(struct sock_filter) || !have) {
		err = n < 0 ? -errno : -EINVAL;
		free(buf);
		goto out;
	}
	*prog = (struct sock_filter *)buf;
	*len = have / sizeof(struct sock_filter);
out:
	close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	return err;
}

int na_seccomp_program(const char *const *extra, size_t nextra, struct sock_filter **prog,
                       size_t *len)
{
	scmp_filter_ctx ctx;
	int err = na_seccomp_build(&ctx, extra, nextra);

	if (err)
		return err;
	err = na_seccomp_export(ctx, prog, len);
	seccomp_release(ctx);
	return err;
}
