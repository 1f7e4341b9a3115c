#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# networkd-dispatcher's calling convention, run by its own code: the installed
# networkd-dispatcher's hook runner finds the shipped script in routable.d
# (after its root:root 0755 checks) and runs it with its environment. The link
# data it would get from systemd-networkd is read from the kernel
# (tests/hooks/networkd-dispatch.py). The hook announces every address the
# interface holds (--all).
. "$(dirname "$0")/lib.sh"
. "$NA_SRC/tests/hooks/lib.sh"
na_require_root
na_require_cmd dumpcap tshark
[ -f /usr/bin/networkd-dispatcher ] || na_skip "needs networkd-dispatcher"
/usr/bin/python3 -c 'import dbus, gi' 2>/dev/null || na_skip "needs python3-dbus and python3-gi"
na_lab
hk_setup 0,1,3
HOOK=$HK_HOOKS/networkd-dispatcher/neigh-announce
V4=192.0.2.10
V6=2001:db8::10

dir=$NA_TMP/networkd-dispatcher
install -d -o root -g root -m 0755 "$dir" "$dir/routable.d"
install -o root -g root -m 0755 "$HOOK" "$dir/routable.d/neigh-announce"
na_a ip addr add "$V4/24" dev "$IF_A"
na_a ip addr add "$V6/64" dev "$IF_A" nodad
LL_A=$(na_a ip -6 addr show dev "$IF_A" scope link | awk '/inet6/ {sub("/.*", "", $2); print $2}')
na_check "the link-local address finished DAD" hk_wait_for 5 hk_settled
na_stale "$V4"
na_stale "$V6"
ip -n "$NS_P" neigh replace "$LL_A" lladdr "$MAC_STALE" dev "$IF_P" nud stale

cap=$NA_TMP/nd.pcapng
na_capture_start "$cap" || exit 1
t0=$(hk_ms)
na_a /usr/bin/python3 "$NA_SRC/tests/hooks/networkd-dispatch.py" "$dir" "$IF_A" routable \
	>"$NA_TMP/nd.log" 2>&1
rc=$?
dt=$(($(hk_ms) - t0))
echo "# networkd-dispatcher run (python start-up included): $dt ms"
na_eq "networkd-dispatcher's runner found and ran the hook" 0 "$rc"
na_check "the hook exited 0 (no warning from the dispatcher)" test -z "$(grep -i 'exit status' "$NA_TMP/nd.log")"
na_eq "the hook called the helper with --all -- IFACE" "--all -- $IF_A" "$(cut -d' ' -f2- "$HK_CALLS")"
na_eq "round one: the peer's IPv4 entry takes the new MAC" "$MAC_A" "$(na_peer_mac "$V4")"
na_eq "round one: the peer's IPv6 entry takes the new MAC" "$MAC_A" "$(na_peer_mac "$V6")"
na_eq "round one: the peer's link-local entry takes the new MAC" "$MAC_A" "$(na_peer_mac "$LL_A")"
na_stale "$V4"
na_check "late round: the peer's IPv4 entry again" hk_wait_for 10 na_peer_has "$V4" "$MAC_A"
# Every round sent (the background process has exited), and in the capture.
na_check "the background rounds have ended" na_bg_done
na_capture_wait "$cap" "$(hk_arp_f "$V4")" 3 10
na_capture_wait "$cap" "$(hk_na_f "$V6")" 3 10
na_capture_stop 0.3
na_eq "tshark: three ARP announcements of $V4" 3 "$(hk_arp_times "$cap" "$V4" | grep -c .)"
na_eq "tshark: three NAs for $V6" 3 "$(hk_na_times "$cap" "$V6" | grep -c .)"
na_check "tshark: late round 3 s after the first" test "$(hk_arp_times "$cap" "$V4" | hk_span)" -ge 2700

# The hook alone: exit 0 whatever, in milliseconds, its pipe closed.
t0=$(hk_ms)
out=$(na_a env -i PATH="$PATH" IFACE="$IF_A" STATE=routable "$HOOK" 2>&1)
rc=$?
dt=$(($(hk_ms) - t0))
echo "# networkd-dispatcher hook: returned in $dt ms"
na_eq "direct call: exit 0, nothing printed" "0 " "$rc $out"
na_check "the hook returned in under 1 s with its pipe closed ($dt ms)" test "$dt" -lt 1000
na_a env -i PATH="$PATH" IFACE=nosuch0 STATE=routable "$HOOK" 2>"$NA_TMP/err"
na_eq "unknown interface: the hook still exits 0" 0 "$?"
na_check "and the helper said why" grep -q "no such interface" "$NA_TMP/err"
na_a env -i PATH=/nonexistent IFACE="$IF_A" STATE=routable /bin/sh "$HOOK"
na_eq "helper not installed: exit 0" 0 "$?"
na_done
