#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Started by root that holds supplementary groups (4 adm, 24 cdrom, 27 sudo:
# groups that read logs or own devices), the helper keeps none of them: not
# its background process, not probe while it listens, not the watcher. A
# hook's caller need not have cleared its groups (ip netns exec as root
# under sudo, a client's unit with SupplementaryGroups=), so the helper must.
# shellcheck source=tests/ns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/ns/watch_lab.sh
. "$(dirname "$0")/watch_lab.sh"
na_require_root
na_require_cmd setpriv getent
na_lab
ip -n "$NS_A" addr add 192.0.2.10/24 dev "$IF_A"

# shellcheck disable=SC2054 # the commas belong to setpriv's argument
STARTER=(setpriv --groups 4,24,27 --)
groups_of() { awk '/^Groups:/ {$1 = ""; sub(/^ +/, ""); print}' "$1"; }

# The starting point is real: what setpriv starts holds the three groups.
na_eq "the starter holds groups 4 24 27" "4 24 27" \
	"$(na_a "${STARTER[@]}" awk '/^Groups:/ {$1 = ""; sub(/^ +/, ""); print}' /proc/self/status)"

# look WHAT PID: no supplementary group, no uid or gid of root, and the gid
# is the primary group of the user it switched to (not one of the starter's).
look() {
	local what=$1 st=/proc/$2/status uids gids primary
	na_eq "$what: Groups: empty" "" "$(groups_of "$st")"
	uids=$(awk '/^Uid:/ {print $2, $3, $4, $5}' "$st")
	gids=$(awk '/^Gid:/ {print $2, $3, $4, $5}' "$st")
	na_check "$what: not root (Uid: $uids)" sh -c "! echo ' $uids ' | grep -q ' 0 '"
	primary=$(getent passwd "${uids%% *}" | cut -d: -f4)
	na_eq "$what: every gid is the user's primary group ($primary)" \
		"$primary $primary $primary $primary" "$gids"
}

# 1. The background process of a default run.
na_a "${STARTER[@]}" "$NA_BIN" -s 0,30 "$IF_A" 192.0.2.10
na_eq "root with groups, default run: exit 0" 0 "$?"
sleep 0.2
pid=$(na_bg_pids | tail -n 1)
na_check "background process is running" test -n "$pid"
[ -n "$pid" ] && look "background process" "$pid"
[ -n "$pid" ] && kill "$pid"

# 2. probe, while it listens (started without a subshell: ip netns exec and
# setpriv exec it, and the helper execs its probe program, so $! is the probe itself). A free address: it ends with
# 0 after about 2 s.
ip netns exec "$NS_A" "${STARTER[@]}" "$NA_BIN" probe --wait 0 --interval 0.2 --listen 2 \
	"$IF_A" 192.0.2.77 &
ppid=$!
NA_PIDS+=("$ppid")
sleep 1
# neigh-announce probe executes its program, in the same process.
na_eq "probe is still running, as the probe program" \
	"$(readlink -f "$(dirname "$NA_BIN")/../libexec/neigh-announce/probe")" \
	"$(readlink "/proc/$ppid/exe")"
look "probe" "$ppid"
wait "$ppid"
na_eq "probe: free address, exit 0" 0 "$?"

# 3. The watcher.
# shellcheck disable=SC2034 # NA_WRAP is read by wl_start (watch_lab.sh)
NA_WRAP=("${STARTER[@]}")
conf=$NA_TMP/empty.conf
: >"$conf"
chmod 644 "$conf"
wl_start -v --config "$conf" "$IF_A" || exit 1
# shellcheck disable=SC2034
NA_WRAP=()
look "watcher" "$WPID"
wl_stop
na_eq "watcher: SIGTERM, exit 0" 0 "$WRC"

na_done
