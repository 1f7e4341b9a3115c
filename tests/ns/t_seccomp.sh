#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The real helper under its seccomp allow-list (helper/sandbox.h): the detached
# process that sends the later rounds runs in filter mode with no capability
# and no_new_privs, and its rounds still reach the wire (the list is complete
# for that path); so does `probe` while it listens. That calls outside the list are refused is shown by
# unit/test_seccomp, which needs no switch in the shipped program.
. "$(dirname "$0")/lib.sh"
na_require_root
na_require_cmd dumpcap tshark
na_lab
ip -n "$NS_A" addr add 192.0.2.10/24 dev "$IF_A"
ip -n "$NS_A" addr add 2001:db8::10/64 dev "$IF_A" nodad
sleep 0.2

# bg_pid: the background process's pid, once it runs (empty: none in 1 s).
bg_pid() {
	local p
	for _ in $(seq 1 20); do
		for p in $(ip netns pids "$NS_A"); do
			[ "$(cat "/proc/$p/comm" 2>/dev/null)" = "na-bg-$IF_A" ] && { echo "$p"; return; }
		done
		sleep 0.05
	done
}

cap=$NA_TMP/s.pcapng
na_capture_start "$cap" || exit 1
na_a "$NA_BIN" -s 0,1.5 "$IF_A" 192.0.2.10 2001:db8::10
na_eq "default mode exits 0" 0 $?
bg=$(bg_pid)
na_check "the background process is running" test -n "$bg"
st=$(cat "/proc/$bg/status" 2>/dev/null)
na_eq "background process: Seccomp: 2 (filter)" 2 "$(awk '/^Seccomp:/ {print $2}' <<<"$st")"
na_eq "background process: one filter" 1 "$(awk '/^Seccomp_filters:/ {print $2}' <<<"$st")"
na_eq "background process: no_new_privs" 1 "$(awk '/^NoNewPrivs:/ {print $2}' <<<"$st")"
na_eq "background process: no effective capability" 0000000000000000 "$(awk '/^CapEff:/ {print $2}' <<<"$st")"
na_eq "background process: no permitted capability" 0000000000000000 "$(awk '/^CapPrm:/ {print $2}' <<<"$st")"
# Gone, or a zombie until init reaps it (its last round is due at +1.5 s).
finished() { test -z "$(awk '/^State:/ && $2 != "Z"' "/proc/$bg/status" 2>/dev/null)"; }
na_check "background process has finished" na_wait 15 finished
na_capture_wait "$cap" "eth.src == $MAC_A && (arp || icmpv6.type == 136)" 4 10
na_capture_stop 0.1
# Round 1: ARP, DAD NS, NA; round 2 from the filtered process: ARP, NA.
na_eq "round 2 went out under the filter: 2 ARP announcements" 2 \
	"$(na_fields "$cap" "eth.src == $MAC_A && arp" frame.number | wc -l)"
na_eq "... and 2 NAs" 2 "$(na_fields "$cap" "eth.src == $MAC_A && icmpv6.type == 136" frame.number | wc -l)"

# Where the filter goes in (helper/main.c): as soon as the first round's
# broadcast frames are sent, so that they need not wait for it, and before
# the --notify tables, which hosts on the link shape, are read.
ip -n "$NS_A" route replace default via 192.0.2.1
# ASAN_OPTIONS: LeakSanitizer cannot work under ptrace (ASan builds only).
na_a env ASAN_OPTIONS=detect_leaks=0 strace -f -e trace=sendmmsg,seccomp,sendto -e signal=none -o "$NA_TMP/order.log" \
	"$NA_BIN" -c 1 --notify gateways "$IF_A" 192.0.2.10
na_eq "--notify gateways under strace: exit 0" 0 $?
line() { grep -n -m 1 -e "$1" "$NA_TMP/order.log" | cut -d: -f1; }
frame=$(line 'sendmmsg(.*AF_PACKET')
filter=$(line 'seccomp(SECCOMP_SET_MODE_FILTER')
tables=$(line 'RTM_GETROUTE\|RTM_GETNEIGH')
na_check "the first frames go before the filter is loaded (lines $frame, $filter)" \
	awk -v a="${frame:-0}" -v b="${filter:-0}" 'BEGIN { exit !(a > 0 && b > a) }'
na_check "the --notify tables are read under the filter (line $tables)" \
	awk -v a="${filter:-0}" -v b="${tables:-0}" 'BEGIN { exit !(a > 0 && b > a) }'

# A first round that waits (-s 0.5): no frame before the call returns, the
# filter all the same.
na_a "$NA_BIN" -s 0.5 "$IF_A" 192.0.2.10
bg=$(bg_pid)
na_eq "a first round that waits: the background process is in filter mode" 2 \
	"$(awk '/^Seccomp:/ {print $2}' "/proc/${bg:-0}/status" 2>/dev/null)"

# The foreground and --all paths under the filter, with the take-over socket.
na_a "$NA_BIN" -f -s 0,0.2 --all "$IF_A"
na_eq "--all -f, two rounds under the filter: exit 0" 0 $?
"$NA_BIN" --pcap "$NA_TMP/p.pcap" --mac 02:00:00:00:00:09 -s 0,0.1 lab9 192.0.2.77 2001:db8::77
na_eq "pcap path under the filter: exit 0" 0 $?
# ARP, DAD NS, NA, then ARP only: NAs are 1 s apart (RFC 4861 §7.2.6).
na_eq "pcap path: 4 frames written" 4 "$(tshark -r "$NA_TMP/p.pcap" 2>/dev/null | wc -l)"

# probe reads frames from anyone on the link: it listens under the filter
# (plus recvfrom), finds a free address free and still hears the peer, which
# holds 192.0.2.1.
na_a "$NA_BIN" probe --wait 0 --probes 1 --listen 1.5 "$IF_A" 192.0.2.77 2>/dev/null &
probe=$!
# It loads the filter a moment after it starts: wait for it (while the probe
# listens, 1.5 s, or until the wait gives up).
probe_mode() {
	local p
	mode=
	for p in $(ip netns pids "$NS_A"); do
		grep -qs '^Name:.*neigh-announce' "/proc/$p/status" &&
			mode=$(awk '/^Seccomp:/ {print $2}' "/proc/$p/status")
	done
	[ "$mode" = 2 ]
}
na_wait 5 probe_mode
na_eq "probe while listening: Seccomp: 2" 2 "$mode"
wait "$probe"
na_eq "probe under the filter: a free address is free: exit 0" 0 $?
na_a "$NA_BIN" probe --wait 0 --probes 1 --listen 1 "$IF_A" 192.0.2.1 2>/dev/null
na_eq "probe under the filter still hears the conflict: exit 3" 3 $?

na_done
