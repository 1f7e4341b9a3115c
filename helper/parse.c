/* SPDX-License-Identifier: BSD-2-Clause */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "parse.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* n bytes of a device name, or of an alias's label: what dev_valid_name
 * takes, less the control bytes it lets through (ESC, DEL), which have no
 * place in a name that messages will carry. */
static bool name_part_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
		return false;
	for (i = 0; i < n; i++)
		if (s[i] == '/' || s[i] == ':' || (unsigned char)s[i] <= ' ' ||
		    (unsigned char)s[i] == 0x7f)
			return false;
	return true;
}

int na_parse_ifname(const char *s, size_t n, char dev[IF_NAMESIZE])
{
	const char *colon = memchr(s, ':', n);
	size_t devlen = colon ? (size_t)(colon - s) : n;

	if (n >= IF_NAMESIZE || !name_part_ok(s, devlen))
		return -EINVAL;
	if (colon && !name_part_ok(colon + 1, n - devlen - 1))
		return -EINVAL;
	if (dev) {
		memcpy(dev, s, devlen);
		dev[devlen] = '\0';
	}
	return 0;
}

bool na_ifname_on_dev(const char *name, const char *dev)
{
	size_t devlen = strcspn(name, ":");

	return strlen(dev) == devlen && strncmp(name, dev, devlen) == 0;
}

int na_parse_uint(const char *s, unsigned min, unsigned max, unsigned *out)
{
	unsigned long v = 0;

	if (!s || !*s)
		return -EINVAL;
	if (s[0] == '0' && s[1]) /* no leading zeros: "024" is not a number here */
		return -EINVAL;
	for (; *s; s++) {
		if (!is_digit(*s))
			return -EINVAL;
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > max)
			return -EINVAL;
	}
	if (v < min)
		return -EINVAL;
	*out = (unsigned)v;
	return 0;
}

static int usable_v4(struct in_addr a)
{
	uint32_t h = ntohl(a.s_addr);

	/* 0/8 "this network", 127/8 loopback, 224/4 multicast and 240/4
	 * reserved including 255.255.255.255 (RFC 6890): never ours to announce. */
	return (h >> 24) != 0 && (h >> 24) != 127 && (h >> 28) < 14;
}

static int usable_v6(const struct in6_addr *a)
{
	return !IN6_IS_ADDR_UNSPECIFIED(a) && !IN6_IS_ADDR_LOOPBACK(a) &&
	       !IN6_IS_ADDR_MULTICAST(a) && !IN6_IS_ADDR_V4MAPPED(a);
}

bool na_ip_announceable(const struct na_ip *ip)
{
	if (ip->family == AF_INET)
		return usable_v4(ip->v4);
	if (ip->family == AF_INET6)
		return usable_v6(&ip->v6);
	return false;
}

int na_ip_cmp(const struct na_ip *a, const struct na_ip *b)
{
	if (a->family != b->family)
		return a->family == AF_INET ? -1 : 1;
	if (a->family == AF_INET)
		return memcmp(&a->v4, &b->v4, sizeof(a->v4));
	return memcmp(&a->v6, &b->v6, sizeof(a->v6));
}

/*
 * inet_pton(3)'s two forms, by glibc's rules: dotted quad only (four decimal
 * numbers up to 255, no leading zero), and for IPv6 groups of one to four hex
 * digits, one "::" (not standing for nothing), a dotted quad as the last 32
 * bits. Here because glibc's inet_pton lies in a 64 KiB window of libc's text
 * that an announcement needs for nothing else (issue 13: fault-around maps
 * whole windows). tests/unit/test_parse.c compares the two.
 */
static bool pton4(const char *s, const char *end, uint8_t out[4])
{
	unsigned v = 0;
	size_t octets = 0, digits = 0;

	for (; s < end; s++) {
		if (is_digit(*s)) {
			if (digits && v == 0)
				return false; /* a leading zero */
			v = v * 10 + (unsigned)(*s - '0');
			if (v > 255)
				return false;
			if (!digits++ && ++octets > 4)
				return false;
			out[octets - 1] = (uint8_t)v;
		} else if (*s == '.' && digits && octets < 4) {
			v = 0;
			digits = 0;
		} else {
			return false;
		}
	}
	return octets == 4 && digits;
}

static bool pton6(const char *s, const char *end, uint8_t out[16])
{
	uint8_t a[16] = {0};
	size_t n = 0, gap = 0, digits = 0, i;
	const char *group = s;
	bool has_gap = false;
	unsigned v = 0;
	int h;

	if (s == end)
		return false;
	if (*s == ':' && (++s == end || *s != ':'))
		return false; /* one leading colon */
	for (; s < end; s++) {
		h = hexval(*s);
		if (h >= 0) {
			if (digits++ == 4)
				return false;
			v = v << 4 | (unsigned)h;
			continue;
		}
		if (*s == ':') {
			group = s + 1;
			if (!digits) {
				if (has_gap)
					return false; /* a second "::" */
				has_gap = true;
				gap = n;
				continue;
			}
			if (group == end || n + 2 > 16)
				return false; /* a trailing colon, or too many groups */
			a[n++] = (uint8_t)(v >> 8);
			a[n++] = (uint8_t)v;
			digits = 0;
			v = 0;
			continue;
		}
		/* The dotted quad, from the start of this group to the end. */
		if (*s != '.' || n + 4 > 16 || !pton4(group, end, a + n))
			return false;
		n += 4;
		digits = 0;
		break;
	}
	if (digits) {
		if (n + 2 > 16)
			return false;
		a[n++] = (uint8_t)(v >> 8);
		a[n++] = (uint8_t)v;
	}
	if (has_gap) {
		if (n == 16)
			return false; /* "::" would stand for no group */
		/* What followed the "::" moves to the end, zeros in between. */
		for (i = n; i-- > gap;) {
			a[16 - n + i] = a[i];
			a[i] = 0;
		}
		n = 16;
	}
	if (n != 16)
		return false;
	memcpy(out, a, 16);
	return true;
}

