#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The user a root run switches to when neither --user nor user = names one:
# nobody while the user _neigh-announce does not exist, _neigh-announce once
# it does. --user and user = still win, and no supplementary group is kept.
# Checked on the background process of the default mode and on the watcher,
# from /proc/PID/status.
#
# The user is made in a private mount namespace only (copies of /etc/passwd
# and /etc/group bound over the real ones): a user added to the machine for a
# while would become the default user of every test running beside this one,
# and a process of theirs still running as it made userdel fail and leave it.
if [ -z "${NA_RU_PRIVATE:-}" ] && [ "$(id -u)" = 0 ]; then
	exec unshare -m --propagation private env NA_RU_PRIVATE=1 bash "$0" "$@"
fi
# shellcheck source=tests/ns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/ns/watch_lab.sh
. "$(dirname "$0")/watch_lab.sh"
na_require_root
na_require_cmd unshare getent
na_lab
ip -n "$NS_A" addr add 192.0.2.10/24 dev "$IF_A"
RU=_neigh-announce

# ids PID: "real effective saved fs" uids and gids, and the groups.
uids() { awk '/^Uid:/ {print $2, $3, $4, $5}' "/proc/$1/status"; }
gids() { awk '/^Gid:/ {print $2, $3, $4, $5}' "/proc/$1/status"; }
groups_of() { awk '/^Groups:/ {$1 = ""; print}' "/proc/$1/status" | xargs; }
four() { echo "$1 $1 $1 $1"; }

# bg_as WHAT UID GID ARGS...: a default-mode run's background process has
# UID and GID and no supplementary group.
bg_as() {
	local what=$1 uid=$2 gid=$3 pid
	shift 3
	na_a "$NA_BIN" -s 0,30 "$@" "$IF_A" 192.0.2.10
	na_eq "$what: exit 0" 0 $?
	for _ in $(seq 1 40); do
		pid=$(na_bg_pids | tail -n 1)
		[ -n "$pid" ] && break
		sleep 0.05
	done
	na_check "$what: a background process" test -n "$pid"
	[ -n "$pid" ] || return
	na_eq "$what: its uids" "$(four "$uid")" "$(uids "$pid")"
	na_eq "$what: its gids" "$(four "$gid")" "$(gids "$pid")"
	na_eq "$what: no supplementary groups" "" "$(groups_of "$pid")"
	kill "$pid"
	for _ in $(seq 1 40); do
		[ -d "/proc/$pid" ] || break
		sleep 0.05
	done
}

# 1. Without _neigh-announce: nobody.
if getent passwd "$RU" >/dev/null; then
	echo "# $RU exists here already: the nobody case is not tested"
else
	bg_as "no $RU: runs as nobody" "$(id -u nobody)" "$(id -g nobody)"
fi

# 2. With it: _neigh-announce.
if ! getent passwd "$RU" >/dev/null; then
	# A free system uid and gid, as adduser --system would pick.
	for id in $(seq 999 -1 900); do
		getent passwd "$id" >/dev/null || getent group "$id" >/dev/null || break
	done
	{ cat /etc/passwd; echo "$RU:x:$id:$id::/nonexistent:/usr/sbin/nologin"; } >"$NA_TMP/passwd"
	{ cat /etc/group; echo "$RU:x:$id:"; } >"$NA_TMP/group"
	chmod 644 "$NA_TMP/passwd" "$NA_TMP/group"
	mount --bind "$NA_TMP/passwd" /etc/passwd && mount --bind "$NA_TMP/group" /etc/group || exit 1
fi
uid=$(id -u "$RU")
gid=$(id -g "$RU")
bg_as "$RU exists: runs as $RU" "$uid" "$gid"
bg_as "--user nobody wins" "$(id -u nobody)" "$(id -g nobody)" --user nobody
printf 'user = nobody\n' >"$NA_TMP/user.conf"
chmod 644 "$NA_TMP/user.conf"
bg_as "user = nobody in the file wins" "$(id -u nobody)" "$(id -g nobody)" \
	--config "$NA_TMP/user.conf"

# A user that is not there: exit 4, named (escaped) in the message.
out=$(na_a "$NA_BIN" -f -c 1 --user $'no\esuch' "$IF_A" 192.0.2.10 2>&1)
na_eq "--user that does not exist: exit 4" 4 $?
na_eq "--user that does not exist: the message" \
	"neigh-announce: $IF_A: cannot run as user 'no\x1bsuch': no such user" "$out"

# The watcher takes the same step.
wl_start -v "$IF_A" || exit 1
na_eq "the watcher runs as $RU" "$(four "$uid")" "$(uids "$WPID")"
na_eq "the watcher keeps no supplementary group" "" "$(groups_of "$WPID")"
wl_stop
na_eq "the watcher: SIGTERM, exit 0" 0 "$WRC"

na_done
