/* SPDX-License-Identifier: BSD-2-Clause */
#include <cap-ng.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdbool.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "caps.h"

/*
 * The user from /etc/passwd itself when NSS would look there first: the
 * "passwd:" line of /etc/nsswitch.conf names "files" first, and glibc's files
 * module returns the first entry of that name (lookup_files below).
 * That spares the full lookup, which on Debian 12 ("files systemd") loads
 * libnss_systemd with libcap and libm and probes six userdb directories.
 * 1: files first; 0: NSS might answer otherwise (ask getpwnam). Read once.
 *
 * Read with open() and read(), cut into the pieces fgets() with a 512-byte
 * buffer would return (a line, or 511 bytes of a longer one), and compared
 * by hand: stdio (fopen's FILE and its buffer on the heap) and strspn() would
 * each bring in 64 KiB windows of libc's pages that the announcement needs
 * for nothing else (issue 13).
 */
static bool starts_with(const char *p, const char *word)
{
	while (*word)
		if (*p++ != *word++)
			return false;
	return true;
}

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* One piece of the file: 1 or 0 when it is the "passwd:" line, else -1. */
static int passwd_line(const char *line)
{
	const char *p = skip_blanks(line);

	if (!starts_with(p, "passwd:"))
		return -1;
	p = skip_blanks(p + 7);
	return starts_with(p, "files") &&
	       (p[5] == '\0' || p[5] == ' ' || p[5] == '\t' || p[5] == '\n');
}

/*
 * A static build (NA_STATIC, helper/CMakeLists.txt) takes users from
 * /etc/passwd alone and never asks NSS: a statically linked glibc program
 * cannot safely load NSS modules, which link the shared libc (Debian 12's
 * libnss_systemd crashes it). A user /etc/passwd does not list is then not
 * there.
 */
#ifdef NA_PASSWD_FILES_ONLY
static struct passwd *nss_getpwnam(const char *user)
{
	(void)user;
	errno = 0; /* "not found" */
	return NULL;
}
#else
#define nss_getpwnam getpwnam
#endif

