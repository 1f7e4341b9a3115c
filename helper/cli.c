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
#include "probe.h"
#include "watch_plan.h"

enum opt_id {
	OPT_IFACE,
	OPT_ALL,
	OPT_SCHEDULE,
	OPT_COUNT,
	OPT_FOREGROUND,
	OPT_IPV4,
	OPT_IPV6,
	OPT_NOTIFY,
	OPT_RATE,
	OPT_ARP_TARGET,
	OPT_NO_CHECK,
	OPT_PCAP,
	OPT_PROBES,
	OPT_WAIT,
	OPT_INTERVAL,
	OPT_LISTEN,
	OPT_NO_NEW,
	OPT_INITIAL,
	OPT_REFRESH,
	OPT_SYSLOG,
	OPT_STDERR,
	OPT_MAC,
	OPT_NONCE,
	OPT_USER,
	OPT_CONFIG,
	OPT_QUIET,
	OPT_VERBOSE,
	OPT_HELP,
	OPT_VERSION,
	OPT_N,
};

/* getopt_long's val for a long option: above every short option's char, so
 * that an error can tell which kind the user typed. */
#define OPT_BASE 256

/*
 * Every option of every subcommand. An option belongs to the subcommands it
 * has a help text for: the --help of each lists exactly what its parser
 * takes. Continuation lines of a help text start after a '\n'.
 */
struct optdef {
	const char *name;
	char letter;                /* short option, or 0 */
	const char *arg;            /* the value's name in --help; NULL: takes none */
	const char *help[NA_CMD_N]; /* per subcommand; NULL: not an option of it */
};

/* Which subcommands take an option, with one help text for all of them. */
/* clang-format off */
#define A_(t)  {[NA_CMD_ANNOUNCE] = (t)}
#define P_(t)  {[NA_CMD_PROBE] = (t)}
#define W_(t)  {[NA_CMD_WATCH] = (t)}
#define AP(t)  {[NA_CMD_ANNOUNCE] = (t), [NA_CMD_PROBE] = (t)}
#define AW(t)  {[NA_CMD_ANNOUNCE] = (t), [NA_CMD_WATCH] = (t)}
#define APW(t) {[NA_CMD_ANNOUNCE] = (t), [NA_CMD_PROBE] = (t), [NA_CMD_WATCH] = (t)}
/* clang-format on */

#define USER_HELP                                                                                  \
	"started as root: run as USER (default\n" NA_RUN_USER                                      \
	" if that user exists, else " NA_FALLBACK_USER ")"

#define IFACE_HELP "the interface, as arping -I takes it; every\noperand is then an address"

#define RATE_HELP                                                                                  \
	"at most PPS frames a second over all addresses and\n"                                     \
	"interfaces, in bursts of up to PPS (at most 16);\n"                                       \
	"default 0: no cap. Cisco DAI allows 15 ARP a second\n"                                    \
	"on a port: 7 stays under that"

