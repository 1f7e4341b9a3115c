/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "nl_neigh.h"

void na_config_init(struct na_config *c)
{
	memset(c, 0, sizeof(*c));
	c->enabled = true;
}

static int kind(const char *s, const char *a, unsigned abit, const char *b, unsigned bbit,
                unsigned *out)
{
	if (strcmp(s, a) == 0)
		*out = abit;
	else if (strcmp(s, b) == 0)
		*out = bbit;
	else if (strcmp(s, "both") == 0)
		*out = abit | bbit;
	else if (strcmp(s, "none") == 0)
		*out = 0;
	else
		return -EINVAL;
	return 0;
}

int na_parse_v4_kind(const char *s, unsigned *out)
{
	return kind(s, "request", NA_V4_REQUEST, "reply", NA_V4_REPLY, out);
}

int na_parse_v6_kind(const char *s, unsigned *out)
{
	return kind(s, "na", NA_V6_NA, "dad", NA_V6_DAD, out);
}

int na_parse_rate(const char *s, unsigned *out)
{
	return na_parse_uint(s, 0, NA_RATE_MAX, out) ? -EINVAL : 0;
}

int na_parse_arp_target(const char *s, bool *bcast)
{
	if (strcmp(s, "zero") == 0)
		*bcast = false;
	else if (strcmp(s, "broadcast") == 0)
		*bcast = true;
	else
		return -EINVAL;
	return 0;
}

