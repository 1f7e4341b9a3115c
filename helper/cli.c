/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "caps.h"
#include "cli.h"
#include "config.h"
#include "log.h"
#include "nl_neigh.h"

enum {
	OPT_ALL = 256,
	OPT_IPV4,
	OPT_IPV6,
	OPT_NO_CHECK,
	OPT_PCAP,
	OPT_MAC,
	OPT_NONCE,
	OPT_USER,
	OPT_CONFIG,
	OPT_NOTIFY,
};

static const struct option longopts[] = {
        {"all", no_argument, NULL, OPT_ALL},
        {"schedule", required_argument, NULL, 's'},
        {"count", required_argument, NULL, 'c'},
        {"foreground", no_argument, NULL, 'f'},
        {"ipv4", required_argument, NULL, OPT_IPV4},
        {"ipv6", required_argument, NULL, OPT_IPV6},
        {"no-check", no_argument, NULL, OPT_NO_CHECK},
        {"pcap", required_argument, NULL, OPT_PCAP},
        {"mac", required_argument, NULL, OPT_MAC},
        {"nonce", required_argument, NULL, OPT_NONCE},
        {"user", required_argument, NULL, OPT_USER},
        {"config", required_argument, NULL, OPT_CONFIG},
        {"notify", required_argument, NULL, OPT_NOTIFY},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
};

void na_cli_usage(FILE *f)
{
	fputs("Usage: neigh-announce [OPTIONS] IFACE ADDRESS[/PREFIX]...\n"
	      "       neigh-announce [OPTIONS] --all IFACE\n"
	      "       neigh-announce probe [OPTIONS] IFACE ADDRESS...  (see probe --help)\n"
	      "       neigh-announce watch [OPTIONS] [IFACE...]        (see watch --help)\n"
	      "\n"
	      "Tells the link that IFACE now holds ADDRESS: ARP announcements for IPv4,\n"
	      "a DAD Neighbor Solicitation with a nonce and unsolicited Neighbor\n"
	      "Advertisements for IPv6. Needs CAP_NET_RAW (root, or the file capability\n"
	      "cap_net_raw+p) and holds no capability once its socket is open.\n"
	      "Options go before IFACE.\n"
	      "\n"
	      "  -a, --all              every usable address IFACE holds\n"
	      "  -s, --schedule LIST    offsets of the rounds in seconds "
	      "(default " NA_DEFAULT_SCHEDULE ")\n"
	      "  -c, --count N          run only the first N rounds (-c 1: one round now)\n"
	      "  -f, --foreground       run every round, then exit (default: send the\n"
	      "                         first round, return, and send the rest from a\n"
	      "                         detached background process)\n"
	      "      --ipv4 KIND        request (default), reply, both or none\n"
	      "      --ipv6 KIND        dad, na, both (default) or none\n"
	      "      --notify WHO       also tell these by unicast, past bridges that hold\n"
	      "                         back broadcast announcements (EVPN neigh_suppress):\n"
	      "                         gateways (default), neighbours or none\n"
	      "      --no-check         announce addresses IFACE does not hold, and do not\n"
	      "                         re-check before each round\n"
	      "      --pcap FILE        write the frames to a pcap file instead of sending\n"
	      "                         them (no privilege needed; runs in the foreground)\n"
	      "      --mac MAC          source MAC (default: IFACE's); with --pcap, IFACE\n"
	      "                         need not exist\n"
	      "      --nonce HEX        12 hex digits: the DAD nonce (default: random)\n"
	      "      --user USER        started as root: run as USER (default " NA_DEFAULT_USER
	      ")\n"
	      "      --config FILE      settings file (default " NA_CONFIG_PATH ");\n"
	      "                         options given here win over it\n"
	      "  -q, --quiet            only errors\n"
	      "  -v, --verbose          say more (repeat for more)\n"
	      "  -h, --help             this text\n"
	      "  -V, --version          the version\n"
	      "\n"
	      "Exit status:\n"
	      "  0  sent (or nothing to do: IFACE has no ARP/ND, e.g. loopback)\n"
	      "  1  usage error or malformed address\n"
	      "  2  unknown interface, interface down, or address not held by IFACE\n"
	      "  3  probe: an address is in use by another host\n"
	      "  4  missing privilege (CAP_NET_RAW)\n"
	      "  5  sending failed\n",
	      f);
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return NA_EXIT_USAGE;
}

