/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The settings file reader (na_config_load) on real files in a temporary
 * directory: a FIFO and a directory are refused at once with "not a regular
 * file" (the FIFO used to block forever in open, the directory to read as
 * "Input/output error"); a comment may be of any length; a setting has a
 * limit and a message that names it; a read error is reported as what it is;
 * every error leaves a reason in err.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "config.h"

static char dir[256];
static char err[256];

static const char *path_of(const char *name)
{
	static char p[300];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return p;
}

static void write_file(const char *name, const char *text, size_t len)
{
	int fd = open(path_of(name), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0 || write(fd, text, len) != (ssize_t)len) {
		perror(path_of(name));
		exit(1);
	}
	close(fd);
}

static int load(const char *name, struct na_config *c)
{
	na_config_init(c);
	err[0] = '\0';
	return na_config_load(path_of(name), false, c, err, sizeof(err));
}

/* In a child with a deadline: the old reader blocked in open(2) on a FIFO
 * with no writer, forever. Exit 0: refused with the right message. */
static void fifo(void)
{
	struct na_config c;
	int status, rc;
	pid_t pid;

	CHECK(mkfifo(path_of("fifo"), 0644) == 0, "mkfifo: %s", strerror(errno));
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		alarm(5);
		rc = load("fifo", &c);
		if (rc != -EINVAL || !strstr(err, "not a regular file") || !strstr(err, "FIFO")) {
			printf("# FIFO: rc %d, err '%s'\n", rc, err);
			_exit(1);
		}
		_exit(0);
	}
	CHECK(pid > 0, "fork: %s", strerror(errno));
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid");
	CHECK(!WIFSIGNALED(status) || WTERMSIG(status) != SIGALRM, "FIFO: still blocked after 5 s");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "FIFO: refused as 'not a regular file (a FIFO)'");
}

static void directory(void)
{
	struct na_config c;
	int rc;

	CHECK(mkdir(path_of("conf.d"), 0755) == 0, "mkdir: %s", strerror(errno));
	rc = load("conf.d", &c);
	CHECK(rc == -EINVAL, "directory: rc %d", rc);
	CHECK(strstr(err, "not a regular file (a directory)") != NULL, "directory: err '%s'", err);
	CHECK(strstr(err, "Input/output") == NULL, "directory: not an I/O error: '%s'", err);
}

static void character_device(void)
{
	struct na_config c;
	int rc;

	na_config_init(&c);
	rc = na_config_load("/dev/null", false, &c, err, sizeof(err));
	CHECK(rc == -EINVAL && strstr(err, "not a regular file (a character device)"),
	      "/dev/null: rc %d, err '%s'", rc, err);
}

/* A comment of 2,000 bytes, on a line of its own and after a setting; the
 * settings around it still count. The old reader stopped at 511 bytes per
 * line, comment or not: "line too long". */
static void long_comment(void)
{
	char text[4200], *p = text;
	struct na_config c;
	int rc;

	p += sprintf(p, "# ");
	memset(p, 'x', 1998);
	p += 1998;
	p += sprintf(p, "\nskip = eth1 # ");
	memset(p, 'y', 2000);
	p += 2000;
	p += sprintf(p, "\nenabled = no\n");
	write_file("comment.conf", text, (size_t)(p - text));
	rc = load("comment.conf", &c);
	CHECK(rc == 0, "2,000-byte comments: rc %d, err '%s'", rc, err);
	CHECK(c.nskip == 1 && strcmp(c.skip[0], "eth1") == 0, "the setting before the comment");
	CHECK(!c.enabled, "the setting after the comments");
}

/* "skip =" then names of 15 bytes and a shorter last one: exactly len bytes
 * (for the lengths used here the last name has 8 or 9). */
static size_t skip_setting(char *buf, size_t len)
{
	size_t n = (size_t)sprintf(buf, "skip =");

	while (len - n > 16) {
		buf[n++] = ' ';
		memset(buf + n, 'a', 15);
		n += 15;
	}
	buf[n++] = ' ';
	memset(buf + n, 'b', len - n);
	buf[len] = '\0';
	return len;
}

/* A setting may be up to 511 bytes, white space and a comment aside; one
 * byte more is refused with a message that says what the limit is. */
