#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The user a root run switches to when neither --user nor user = names one:
# nobody while the user _neigh-announce does not exist, _neigh-announce once
# it does (the test creates it with useradd --system, and deletes it again,
# only if it was not there before). --user and user = still win, and no
# supplementary group is kept. Checked on the background process of the
# default mode and on the watcher, from /proc/PID/status.
# shellcheck source=tests/ns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/ns/watch_lab.sh
. "$(dirname "$0")/watch_lab.sh"
na_require_root
na_require_cmd useradd userdel getent
na_lab
ip -n "$NS_A" addr add 192.0.2.10/24 dev "$IF_A"
RU=_neigh-announce
created=

ru_cleanup() {
	na_cleanup
	[ -n "$created" ] || return 0
	# userdel refuses while a process runs as the user: ours end first.
	for _ in $(seq 1 40); do
		pgrep -u "$RU" >/dev/null 2>&1 || break
		sleep 0.05
	done
	userdel "$RU" 2>/dev/null
	getent group "$RU" >/dev/null && groupdel "$RU" 2>/dev/null
	return 0
}
trap 'ru_cleanup' EXIT

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
	useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
		--user-group "$RU" || exit 1
	created=1
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
