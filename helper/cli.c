/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "caps.h"
#include "cli.h"
#include "cli_text.h"
#include "config.h"
#include "log.h"
#include "nl_neigh.h"
#include "probe.h"

/* getopt_long's val for a long option: above every short option's char, so
 * that an error can tell which kind the user typed. */
#define OPT_BASE 256
/*
 * Every option of every subcommand, and which subcommands take it. The help
 * texts are each subcommand's own (cli_text.h).
 */
struct optdef {
	const char *name;
	char letter;        /* short option, or 0 */
	const char *arg;    /* the value's name in --help; NULL: takes none */
	unsigned char cmds; /* bit 1 << NA_CMD_*: the subcommands that take it */
};

#define A_  (1u << NA_CMD_ANNOUNCE)
#define P_  (1u << NA_CMD_PROBE)
#define W_  (1u << NA_CMD_WATCH)
#define APW (A_ | P_ | W_)

static const struct optdef opts[OPT_N] = {
        [OPT_IFACE] = {"iface", 'I', "IFACE", APW},
        [OPT_ALL] = {"all", 'a', NULL, A_},
        [OPT_SCHEDULE] = {"schedule", 's', "LIST", A_ | W_},
        [OPT_COUNT] = {"count", 'c', "N", A_},
        [OPT_FOREGROUND] = {"foreground", 'f', NULL, A_},
        [OPT_IPV4] = {"ipv4", 0, "KIND", A_ | W_},
        [OPT_IPV6] = {"ipv6", 0, "KIND", A_ | W_},
        [OPT_NOTIFY] = {"notify", 0, "WHO", A_ | W_},
        [OPT_RATE] = {"rate", 0, "PPS", A_ | W_},
        [OPT_ARP_TARGET] = {"arp-target-mac", 0, "WHICH", A_ | W_},
        [OPT_NO_CHECK] = {"no-check", 0, NULL, A_},
        [OPT_PCAP] = {"pcap", 0, "FILE", A_},
        [OPT_PROBES] = {"probes", 0, "N", P_},
        [OPT_WAIT] = {"wait", 0, "SEC", P_},
        [OPT_INTERVAL] = {"interval", 0, "SEC", P_},
        [OPT_LISTEN] = {"listen", 0, "SEC", P_},
        [OPT_NO_NEW] = {"no-new-addresses", 0, NULL, W_},
        [OPT_INITIAL] = {"initial", 0, NULL, W_},
        [OPT_REFRESH] = {"refresh", 0, "SEC", W_},
        [OPT_SYSLOG] = {"syslog", 0, NULL, W_},
        [OPT_STDERR] = {"stderr", 0, NULL, W_},
        [OPT_MAC] = {"mac", 0, "MAC", A_ | P_},
        [OPT_NONCE] = {"nonce", 0, "HEX", A_ | P_},
        [OPT_USER] = {"user", 0, "USER", APW},
        [OPT_CONFIG] = {"config", 0, "FILE", APW},
        [OPT_QUIET] = {"quiet", 'q', NULL, APW},
        [OPT_VERBOSE] = {"verbose", 'v', NULL, APW},
        [OPT_HELP] = {"help", 'h', NULL, APW},
        [OPT_VERSION] = {"version", 'V', NULL, APW},
};
static const char *const cmd_name[NA_CMD_N] = {
        [NA_CMD_ANNOUNCE] = "neigh-announce",
        [NA_CMD_PROBE] = "neigh-announce probe",
        [NA_CMD_WATCH] = "neigh-announce watch",
};

static bool takes(enum na_cmd cmd, size_t i)
{
	return opts[i].cmds & (1u << cmd);
}

bool na_cli_takes(enum na_cmd cmd, unsigned opt)
{
	return opt < OPT_N && takes(cmd, opt);
}

/* "  -s, --schedule LIST" as --help shows it: its width. */
static size_t opt_width(size_t i)
{
	return 6 + 2 + strlen(opts[i].name) + (opts[i].arg ? 1 + strlen(opts[i].arg) : 0);
}

