/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * na_caps_drop_all() (helper/caps.h) on its own, in child processes, with no
 * seccomp filter loaded: it must set no_new_privs itself (libseccomp sets it
 * too when it loads a filter, which would hide a drop that forgot it) and
 * leave every capability set but the bounding set empty.
 *
 * Run by an ordinary user, the child starts with nothing. Run by root (as in
 * CI), it starts with every capability, and a second child first becomes
 * nobody holding CAP_NET_RAW permitted, effective, inheritable and ambient,
 * the way systemd starts the watcher (AmbientCapabilities=CAP_NET_RAW).
 *
 * Exit 77 when no_new_privs is set already before the call (a parent set it):
 * then nothing can be told. Under CI=true that is a failure.
 */
#define _GNU_SOURCE
#include <cap-ng.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "caps.h"
#include "check.h"

/* The value of "Field:" in /proc/self/status, or "" when absent. */
static const char *status_field(const char *field, char *out, size_t outlen)
{
	static char buf[8192];
	char key[64], *p, *end;
	ssize_t n;
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);

	out[0] = '\0';
	if (fd < 0)
		return out;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return out;
	buf[n] = '\0';
	snprintf(key, sizeof(key), "\n%s:", field);
	p = strstr(buf, key);
	if (!p)
		return out;
	p += strlen(key);
	p += strspn(p, " \t");
	end = strchr(p, '\n');
	snprintf(out, outlen, "%.*s", end ? (int)(end - p) : (int)strlen(p), p);
	return out;
}

#define ZERO "0000000000000000"

/* In the child: drop, then look. Seccomp stays what the child inherited: 0
 * here and in CI (2 only under a container runtime's own filter), and its
 * filter count does not grow. */
static void drop_and_look(const char *who)
{
	char seccomp[32], filters[32], v[64];
	int rc;

	status_field("Seccomp", seccomp, sizeof(seccomp));
	status_field("Seccomp_filters", filters, sizeof(filters));

	rc = na_caps_drop_all();
	CHECK(rc == 0, "%s: na_caps_drop_all: %s", who, strerror(-rc));
	CHECK(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1, "%s: PR_GET_NO_NEW_PRIVS == 1", who);
	CHECK(strcmp(status_field("NoNewPrivs", v, sizeof(v)), "1") == 0, "%s: NoNewPrivs: %s", who,
	      v);
	CHECK(strcmp(status_field("Seccomp", v, sizeof(v)), seccomp) == 0,
	      "%s: Seccomp: %s, was %s: a filter was loaded", who, v, seccomp);
	CHECK(strcmp(status_field("Seccomp_filters", v, sizeof(v)), filters) == 0,
	      "%s: Seccomp_filters: %s, was %s", who, v, filters);
	CHECK(strcmp(status_field("CapEff", v, sizeof(v)), ZERO) == 0, "%s: CapEff %s", who, v);
	CHECK(strcmp(status_field("CapPrm", v, sizeof(v)), ZERO) == 0, "%s: CapPrm %s", who, v);
	CHECK(strcmp(status_field("CapInh", v, sizeof(v)), ZERO) == 0, "%s: CapInh %s", who, v);
	CHECK(strcmp(status_field("CapAmb", v, sizeof(v)), ZERO) == 0, "%s: CapAmb %s", who, v);
}

/* Root only: become nobody keeping CAP_NET_RAW in every set but bounding. */
static int become_ambient_net_raw(void)
{
	char v[64];

	capng_clear(CAPNG_SELECT_BOTH);
	capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED | CAPNG_INHERITABLE, CAP_NET_RAW);
	if (capng_change_id(65534, 65534, CAPNG_DROP_SUPP_GRP))
		return -1;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_RAW, 0, 0))
		return -1;
	/* The starting point is real: the test must see something to drop. */
	CHECK(getuid() == 65534 && geteuid() == 65534, "now nobody");
	CHECK(strcmp(status_field("CapAmb", v, sizeof(v)), ZERO) != 0, "CapAmb set before: %s", v);
	CHECK(strcmp(status_field("CapPrm", v, sizeof(v)), ZERO) != 0, "CapPrm set before: %s", v);
	return 0;
}

/* drop_and_look in a child (first made nobody with ambient CAP_NET_RAW when
 * asked); the child's checks count through its exit status. */
static void in_child(const char *who, int ambient)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		check_pass = check_fail = 0;
		if (ambient && become_ambient_net_raw()) {
			printf("not ok - %s: could not set up: %s\n", who, strerror(errno));
			_exit(1);
		}
		drop_and_look(who);
		fflush(stdout);
		_exit(check_fail ? 1 : 0);
	}
	CHECK(pid > 0, "fork: %s", strerror(errno));
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: every check in the child", who);
}

int main(void)
{
	const char *ci = getenv("CI");
	char v[32], f[32];

	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 0) {
		printf("SKIP: no_new_privs is set before the call: cannot tell who set it\n");
		return ci && strcmp(ci, "true") == 0 ? 1 : 77;
	}
	printf("# Seccomp: %s, Seccomp_filters: %s before\n", status_field("Seccomp", v, sizeof(v)),
	       status_field("Seccomp_filters", f, sizeof(f)));
	in_child(geteuid() == 0 ? "root" : "ordinary user", 0);
	if (geteuid() == 0)
		in_child("nobody with ambient CAP_NET_RAW", 1);
	CHECK(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 0, "the test itself stays free");
	return check_done();
}
