#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The default mode: round one, return, the rest from a detached process on
# schedule; a newer run for the interface hands its addresses to it; an
# address removed between rounds is not announced again.
. "$(dirname "$0")/lib.sh"
na_require_root
na_require_cmd dumpcap tshark
na_lab
ip -n "$NS_A" addr add 192.0.2.10/24 dev "$IF_A"
ip -n "$NS_A" addr add 192.0.2.11/24 dev "$IF_A"
ip -n "$NS_A" addr add 192.0.2.12/24 dev "$IF_A"

now() { date +%s.%N; }
# times FILE ADDR: capture times of our ARP announcements for ADDR, one a line.
times() { na_fields "$1" "arp.src.hw_mac == $MAC_A && arp.src.proto_ipv4 == $2" frame.time_epoch; }
# within X LO HI: LO <= X <= HI
within() { awk -v x="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(x >= lo && x <= hi) }'; }
# plus A B: A + B, printed in full (awk's default %.6g would round epochs).
plus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f\n", a + b }'; }
# alive PID: running (an exited process not yet reaped is not alive).
alive() { [ -d "/proc/$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
gone() { ! alive "$1"; }
# done_by CAP FILTER N: the background rounds have ended (at most 15 s:
# their last round may come late on a busy machine) and the capture holds
# the N frames of FILTER that were due by then; the capture stops. The
# counts after it are exact: a round too many is still seen.
done_by() {
	na_bg_done
	na_capture_wait "$1" "$2" "$3" 10
	na_capture_stop 0.1
}
ours() { echo "arp.src.hw_mac == $MAC_A && arp.src.proto_ipv4 == $1"; }

# 1. Returns at once; rounds at 0, 1 and 2 s arrive then (generous bounds:
#    this checks the schedule, not speed).
cap=$NA_TMP/bg.pcapng
na_capture_start "$cap" || exit 1
t0=$(now)
na_a "$NA_BIN" -s 0,1,2 "$IF_A" 192.0.2.10
rc=$?
t1=$(now)
na_eq "default run exits 0" 0 "$rc"
na_check "default run returns before the second round (took $(plus "$t1" "-$t0") s)" \
	within "$t1" "$t0" "$(plus "$t0" 0.9)"
na_check "a background process carries on" test -n "$(na_bg_pids)"
done_by "$cap" "$(ours 192.0.2.10)" 3
mapfile -t ts < <(times "$cap" 192.0.2.10)
na_eq "three rounds on the wire" 3 "${#ts[@]}"
if [ "${#ts[@]}" -eq 3 ]; then
	d1=$(plus "${ts[1]}" "-${ts[0]}")
	d2=$(plus "${ts[2]}" "-${ts[0]}")
	na_check "round 2 at +1 s (got +$d1)" within "$d1" 0.95 1.5
	na_check "round 3 at +2 s (got +$d2)" within "$d2" 1.95 2.5
fi
na_eq "background process gone after the last round" "" "$(na_bg_pids)"

# 2. A second run hands its address to the running one (a DHCPv4 lease,
#    then an IPv6 address: two hook calls in a row) and exits: one
#    background process, and neither run's rounds are cut short.
ip -n "$NS_A" addr add 2001:db8::12/64 dev "$IF_A" nodad
cap=$NA_TMP/replace.pcapng
na_capture_start "$cap" || exit 1
na_a "$NA_BIN" -s 0,1,2,3 "$IF_A" 192.0.2.11
sleep 0.3
first=$(na_bg_pids)
na_a "$NA_BIN" -s 0,1.5 "$IF_A" 2001:db8::12
na_eq "the second run exits 0" 0 $?
sleep 0.3
second=$(na_bg_pids)
na_check "there was a first background process" test -n "$first"
na_eq "the first background process carries both" "$first" "$second"
done_by "$cap" "$(ours 192.0.2.11)" 4
mapfile -t old < <(times "$cap" 192.0.2.11)
mapfile -t new < <(na_fields "$cap" "eth.src == $MAC_A && icmpv6.type == 136" frame.time_epoch)
na_eq "the second run's address: both rounds" 2 "${#new[@]}"
na_eq "the first run's address: all four of its rounds" 4 "${#old[@]}"
if [ "${#old[@]}" -eq 4 ] && [ "${#new[@]}" -eq 2 ]; then
	d=$(plus "${old[3]}" "-${old[0]}")
	na_check "the first run's last round on its own schedule, at +3 s (+$d)" within "$d" 2.95 3.5
	d=$(plus "${new[1]}" "-${new[0]}")
	na_check "the second run's rounds on its schedule, 1.5 s apart ($d)" within "$d" 1.45 1.9
fi
na_eq "background process gone after the last round" "" "$(na_bg_pids)"

# 3. An address removed between rounds is not announced again.
cap=$NA_TMP/removed.pcapng
na_capture_start "$cap" || exit 1
na_a "$NA_BIN" -s 0,1,2 "$IF_A" 192.0.2.10 192.0.2.11
sleep 0.4
ip -n "$NS_A" addr del 192.0.2.11/24 dev "$IF_A"
done_by "$cap" "$(ours 192.0.2.10)" 3
na_eq "kept address: three rounds" 3 "$(times "$cap" 192.0.2.10 | wc -l)"
na_eq "removed address: only the round before removal" 1 "$(times "$cap" 192.0.2.11 | wc -l)"

# 4. Foreground runs the whole schedule, then exits.
t0=$(now)
na_a "$NA_BIN" -f -s 0,0.5 "$IF_A" 192.0.2.10
na_eq "foreground exits 0" 0 $?
na_check "foreground waited for the last round" within "$(now)" "$(plus "$t0" 0.5)" "$(plus "$t0" 5)"

na_done