int na_parse_ip(const char *s, struct na_ip *out)
{
	char buf[INET6_ADDRSTRLEN];
	const char *slash;
	size_t n;
	unsigned prefix;
	struct na_ip ip;

	if (!s)
		return -EINVAL;
	slash = strchr(s, '/');
	n = slash ? (size_t)(slash - s) : strlen(s);
	if (n == 0 || n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	memset(&ip, 0, sizeof(ip));
	if (memchr(buf, ':', n)) {
		ip.family = AF_INET6;
		if (!pton6(buf, buf + n, ip.v6.s6_addr))
			return -EINVAL;
	} else {
		ip.family = AF_INET;
		/* As inet_pton: only the dotted-quad form, no "1", no octal. */
		if (!pton4(buf, buf + n, (uint8_t *)&ip.v4))
			return -EINVAL;
	}
	if (!na_ip_announceable(&ip))
		return -EINVAL;
	if (slash && na_parse_uint(slash + 1, 0, ip.family == AF_INET ? 32 : 128, &prefix))
		return -EINVAL;
	*out = ip;
	return 0;
}

int na_parse_mac(const char *s, uint8_t mac[NA_MAC_LEN])
{
	uint8_t m[NA_MAC_LEN];
	int i, hi, lo;

	if (!s || strlen(s) != 17)
		return -EINVAL;
	for (i = 0; i < NA_MAC_LEN; i++) {
		hi = hexval(s[3 * i]);
		lo = hexval(s[3 * i + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		if (i < NA_MAC_LEN - 1 && s[3 * i + 2] != ':' && s[3 * i + 2] != '-')
			return -EINVAL;
		m[i] = (uint8_t)(hi << 4 | lo);
	}
	if (m[0] & 1) /* group bit: a multicast source MAC is never valid */
		return -EINVAL;
	if (!(m[0] | m[1] | m[2] | m[3] | m[4] | m[5]))
		return -EINVAL;
	memcpy(mac, m, NA_MAC_LEN);
	return 0;
}

int na_parse_nonce(const char *s, uint8_t nonce[NA_NONCE_LEN])
{
	uint8_t n[NA_NONCE_LEN];
	int i, hi, lo;

	if (!s || strlen(s) != 2 * NA_NONCE_LEN)
		return -EINVAL;
	for (i = 0; i < NA_NONCE_LEN; i++) {
		hi = hexval(s[2 * i]);
		lo = hexval(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		n[i] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(nonce, n, NA_NONCE_LEN);
	return 0;
}

/* "12" or "1.5" or "0.25" (up to 3 decimals) -> milliseconds. */
static int parse_seconds(const char *s, size_t len, uint32_t *ms)
{
	uint64_t whole = 0, frac = 0;
	size_t i = 0, decimals = 0;

	if (len == 0 || !is_digit(s[0]))
		return -EINVAL;
	for (; i < len && is_digit(s[i]); i++) {
		whole = whole * 10 + (uint64_t)(s[i] - '0');
		if (whole > NA_SCHED_MAX_MS / 1000)
			return -EINVAL;
	}
	if (i < len) {
		if (s[i++] != '.' || i == len)
			return -EINVAL;
		for (; i < len; i++, decimals++) {
			if (!is_digit(s[i]) || decimals == 3)
				return -EINVAL;
			frac = frac * 10 + (uint64_t)(s[i] - '0');
		}
		while (decimals++ < 3)
			frac *= 10;
	}
	if (whole * 1000 + frac > NA_SCHED_MAX_MS)
		return -EINVAL;
	*ms = (uint32_t)(whole * 1000 + frac);
	return 0;
}

int na_parse_schedule(const char *s, struct na_schedule *out)
{
	struct na_schedule sch = {0};
	const char *p = s, *comma;
	size_t len;

	if (!s || !*s)
		return -EINVAL;
	for (;;) {
		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		if (sch.n == NA_SCHED_MAX)
			return -EINVAL;
		if (parse_seconds(p, len, &sch.at_ms[sch.n]))
			return -EINVAL;
		if (sch.n > 0 && sch.at_ms[sch.n] <= sch.at_ms[sch.n - 1])
			return -EINVAL;
		sch.n++;
		if (!comma)
			break;
		p = comma + 1;
	}
	*out = sch;
	return 0;
}
