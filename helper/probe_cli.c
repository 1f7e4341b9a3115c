/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `neigh-announce probe`: the CLI layer of the subcommand. Order of work as
 * in the rest of the helper: check the request, open the socket with
 * CAP_NET_RAW, drop every capability, lock the receive filter, and only then
 * read a frame.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bpf.h"
#include "cli.h"
#include "cli_text.h"
#include "frame_probe.h"
#include "log.h"
#include "loop.h"
#include "nl.h"
#include "probe.h"
#include "sink.h"
#include "start.h"

struct ptarget {
	struct na_ip ip;
	uint8_t nonce[NA_NONCE_LEN];
	uint32_t at_ms[NA_PROBE_MAX_PROBES];
	unsigned sent;
	uint64_t end_ms; /* set when the last probe is out */
	bool done, conflict, loop_told;
	uint8_t other[NA_MAC_LEN];
	const char *heard; /* what told us of the conflict */
};

static const char *ipstr(const struct na_ip *ip, char *buf)
{
	return inet_ntop(ip->family, ip->family == AF_INET ? (const void *)&ip->v4 : &ip->v6, buf,
	                 INET6_ADDRSTRLEN);
}

static const char *macstr(const uint8_t m[NA_MAC_LEN], char *buf)
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
	return buf;
}

/* Filter, multicast membership, bind: the receive side, set up unprivileged. */
static int listen_on(int fd, int ifindex, const struct ptarget *t, size_t n, const char *ifname)
{
	struct packet_mreq mr;
	struct sockaddr_ll sll;
	struct in6_addr group;
	size_t i;
	int err;

	err = na_bpf_attach_locked(fd);
	if (err) {
		na_log(NA_LOG_ERR, ifname, "receive filter: %s", strerror(-err));
		return NA_EXIT_SEND;
	}
	for (i = 0; i < n; i++) {
		if (t[i].ip.family != AF_INET6)
			continue;
		/* Let the NIC pass the solicited-node group's frames even though
		 * the kernel has not joined it (the address is not assigned). */
		memset(&mr, 0, sizeof(mr));
		mr.mr_ifindex = ifindex;
		mr.mr_type = PACKET_MR_MULTICAST;
		mr.mr_alen = NA_MAC_LEN;
		na_solicited_node(&group, &t[i].ip.v6);
		na_ipv6_mcast_mac(mr.mr_address, &group);
		if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof(mr)) < 0)
			na_log(NA_LOG_DEBUG, ifname, "multicast membership: %s", strerror(errno));
	}
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		na_log(NA_LOG_ERR, ifname, "bind: %s", strerror(errno));
		return NA_EXIT_SEND;
	}
	return NA_EXIT_OK;
}

static int send_probe(struct na_sink *s, int ifindex, const uint8_t mac[NA_MAC_LEN],
                      const struct ptarget *t)
{
	static const uint8_t bcast[NA_MAC_LEN] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	uint8_t buf[NA_ND_FRAME_MAX];
	struct na_arp_frame arp;
	struct na_ns_frame ns;
	size_t len;

	if (t->ip.family == AF_INET) {
		/* RFC 5227 §2.1.1: sender IP 0.0.0.0, target hardware zero,
		 * broadcast, so that no cache anywhere learns anything. */
		memset(&arp, 0, sizeof(arp));
		memcpy(arp.eth_dst, bcast, NA_MAC_LEN);
		memcpy(arp.eth_src, mac, NA_MAC_LEN);
		memcpy(arp.sha, mac, NA_MAC_LEN);
		arp.op = NA_ARP_OP_REQUEST;
		arp.tpa = t->ip.v4;
		len = na_build_arp(buf, sizeof(buf), &arp);
	} else {
		na_ns_dad(&ns, mac, &t->ip.v6, t->nonce);
		len = na_build_ns(buf, sizeof(buf), &ns);
	}
	return na_sink_send(s, ifindex, buf, len);
}