int na_cli_parse(int argc, char **argv, struct na_opts *o, char *err, size_t errlen)
{
	char pbuf[80];
	int c;

	memset(o, 0, sizeof(*o));
	na_parse_schedule(NA_DEFAULT_SCHEDULE, &o->sched);
	o->v4 = NA_V4_REQUEST;
	o->v6 = NA_V6_NA | NA_V6_DAD;
	o->user = NA_DEFAULT_USER;
	o->notify = NA_NOTIFY_GATEWAYS;
	/* 0, not 1: glibc then also forgets where it was inside a cluster of
	 * short options ("-xf"), which otherwise points into the argv of an
	 * earlier call (found by tests/fuzz/fuzz_cli). */
	optind = 0;
	opterr = 0;
	/* '+': stop at the first operand (see cli.h). */
	while ((c = getopt_long(argc, argv, "+as:c:fqvhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
		case OPT_ALL:
			o->all = true;
			break;
		case 's':
			if (na_parse_schedule(optarg, &o->sched))
				return fail(err, errlen,
				            "bad schedule '%s': want increasing offsets in "
				            "seconds, e.g. 0,2,10 (at most %d, up to %u s)",
				            na_log_printable(optarg, pbuf, sizeof(pbuf)),
				            NA_SCHED_MAX, NA_SCHED_MAX_MS / 1000);
			o->sched_set = true;
			break;
		case 'c':
			if (na_parse_uint(optarg, 1, NA_SCHED_MAX, &o->count))
				return fail(err, errlen, "bad count '%s': want 1 to %d",
				            na_log_printable(optarg, pbuf, sizeof(pbuf)),
				            NA_SCHED_MAX);
			break;
		case 'f':
			o->foreground = true;
			break;
		case OPT_IPV4:
			if (na_parse_v4_kind(optarg, &o->v4))
				return fail(err, errlen,
				            "bad --ipv4 '%s': want request, reply, both or none",
				            na_log_printable(optarg, pbuf, sizeof(pbuf)));
			o->v4_set = true;
			break;
		case OPT_IPV6:
			if (na_parse_v6_kind(optarg, &o->v6))
				return fail(err, errlen,
				            "bad --ipv6 '%s': want na, dad, both or none",
				            na_log_printable(optarg, pbuf, sizeof(pbuf)));
			o->v6_set = true;
			break;
		case OPT_NO_CHECK:
			o->no_check = true;
			break;
		case OPT_PCAP:
			if (!*optarg)
				return fail(err, errlen, "--pcap needs a file name");
			o->pcap = optarg;
			break;
		case OPT_MAC:
			if (na_parse_mac(optarg, o->mac))
				return fail(err, errlen,
				            "bad MAC '%s': want a unicast aa:bb:cc:dd:ee:ff",
				            na_log_printable(optarg, pbuf, sizeof(pbuf)));
			o->mac_set = true;
			break;
		case OPT_NONCE:
			if (na_parse_nonce(optarg, o->nonce))
				return fail(err, errlen, "bad nonce '%s': want 12 hex digits",
				            na_log_printable(optarg, pbuf, sizeof(pbuf)));
			o->nonce_set = true;
			break;
		case OPT_USER:
			if (!*optarg)
				return fail(err, errlen, "--user needs a user name");
			o->user = optarg;
			o->user_set = true;
			break;
		case OPT_NOTIFY: {
			enum na_notify m;

			if (na_parse_notify(optarg, &m))
				return fail(err, errlen,
				            "bad --notify '%s': want gateways, neighbours or none",
				            na_log_printable(optarg, pbuf, sizeof(pbuf)));
			o->notify = (int)m;
			o->notify_set = true;
			break;
		}
		case OPT_CONFIG:
			if (!*optarg)
				return fail(err, errlen, "--config needs a file name");
			o->config = optarg;
			break;
		case 'q':
			o->verbosity = -1;
			break;
		case 'v':
			if (o->verbosity < 0)
				o->verbosity = 0;
			o->verbosity++;
			break;
		case 'h':
			o->help = true;
			return 0;
		case 'V':
			o->version = true;
			return 0;
		default:
			if (optopt && optopt < 256)
				return fail(err, errlen, "unknown option '-%c' or missing value",
				            optopt);
			return fail(err, errlen, "unknown option '%s' or missing value",
			            na_log_printable(argv[optind - 1], pbuf, sizeof(pbuf)));
		}
	}
	if (optind >= argc)
		return fail(err, errlen, "no interface given");
	o->ifname = argv[optind++];
	if (!*o->ifname || strlen(o->ifname) >= 16 || strchr(o->ifname, '/'))
		return fail(err, errlen, "bad interface name '%s'",
		            na_log_printable(o->ifname, pbuf, sizeof(pbuf)));
	o->addrs = argv + optind;
	o->naddrs = (size_t)(argc - optind);
	if (o->all && o->naddrs)
		return fail(err, errlen, "--all and addresses do not go together");
	if (!o->all && !o->naddrs)
		return fail(err, errlen, "no address given (or --all)");
	if (o->all && o->no_check)
		return fail(err, errlen, "--all and --no-check do not go together");
	return 0;
}

int na_cli_apply_config(struct na_opts *o, const struct na_config *c, char *err, size_t errlen)
{
	if (c->has_schedule && !o->sched_set)
		o->sched = c->sched;
	if (c->has_v4 && !o->v4_set)
		o->v4 = c->v4;
	if (c->has_v6 && !o->v6_set)
		o->v6 = c->v6;
	if (c->has_user && !o->user_set)
		o->user = c->user;
	if (c->has_notify && !o->notify_set)
		o->notify = c->notify;
	if (o->count > o->sched.n)
		return fail(err, errlen, "--count %u but the schedule has %u rounds", o->count,
		            o->sched.n);
	if (!o->count)
		o->count = o->sched.n;
	return 0;
}

int na_cli_settle_privilege(int err, const char *ifname, const char *user, const char *how_to_grant)
{
	if (err == -ESRCH || err == -EINVAL) {
		na_log(NA_LOG_ERR, ifname, "cannot run as user '%s': %s", user,
		       err == -ESRCH ? "no such user" : "it is root");
		return NA_EXIT_PRIV;
	}
	if (err == -EPERM || err == -EACCES) {
		na_log(NA_LOG_ERR, ifname,
		       "socket: Operation not permitted: needs CAP_NET_RAW: run as root, or %s",
		       how_to_grant);
		return NA_EXIT_PRIV;
	}
	if (err) {
		na_log(NA_LOG_ERR, ifname, "socket: %s", strerror(-err));
		return NA_EXIT_SEND;
	}
	if (na_caps_drop_all()) {
		na_log(NA_LOG_ERR, ifname, "cannot drop capabilities");
		return NA_EXIT_PRIV;
	}
	return NA_EXIT_OK;
}
