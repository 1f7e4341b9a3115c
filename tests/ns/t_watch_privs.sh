#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The watcher's life: no capability at all while it runs (CapPrm 0, CapEff 0,
# NoNewPrivs 1, an unprivileged uid) and its seccomp allow-list in place
# (Seccomp 2, one filter, still one after reloads); idle means blocked in poll with no
# timeout (strace); SIGHUP reloads the settings file (a bad file keeps the old
# settings); SIGTERM and SIGINT end it with status 0; without CAP_NET_RAW it
# refuses to start with status 4.
# shellcheck source=tests/ns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/ns/watch_lab.sh
. "$(dirname "$0")/watch_lab.sh"
na_require_root
na_require_cmd strace setpriv
wl_lab
ip -n "$NS_A" addr add 192.0.2.10/24 dev "$IF_A"
wl_ll_ready

conf=$NA_TMP/na.conf
printf 'schedule = 0,0.3\nipv6 = none\n' >"$conf"
chmod 644 "$conf"
wl_start -v --config "$conf" || exit 1

st=/proc/$WPID/status
na_eq "CapPrm 0" 0000000000000000 "$(awk '/^CapPrm:/ {print $2}' "$st")"
na_eq "CapEff 0" 0000000000000000 "$(awk '/^CapEff:/ {print $2}' "$st")"
na_eq "CapInh 0" 0000000000000000 "$(awk '/^CapInh:/ {print $2}' "$st")"
na_eq "CapAmb 0" 0000000000000000 "$(awk '/^CapAmb:/ {print $2}' "$st")"
na_eq "NoNewPrivs 1" 1 "$(awk '/^NoNewPrivs:/ {print $2}' "$st")"
na_eq "runs as the default user" "$(na_run_uids)" "$(awk '/^Uid:/ {print $2, $3, $4, $5}' "$st")"
# The allow-list of helper/sandbox.c is loaded (wl_start waits for
# "watching", which comes after it): filter mode, and exactly one filter.
na_eq "Seccomp: 2 (filter)" 2 "$(awk '/^Seccomp:/ {print $2}' "$st")"
na_eq "Seccomp_filters: 1" 1 "$(awk '/^Seccomp_filters:/ {print $2}' "$st")"
na_check "no 'seccomp: ... going on without it' in the log" sh -c "! grep -q 'seccomp:' '$WLOG'"
# The packet socket it opened before dropping CAP_NET_RAW is still there.
npkt=0
for ino in $(find "/proc/$WPID/fd" -lname 'socket:*' -printf '%l\n' | tr -dc '0-9\n'); do
	awk -v i="$ino" 'NR > 1 && $NF == i {found = 1} END {exit !found}' "/proc/$WPID/net/packet" &&
		npkt=$((npkt + 1))
done
na_eq "holds one packet socket" 1 "$npkt"

# Idle: the kernel says it sleeps in poll(fds, 2, -1) (x86_64: syscall 7,
# third argument -1), and strace, attached for 2 s, sees nothing but that
# one call being resumed: no periodic wake-up.
in_poll() {
	read -r nr _ nfds timeout _ <"/proc/$WPID/syscall"
	[ "$nr $nfds $timeout" = "7 0x2 0xffffffff" ]
}
if [ "$(uname -m)" = x86_64 ]; then
	na_wait 5 in_poll
	na_eq "idle: blocked in poll, 2 fds, timeout -1" "7 0x2 0xffffffff" "$nr $nfds $timeout"
fi
strace -qq -p "$WPID" -o "$NA_TMP/strace.log" &
spid=$!
sleep 2
kill -INT "$spid"
wait "$spid" 2>/dev/null
echo "# strace: $(tr '\n' ' ' <"$NA_TMP/strace.log")"
na_eq "idle: one system call in 2 s" 1 "$(grep -c . "$NA_TMP/strace.log")"
na_check "idle: that call is the poll being resumed" grep -Eq '^(poll\(.*, 2, -1|restart_syscall)' "$NA_TMP/strace.log"

# A flap runs the file's schedule (two rounds), then the watcher is idle again.
flap() {
	ip -n "$NS_P" link set "$IF_P" down
	sleep 0.3
	ip -n "$NS_P" link set "$IF_P" up
	sleep 1
}
flap
na_check "the file's schedule: two rounds" wl_wait_count 1 "round 2/2"