static const struct optdef opts[OPT_N] = {
        [OPT_IFACE] = {"iface",
                       'I',
                       "IFACE",
                       {[NA_CMD_ANNOUNCE] = IFACE_HELP,
                        [NA_CMD_PROBE] = IFACE_HELP,
                        [NA_CMD_WATCH] = "watch IFACE, as if named (may repeat)"}},
        [OPT_ALL] = {"all", 'a', NULL, A_("every usable address IFACE holds")},
        [OPT_SCHEDULE] = {"schedule", 's', "LIST",
                          AW("offsets of the rounds in seconds (default " NA_DEFAULT_SCHEDULE ")")},
        [OPT_COUNT] = {"count", 'c', "N", A_("run only the first N rounds (-c 1: one round now)")},
        [OPT_FOREGROUND] = {"foreground", 'f', NULL,
                            A_("run every round, then exit (default: send the\nfirst round, "
                               "return, and send the rest from a\ndetached background process)")},
        [OPT_IPV4] = {"ipv4", 0, "KIND", AW("request (default), reply, both or none")},
        [OPT_IPV6] = {"ipv6", 0, "KIND", AW("dad, na, both (default) or none")},
        [OPT_NOTIFY] = {"notify", 0, "WHO",
                        AW("also tell these by unicast, past bridges that hold\nback broadcast "
                           "announcements (EVPN neigh_suppress):\ngateways (default), neighbours "
                           "or none")},
        [OPT_RATE] = {"rate",
                      0,
                      "PPS",
                      {[NA_CMD_ANNOUNCE] = RATE_HELP ".\nThe call never waits: what the cap holds\n"
                                                     "back goes out from the background "
                                                     "process",
                       [NA_CMD_WATCH] = RATE_HELP}},
        [OPT_ARP_TARGET] = {"arp-target-mac", 0, "WHICH",
                            AW("target MAC of ARP announcements: zero (default,\n"
                               "RFC 5227) or broadcast (ff:ff:ff:ff:ff:ff, as\n"
                               "arping -U; some devices learn only from that)")},
        [OPT_NO_CHECK] = {"no-check", 0, NULL,
                          A_("announce addresses IFACE does not hold, and do not\nre-check before "
                             "each round")},
        [OPT_PCAP] = {"pcap", 0, "FILE",
                      A_("write the frames to a pcap file instead of sending\nthem (no privilege "
                         "needed; runs in the foreground);\n- is standard output "
                         "(--pcap - | tshark -r -)")},
        [OPT_PROBES] = {"probes", 0, "N", P_("probes per address (IPv4 default 3, IPv6 1)")},
        [OPT_WAIT] = {"wait", 0, "SEC", P_("first probe after a random 0..SEC (default 1)")},
        [OPT_INTERVAL] = {"interval", 0, "SEC",
                          P_("between probes (IPv4 default random 1..2, IPv6 1)")},
        [OPT_LISTEN] = {"listen", 0, "SEC", P_("listen after the last probe (IPv4 2, IPv6 1)")},
        [OPT_NO_NEW] = {"no-new-addresses", 0, NULL,
                        W_("do not announce addresses added while the link is up")},
        [OPT_INITIAL] = {"initial", 0, NULL, W_("also announce the links that are up at start-up")},
        [OPT_REFRESH] = {"refresh", 0, "SEC",
                         W_("announce every address of every watched link again\n"
                            "every SEC seconds, give or take 10% (default 0: never;\n"
                            "switches forget a quiet host's MAC after 300 s)")},
        [OPT_SYSLOG] = {"syslog", 0, NULL,
                        W_("log to syslog, facility daemon (the default when\n"
                           "stderr is neither a terminal nor the journal and\n"
                           "/dev/log is there)")},
        [OPT_STDERR] = {"stderr", 0, NULL, W_("log to stderr, whatever it is")},
        [OPT_MAC] = {"mac",
                     0,
                     "MAC",
                     {[NA_CMD_ANNOUNCE] = "source MAC (default: IFACE's); with --pcap, IFACE\n"
                                          "need not exist",
                      [NA_CMD_PROBE] = "source MAC (default: IFACE's)"}},
        [OPT_NONCE] = {"nonce", 0, "HEX", AP("12 hex digits: the DAD nonce (default: random)")},
        [OPT_USER] = {"user", 0, "USER", APW(USER_HELP)},
        [OPT_CONFIG] = {"config",
                        0,
                        "FILE",
                        {[NA_CMD_ANNOUNCE] = "settings file (default " NA_CONFIG_PATH ");\n"
                                             "options given here win over it",
                         [NA_CMD_PROBE] = "settings file (default " NA_CONFIG_PATH ");\n"
                                          "probe reads its user = only",
                         [NA_CMD_WATCH] = "settings file (default " NA_CONFIG_PATH ");\n"
                                          "options given here win over it; SIGHUP reads it again"}},
        [OPT_QUIET] = {"quiet", 'q', NULL, APW("only errors")},
        [OPT_VERBOSE] = {"verbose", 'v', NULL, APW("say more (repeat for more)")},
        [OPT_HELP] = {"help", 'h', NULL, APW("this text")},
        [OPT_VERSION] = {"version", 'V', NULL, APW("the version")},
};

/* What each subcommand's exit codes mean, in --help. */
static const struct {
	int code;
	const char *text[NA_CMD_N];
} exits[] = {
        {NA_EXIT_OK,
         {[NA_CMD_ANNOUNCE] = "sent (or nothing to do: IFACE has no ARP/ND, e.g. loopback,\n"
                              "or the settings file switches announcing off here)",
          [NA_CMD_PROBE] = "every address is free",
          [NA_CMD_WATCH] = "ended by SIGTERM or SIGINT"}},
        {NA_EXIT_USAGE,
         APW("usage error, malformed address or option value, bad settings\nfile (with its line "
             "number)")},
        {NA_EXIT_IFACE,
         {[NA_CMD_ANNOUNCE] = "unknown interface, interface down, or address not held by IFACE",
          [NA_CMD_PROBE] = "unknown interface, interface down, or no ARP/ND on it",
          [NA_CMD_WATCH] = "rtnetlink failure"}},
        {NA_EXIT_CONFLICT,
         {[NA_CMD_ANNOUNCE] = "probe: an address is in use by another host",
          [NA_CMD_PROBE] = "conflict: another host uses an address (its MAC is named)"}},
        {NA_EXIT_PRIV, APW("missing privilege (CAP_NET_RAW), or the switch to USER failed")},
        {NA_EXIT_SEND,
         {[NA_CMD_ANNOUNCE] = "sending failed",
          [NA_CMD_PROBE] = "sending or receiving failed",
          [NA_CMD_WATCH] = "the packet socket could not be opened"}},
        {NA_EXIT_SYSTEM, APW("system error: out of memory, getrandom, signalfd or poll failed")},
};

