/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rtnetlink: what an interface is and which addresses it holds. The parsers
 * (na_nl_parse_*) are pure and bounds-checked (nl_attr.h) so that they can
 * be fuzzed; the rest does the socket I/O, on plain netlink sockets (no
 * libmnl: the hook's binary does not link it). Functions return 0 or -errno.
 */
#ifndef NA_NL_H
#define NA_NL_H

#include <errno.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"
#include "parse.h"

struct na_link {
	int ifindex;
	char name[IF_NAMESIZE];
	unsigned flags;      /* IFF_* */
	unsigned short type; /* ARPHRD_* */
	uint8_t mac[NA_MAC_LEN];
	bool has_mac;
	/* IPv6 forwarding on this interface (the NA's R flag), as the message's
	 * IFLA_AF_SPEC says: 1 on, 0 off, -1 not said (no IPv6 on it). */
	signed char router;
};

struct na_addr {
	int ifindex;
	struct na_ip ip;
	uint8_t prefix;
	uint8_t scope;  /* RT_SCOPE_* */
	uint32_t flags; /* IFA_F_*, from IFA_FLAGS when present */
};

/* Pure parsers of one RTM_NEWLINK / RTM_NEWADDR message. 0, or -EINVAL when
 * the message is malformed or not of that type. */
int na_nl_parse_link(const struct nlmsghdr *nlh, struct na_link *out);
int na_nl_parse_addr(const struct nlmsghdr *nlh, struct na_addr *out);

/*
 * What na_nl_request calls for each message of an answer (the kernel's
 * NLMSG_DONE, NLMSG_ERROR and NLMSG_NOOP it handles itself). It returns
 * NA_NL_OK to read on, NA_NL_STOP when it has what it wanted, or a negative
 * errno, which ends the request with that error. Not libmnl's MNL_CB_*:
 * MNL_CB_OK (1) would stop here.
 */
#define NA_NL_OK   0
#define NA_NL_STOP 1
typedef int (*na_nl_msg_fn)(const struct nlmsghdr *nlh, void *data);

/*
 * Between na_nl_hold() and its na_nl_release() (they nest), the requests of
 * this process share one rtnetlink socket: a run's check and first round
 * cost one socket, not one per request. The socket is closed after an answer
 * not read to its end, and a forked child never uses its parent's. Outside a
 * hold, each request has a socket of its own.
 */
void na_nl_hold(void);
void na_nl_release(void);

/*
 * Sends one request on an rtnetlink socket (see na_nl_hold) and runs fn on every message
 * of the answer until it ends (NLMSG_DONE, the answer to a plain request, or
 * fn returning NA_NL_STOP). Sets nlmsg_seq. 0 or -errno (a netlink error
 * answer, fn's negative errno, else -EIO). -EINTR: a dump that the kernel
 * marked inconsistent (NLM_F_DUMP_INTR), read to its end all the same.
 */
int na_nl_request(struct nlmsghdr *nlh, na_nl_msg_fn fn, void *data);
/*
 * The same with the kernel's strict checking on for this one request
 * (NETLINK_GET_STRICT_CHK, Linux 4.20): a dump that the kernel filters by
 * what its header and attributes ask, instead of sending every entry. It
 * refuses what it cannot filter (-EINVAL). -ENOPROTOOPT or -EPERM (seccomp)
 * when the socket cannot be switched: nothing was asked, ask the plain way.
 */
int na_nl_request_strict(struct nlmsghdr *nlh, na_nl_msg_fn fn, void *data);

/* How often a dump is read in all while the kernel marks it inconsistent
 * (-EINTR above: the table changed while it was being read). Each caller
 * starts again from a clean state, and takes the last answer as it is, whole
 * if perhaps not consistent, when the table never stood still long enough:
 * na_nl_dump_result() below. */
#define NA_NL_DUMP_TRIES 5

/* A dump's result after the last try: an inconsistent answer is taken. */
static inline int na_nl_dump_result(int err)
{
	return err == -EINTR ? 0 : err;
}

/* One RTM_GETLINK for ifindex, or with ifindex 0 for the interface called
 * name (the kernel looks it up as if_nametoindex would, alternative names
 * too). -ENODEV when there is no such interface. */
int na_nl_get_link(int ifindex, const char *name, struct na_link *out);

/* Dumps the addresses of ifindex (0: every interface), calling cb for each;
 * a non-zero return from cb stops the dump and is returned. */
typedef int (*na_addr_cb)(const struct na_addr *a, void *data);
int na_nl_dump_addrs(int ifindex, na_addr_cb cb, void *data);

/* Can this address be announced now? IPv4: always. IPv6: not tentative,
 * not DAD-failed, not deprecated; global or link-local scope. */
bool na_addr_usable(const struct na_addr *a);

/* Does the link speak ARP/ND on Ethernet-style 6-byte MACs? (not loopback,
 * point-to-point, NOARP, or a non-Ethernet type). */
bool na_link_has_neigh(const struct na_link *l);

#endif