# SIGHUP: a new schedule.
printf 'schedule = 0,0.2,0.4\nipv6 = none\n' >"$conf"
# reload N: SIGHUP, then wait for the watcher's Nth "settings reloaded" or
# its complaint about the file.
reload() {
	kill -HUP "$WPID"
	wl_wait_count "$1" "settings reloaded\|keeping the previous settings"
}
reload 1
na_check "SIGHUP: reloaded" grep -q "settings reloaded" "$WLOG"
flap
na_check "SIGHUP: the new schedule is used" wl_wait_count 1 "round 3/3"
# A bad file: an error with its line number, the old settings stay.
printf 'schedule = 0,0.2,0.4\nipv6 = sometimes\n' >"$conf"
reload 2
na_check "bad file: error with the line number" grep -q "na.conf:2: .*keeping the previous settings" "$WLOG"
na_check "bad file: still running" kill -0 "$WPID"
# enabled = no: watching, announcing nothing.
printf 'enabled = no\n' >"$conf"
reload 3
before=$(grep -c "announcing every address" "$WLOG")
flap
na_eq "enabled = no: no announcement on link-up" "$before" "$(grep -c "announcing every address" "$WLOG")"
printf 'skip = va0\n' >"$conf"
reload 4
flap
na_eq "skip = va0: no announcement on link-up" "$before" "$(grep -c "announcing every address" "$WLOG")"
printf '# defaults\n' >"$conf"
reload 5
flap
wl_wait_count $((before + 1)) "announcing every address"
na_eq "back on: announced" "$((before + 1))" "$(grep -c "announcing every address" "$WLOG")"

# Five reloads later: the filter was not loaded again on top of itself.
na_eq "after the reloads: Seccomp_filters: 1" 1 "$(awk '/^Seccomp_filters:/ {print $2}' "$st")"

wl_stop
na_eq "SIGTERM: exit 0" 0 "$WRC"
wl_start -v --config "$conf" || exit 1
kill -INT "$WPID"
wait "$WPID"
na_eq "SIGINT: exit 0" 0 "$?"

# Started the way the systemd unit starts it (DynamicUser=yes,
# AmbientCapabilities=CAP_NET_RAW, CapabilityBoundingSet=CAP_NET_RAW): not
# root, CAP_NET_RAW ambient. It must drop that too, and still announce.
# shellcheck disable=SC2054 # the commas belong to setpriv's arguments
NA_WRAP=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all,+net_raw
	--ambient-caps=-all,+net_raw --bounding-set=-all,+net_raw)
wl_start -v --config "$conf" || exit 1
NA_WRAP=()
st=/proc/$WPID/status
na_eq "as systemd starts it: CapPrm 0" 0000000000000000 "$(awk '/^CapPrm:/ {print $2}' "$st")"
na_eq "as systemd starts it: CapEff 0" 0000000000000000 "$(awk '/^CapEff:/ {print $2}' "$st")"
na_eq "as systemd starts it: CapAmb 0" 0000000000000000 "$(awk '/^CapAmb:/ {print $2}' "$st")"
na_eq "as systemd starts it: NoNewPrivs 1" 1 "$(awk '/^NoNewPrivs:/ {print $2}' "$st")"
na_eq "as systemd starts it: Seccomp: 2" 2 "$(awk '/^Seccomp:/ {print $2}' "$st")"
na_eq "as systemd starts it: Seccomp_filters: 1" 1 "$(awk '/^Seccomp_filters:/ {print $2}' "$st")"
flap
na_check "as systemd starts it: announces" wl_wait_count 1 "va0: round 1/"
wl_stop
na_eq "as systemd starts it: SIGTERM, exit 0" 0 "$WRC"

# No CAP_NET_RAW (an ordinary user, no capabilities): status 4, a clear error.
ip netns exec "$NS_A" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	--bounding-set=-all "$NA_BIN" watch --stderr --config "$conf" >"$NA_TMP/noraw.log" 2>&1
na_eq "without CAP_NET_RAW: exit 4" 4 "$?"
na_check "without CAP_NET_RAW: says so" grep -q "needs CAP_NET_RAW" "$NA_TMP/noraw.log"
# A bad option or interface name: status 1.
ip netns exec "$NS_A" "$NA_BIN" watch --frobnicate >/dev/null 2>&1
na_eq "unknown option: exit 1" 1 "$?"
ip netns exec "$NS_A" "$NA_BIN" watch "a/b" >/dev/null 2>&1
na_eq "bad interface name: exit 1" 1 "$?"
na_done