static void print_help_text(FILE *f, const char *text, size_t col)
{
	for (; *text; text++) {
		fputc(*text, f);
		if (*text == '\n')
			fprintf(f, "%*s", (int)col, "");
	}
	fputc('\n', f);
}

void na_cli_usage(const struct na_cli_text *t, FILE *f)
{
	size_t i, col = 0;

	fputs(t->intro, f);
	fputs("An alias name DEV:LABEL (ifupdown's IFACE=eth0:1) stands for its device DEV.\n"
	      "Options may also follow IFACE and the addresses; after -- nothing is an\n"
	      "option.\n\n",
	      f);
	for (i = 0; i < OPT_N; i++)
		if (t->opt[i] && opt_width(i) + 3 > col)
			col = opt_width(i) + 3;
	for (i = 0; i < OPT_N; i++) {
		if (!t->opt[i])
			continue;
		if (opts[i].letter)
			fprintf(f, "  -%c, ", opts[i].letter);
		else
			fputs("      ", f);
		fprintf(f, "--%s%s%s%*s", opts[i].name, opts[i].arg ? " " : "",
		        opts[i].arg ? opts[i].arg : "", (int)(col - opt_width(i)), "");
		print_help_text(f, t->opt[i], col);
	}
	fputs("\nExit status:\n", f);
	for (i = 0; i <= NA_EXIT_SYSTEM; i++) {
		if (!t->exit[i])
			continue;
		fprintf(f, "  %zu  ", i);
		print_help_text(f, t->exit[i], 5);
	}
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < errlen)
		snprintf(err + n, errlen - (size_t)n, " (see --help)");
	return NA_EXIT_USAGE;
}

/* The one wording of a bad value: "bad --ipv4 'x': want request, ..." */
static int bad_value(char *err, size_t errlen, size_t opt, const char *value, const char *want)
{
	char pbuf[80];

	return fail(err, errlen, "bad --%s '%s': want %s", opts[opt].name,
	            na_log_printable(value, pbuf, sizeof(pbuf)), want);
}

/* The messages and --help spell these limits out. */
_Static_assert(NA_SCHED_MAX == 16 && NA_SCHED_MAX_MS == 3600000u, "16 rounds, up to 3600 s");
_Static_assert(NA_PROBE_MAX_PROBES == 16, "1 to 16 probes");

/* Seconds with up to three decimals, through the schedule parser. */
static int seconds(const char *s, uint32_t *ms)
{
	struct na_schedule one;

	if (na_parse_schedule(s, &one) || one.n != 1)
		return -EINVAL;
	*ms = one.at_ms[0];
	return 0;
}

