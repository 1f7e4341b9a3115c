/* SPDX-License-Identifier: BSD-2-Clause */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "caps.h"
#include "cli_text.h"
#include "log.h"
#include "sandbox.h"
#include "start.h"

#ifndef NA_VERSION
#define NA_VERSION "0.0.0"
#endif

/* How to get CAP_NET_RAW, at the end of the "needs CAP_NET_RAW" message. */
#define GRANT_HINT "grant it with 'setcap cap_net_raw+p /usr/sbin/neigh-announce'"

int na_start_settings(struct na_opts *o, struct na_config *cfg, char *err, size_t errlen)
{
	const char *path = o->config ? o->config : NA_CONFIG_PATH;
	struct na_config c;
	char why[160];
	int rc;

	na_config_init(&c);
	rc = na_config_load(path, o->config == NULL, &c, why, sizeof(why));
	if (rc < 0) {
		/* The reader says why (not a regular file has no errno). */
		snprintf(err, errlen, "%s: %s", path, why);
		return NA_EXIT_USAGE;
	}
	if (rc > 0) {
		snprintf(err, errlen, "%s:%d: %s", path, rc, why);
		return NA_EXIT_USAGE;
	}
	if (na_cli_apply_config(o, &c, why, sizeof(why))) {
		snprintf(err, errlen, "%s", why);
		return NA_EXIT_USAGE;
	}
	/* The file's user must be the one in *cfg, which outlives this call. */
	*cfg = c;
	if (!o->user_set && cfg->has_user)
		o->user = cfg->user;
	return NA_EXIT_OK;
}

/* Is fd 2 the journal's stream (systemd sets JOURNAL_STREAM=DEV:INODE)? */
static bool stderr_is_journal(void)
{
	const char *v = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;
	char end;

	if (!v || sscanf(v, "%llu:%llu%c", &dev, &ino, &end) != 2 || fstat(STDERR_FILENO, &st))
		return false;
	return (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
}

/* Is a syslog daemon listening on /dev/log? */
static bool syslog_there(void)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX, .sun_path = "/dev/log"};
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	bool ok;

	if (fd < 0)
		return false;
	ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return ok;
}

/* The watcher's log: what --syslog or --stderr say, else syslog when
 * stderr is neither a terminal nor the journal (sysvinit, busybox init,
 * start-stop-daemon --background) and a syslog daemon is there to take it. */
static bool watch_logs_to_syslog(const struct na_opts *o)
{
	if (o->log_to != NA_LOG_TO_AUTO)
		return o->log_to == NA_LOG_TO_SYSLOG;
	return !isatty(STDERR_FILENO) && !stderr_is_journal() && syslog_there();
}

bool na_start_request(const struct na_cli_text *t,
                      void (*usage)(const struct na_cli_text *t, FILE *f), int argc, char **argv,
                      struct na_opts *o, struct na_config *cfg, int *rc)
{
	enum na_cmd cmd = t->cmd;
	char err[256], pbuf[80];
	struct na_ip ip;
	size_t i;

	na_log_setup(0, false);
	*rc = na_cli_parse(cmd, argc, argv, o, err, sizeof(err));
	if (*rc) {
		na_log(NA_LOG_ERR, NULL, "%s", err);
		return false;
	}
	if (o->help || o->version) {
		if (o->help && usage)
			usage(t, stdout);
		else
			printf("neigh-announce %s\n", NA_VERSION);
		return false;
	}
	na_log_setup(o->verbosity, cmd == NA_CMD_WATCH && watch_logs_to_syslog(o));
	*rc = na_start_settings(o, cfg, err, sizeof(err));
	if (*rc) {
		na_log(NA_LOG_ERR, NULL, "%s", err);
		return false;
	}
	/* A probe announces nothing, so the file's switches are not for it;
	 * the watcher asks for each interface it sees. */
	if (cmd == NA_CMD_ANNOUNCE && na_config_skips(cfg, o->ifname)) {
		na_log(NA_LOG_INFO, o->ifname, "announcing is off here (%s in %s)",
		       cfg->enabled ? "skip" : "enabled = no",
		       o->config ? o->config : NA_CONFIG_PATH);
		return false;
	}
	/* Every address must parse before anything else happens. */
	for (i = 0; i < o->naddrs; i++) {
		if (na_parse_ip(o->addrs[i], &ip)) {
			na_log(NA_LOG_ERR, o->ifname, "bad address '%s'",
			       na_log_printable(o->addrs[i], pbuf, sizeof(pbuf)));
			*rc = NA_EXIT_USAGE;
			return false;
		}
	}
	return true;
}

