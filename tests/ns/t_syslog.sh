#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# What reaches syslog. The background process logs there (it has no
# terminal); a run that goes well logs nothing at all, whoever starts it: no
# library noise such as libcap-ng's "failed dropping bounding set" error,
# which an ordinary user (or systemd's DynamicUser) without CAP_SETPCAP used
# to put in the journal on every run.
#
# /dev/log is ours alone: the test re-runs itself in a private mount
# namespace with a tmpfs over /dev, and a python listener on /dev/log there.
. "$(dirname "$0")/lib.sh"
na_require_root
na_require_cmd unshare setpriv setcap /usr/bin/python3

if [ "${NA_SYSLOG_PRIVATE:-}" != 1 ]; then
	# Everything below runs in a mount namespace of its own; lib.sh's
	# cleanup runs in there too, and this outer copy has nothing to clean.
	trap - EXIT
	rm -rf "$NA_TMP"
	NA_SYSLOG_PRIVATE=1 exec unshare -m --propagation private bash "$0" "$@"
fi

mkdir "$NA_TMP/olddev"
mount --rbind /dev "$NA_TMP/olddev" || na_skip "cannot bind-mount /dev here"
mount -t tmpfs -o mode=0755 tmpfs /dev || na_skip "cannot mount a tmpfs on /dev here"
for n in null zero random urandom; do
	touch "/dev/$n" && mount --bind "$NA_TMP/olddev/$n" "/dev/$n"
done
umount -l "$NA_TMP/olddev"

log=$NA_TMP/syslog
/usr/bin/python3 - "$log" <<'EOF' &
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log")
os.chmod("/dev/log", 0o666)
with open(sys.argv[1], "a", buffering=1) as out:
    while True:
        out.write(s.recv(8192).decode(errors="replace").rstrip("\n") + "\n")
EOF
NA_PIDS+=($!)
for _ in $(seq 1 100); do [ -S /dev/log ] && break; sleep 0.05; done
na_check "a private /dev/log is listening" test -S /dev/log
: >"$log"

na_lab
ip -n "$NS_A" addr add 192.0.2.10/24 dev "$IF_A"
bin=$(na_plain_bin)
# -f runs the full program, a file of its own with the capability of its own.
setcap cap_net_raw+p "$bin" cap_net_raw+p "$(dirname "$bin")/../libexec/neigh-announce/announce"

# Runs that go well: nothing in syslog.
na_a "$NA_BIN" -f -c 1 "$IF_A" 192.0.2.10
na_eq "root, foreground: exit 0" 0 $?
na_a setpriv --reuid=65534 --regid=65534 --clear-groups -- "$bin" -f -c 1 "$IF_A" 192.0.2.10
na_eq "ordinary user with cap_net_raw+p: exit 0" 0 $?
# What systemd's DynamicUser hands the watcher: CAP_NET_RAW ambient, no
# CAP_SETPCAP, a bounding set of CAP_NET_RAW alone.
na_a setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=+net_raw \
	--ambient-caps=+net_raw --bounding-set=-all,+net_raw -- "$NA_BIN" -f -c 1 "$IF_A" 192.0.2.10
na_eq "ordinary user with ambient CAP_NET_RAW: exit 0" 0 $?
na_a "$NA_BIN" -s 0,0.3 "$IF_A" 192.0.2.10
na_eq "root, background: exit 0" 0 $?
na_bg_done # (its last round, and anything it would log)
na_eq "nothing in syslog from runs that went well" "" "$(cat "$log")"

# The background process has no terminal: its warning goes to syslog, as
# daemon.warning (<28>) from neigh-announce[PID], naming the interface.
na_a "$NA_BIN" -s 0,2 "$IF_A" 192.0.2.10
na_eq "background run: exit 0" 0 $?
pid=$(na_bg_pids | tail -n 1)
ip -n "$NS_A" link set "$IF_A" down
# Round 2 is due at +2 s, well after the down even on a busy machine: wait
# for its line, not for a fixed time.
for _ in $(seq 1 100); do
	grep -q . "$log" && break
	sleep 0.1
done
sleep 0.2 # (anything else it logs would follow at once)
na_check "the background process logged to syslog ($(cat "$log"))" \
	grep -Eq "^<28>.* neigh-announce\[$pid\]: $IF_A: round 2/2 skipped: interface is down$" "$log"
na_eq "and nothing else" 1 "$(grep -c . "$log")"

# The watcher logs to syslog (facility daemon) when stderr is neither a
# terminal nor the journal, as under sysvinit or busybox init; with
# JOURNAL_STREAM naming its stderr, or with --stderr, it stays there.
# wait_for FILE PATTERN: up to 5 s for PATTERN to show up in FILE.
wait_for() {
	for _ in $(seq 1 100); do
		grep -Eq "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}
stop_watch() {
	kill -TERM "$1" 2>/dev/null
	wait "$1"
}
werr=$NA_TMP/watch.err
said="watching the named interfaces$"
# watch_case JOURNAL_STREAM-VALUE WATCH-OPTION...: empties both logs, starts
# the watcher with its stderr on $werr (JOURNAL_STREAM set when the value is
# not empty), the process id in wpid.
watch_case() {
	local js=$1
	shift
	: >"$log"
	: >"$werr"
	if [ -n "$js" ]; then
		JOURNAL_STREAM=$js ip netns exec "$NS_A" "$NA_BIN" watch "$@" -v "$IF_A" >>"$werr" 2>&1 &
	else
		ip netns exec "$NS_A" "$NA_BIN" watch "$@" -v "$IF_A" >>"$werr" 2>&1 &
	fi
	wpid=$!
	NA_PIDS+=("$wpid")
}
journal() { stat -c '%d:%i' "$werr"; }

watch_case ""
na_check "watcher, stderr a file: 'watching' goes to syslog as daemon.info (<30>)" \
	wait_for "$log" "^<30>.* neigh-announce\[$wpid\]: $said"
stop_watch "$wpid"
na_eq "watcher, stderr a file: SIGTERM, exit 0" 0 $?
na_eq "watcher, stderr a file: nothing on stderr" "" "$(cat "$werr")"

watch_case "$(journal)"
na_check "watcher, stderr the journal: 'watching' on stderr" wait_for "$werr" "$said"
stop_watch "$wpid"
na_eq "watcher, stderr the journal: nothing in syslog" "" "$(cat "$log")"

watch_case 1:1
na_check "watcher, JOURNAL_STREAM naming another file: syslog" \
	wait_for "$log" "neigh-announce\[$wpid\]: $said"
stop_watch "$wpid"

watch_case "" --stderr
na_check "watcher --stderr: 'watching' on stderr" wait_for "$werr" "$said"
stop_watch "$wpid"
na_eq "watcher --stderr: nothing in syslog" "" "$(cat "$log")"

watch_case "$(journal)" --syslog
na_check "watcher --syslog, stderr the journal: syslog all the same" \
	wait_for "$log" "neigh-announce\[$wpid\]: $said"
stop_watch "$wpid"

# With nobody on /dev/log the default stays on stderr: nothing is lost.
kill "${NA_PIDS[0]}"
wait "${NA_PIDS[0]}" 2>/dev/null
for _ in $(seq 1 100); do
	python3 -c 'import socket; s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.connect("/dev/log")' 2>/dev/null || break
	sleep 0.05
done
watch_case ""
na_check "watcher, no syslog daemon: 'watching' on stderr" wait_for "$werr" "$said"
stop_watch "$wpid"

na_done