/* One option's value into o. 0 or NA_EXIT_USAGE. */
static int take(struct na_opts *o, size_t opt, const char *v, char *err, size_t errlen)
{
	enum na_notify m;

	switch ((enum na_cli_opt)opt) {
	case OPT_IFACE: /* watch: an operand (see na_cli_parse) */
		if (o->iface_opt)
			return fail(err, errlen, "-I given twice");
		o->iface_opt = v;
		break;
	case OPT_ALL:
		o->all = true;
		break;
	case OPT_SCHEDULE:
		if (na_parse_schedule(v, &o->sched))
			return bad_value(err, errlen, opt, v,
			                 "increasing offsets in seconds, e.g. 0,2,10 (at most "
			                 "16, up to 3600 s)");
		o->sched_set = true;
		break;
	case OPT_COUNT:
		if (na_parse_uint(v, 1, NA_SCHED_MAX, &o->count))
			return bad_value(err, errlen, opt, v, "1 to 16");
		o->count_set = true;
		break;
	case OPT_FOREGROUND:
		o->foreground = true;
		break;
	case OPT_IPV4:
		if (na_parse_v4_kind(v, &o->v4))
			return bad_value(err, errlen, opt, v, "request, reply, both or none");
		o->v4_set = true;
		break;
	case OPT_IPV6:
		if (na_parse_v6_kind(v, &o->v6))
			return bad_value(err, errlen, opt, v, "na, dad, both or none");
		o->v6_set = true;
		break;
	case OPT_NOTIFY:
		if (na_parse_notify(v, &m))
			return bad_value(err, errlen, opt, v, "gateways, neighbours or none");
		o->notify = (int)m;
		o->notify_set = true;
		break;
	case OPT_RATE:
		if (na_parse_rate(v, &o->rate))
			return bad_value(err, errlen, opt, v, "frames per second, 0 to 100000");
		o->rate_set = true;
		break;
	case OPT_ARP_TARGET:
		if (na_parse_arp_target(v, &o->arp_bcast))
			return bad_value(err, errlen, opt, v, "zero or broadcast");
		o->arp_bcast_set = true;
		break;
	case OPT_NO_CHECK:
		o->no_check = true;
		break;
	case OPT_PCAP:
		if (!*v)
			return bad_value(err, errlen, opt, v, "a file name");
		o->pcap = v;
		break;
	case OPT_PROBES:
		if (na_parse_uint(v, 1, NA_PROBE_MAX_PROBES, &o->probes))
			return bad_value(err, errlen, opt, v, "1 to 16");
		o->probes_set = true;
		break;
	case OPT_WAIT:
		if (seconds(v, &o->wait_ms))
			return bad_value(err, errlen, opt, v, "seconds, e.g. 1 or 0.2");
		o->wait_set = true;
		break;
	case OPT_INTERVAL:
		if (seconds(v, &o->interval_ms))
			return bad_value(err, errlen, opt, v, "seconds, e.g. 1 or 0.2");
		o->interval_set = true;
		break;
	case OPT_LISTEN:
		if (seconds(v, &o->listen_ms))
			return bad_value(err, errlen, opt, v, "seconds, e.g. 2 or 0.5");
		o->listen_set = true;
		break;
	case OPT_NO_NEW:
		o->no_new_addrs = true;
		break;
	case OPT_INITIAL:
		o->initial = true;
		break;
	case OPT_REFRESH:
		if (na_parse_refresh(v, &o->refresh))
			return bad_value(err, errlen, opt, v, "whole seconds, 0 to 86400");
		o->refresh_set = true;
		break;
	case OPT_SYSLOG:
		o->log_to = NA_LOG_TO_SYSLOG;
		break;
	case OPT_STDERR:
		o->log_to = NA_LOG_TO_STDERR;
		break;
	case OPT_MAC:
		if (na_parse_mac(v, o->mac))
			return bad_value(err, errlen, opt, v, "a unicast aa:bb:cc:dd:ee:ff");
		o->mac_set = true;
		break;
	case OPT_NONCE:
		if (na_parse_nonce(v, o->nonce))
			return bad_value(err, errlen, opt, v, "12 hex digits");
		o->nonce_set = true;
		break;
	case OPT_USER:
		if (!*v)
			return bad_value(err, errlen, opt, v, "a user name");
		o->user = v;
		o->user_set = true;
		break;
	case OPT_CONFIG:
		if (!*v)
			return bad_value(err, errlen, opt, v, "a file name");
		o->config = v;
		break;
	case OPT_QUIET:
		o->verbosity = -1;
		break;
	case OPT_VERBOSE:
		if (o->verbosity < 0)
			o->verbosity = 0;
		o->verbosity++;
		break;
	case OPT_HELP:
		o->help = true;
		break;
	case OPT_VERSION:
		o->version = true;
		break;
	case OPT_N:
		break;
	}
	return 0;
}

