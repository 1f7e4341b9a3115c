/* SPDX-License-Identifier: BSD-2-Clause */
#include "nl.h" /* first: net/if.h before the linux/ headers */

#include <errno.h>
#include <fcntl.h>
#include <linux/if_addr.h>
#include <linux/if_arp.h>
#include <linux/ipv6.h> /* DEVCONF_* */
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "nl_attr.h"

/* What the parsers read of a link and of an address message, and how long
 * each attribute must be (nl_attr.h). */
#define LINK_ATTRS (IFLA_AF_SPEC + 1)
static const struct na_attr_rule link_rules[LINK_ATTRS] = {
        /* Any length: tunnels have 4- or 16-byte addresses, and only a
         * 6-byte one is a MAC that we use. */
        [IFLA_ADDRESS] = {NA_ATTR_MIN, 0},
        [IFLA_IFNAME] = {NA_ATTR_STRZ, IF_NAMESIZE},
        [IFLA_AF_SPEC] = {NA_ATTR_MIN, 0},
};

/*
 * IFLA_AF_SPEC nests an attribute per address family; IPv6's (AF_INET6)
 * nests IFLA_INET6_CONF, the interface's settings as s32 values indexed by
 * DEVCONF_* (linux/ipv6.h), the same ones /proc/sys/net/ipv6/conf/NAME/
 * shows: DEVCONF_FORWARDING is its "forwarding". The kernel puts it in every
 * RTM_NEWLINK of an interface with IPv6, so the link the check reads anyway
 * tells the R flag without opening that file (issue 13: it was two procfs
 * reads before the first NA).
 */
static const struct na_attr_rule af_rules[AF_INET6 + 1] = {
        [AF_INET6] = {NA_ATTR_MIN, 0},
};
static const struct na_attr_rule inet6_rules[IFLA_INET6_CONF + 1] = {
        [IFLA_INET6_CONF] = {NA_ATTR_MIN, 4 * (DEVCONF_FORWARDING + 1)},
};

static signed char link_router(const struct nlattr *spec)
{
	const struct nlattr *af[AF_INET6 + 1], *in6[IFLA_INET6_CONF + 1];
	int32_t fwd;

	if (!spec ||
	    na_attr_parse(na_attr_data(spec), na_attr_len(spec), af_rules, AF_INET6 + 1, af) ||
	    !af[AF_INET6] ||
	    na_attr_parse(na_attr_data(af[AF_INET6]), na_attr_len(af[AF_INET6]), inet6_rules,
	                  IFLA_INET6_CONF + 1, in6) ||
	    !in6[IFLA_INET6_CONF])
		return -1;
	memcpy(&fwd, (const char *)na_attr_data(in6[IFLA_INET6_CONF]) + 4 * DEVCONF_FORWARDING,
	       sizeof(fwd));
	return fwd != 0;
}

#define ADDR_ATTRS (IFA_FLAGS + 1)
static const struct na_attr_rule addr_rules[ADDR_ATTRS] = {
        /* At least an IPv4 address; na_attr_ip checks the family's length. */
        [IFA_ADDRESS] = {NA_ATTR_MIN, 4},
        [IFA_LOCAL] = {NA_ATTR_MIN, 4},
        [IFA_FLAGS] = {NA_ATTR_EXACT, 4},
};

int na_nl_parse_link(const struct nlmsghdr *nlh, struct na_link *out)
{
	const struct nlattr *tb[LINK_ATTRS], *a;
	struct ifinfomsg ifi;
	struct na_link l;

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    na_attr_parse_msg(nlh, &ifi, sizeof(ifi), link_rules, LINK_ATTRS, tb) ||
	    !tb[IFLA_IFNAME])
		return -EINVAL;
	memset(&l, 0, sizeof(l));
	l.ifindex = ifi.ifi_index;
	l.flags = ifi.ifi_flags;
	l.type = ifi.ifi_type;
	/* At most IF_NAMESIZE bytes, NUL included (the rule). */
	memcpy(l.name, na_attr_data(tb[IFLA_IFNAME]), na_attr_len(tb[IFLA_IFNAME]));
	a = tb[IFLA_ADDRESS];
	if (a && na_attr_len(a) == NA_MAC_LEN) {
		memcpy(l.mac, na_attr_data(a), NA_MAC_LEN);
		l.has_mac = true;
	}
	l.router = link_router(tb[IFLA_AF_SPEC]);
	*out = l;
	return 0;
}

