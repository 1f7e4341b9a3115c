/* SPDX-License-Identifier: BSD-2-Clause */
#include "nl_attr.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

/* The header of the attribute at p, copied: p need not be aligned. */
static struct nlattr attr_hdr(const void *p)
{
	struct nlattr h;

	memcpy(&h, p, sizeof(h));
	return h;
}

static int check_rule(const struct na_attr_rule *r, const uint8_t *data, size_t len)
{
	switch (r->check) {
	case NA_ATTR_MIN:
		return len >= r->len ? 0 : -EINVAL;
	case NA_ATTR_EXACT:
		return len == r->len ? 0 : -EINVAL;
	case NA_ATTR_STRZ:
		return len >= 1 && len <= r->len && data[len - 1] == '\0' ? 0 : -EINVAL;
	case NA_ATTR_UNUSED:
		break;
	}
	return 0;
}

int na_attr_parse(const void *buf, size_t len, const struct na_attr_rule *rules, size_t ntypes,
                  const struct nlattr **tb)
{
	const uint8_t *p = buf;
	size_t left = len;

	memset(tb, 0, ntypes * sizeof(*tb));
	while (left > 0) {
		struct nlattr h;
		size_t type, step;

		if (left < NLA_HDRLEN)
			return -EINVAL;
		h = attr_hdr(p);
		if (h.nla_len < NLA_HDRLEN || h.nla_len > left)
			return -EINVAL;
		/* The padding must be there too: libmnl's walk, which this
		 * replaces, read up to 3 bytes past an unaligned end. */
		step = NLA_ALIGN((size_t)h.nla_len);
		if (step > left)
			return -EINVAL;
		type = h.nla_type & NLA_TYPE_MASK;
		if (type < ntypes && rules[type].check != NA_ATTR_UNUSED) {
			if (check_rule(&rules[type], p + NLA_HDRLEN, h.nla_len - NLA_HDRLEN))
				return -EINVAL;
			tb[type] = (const struct nlattr *)(const void *)p;
		}
		p += step;
		left -= step;
	}
	return 0;
}

int na_attr_parse_msg(const struct nlmsghdr *nlh, void *hdr, size_t hdrlen,
                      const struct na_attr_rule *rules, size_t ntypes, const struct nlattr **tb)
{
	const uint8_t *msg = (const uint8_t *)nlh;
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(hdrlen);
	struct nlmsghdr h;

	memcpy(&h, msg, sizeof(h));
	if (h.nlmsg_len < off)
		return -EINVAL;
	memcpy(hdr, msg + NLMSG_HDRLEN, hdrlen);
	return na_attr_parse(msg + off, h.nlmsg_len - off, rules, ntypes, tb);
}

const void *na_attr_data(const struct nlattr *a)
{
	return (const uint8_t *)a + NLA_HDRLEN;
}

size_t na_attr_len(const struct nlattr *a)
{
	return attr_hdr(a).nla_len - NLA_HDRLEN;
}

uint32_t na_attr_u32(const struct nlattr *a)
{
	uint32_t v;

	memcpy(&v, na_attr_data(a), sizeof(v));
	return v;
}

int na_attr_ip(const struct nlattr *a, int family, struct na_ip *ip)
{
	size_t len = na_attr_len(a);
	struct na_ip r;

	memset(&r, 0, sizeof(r));
	if (family == AF_INET && len == sizeof(r.v4))
		memcpy(&r.v4, na_attr_data(a), sizeof(r.v4));
	else if (family == AF_INET6 && len == sizeof(r.v6))
		memcpy(&r.v6, na_attr_data(a), sizeof(r.v6));
	else
		return -EINVAL;
	r.family = family;
	*ip = r;
	return 0;
}