static const char *const cmd_name[NA_CMD_N] = {
        [NA_CMD_ANNOUNCE] = "neigh-announce",
        [NA_CMD_PROBE] = "neigh-announce probe",
        [NA_CMD_WATCH] = "neigh-announce watch",
};

static bool takes(enum na_cmd cmd, size_t i)
{
	return opts[i].help[cmd] != NULL;
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

/* What each subcommand's --help says before its options. */
static const char *const intro[NA_CMD_N] = {
        [NA_CMD_ANNOUNCE] =
                "Usage: neigh-announce [OPTIONS] IFACE ADDRESS[/PREFIX]...\n"
                "       neigh-announce [OPTIONS] --all IFACE\n"
                "       neigh-announce [OPTIONS] -I IFACE ADDRESS...\n"
                "       neigh-announce probe [OPTIONS] IFACE ADDRESS...  (see probe --help)\n"
                "       neigh-announce watch [OPTIONS] [IFACE...]        (see watch --help)\n"
                "\n"
                "Tells the link that IFACE now holds ADDRESS: ARP announcements for IPv4,\n"
                "a DAD Neighbor Solicitation with a nonce and unsolicited Neighbor\n"
                "Advertisements for IPv6. Needs CAP_NET_RAW (root, or the file capability\n"
                "cap_net_raw+p) and holds no capability once its socket is open.\n",
        [NA_CMD_PROBE] = "Usage: neigh-announce probe [OPTIONS] IFACE ADDRESS[/PREFIX]...\n"
                         "\n"
                         "Is ADDRESS used by another host on IFACE's link? IPv4: ARP probes\n"
                         "(RFC 5227). IPv6: duplicate address detection with a nonce (RFC 4862,\n"
                         "RFC 7527), after joining the solicited-node group. ADDRESS need not be\n"
                         "assigned to IFACE. Our own probe heard back through a loop is not a\n"
                         "conflict.\n",
        [NA_CMD_WATCH] =
                "Usage: neigh-announce watch [OPTIONS] [IFACE...]\n"
                "\n"
                "Stays in the foreground and announces every address of an interface when\n"
                "its link comes up (IPv6 addresses once duplicate address detection is\n"
                "done), when its MAC changes, and when an address is added while the link\n"
                "is up. A bridge or bond is announced again when one of its ports comes\n"
                "up. Watches every Ethernet-like interface, or only the IFACEs named.\n"
                "Logs to stderr, or to syslog (see --syslog). SIGHUP reloads the settings\n"
                "file; SIGTERM and SIGINT end it (exit 0).\n",
};

void na_cli_usage(enum na_cmd cmd, FILE *f)
{
	size_t i, col = 0;

	if (cmd >= NA_CMD_N)
		return;
	fputs(intro[cmd], f);
	if (cmd == NA_CMD_WATCH)
		fprintf(f,
		        "A flapping link starts at most %u announcements at once, then one\n"
		        "every %u s; the state it settles in is always announced.\n",
		        NA_DAMP_BURST, NA_DAMP_REFILL_MS / 1000);
	fputs("An alias name DEV:LABEL (ifupdown's IFACE=eth0:1) stands for its device DEV.\n"
	      "Options may also follow IFACE and the addresses; after -- nothing is an\n"
	      "option.\n\n",
	      f);
	for (i = 0; i < OPT_N; i++)
		if (takes(cmd, i) && opt_width(i) + 3 > col)
			col = opt_width(i) + 3;
	for (i = 0; i < OPT_N; i++) {
		if (!takes(cmd, i))
			continue;
		if (opts[i].letter)
			fprintf(f, "  -%c, ", opts[i].letter);
		else
			fputs("      ", f);
		fprintf(f, "--%s%s%s%*s", opts[i].name, opts[i].arg ? " " : "",
		        opts[i].arg ? opts[i].arg : "", (int)(col - opt_width(i)), "");
		print_help_text(f, opts[i].help[cmd], col);
	}
	fputs("\nExit status:\n", f);
	for (i = 0; i < sizeof(exits) / sizeof(exits[0]); i++) {
		if (!exits[i].text[cmd])
			continue;
		fprintf(f, "  %d  ", exits[i].code);
		print_help_text(f, exits[i].text[cmd], 5);
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

	switch ((enum opt_id)opt) {
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
	static const struct na_config none = {.enabled = true};
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