int na_nl_parse_addr(const struct nlmsghdr *nlh, struct na_addr *out)
{
	const struct nlattr *tb[ADDR_ATTRS], *a;
	struct ifaddrmsg ifa;
	struct na_addr r;

	if ((nlh->nlmsg_type != RTM_NEWADDR && nlh->nlmsg_type != RTM_DELADDR) ||
	    na_attr_parse_msg(nlh, &ifa, sizeof(ifa), addr_rules, ADDR_ATTRS, tb))
		return -EINVAL;
	memset(&r, 0, sizeof(r));
	r.ifindex = (int)ifa.ifa_index;
	r.prefix = ifa.ifa_prefixlen;
	r.scope = ifa.ifa_scope;
	r.flags = ifa.ifa_flags;
	if (tb[IFA_FLAGS]) /* all 32 bits; ifa_flags holds only the low 8 */
		r.flags = na_attr_u32(tb[IFA_FLAGS]);
	/* IFA_LOCAL is our own address on every link type; IFA_ADDRESS is the
	 * peer's on point-to-point links. Prefer IFA_LOCAL. */
	a = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (!a || na_attr_ip(a, ifa.ifa_family, &r.ip))
		return -EINVAL;
	*out = r;
	return 0;
}

bool na_addr_usable(const struct na_addr *a)
{
	if (a->ip.family == AF_INET)
		return true;
	if (a->flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED | IFA_F_DEPRECATED))
		return false;
	return a->scope == RT_SCOPE_UNIVERSE || a->scope == RT_SCOPE_LINK;
}

bool na_link_has_neigh(const struct na_link *l)
{
	return l->type == ARPHRD_ETHER && l->has_mac &&
	       !(l->flags & (IFF_LOOPBACK | IFF_POINTOPOINT | IFF_NOARP));
}

/* One request, then read until NLMSG_DONE (dump) or the ACK/answer. */
struct nl_req {
	na_addr_cb addr_cb;
	void *data;
	struct na_link *link;
	int ifindex;
	int stop;
};

static int data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl_req *r = data;
	struct na_addr a;

	/* A link answer we cannot read is the kernel's fault, not the
	 * caller's argument: EIO. */
	if (r->link)
		return na_nl_parse_link(nlh, r->link) ? -EIO : NA_NL_STOP;
	if (na_nl_parse_addr(nlh, &a))
		return NA_NL_OK; /* skip what we cannot read, keep the rest */
	if (r->ifindex && a.ifindex != r->ifindex)
		return NA_NL_OK;
	r->stop = r->addr_cb(&a, r->data);
	return r->stop ? NA_NL_STOP : NA_NL_OK;
}

/*
 * The kernel sizes each dump chunk after the largest buffer recvmsg() was
 * given, up to 32 KiB, and resumes an address dump by walking the interface's
 * list from the start: with an 8 KiB buffer (libmnl's default), 10,000 IPv6
 * addresses cost ~180 chunks and a quadratic walk. 32 KiB makes it a quarter
 * of that.
 */
#define NA_NL_RECV_BUF 32768

/*
 * The socket na_nl_hold() keeps for the requests up to na_nl_release(), and
 * the process that opened it: a child (the detached process closes every
 * descriptor it does not keep, so the number may be another file's by then)
 * never uses its parent's.
 */
struct nl_held {
	int fd;
	pid_t pid;
	unsigned holds;
	uint32_t seq;
};
static struct nl_held held = {.fd = -1};