bool na_start_iface(const struct na_opts *o, struct na_iface *ifc, int *rc)
{
	struct na_link *l = &ifc->link;
	int err;

	memset(ifc, 0, sizeof(*ifc));
	memcpy(ifc->name, o->dev, sizeof(ifc->name));
	*rc = NA_EXIT_IFACE;
	/* By name: the one request gives the index, the MAC, the flags and
	 * the R flag (issue 13: no if_nametoindex socket before it). */
	err = na_nl_get_link(0, ifc->name, l);
	if (err == -ENODEV) {
		if (o->cmd == NA_CMD_ANNOUNCE && o->pcap && o->mac_set) {
			*rc = NA_EXIT_OK; /* a lab frame for an interface elsewhere */
			return true;
		}
		na_log(NA_LOG_ERR, ifc->name, "no such interface");
		return false;
	}
	if (err) {
		/* No socket or memory for the request (EMFILE, ENOBUFS), or an
		 * answer we cannot read: not the interface's fault. */
		*rc = NA_EXIT_SYSTEM;
		na_log(NA_LOG_ERR, ifc->name, "netlink: %s", strerror(-err));
		return false;
	}
	ifc->ifindex = l->ifindex;
	if (!na_link_has_neigh(l)) {
		if (o->cmd == NA_CMD_ANNOUNCE)
			*rc = NA_EXIT_OK;
		na_log(*rc ? NA_LOG_ERR : NA_LOG_INFO, ifc->name,
		       "no ARP/ND on this interface (loopback, point-to-point, NOARP or not "
		       "Ethernet): %s",
		       *rc ? "cannot probe" : "nothing to do");
		return false;
	}
	if (!(l->flags & IFF_UP)) {
		na_log(NA_LOG_ERR, ifc->name, "interface is down");
		return false;
	}
	if (!(l->flags & IFF_RUNNING)) {
		na_log(NA_LOG_ERR, ifc->name, "interface is down: no carrier");
		return false;
	}
	*rc = NA_EXIT_OK;
	return true;
}

/* The one message for a missing CAP_NET_RAW, however it showed. */
static int no_net_raw(enum na_cmd cmd, const char *ifname)
{
	/* The watcher is a service: its unit can hand it the capability. */
	na_log(NA_LOG_ERR, ifname,
	       "socket: Operation not permitted: needs CAP_NET_RAW: run as root, or %s%s",
	       cmd == NA_CMD_WATCH ? "with AmbientCapabilities=CAP_NET_RAW, or " : "", GRANT_HINT);
	return NA_EXIT_PRIV;
}

/* An error of na_caps_keep_net_raw or na_caps_become_user. */
static int caps_error(int err, enum na_cmd cmd, const char *ifname, const char *user)
{
	char pbuf[80];

	if (err == -EPERM)
		return no_net_raw(cmd, ifname);
	na_log(NA_LOG_ERR, ifname, "cannot run as user '%s': %s",
	       na_log_printable(user, pbuf, sizeof(pbuf)),
	       err == -ESRCH    ? "no such user"
	       : err == -EINVAL ? "it is root"
	                        : strerror(-err));
	return NA_EXIT_PRIV;
}

/* The end of the privilege step: every capability dropped, or exit 4. */
static int drop_all(const char *ifname, int rc)
{
	if (na_caps_drop_all()) {
		na_log(NA_LOG_ERR, ifname, "cannot drop capabilities");
		return rc ? rc : NA_EXIT_PRIV;
	}
	return rc;
}

int na_start_privilege(const struct na_opts *o, const char *ifname, struct na_sink *sink,
                       na_start_hook hook, void *data, bool *done)
{
	/* Only root switches user, so only root looks the default up (the
	 * lookup of a user that is not there asks every NSS module); for
	 * anyone else the name is never used. */
	const char *user = o->user          ? o->user
	                   : geteuid() == 0 ? na_caps_default_user()
	                                    : NA_FALLBACK_USER;
	int err, rc = NA_EXIT_OK;

	if (done)
		*done = false;
	err = na_caps_keep_net_raw(user);
	if (err)
		return caps_error(err, o->cmd, ifname, user);
	if (hook && hook(data, &rc)) {
		*done = true;
		return drop_all(ifname, rc);
	}
	err = na_sink_open_socket(sink);
	if (err == -EPERM || err == -EACCES)
		return no_net_raw(o->cmd, ifname);
	if (err) {
		na_log(NA_LOG_ERR, ifname, "socket: %s", strerror(-err));
		return NA_EXIT_SEND;
	}
	return drop_all(ifname, rc);
}

int na_start_privilege_pcap(const struct na_opts *o, const char *ifname, struct na_sink *sink)
{
	const char *user = o->user          ? o->user
	                   : geteuid() == 0 ? na_caps_default_user()
	                                    : NA_FALLBACK_USER;
	/* A file needs no capability: open it, then become the user. */
	int err = na_sink_open_pcap(sink, o->pcap);

	if (err == -ENOTTY) {
		na_log(NA_LOG_ERR, ifname,
		       "--pcap -: standard output is a terminal (pipe it, e.g. into tshark -r -)");
		return NA_EXIT_USAGE;
	}
	if (err) {
		na_log(NA_LOG_ERR, ifname, "%s: %s", o->pcap, strerror(-err));
		return NA_EXIT_USAGE;
	}
	err = na_caps_become_user(user);
	if (err)
		return caps_error(err, o->cmd, ifname, user);
	return drop_all(ifname, NA_EXIT_OK);
}

void na_start_sandbox(enum na_cmd cmd, const char *ifname)
{
	/* probe reads frames and the watcher netlink events: recv() is
	 * recvfrom(). The rounds need nothing more than the list. */
	int err = cmd == NA_CMD_ANNOUNCE ? na_seccomp_apply() : na_seccomp_apply_reader();

	if (err)
		na_log(NA_LOG_WARN, ifname, "seccomp: %s: going on without it", strerror(-err));
}