static void hear(struct ptarget *t, size_t n, const uint8_t *frame, size_t len,
                 const uint8_t mac[NA_MAC_LEN], const char *ifname)
{
	char buf[INET6_ADDRSTRLEN];
	struct na_rx rx;
	size_t i;

	if (na_parse_frame(frame, len, &rx))
		return; /* malformed or not ours: ignored */
	for (i = 0; i < n; i++) {
		if (t[i].done)
			continue;
		switch (na_probe_judge(&rx, &t[i].ip, mac, t[i].nonce, t[i].other)) {
		case NA_PROBE_CONFLICT:
			t[i].done = t[i].conflict = true;
			t[i].heard =
			        rx.kind == NA_RX_ARP
			                ? (rx.op == NA_ARP_OP_REPLY ? "ARP reply" : "ARP request")
			        : rx.kind == NA_RX_NA ? "neighbor advertisement"
			                              : "duplicate address detection";
			break;
		case NA_PROBE_LOOP:
			if (!t[i].loop_told)
				na_log(NA_LOG_INFO, ifname,
				       "%s: heard our own probe back (a loop), not a conflict",
				       ipstr(&t[i].ip, buf));
			t[i].loop_told = true;
			break;
		case NA_PROBE_NOTHING:
			break;
		}
	}
}

struct listening {
	struct ptarget *t;
	size_t n;
	const uint8_t *mac;
	const char *ifname;
	int rc; /* set when the socket fails */
};

/* Every frame that is there; the socket is non-blocking for this. */
static int on_frames(void *data, int fd, short revents)
{
	struct listening *l = data;
	uint8_t frame[NA_BPF_SNAPLEN + 64];
	ssize_t got;

	while ((got = recv(fd, frame, sizeof(frame), MSG_DONTWAIT)) >= 0)
		hear(l->t, l->n, frame, (size_t)got, l->mac, l->ifname);
	if (errno == ENETDOWN || errno == ENXIO || errno == ENODEV) {
		/* packet(7): the bound interface went down or away. */
		na_log(NA_LOG_ERR, l->ifname, "interface went down while probing");
		l->rc = NA_EXIT_IFACE;
		return 1;
	}
	if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
		na_log(NA_LOG_ERR, l->ifname, "recv: %s", strerror(errno));
		l->rc = NA_EXIT_SEND;
		return 1;
	}
	return 0;
}

static int run(int fd, int ifindex, const uint8_t mac[NA_MAC_LEN], struct ptarget *t, size_t n,
               const struct na_opts *o, const char *ifname)
{
	struct listening l = {.t = t, .n = n, .mac = mac, .ifname = ifname};
	struct na_sink s = {.fd = fd};
	struct na_probe_timing tm;
	uint8_t mld[NA_MLD_REPORT_LEN];
	struct in6_addr group;
	struct na_loop loop;
	uint64_t t0 = na_now_ms(), now, next;
	bool all_done;
	size_t i;
	int err;

	na_loop_init(&loop);
	na_loop_add(&loop, fd, POLLIN, on_frames, &l);
	for (i = 0; i < n; i++) {
		if (t[i].ip.family != AF_INET6)
			continue;
		/* RFC 4862 §5.4.2: join the solicited-node group before the NS
		 * so that MLD-snooping switches pass another host's DAD to us. */
		na_solicited_node(&group, &t[i].ip.v6);
		err = na_sink_send(&s, ifindex, mld,
		                   na_build_mld_report(mld, sizeof(mld), mac, &group));
		if (err) {
			na_log(NA_LOG_ERR, ifname, "sendto: %s", strerror(-err));
			return NA_EXIT_SEND;
		}
	}
	for (;;) {
		now = na_now_ms() - t0;
		next = UINT64_MAX;
		all_done = true;
		for (i = 0; i < n; i++) {
			if (t[i].done)
				continue;
			na_probe_timing_rfc(t[i].ip.family, &tm);
			if (o->probes_set)
				tm.probes = o->probes;
			if (o->listen_set)
				tm.listen_ms = o->listen_ms;
			if (t[i].sent < tm.probes && now >= t[i].at_ms[t[i].sent]) {
				err = send_probe(&s, ifindex, mac, &t[i]);
				if (err) {
					na_log(NA_LOG_ERR, ifname, "sendto: %s", strerror(-err));
					return NA_EXIT_SEND;
				}
				if (++t[i].sent == tm.probes)
					t[i].end_ms = now + tm.listen_ms;
			}
			if (t[i].sent < tm.probes) {
				if (t[i].at_ms[t[i].sent] < next)
					next = t[i].at_ms[t[i].sent];
			} else if (now >= t[i].end_ms) {
				t[i].done = true;
				continue;
			} else if (t[i].end_ms < next) {
				next = t[i].end_ms;
			}
			all_done = false;
		}
		if (all_done)
			return NA_EXIT_OK;
		err = na_loop_wait(&loop, t0 + (next > now ? next : now));
		if (err < 0) {
			na_log(NA_LOG_ERR, ifname, "poll: %s", strerror(-err));
			return NA_EXIT_SYSTEM;
		}
		if (l.rc)
			return l.rc;
	}
}