/* getopt_long said '?' or ':' (see na_cli_parse): the message for it. */
static int refuse(enum na_cmd cmd, int c, char **argv, char *err, size_t errlen)
{
	char pbuf[80], shortopt[3] = {'-', (char)optopt, '\0'};
	const char *arg = argv[optind - 1];
	size_t i, n;

	if (optopt >= OPT_BASE) { /* a long option of ours, used wrongly */
		i = (size_t)(optopt - OPT_BASE);
		if (c == ':')
			return fail(err, errlen, "--%s needs a value", opts[i].name);
		return fail(err, errlen, "--%s takes no value", opts[i].name);
	}
	if (optopt) { /* a short option */
		if (c == ':')
			return fail(err, errlen, "-%c needs a value", optopt);
		for (i = 0; i < OPT_N; i++)
			if (opts[i].letter == optopt)
				return fail(err, errlen, "'-%c' is not an option of %s", optopt,
				            cmd_name[cmd]);
		return fail(err, errlen, "unknown option '%s'",
		            na_log_printable(shortopt, pbuf, sizeof(pbuf)));
	}
	/* An unknown or ambiguous long option: glibc has moved past it. One
	 * of another subcommand gets a message that says so. */
	if (strncmp(arg, "--", 2) == 0) {
		n = strcspn(arg + 2, "=");
		for (i = 0; i < OPT_N; i++)
			if (strlen(opts[i].name) == n && strncmp(arg + 2, opts[i].name, n) == 0)
				return fail(err, errlen, "'--%s' is not an option of %s",
				            opts[i].name, cmd_name[cmd]);
	}
	return fail(err, errlen, "unknown or ambiguous option '%s'",
	            na_log_printable(arg, pbuf, sizeof(pbuf)));
}

/* The operands, argv[0..n) once na_cli_parse has gathered them. */
static int operands(struct na_opts *o, int n, char **argv, char *err, size_t errlen)
{
	char pbuf[80];
	int k = 0;

	if (o->cmd == NA_CMD_WATCH) {
		for (k = 0; k < n; k++)
			if (na_parse_ifname(argv[k], strlen(argv[k]), NULL))
				return fail(err, errlen, "bad interface name '%s': want %s",
				            na_log_printable(argv[k], pbuf, sizeof(pbuf)),
				            NA_IFNAME_WANT);
		o->ifnames = argv;
		o->nifnames = (size_t)n;
		return 0;
	}
	if (o->iface_opt) {
		o->ifname = o->iface_opt;
	} else {
		if (n == 0)
			return fail(err, errlen, "no interface given");
		o->ifname = argv[k++];
	}
	if (na_parse_ifname(o->ifname, strlen(o->ifname), o->dev))
		return fail(err, errlen, "bad interface name '%s': want %s",
		            na_log_printable(o->ifname, pbuf, sizeof(pbuf)), NA_IFNAME_WANT);
	o->addrs = argv + k;
	o->naddrs = (size_t)(n - k);
	if (o->cmd == NA_CMD_PROBE) {
		if (!o->naddrs)
			return fail(err, errlen, "no address given");
		if (o->naddrs > NA_PROBE_MAX_ADDRS)
			return fail(err, errlen, "at most %d addresses", NA_PROBE_MAX_ADDRS);
		return 0;
	}
	if (o->all && o->naddrs)
		return fail(err, errlen, "--all and addresses do not go together");
	if (!o->all && !o->naddrs)
		return fail(err, errlen, "no address given (or --all)");
	if (o->all && o->no_check)
		return fail(err, errlen, "--all and --no-check do not go together");
	return 0;
}

