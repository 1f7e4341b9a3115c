/* SPDX-License-Identifier: BSD-2-Clause */
#include "nl.h" /* first: net/if.h before the linux/ headers */

#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/if_arp.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "nl_attr.h"

/* What the parsers read of a link and of an address message, and how long
 * each attribute must be (nl_attr.h). */
#define LINK_ATTRS (IFLA_IFNAME + 1)
static const struct na_attr_rule link_rules[LINK_ATTRS] = {
        /* Any length: tunnels have 4- or 16-byte addresses, and only a
         * 6-byte one is a MAC that we use. */
        [IFLA_ADDRESS] = {NA_ATTR_MIN, 0},
        [IFLA_IFNAME] = {NA_ATTR_STRZ, IF_NAMESIZE},
};

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

bool na_link_is_router(const char *ifname)
{
	char path[96], c = '0';
	int fd;

	if (snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/forwarding", ifname) >=
	    (int)sizeof(path))
		return false;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (read(fd, &c, 1) != 1)
		c = '0';
	close(fd);
	return c == '1';
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
 * list from the start: with libmnl's 8 KiB default, 10,000 IPv6 addresses cost
 * ~180 chunks and a quadratic walk. 32 KiB makes it a quarter of that.
 */
#define NA_NL_RECV_BUF 32768

/* Clears NLM_F_DUMP_INTR on every message in buf, so that libmnl, which
 * stops at the first one with EINTR, hands the rest of the answer to the
 * callback too. True if any had it. */
static bool clear_dump_intr(void *buf, size_t len)
{
	struct nlmsghdr *m = buf;
	int left = (int)len;
	bool had = false;

	for (; mnl_nlmsg_ok(m, left); m = mnl_nlmsg_next(m, &left)) {
		had |= (m->nlmsg_flags & NLM_F_DUMP_INTR) != 0;
		m->nlmsg_flags &= (uint16_t)~NLM_F_DUMP_INTR;
	}
	return had;
}

/* The caller's na_nl_msg_fn behind libmnl's callback: our verdicts in
 * libmnl's terms, and the callback's errno kept here rather than in errno. */
struct msg_call {
	na_nl_msg_fn fn;
	void *data;
	int err;
};

static int msg_call_cb(const struct nlmsghdr *nlh, void *data)
{
	struct msg_call *c = data;
	int ret = c->fn(nlh, c->data);

	if (ret < 0) {
		c->err = ret;
		return MNL_CB_ERROR;
	}
	return ret == NA_NL_OK ? MNL_CB_OK : MNL_CB_STOP;
}

int na_nl_request(struct nlmsghdr *nlh, na_nl_msg_fn fn, void *data)
{
	struct msg_call call = {.fn = fn, .data = data};
	char buf[NA_NL_RECV_BUF];
	struct mnl_socket *nl;
	unsigned portid, seq;
	bool intr = false;
	ssize_t n;
	int ret, err = 0;

	nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		goto out;
	}
	portid = mnl_socket_get_portid(nl);
	seq = nlh->nlmsg_seq = (unsigned)time(NULL);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		err = -errno;
		goto out;
	}
	for (;;) {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0) {
			err = -errno;
			break;
		}
		intr |= clear_dump_intr(buf, (size_t)n);
		errno = 0;
		ret = mnl_cb_run(buf, (size_t)n, seq, portid, msg_call_cb, &call);
		if (ret == MNL_CB_ERROR) {
			/* fn's error, or libmnl's (a netlink error answer, a
			 * message of another sequence) in errno. */
			err = call.err ? call.err : errno ? -errno : -EIO;
			break;
		}
		if (ret == MNL_CB_STOP)
			break;
	}
out:
	mnl_socket_close(nl);
	return err ? err : intr ? -EINTR : 0;
}

static int nl_talk(struct nlmsghdr *nlh, struct nl_req *req)
{
	int err = na_nl_request(nlh, data_cb, req);

	return req->addr_cb && req->stop ? req->stop : err;
}

int na_nl_get_link(int ifindex, struct na_link *out)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;
	struct nl_req req = {.link = out};
	int err;

	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	err = nl_talk(nlh, &req);
	return err == -ENODEV || err == -ENXIO ? -ENODEV : err;
}

int na_nl_dump_addrs(int ifindex, na_addr_cb cb, void *data)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;
	struct nl_req req = {.addr_cb = cb, .data = data, .ifindex = ifindex};

	nlh->nlmsg_type = RTM_GETADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_UNSPEC;
	/* Kernels with strict checking filter by ifa_index; older ones ignore it
	 * and data_cb filters. */
	ifa->ifa_index = (unsigned)ifindex;
	return nl_talk(nlh, &req);
}