static int plan(struct ptarget *t, size_t n, const struct na_opts *o)
{
	uint32_t rnd[NA_PROBE_MAX_PROBES];
	struct na_probe_timing tm;
	size_t i;

	for (i = 0; i < n; i++) {
		na_probe_timing_rfc(t[i].ip.family, &tm);
		if (o->probes_set)
			tm.probes = o->probes;
		if (o->wait_set)
			tm.wait_ms = o->wait_ms;
		if (o->interval_set)
			tm.interval_min_ms = tm.interval_max_ms = o->interval_ms;
		/* RFC 5227 §2.1.1 asks for random delays so that hosts powered
		 * on together do not probe in lockstep. */
		if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd) ||
		    (t[i].ip.family == AF_INET6 && !o->nonce_set &&
		     getrandom(t[i].nonce, NA_NONCE_LEN, 0) != NA_NONCE_LEN))
			return -errno;
		if (o->nonce_set)
			memcpy(t[i].nonce, o->nonce, NA_NONCE_LEN);
		na_probe_plan(&tm, rnd, t[i].at_ms);
	}
	return 0;
}

int na_probe_main(int argc, char **argv)
{
	struct ptarget t[NA_PROBE_MAX_ADDRS];
	char abuf[INET6_ADDRSTRLEN], mbuf[18];
	const char *ifname;
	struct na_config cfg;
	struct na_iface ifc;
	struct na_link l;
	struct na_opts o;
	struct na_sink sink = {.fd = -1};
	uint8_t mac[NA_MAC_LEN];
	int rc, ifindex, fd;
	size_t n, i, conflicts = 0;

	if (!na_start_request(&na_cli_text_probe, na_cli_usage, argc, argv, &o, &cfg, &rc))
		return rc;
	if (!na_start_iface(&o, &ifc, &rc))
		return rc;
	ifname = ifc.name;
	ifindex = ifc.ifindex;
	memset(t, 0, sizeof(t));
	for (n = 0; n < o.naddrs; n++)
		na_parse_ip(o.addrs[n], &t[n].ip); /* checked by na_start_request */
	memcpy(mac, o.mac_set ? o.mac : ifc.link.mac, NA_MAC_LEN);
	rc = plan(t, n, &o);
	if (rc) {
		na_log(NA_LOG_ERR, ifname, "getrandom: %s", strerror(-rc));
		return NA_EXIT_SYSTEM;
	}

	/* The socket has protocol 0: nothing is received until bind(), after
	 * the filter is attached and locked. */
	rc = na_start_privilege(&o, ifname, &sink, NULL, NULL, NULL);
	fd = sink.fd;
	if (!rc)
		rc = listen_on(fd, ifindex, t, n, ifname);
	/* Frames from anyone on the link come in from here on: only the calls
	 * the probe needs (helper/sandbox.h). */
	if (!rc)
		na_start_sandbox(NA_CMD_PROBE, ifname);
	if (!rc)
		rc = run(fd, ifindex, mac, t, n, &o, ifname);
	if (fd >= 0)
		close(fd);
	if (rc)
		return rc;
	for (i = 0; i < n; i++)
		conflicts += t[i].conflict;
	/* Silence from a link without carrier proves nothing: only a probe
	 * that ran on a working link may call an address free. */
	if (!conflicts && (na_nl_get_link(ifindex, NULL, &l) ||
	                   (l.flags & (IFF_UP | IFF_RUNNING)) != (IFF_UP | IFF_RUNNING))) {
		na_log(NA_LOG_ERR, ifname, "interface went down while probing: no answer");
		return NA_EXIT_IFACE;
	}
	for (i = 0; i < n; i++) {
		if (t[i].conflict) {
			na_log(NA_LOG_WARN, ifname, "%s: in use by %s (heard its %s)",
			       ipstr(&t[i].ip, abuf), macstr(t[i].other, mbuf), t[i].heard);
		} else {
			na_log(NA_LOG_INFO, ifname, "%s: free", ipstr(&t[i].ip, abuf));
		}
	}
	return conflicts ? NA_EXIT_CONFLICT : NA_EXIT_OK;
}