static int nl_open(void)
{
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	if (fd < 0)
		return -errno;
	/* nl_pid 0: the kernel picks our port id. */
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

void na_nl_hold(void)
{
	if (held.fd >= 0 && held.pid != getpid())
		held = (struct nl_held){.fd = -1};
	held.holds++;
}

void na_nl_release(void)
{
	if (held.holds && --held.holds == 0 && held.fd >= 0) {
		if (held.pid == getpid())
			close(held.fd);
		held.fd = -1;
	}
}

/* One answer's worth of messages in buf: 1 when it is complete (NLMSG_DONE,
 * the ACK or error, fn's NA_NL_STOP, a plain request's one answer), 0 to
 * read on, or a negative errno. */
static int run_msgs(const void *buf, size_t len, const struct nlmsghdr *req, na_nl_msg_fn fn,
                    void *data, bool *intr, bool *early)
{
	bool dump = req->nlmsg_flags & NLM_F_DUMP, ack = req->nlmsg_flags & NLM_F_ACK;
	uint32_t seq = req->nlmsg_seq;
	const struct nlmsghdr *m = buf;
	const struct nlmsgerr *e;
	size_t left = len, step;
	int ret;

	/* NLMSG_OK and NLMSG_NEXT spelled out on a size_t: the macros compare
	 * the unsigned nlmsg_len with an int (clang's -Wsign-compare). */
	for (; left >= sizeof(*m) && m->nlmsg_len >= sizeof(*m) && m->nlmsg_len <= left;
	     left -= step, m = (const struct nlmsghdr *)((const char *)m + step)) {
		step = NLMSG_ALIGN(m->nlmsg_len);
		if (step > left)
			step = left; /* the last message, unpadded: the loop ends */
		/* An answer to an earlier request that was not read to its
		 * end cannot be here (its socket was closed), but skip any. */
		if (m->nlmsg_seq != seq)
			continue;
		if (m->nlmsg_flags & NLM_F_DUMP_INTR)
			*intr = true; /* read on to the end all the same */
		switch (m->nlmsg_type) {
		case NLMSG_NOOP:
		case NLMSG_OVERRUN:
			continue;
		case NLMSG_DONE:
			return 1;
		case NLMSG_ERROR:
			if (m->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
				return -EIO;
			e = NLMSG_DATA(m);
			/* error 0 is an ACK; else -errno (netlink(7)). */
			return e->error > 0 || e->error < -4095 ? -EIO : e->error ? e->error : 1;
		}
		if (m->nlmsg_type < NLMSG_MIN_TYPE)
			continue;
		ret = fn(m, data);
		if (ret < 0)
			return ret;
		if (ret == NA_NL_STOP) {
			*early = dump || ack; /* its DONE or ACK still to come */
			return 1;
		}
		if (!dump && !ack)
			return 1; /* a plain request's answer is one message */
	}
	return 0;
}

/* The kernel's strict checking of this socket's requests on or off. */
static int set_strict(int fd, int on)
{
	return setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &on, sizeof(on)) < 0 ? -errno
	                                                                                : 0;
}

static int request_into(char *buf, struct nlmsghdr *nlh, na_nl_msg_fn fn, void *data, bool strict)
{
	bool intr = false, early = false;
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
	struct iovec iov = {.iov_base = buf, .iov_len = NA_NL_RECV_BUF};
	struct msghdr mh = {
	        .msg_name = &sa, .msg_namelen = sizeof(sa), .msg_iov = &iov, .msg_iovlen = 1};
	bool keep = held.holds && (held.fd < 0 || held.pid == getpid());
	int fd, err = 0;
	ssize_t n;

	if (keep && held.fd >= 0) {
		fd = held.fd;
	} else {
		fd = nl_open();
		if (fd < 0)
			return fd;
		if (!held.seq) {
			/* The seconds of time(NULL), from clock_gettime, which the
			 * program calls anyway: time() is an IFUNC, whose resolver
			 * (and its vDSO lookup) BIND_NOW runs at start-up. */
			struct timespec ts;

			clock_gettime(CLOCK_REALTIME, &ts);
			held.seq = (uint32_t)ts.tv_sec;
		}
	}
	if (strict && (err = set_strict(fd, 1)) != 0) {
		/* Nothing asked yet: a held socket is still clean. */
		if (keep) {
			held.fd = fd;
			held.pid = getpid();
		} else {
			close(fd);
		}
		return err;
	}
	nlh->nlmsg_seq = ++held.seq;
	if (sendto(fd, nlh, nlh->nlmsg_len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		err = -errno;
		goto out;
	}
	do {
		n = recvmsg(fd, &mh, 0);
		if (n < 0) {
			err = -errno;
			break;
		}
		/* Only the kernel (port 0) answers; a message cut short is
		 * nothing we can read. */
		if (sa.nl_pid != 0)
			continue;
		if (mh.msg_flags & MSG_TRUNC || n == 0) {
			err = -EIO;
			break;
		}
		err = run_msgs(buf, (size_t)n, nlh, fn, data, &intr, &early);
	} while (err == 0);
	if (err > 0)
		err = 0;
out:
	/* A held socket stays open only between complete answers: what is
	 * left of a dump stopped half way, or of a failed read, must not be
	 * read as the next request's answer. */
	/* Strict checking off again before anything else is asked on it:
	 * other requests are not made for it (an RTM_GETNEIGH dump with
	 * ndm_ifindex set is refused). */
	if (strict && set_strict(fd, 0))
		early = true; /* cannot: not kept */
	if (keep && !err && !early) {
		held.fd = fd;
		held.pid = getpid();
	} else {
		close(fd);
		if (keep)
			held.fd = -1;
	}
	return err ? err : intr ? -EINTR : 0;
}

/* A request made from another's callback (the watcher's link dump can start
 * an address dump) reads into a buffer of its own on the stack. Kept out of
 * line: with stack clash protection a frame this big is probed page by page,
 * all 32 KiB made resident however short the answer. */
static __attribute__((noinline)) int request_nested(struct nlmsghdr *nlh, na_nl_msg_fn fn,
                                                    void *data, bool strict)
{
	char buf[NA_NL_RECV_BUF] __attribute__((aligned(NLMSG_ALIGNTO)));

	return request_into(buf, nlh, fn, data, strict);
}

static int request(struct nlmsghdr *nlh, na_nl_msg_fn fn, void *data, bool strict)
{
	/* In .bss: only the pages an answer fills become resident (one for
	 * the few messages of an interface's link and addresses). */
	static char buf[NA_NL_RECV_BUF] __attribute__((aligned(NLMSG_ALIGNTO)));
	static bool busy;
	int err;

	if (busy)
		return request_nested(nlh, fn, data, strict);
	busy = true;
	err = request_into(buf, nlh, fn, data, strict);
	busy = false;
	return err;
}

int na_nl_request(struct nlmsghdr *nlh, na_nl_msg_fn fn, void *data)
{
	return request(nlh, fn, data, false);
}

int na_nl_request_strict(struct nlmsghdr *nlh, na_nl_msg_fn fn, void *data)
{
	return request(nlh, fn, data, true);
}

static int nl_talk(struct nlmsghdr *nlh, struct nl_req *req)
{
	int err = na_nl_request(nlh, data_cb, req);

	return req->addr_cb && req->stop ? req->stop : err;
}

int na_nl_get_link(int ifindex, const char *name, struct na_link *out)
{
	struct {
		struct nlmsghdr nlh;
		struct ifinfomsg ifi;
		struct nlattr a;
		char name[IF_NAMESIZE];
	} m = {
	        .nlh = {.nlmsg_len = NLMSG_LENGTH(sizeof(m.ifi)),
	                .nlmsg_type = RTM_GETLINK,
	                .nlmsg_flags = NLM_F_REQUEST},
	        .ifi = {.ifi_family = AF_UNSPEC, .ifi_index = ifindex},
	};
	struct nl_req req = {.link = out};
	size_t n = name && !ifindex ? strlen(name) + 1 : 0;
	int err;

	/* By name: IFLA_IFNAME, NUL included, the padding zero. */
	if (n > IF_NAMESIZE)
		return -ENODEV;
	if (n) {
		m.a.nla_type = IFLA_IFNAME;
		m.a.nla_len = (uint16_t)(NLA_HDRLEN + n);
		memcpy(m.name, name, n);
		m.nlh.nlmsg_len += NLA_ALIGN(m.a.nla_len);
	}
	err = nl_talk(&m.nlh, &req);
	return err == -ENODEV || err == -ENXIO ? -ENODEV : err;
}

int na_nl_dump_addrs(int ifindex, na_addr_cb cb, void *data)
{
	/* Kernels with strict checking filter by ifa_index; older ones ignore it
	 * and data_cb filters. */
	struct {
		struct nlmsghdr nlh;
		struct ifaddrmsg ifa;
	} m = {
	        .nlh = {.nlmsg_len = sizeof(m),
	                .nlmsg_type = RTM_GETADDR,
	                .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP},
	        .ifa = {.ifa_family = AF_UNSPEC, .ifa_index = (unsigned)ifindex},
	};
	struct nl_req req = {.addr_cb = cb, .data = data, .ifindex = ifindex};

	return nl_talk(&m.nlh, &req);
}
