/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The seccomp allow-list (helper/sandbox.h) in a child process, so the test
 * itself stays free: the kernel reports mode 2 (filter); what the helper needs
 * after start-up still works (a netlink query, a unix socket, nonces, fork,
 * naming the process); what it never needs is refused with EPERM (IP and new
 * packet sockets, exec, ptrace, setuid, kill, unlink, other prctls); extra
 * calls are allowed only when asked for by a known name. The programs
 * compiled in at build time are, instruction for instruction, what libseccomp
 * makes of the list now (as the helper did at run time before), and a system
 * call of another architecture kills the process.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "nl.h"
#include "sandbox.h"
#include "sandbox_bpf.h"
#include "sandbox_list.h"

/* The "Seccomp:" line of /proc/self/status: 0 none, 1 strict, 2 filter. */
static int seccomp_mode(void)
{
	char buf[4096], *p;
	ssize_t n;
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strstr(buf, "\nSeccomp:");
	return p ? atoi(p + 9) : -1;
}

/* -1 with EPERM: what the filter answers for a call not on the list. */
#define REFUSED(call) ((call) == -1 && errno == EPERM)

static void child_default(void)
{
	char *const argv[] = {"true", NULL};
	uint8_t nonce[6];
	struct na_link l;
	pid_t pid;
	int fd, one = 1;

	CHECK(seccomp_mode() == 0, "no filter before");
	CHECK(na_seccomp_apply() == 0, "na_seccomp_apply");
	CHECK(seccomp_mode() == 2, "Seccomp: 2 after, got %d", seccomp_mode());

	/* What the rounds need. */
	CHECK(na_nl_get_link(1, NULL, &l) == 0 && l.ifindex == 1, "netlink query of lo");
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	CHECK(fd >= 0, "rtnetlink socket: %s", strerror(errno));
	/* The filtered route dumps of --notify gateways (nl.c); no other
	 * socket option. */
	CHECK(setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof(one)) == 0,
	      "setsockopt(NETLINK_GET_STRICT_CHK): %s", strerror(errno));
	CHECK(REFUSED(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &one, sizeof(one))),
	      "setsockopt(SO_RCVBUF) refused");
	close(fd);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	CHECK(fd >= 0, "unix socket: %s", strerror(errno));
	/* A round's frames go in batches (sink.c); no message: nothing sent. */
	CHECK(sendmmsg(fd, NULL, 0, 0) == 0, "sendmmsg: %s", strerror(errno));
	close(fd);
	CHECK(getrandom(nonce, sizeof(nonce), 0) == sizeof(nonce), "getrandom");
	CHECK(prctl(PR_SET_NAME, "na-test", 0, 0, 0) == 0, "prctl(PR_SET_NAME)");
	pid = fork();
	if (pid == 0)
		_exit(0);
	CHECK(pid > 0, "fork: %s", strerror(errno));

	/* What it never needs. */
	CHECK(REFUSED(socket(AF_INET, SOCK_DGRAM, 0)), "IPv4 socket refused");
	CHECK(REFUSED(socket(AF_INET6, SOCK_STREAM, 0)), "IPv6 socket refused");
	CHECK(REFUSED(socket(AF_PACKET, SOCK_RAW, 0)), "new packet socket refused");
	CHECK(REFUSED(socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC)), "generic netlink refused");
	CHECK(REFUSED(execve("/bin/true", argv, NULL)), "execve refused");
	CHECK(REFUSED(ptrace(PTRACE_TRACEME, 0, NULL, NULL)), "ptrace refused");
	CHECK(REFUSED(setuid(0)), "setuid refused");
	CHECK(REFUSED(kill(getppid(), 0)), "kill refused");
	CHECK(REFUSED(unlink("/nonexistent-na-test")), "unlink refused");
	CHECK(REFUSED(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)), "prctl(PR_SET_DUMPABLE) refused");
	CHECK(REFUSED(waitpid(pid, NULL, 0)), "wait4 refused without the extra list");
}

/* libseccomp's program for the list and extra[], loaded as the helper loads
 * its own. */