int na_cli_parse(enum na_cmd cmd, int argc, char **argv, struct na_opts *o, char *err,
                 size_t errlen)
{
	/* An empty settings file: what na_cli_apply_config reads of it is
	 * all zero. Not const, so that it takes no bytes in the file. */
	static struct na_config none;
	/* '+': getopt stops at each operand and this loop gathers it, rather
	 * than glibc's permuting, which POSIXLY_CORRECT in the environment
	 * would switch off. ':': a missing value is told apart from an
	 * unknown option. */
	char shortopts[2 + 2 * OPT_N + 1] = "+:";
	struct option longopts[OPT_N + 1];
	size_t i, nlong = 0, nshort = 2;
	int c, rc, at, w = 1;

	memset(o, 0, sizeof(*o));
	o->cmd = cmd;
	for (i = 0; i < OPT_N; i++) {
		if (!takes(cmd, i))
			continue;
		longopts[nlong++] =
		        (struct option){opts[i].name, opts[i].arg ? required_argument : no_argument,
		                        NULL, OPT_BASE + (int)i};
		if (opts[i].letter) {
			shortopts[nshort++] = opts[i].letter;
			if (opts[i].arg)
				shortopts[nshort++] = ':';
		}
	}
	longopts[nlong] = (struct option){NULL, 0, NULL, 0};
	shortopts[nshort] = '\0';
	/* The defaults, as with an empty settings file; the real one comes
	 * later (na_cli_apply_config), and only fills what stays unset here. */
	na_cli_apply_config(o, &none, err, errlen);
	if (argc < 1)
		return operands(o, 0, argv, err, errlen);

	/* 0, not 1: glibc then also forgets where it was inside a cluster of
	 * short options ("-xf"), which otherwise points into the argv of an
	 * earlier call (found by tests/fuzz/fuzz_cli). */
	optind = 0;
	opterr = 0;
	/* The operands are moved down to argv[1..w): every slot below optind
	 * has been read, so nothing getopt has still to see is overwritten. */
	for (;;) {
		at = optind ? optind : 1;
		c = getopt_long(argc, argv, shortopts, longopts, NULL);
		if (c == -1) {
			if (optind >= argc)
				break;
			if (optind == at + 1 && strcmp(argv[at], "--") == 0) {
				while (optind < argc) /* after "--": operands only */
					argv[w++] = argv[optind++];
				break;
			}
			argv[w++] = argv[optind++]; /* an operand; options may follow */
			continue;
		}
		if (c == '?' || c == ':')
			return refuse(cmd, c, argv, err, errlen);
		if (c < OPT_BASE) { /* a short option: its entry */
			for (i = 0; i < OPT_N && opts[i].letter != c; i++)
				;
		} else {
			i = (size_t)(c - OPT_BASE);
		}
		if (i == OPT_IFACE && cmd == NA_CMD_WATCH) {
			argv[w++] = optarg;
			continue;
		}
		rc = take(o, i, optarg, err, errlen);
		if (rc)
			return rc;
		if (o->help || o->version)
			return 0;
	}
	return operands(o, w - 1, argv + 1, err, errlen);
}

int na_cli_apply_config(struct na_opts *o, const struct na_config *c, char *err, size_t errlen)
{
	struct na_opts t = *o;

	if (!t.sched_set && c->has_schedule)
		t.sched = c->sched;
	else if (!t.sched_set)
		na_parse_schedule(NA_DEFAULT_SCHEDULE, &t.sched);
	if (!t.v4_set)
		t.v4 = c->has_v4 ? c->v4 : NA_V4_REQUEST;
	if (!t.v6_set)
		t.v6 = c->has_v6 ? c->v6 : NA_V6_NA | NA_V6_DAD;
	if (!t.notify_set)
		t.notify = c->has_notify ? c->notify : (int)NA_NOTIFY_GATEWAYS;
	if (!t.user_set)
		t.user = c->has_user ? c->user : NULL;
	if (!t.rate_set)
		t.rate = c->has_rate ? c->rate : 0;
	if (!t.arp_bcast_set)
		t.arp_bcast = c->has_arp_bcast && c->arp_bcast;
	if (!t.refresh_set)
		t.refresh = c->has_refresh ? c->refresh : 0;
	if (t.count_set && t.count > t.sched.n)
		return fail(err, errlen, "--count %u but the schedule has %u rounds", t.count,
		            t.sched.n);
	if (!t.count_set)
		t.count = t.sched.n;
	*o = t;
	return 0;
}