static int files_first(void)
{
	static int known = -1;
	char chunk[1024], line[512];
	size_t len = 0;
	ssize_t n, i;
	int fd, first = -1;

#ifdef NA_PASSWD_FILES_ONLY
	return known = 1;
#endif
	if (known >= 0)
		return known;
	fd = open("/etc/nsswitch.conf", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return known = 0; /* glibc's built-in default: leave it to getpwnam */
	while (first < 0 && (n = read(fd, chunk, sizeof(chunk))) > 0) {
		for (i = 0; i < n && first < 0; i++) {
			line[len++] = chunk[i];
			if (chunk[i] != '\n' && len < sizeof(line) - 1)
				continue;
			line[len] = '\0';
			len = 0;
			first = passwd_line(line);
		}
	}
	/* The last line, without its newline; not after a read error. */
	if (first < 0 && n == 0 && len) {
		line[len] = '\0';
		first = passwd_line(line);
	}
	close(fd);
	return known = first > 0;
}

/* A decimal id of a passwd(5) field ending at ':'; -1 when malformed. */
static long long field_id(const char **p, const char *end)
{
	long long v = 0;
	const char *q = *p;

	if (q >= end || *q < '0' || *q > '9')
		return -1;
	while (q < end && *q >= '0' && *q <= '9') {
		v = v * 10 + (*q++ - '0');
		if (v > 0xfffffffe) /* (uid_t)-1 is no user */
			return -1;
	}
	if (q >= end || *q != ':')
		return -1;
	*p = q + 1;
	return v;
}

/* 1 and the ids: found; 0: not there, or ask getpwnam. The last user found
 * is kept: the default user's check and the switch read the file once. */
static int lookup_files(const char *user, uid_t *uid, gid_t *gid)
{
	static struct {
		char name[64];
		uid_t uid;
		gid_t gid;
	} last;
	/* A bigger file (thousands of users) is left to getpwnam. */
	static char buf[32768];
	size_t ulen = strlen(user), have = 0;
	const char *p, *end, *nl;
	long long u, g;
	ssize_t n = 0;
	int fd;

	if (!ulen || !files_first())
		return 0;
	if (strcmp(last.name, user) == 0) {
		*uid = last.uid;
		*gid = last.gid;
		return 1;
	}
	fd = open("/etc/passwd", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	while (have < sizeof(buf) && (n = read(fd, buf + have, sizeof(buf) - have)) > 0)
		have += (size_t)n;
	close(fd);
	if (n < 0 || have == sizeof(buf))
		return 0;
	/* Lines "name:password:uid:gid:gecos:home:shell"; the first of the
	 * name wins, as in glibc's files module. A malformed line of that
	 * name: ask getpwnam. */
	for (p = buf, end = buf + have; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if ((size_t)(nl - p) <= ulen || memcmp(p, user, ulen) != 0 || p[ulen] != ':')
			continue;
		p += ulen + 1;
		p = memchr(p, ':', (size_t)(nl - p));
		if (!p)
			return 0;
		p++;
		u = field_id(&p, nl);
		g = field_id(&p, nl);
		if (u < 0 || g < 0)
			return 0;
		*uid = (uid_t)u;
		*gid = (gid_t)g;
		if (ulen < sizeof(last.name)) {
			memcpy(last.name, user, ulen + 1);
			last.uid = *uid;
			last.gid = *gid;
		}
		return 1;
	}
	return 0;
}

static int lookup(const char *user, uid_t *uid, gid_t *gid)
{
	struct passwd *pw;

	if (!lookup_files(user, uid, gid)) {
		errno = 0;
		pw = nss_getpwnam(user);
		/* getpwnam(3): these errno values, or none, all mean "not found". */
		if (!pw && (errno == 0 || errno == ENOENT || errno == ESRCH || errno == EBADF ||
		            errno == EPERM))
			return -ESRCH;
		if (!pw)
			return -errno;
		*uid = pw->pw_uid;
		*gid = pw->pw_gid;
	}
	if (*uid == 0)
		return -EINVAL; /* "switching" to root would keep everything */
	return 0;
}

const char *na_caps_default_user(void)
{
	uid_t uid;
	gid_t gid;

	/* Whatever stops the lookup (no such user, an NSS error) leaves the
	 * fallback, which the switch then looks up and reports on itself. */
	if (lookup_files(NA_RUN_USER, &uid, &gid))
		return NA_RUN_USER;
	return nss_getpwnam(NA_RUN_USER) ? NA_RUN_USER : NA_FALLBACK_USER;
}

/*
 * Root's switch to uid and gid keeping the capabilities selected in
 * libcap-ng's state: no supplementary groups, an empty ambient set.
 *
 * no_new_privs first, and the bounding set left as it is. The bounding set
 * limits only what an execve() can give (file capabilities, a setuid-root
 * binary) and what capset() may add to the inheritable set, which also
 * needs the capability permitted. With no_new_privs set, no execve() of
 * this process or of any child (it is inherited and cannot be unset) gains
 * a privilege, and from here on the process holds at most CAP_NET_RAW,
 * and nothing once na_caps_drop_all() is done. So clearing the bounding set
 * would forbid nothing that is still possible, and it cost 38 prctl calls,
 * each a credential change, and three reads of /proc/self/status in
 * libcap-ng (170 us, tests/bench/phases). The ordinary user's path below has
 * always relied on the same argument.
 */
static int switch_user(uid_t uid, gid_t gid)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	if (capng_change_id((int)uid, (int)gid, CAPNG_DROP_SUPP_GRP | CAPNG_CLEAR_AMBIENT))
		return -EPERM;
	return 0;
}

int na_caps_keep_net_raw(const char *user)
{
	uid_t uid;
	gid_t gid;
	int err;

	if (geteuid() == 0) {
		err = lookup(user, &uid, &gid);
		if (err)
			return err;
		capng_clear(CAPNG_SELECT_CAPS);
		capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED, CAP_NET_RAW);
		return switch_user(uid, gid);
	}
	/* Not root: a file capability may have put CAP_NET_RAW in the permitted set. */
	if (capng_get_caps_process())
		return -EPERM;
	if (!capng_have_capability(CAPNG_PERMITTED, CAP_NET_RAW))
		return -EPERM;
	/* Capability sets only: the bounding set needs CAP_SETPCAP, which an
	 * ordinary user lacks (libcap-ng would log an error for trying). With
	 * no_new_privs and nothing permitted, inheritable or ambient, what the
	 * bounding set still allows can never be gained back. */
	capng_clear(CAPNG_SELECT_CAPS);
	capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED, CAP_NET_RAW);
	if (capng_apply(CAPNG_SELECT_CAPS))
		return -EPERM;
	return 0;
}

int na_caps_become_user(const char *user)
{
	uid_t uid;
	gid_t gid;
	int err;

	if (geteuid() != 0)
		return 0;
	err = lookup(user, &uid, &gid);
	if (err)
		return err;
	capng_clear(CAPNG_SELECT_CAPS);
	return switch_user(uid, gid);
}

int na_caps_drop_all(void)
{
	/* The bounding set is left as it is (see switch_user). */
	capng_clear(CAPNG_SELECT_CAPS);
	if (capng_apply(CAPNG_SELECT_CAPS))
		return -EPERM;
	/* The ambient set can only shrink from here, but say so explicitly. */
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	return 0;
}
