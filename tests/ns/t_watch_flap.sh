#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Flap damping: the peer takes its end of the cable down and up 100 times in
# about two seconds. The watcher must stay within the bound neigh-announce(8)
# states (per interface, at most 3 + ceil(T / 2 s) announcement starts in T
# seconds, each at most one round per schedule entry) and must announce the
# state the link settles in. Frames are counted by tshark on the peer.
# shellcheck source=tests/ns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/ns/watch_lab.sh
. "$(dirname "$0")/watch_lab.sh"
na_require_root
na_require_cmd dumpcap tshark
wl_lab

ip -n "$NS_A" addr add 192.0.2.10/24 dev "$IF_A"
ip -n "$NS_A" addr add 2001:db8::10/64 dev "$IF_A" nodad
wl_ll_ready
LL_A=$(wl_ll_a)

wl_start -vv -s 0,0.5,1 || exit 1
cap=$NA_TMP/flap.pcapng
wl_capture_start "$cap" || exit 1
wl_neigh_monitor_start

# 100 down/up pairs through one `ip -batch`, paced by one process (a
# `sleep` per flap costs tens of ms on a loaded machine) to last about 2 s.
# The last up comes after the storm, below.
t0=$(date +%s.%N)
/usr/bin/python3 -c '
import sys, time
for k in range(100):
    sys.stdout.write("link set dev %s down\n" % sys.argv[1])
    if k < 99:
        sys.stdout.write("link set dev %s up\n" % sys.argv[1])
    sys.stdout.flush()
    time.sleep(0.019)
' "$IF_P" | ip -n "$NS_P" -batch -
storm=$(na_calc "$(date +%s.%N) - $t0")
echo "# 100 flaps took $storm s"
# A storm for the damping as long as it comes faster than the damping lets
# starts through (one every 2 s after 3): on a busy machine the driver may
# take longer than its 2 s, and the bound below is over the time it took.
na_check "the 100 flaps came faster than the damping refills ($storm s < 50 s)" na_true "$storm < 50"
# The peer's entries go stale, then the link comes up for good: the state
# it settles in must reach them, damped (at most 2 s late) or not.
for a in 192.0.2.10 2001:db8::10 "$LL_A"; do
	wl_stale "$a"
done
ip -n "$NS_P" link set "$IF_P" up
t_settle=$(date +%s.%N)
reached() {
	local a
	for a in 192.0.2.10 2001:db8::10 "$LL_A"; do
		[ "$(wl_peer_mac "$a")" = "$MAC_A" ] || return 1
	done
}
na_wait 15 reached
na_capture_wait "$cap" "$(wl_ours_filter) && frame.time_epoch > $t_settle" 1 10
# What the watcher started up to now, for the bound below.
t_end=$(date +%s.%N)
starts=$(grep -c "announcing every address" "$WLOG")
ups=$(grep -c ": link up" "$WLOG")
kill -INT "$NA_CAP_PID"
wait "$NA_CAP_PID" 2>/dev/null

for a in 192.0.2.10 2001:db8::10 "$LL_A"; do
	na_eq "$a: the settled state reached the peer" "$MAC_A" "$(wl_peer_mac "$a")"
done
settled=$(na_fields "$cap" "$(wl_ours_filter) && frame.time_epoch > $t_settle" frame.number | wc -l)
na_check "announcements after the link settled ($settled frames)" test "$settled" -gt 0

# The bound over the whole capture window (T = t_end - t0).
T=$(na_calc "$t_end - $t0")
max_starts=$(awk "BEGIN { h = $T / 2; c = int(h); if (c < h) c++; print 3 + c }") # 3 + ceil(T / 2 s)
echo "# window $T s: $ups link-ups seen, $starts announcement starts (bound $max_starts)"
na_check "link-ups reached the watcher ($ups)" test "$ups" -ge 10
na_check "announcement starts within the bound ($starts <= $max_starts)" test "$starts" -le "$max_starts"
# A start sends at most, per IPv4 address, one ARP announcement per round
# (3 rounds), and per IPv6 address one DAD NS and at most 3 NAs (RFC 4861
# §7.2.6): 3 + 2 * 4 = 11 frames for our three addresses.
frames=$(na_fields "$cap" "$(wl_ours_filter)" frame.number | wc -l)
max_frames=$((max_starts * 11))
echo "# $frames frames on the wire (bound $max_frames; undamped, 100 link-ups would send at least 500)"
na_check "frames within the bound ($frames <= $max_frames)" test "$frames" -le "$max_frames"
na_check "the watcher says it damped" grep -q "link flapping, announcing in" "$WLOG"
na_check "the watcher is still running" kill -0 "$WPID"
wl_stop
na_eq "SIGTERM: exit 0" 0 "$WRC"
grep "netlink messages" "$WLOG"
na_done