static int apply_with(const char *const *extra, size_t nextra)
{
	struct sock_filter *prog;
	size_t len;
	int err = na_seccomp_program(extra, nextra, &prog, &len);

	if (err)
		return err;
	err = na_seccomp_load(prog, len);
	free(prog);
	return err;
}

static void child_extra(void)
{
	static const char *const extra[] = {"wait4"};
	static const char *const unknown[] = {"no_such_call"};
	int status = -1;
	pid_t pid;

	CHECK(apply_with(unknown, 1) == -EINVAL, "unknown extra name: -EINVAL");
	CHECK(seccomp_mode() == 0, "... and no filter loaded");
	CHECK(apply_with(extra, 1) == 0, "apply with wait4");
	pid = fork();
	if (pid == 0)
		_exit(7);
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 7,
	      "wait4 allowed as an extra");
	CHECK(REFUSED(socket(AF_INET, SOCK_DGRAM, 0)), "IPv4 socket still refused");
}

/* The reader's program: recvfrom too, and still nothing of the rest. */
static void child_reader(void)
{
	char b;
	int fd;

	CHECK(na_seccomp_apply_reader() == 0, "na_seccomp_apply_reader");
	CHECK(seccomp_mode() == 2, "Seccomp: 2 after, got %d", seccomp_mode());
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	CHECK(fd >= 0, "unix socket: %s", strerror(errno));
	CHECK(recvfrom(fd, &b, 1, 0, NULL, NULL) == -1 && errno == EAGAIN, "recvfrom allowed");
	/* The watcher's rounds send as the helper's do. */
	CHECK(sendmmsg(fd, NULL, 0, 0) == 0, "sendmmsg: %s", strerror(errno));
	close(fd);
	CHECK(REFUSED(socket(AF_INET, SOCK_DGRAM, 0)), "IPv4 socket refused");
	CHECK(REFUSED(socket(AF_PACKET, SOCK_RAW, 0)), "new packet socket refused");
	CHECK(REFUSED(ptrace(PTRACE_TRACEME, 0, NULL, NULL)), "ptrace refused");
}

/* The compiled-in program is libseccomp's for the same list, to the bit. */
static void same_program(const char *what, const struct sock_filter *built, size_t nbuilt,
                         const char *const *extra, size_t nextra)
{
	struct sock_filter *prog = NULL;
	size_t len = 0;

	CHECK(na_seccomp_program(extra, nextra, &prog, &len) == 0, "%s: libseccomp builds the list",
	      what);
	CHECK(len == nbuilt && prog && memcmp(prog, built, len * sizeof(*prog)) == 0,
	      "%s: compiled-in program (%zu instructions) is libseccomp's (%zu)", what, nbuilt,
	      len);
	free(prog);
}

#if defined(__x86_64__)
/* An i386 system call (int 0x80, getpid) under the filter: the architecture
 * check kills the process with SIGSYS, as libseccomp's run-time filter did. */
static void child_foreign_arch(void)
{
	long ret = 20; /* __NR_getpid on i386 */

	if (na_seccomp_apply() != 0)
		_exit(1);
	__asm__ volatile("int $0x80" : "+a"(ret) : : "memory");
	_exit(2);
}
#endif

static int in_child(void (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		fn();
		printf("%s: ", fn == child_default ? "allow-list"
		               : fn == child_extra ? "extra list"
		                                   : "reader list");
		status = check_done();
		fflush(stdout);
		_exit(status);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(void)
{
	static const char *const reader[] = {"recvfrom"};

	same_program("announce", na_seccomp_bpf_announce, na_seccomp_bpf_announce_len, NULL, 0);
	same_program("reader", na_seccomp_bpf_reader, na_seccomp_bpf_reader_len, reader, 1);
	fflush(stdout);
	CHECK(in_child(child_default) == 0, "allow-list child");
	CHECK(in_child(child_extra) == 0, "extra-list child");
	CHECK(in_child(child_reader) == 0, "reader-list child");
#if defined(__x86_64__)
	{
		int status = 0;
		pid_t pid = fork();

		if (pid == 0)
			child_foreign_arch();
		CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
		              WTERMSIG(status) == SIGSYS,
		      "an i386 system call is killed with SIGSYS (status 0x%x)", status);
	}
#endif
	return check_done();
}