int na_parse_refresh(const char *s, unsigned *out)
{
	return na_parse_uint(s, 0, NA_REFRESH_MAX, out) ? -EINVAL : 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int bad(char *err, size_t errlen, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static int bad(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int set_skip(struct na_config *c, const char *v, char *err, size_t errlen)
{
	size_t n;

	while (*v) {
		while (is_space(*v))
			v++;
		if (!*v)
			break;
		for (n = 0; v[n] && !is_space(v[n]); n++)
			;
		if (na_parse_ifname(v, n, NULL))
			return bad(err, errlen, "skip: bad interface name: want " NA_IFNAME_WANT);
		if (c->nskip == NA_CONFIG_MAX_SKIP)
			return bad(err, errlen, "skip: more than %d interfaces",
			           NA_CONFIG_MAX_SKIP);
		memcpy(c->skip[c->nskip], v, n);
		c->skip[c->nskip++][n] = '\0';
		v += n;
	}
	return 0;
}

static int apply(struct na_config *c, const char *key, const char *v, char *err, size_t errlen)
{
	size_t n;

	if (strcmp(key, "enabled") == 0) {
		if (strcmp(v, "yes") == 0)
			c->enabled = true;
		else if (strcmp(v, "no") == 0)
			c->enabled = false;
		else
			return bad(err, errlen, "enabled: want yes or no");
	} else if (strcmp(key, "skip") == 0) {
		return set_skip(c, v, err, errlen);
	} else if (strcmp(key, "schedule") == 0) {
		if (na_parse_schedule(v, &c->sched))
			return bad(err, errlen,
			           "schedule: want increasing offsets in seconds, "
			           "e.g. 0,2,10");
		c->has_schedule = true;
	} else if (strcmp(key, "ipv4") == 0) {
		if (na_parse_v4_kind(v, &c->v4))
			return bad(err, errlen, "ipv4: want request, reply, both or none");
		c->has_v4 = true;
	} else if (strcmp(key, "ipv6") == 0) {
		if (na_parse_v6_kind(v, &c->v6))
			return bad(err, errlen, "ipv6: want na, dad, both or none");
		c->has_v6 = true;
	} else if (strcmp(key, "user") == 0) {
		n = strlen(v);
		if (n == 0 || n > NA_CONFIG_USER_MAX || strchr(v, ' ') || strchr(v, '\t'))
			return bad(err, errlen, "user: want a user name");
		memcpy(c->user, v, n + 1);
		c->has_user = true;
	} else if (strcmp(key, "notify") == 0) {
		enum na_notify m;

		if (na_parse_notify(v, &m))
			return bad(err, errlen, "notify: want gateways, neighbours or none");
		c->notify = (int)m;
		c->has_notify = true;
	} else if (strcmp(key, "rate") == 0) {
		if (na_parse_rate(v, &c->rate))
			return bad(err, errlen, "rate: want frames per second, 0 to 100000");
		c->has_rate = true;
	} else if (strcmp(key, "arp-target-mac") == 0) {
		if (na_parse_arp_target(v, &c->arp_bcast))
			return bad(err, errlen, "arp-target-mac: want zero or broadcast");
		c->has_arp_bcast = true;
	} else if (strcmp(key, "refresh") == 0) {
		if (na_parse_refresh(v, &c->refresh))
			return bad(err, errlen, "refresh: want seconds, 0 to 86400");
		c->has_refresh = true;
	} else {
		return bad(err, errlen, "unknown setting");
	}
	return 0;
}

int na_config_parse(const char *text, size_t len, struct na_config *out, char *err, size_t errlen)
{
	struct na_config c = *out;
	char line[512], *key, *eq, *v, *end;
	const char *s, *hash, *e;
	size_t pos = 0, n;
	int lineno = 0;

	while (pos < len) {
		lineno++;
		s = text + pos;
		for (n = 0; pos + n < len && s[n] != '\n'; n++)
			;
		pos += n + 1;
		if (memchr(s, '\0', n)) {
			bad(err, errlen, "NUL byte");
			return lineno;
		}
		/* Only the setting before a '#' is copied: a comment may be of any
		 * length, a setting must fit the buffer. */
		hash = memchr(s, '#', n);
		e = hash ? hash : s + n;
		while (s < e && is_space(*s))
			s++;
		while (e > s && is_space(e[-1]))
			e--;
		if (s == e)
			continue;
		if ((size_t)(e - s) >= sizeof(line)) {
			bad(err, errlen, "setting longer than %zu bytes", sizeof(line) - 1);
			return lineno;
		}
		memcpy(line, s, (size_t)(e - s));
		line[e - s] = '\0';
		key = line;
		eq = strchr(key, '=');
		if (!eq) {
			bad(err, errlen, "want 'key = value'");
			return lineno;
		}
		for (end = eq; end > key && is_space(end[-1]); end--)
			;
		*end = '\0';
		v = eq + 1;
		while (is_space(*v))
			v++;
		if (apply(&c, key, v, err, errlen))
			return lineno;
	}
	*out = c;
	return 0;
}

static const char *file_kind(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	return "of an unknown type";
}

/* -e, and strerror(e) in err: an open, fstat or read error as it is. */
static int sys_err(char *err, size_t errlen, const char *what, int e)
{
	if (what)
		bad(err, errlen, "%s: %s", what, strerror(e));
	else
		bad(err, errlen, "%s", strerror(e));
	return -e;
}

int na_config_load(const char *path, bool missing_ok, struct na_config *c, char *err, size_t errlen)
{
	static char buf[NA_CONFIG_MAX_BYTES + 1];
	struct stat st;
	ssize_t n;
	size_t got = 0;
	int fd, e;

	/* O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused
	 * below); on a regular file the flag changes nothing. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT && missing_ok)
			return 0;
		return sys_err(err, errlen, NULL, errno);
	}
	if (fstat(fd, &st)) {
		e = errno;
		close(fd);
		return sys_err(err, errlen, "fstat", e);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		bad(err, errlen, "not a regular file (%s)", file_kind(st.st_mode));
		return -EINVAL;
	}
	/* One byte more than allowed, to see that the file is too large. */
	while (got < sizeof(buf)) {
		n = read(fd, buf + got, sizeof(buf) - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			e = errno;
			close(fd);
			return sys_err(err, errlen, "read", e);
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got > NA_CONFIG_MAX_BYTES) {
		bad(err, errlen, "larger than %d bytes", NA_CONFIG_MAX_BYTES);
		return -EFBIG;
	}
	return na_config_parse(buf, got, c, err, errlen);
}

bool na_config_skips(const struct na_config *c, const char *ifname)
{
	size_t i;

	if (!c->enabled)
		return true;
	/* "skip = eth0" covers its aliases (eth0:1) too; "skip = eth0:1"
	 * that alias only. */
	for (i = 0; i < c->nskip; i++)
		if (strcmp(c->skip[i], ifname) == 0 || na_ifname_on_dev(ifname, c->skip[i]))
			return true;
	return false;
}