static void long_setting(void)
{
	char text[2000], *p;
	struct na_config c;
	int rc;

	p = text + sprintf(text, "enabled = yes\n   ");
	p += skip_setting(p, 511);
	p += sprintf(p, "   # and a comment after it\n");
	write_file("511.conf", text, (size_t)(p - text));
	rc = load("511.conf", &c);
	CHECK(rc == 0, "511-byte setting: rc %d, err '%s'", rc, err);
	CHECK(c.nskip == 32, "511-byte setting: 32 names, got %zu", c.nskip);

	p = text + sprintf(text, "enabled = yes\n");
	p += skip_setting(p, 512);
	p += sprintf(p, "\n");
	write_file("512.conf", text, (size_t)(p - text));
	rc = load("512.conf", &c);
	CHECK(rc == 2, "512-byte setting: line 2, got %d", rc);
	CHECK(strcmp(err, "setting longer than 511 bytes") == 0, "512-byte setting: err '%s'", err);
}

/* The size limit is about the file, not about its first line. */
static void large_file(void)
{
	static char text[NA_CONFIG_MAX_BYTES + 1];
	struct na_config c;
	int rc;

	memset(text, '#', sizeof(text));
	text[sizeof(text) - 2] = '\n';
	write_file("max.conf", text, NA_CONFIG_MAX_BYTES);
	rc = load("max.conf", &c);
	CHECK(rc == 0, "%d bytes: rc %d, err '%s'", NA_CONFIG_MAX_BYTES, rc, err);
	write_file("big.conf", text, sizeof(text));
	rc = load("big.conf", &c);
	CHECK(rc == -EFBIG && strcmp(err, "larger than 65536 bytes") == 0,
	      "one byte more: rc %d, err '%s'", rc, err);
}

/* A read error is reported as itself. /proc/self/pagemap is a regular file
 * whose read(2) fails with EINVAL for a count that is not a multiple of 8,
 * which the loader's one-more-than-allowed count is; the old reader turned
 * every read error into "Input/output error". */
static void read_error(void)
{
	struct na_config c;
	int rc;

	if (access("/proc/self/pagemap", R_OK)) {
		/* A kernel without CONFIG_PROC_PAGE_MONITOR, or no /proc. */
		printf("# /proc/self/pagemap: %s: read error not checked\n", strerror(errno));
		CHECK(!getenv("CI") || strcmp(getenv("CI"), "true") != 0,
		      "under CI=true the read-error check must run");
		return;
	}
	CHECK((NA_CONFIG_MAX_BYTES + 1) % 8 != 0, "the first read's count is not a multiple of 8");
	na_config_init(&c);
	err[0] = '\0';
	rc = na_config_load("/proc/self/pagemap", false, &c, err, sizeof(err));
	CHECK(rc == -EINVAL && strcmp(err, "read: Invalid argument") == 0,
	      "read error: rc %d, err '%s'", rc, err);
}

static void missing(void)
{
	struct na_config c;
	int rc;

	rc = load("absent.conf", &c);
	CHECK(rc == -ENOENT && strcmp(err, "No such file or directory") == 0,
	      "missing named file: rc %d, err '%s'", rc, err);
	na_config_init(&c);
	rc = na_config_load(path_of("absent.conf"), true, &c, err, sizeof(err));
	CHECK(rc == 0 && c.enabled, "missing default file: rc %d", rc);
}

/* A bad line still gets its number, and the settings stay as they were. */
static void bad_line(void)
{
	const char text[] = "# ok\nenabled = no\nipv6 = sometimes\n";
	struct na_config c;
	int rc;

	write_file("bad.conf", text, sizeof(text) - 1);
	rc = load("bad.conf", &c);
	CHECK(rc == 3 && strstr(err, "ipv6:"), "bad line: rc %d, err '%s'", rc, err);
	CHECK(c.enabled, "bad line: nothing applied");
}

static void cleanup(void)
{
	static const char *const names[] = {"fifo",     "comment.conf", "511.conf", "512.conf",
	                                    "max.conf", "big.conf",     "bad.conf"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		unlink(path_of(names[i]));
	rmdir(path_of("conf.d"));
	rmdir(dir);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/na-config.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	fifo();
	directory();
	character_device();
	long_comment();
	long_setting();
	large_file();
	read_error();
	missing();
	bad_line();
	cleanup();
	return check_done();
}
