#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# A host whose addresses live on a bridge (a hypervisor, a container host):
# its uplink port loses and regains carrier while the bridge stays up (other
# ports hold it up). Nothing about the bridge changed, but the network beyond
# that port may have lost track: the watcher announces the bridge's addresses
# again, and the peer's stale entries take the bridge's MAC within a second.
# shellcheck source=tests/ns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/ns/watch_lab.sh
. "$(dirname "$0")/watch_lab.sh"
na_require_root
wl_lab
MAC_BR=02:00:00:aa:00:0b
ip -n "$NS_A" link add bra address "$MAC_BR" type bridge stp_state 0
ip -n "$NS_A" link add q0 type veth peer name q1
ip -n "$NS_A" link set q1 up
ip -n "$NS_A" link set q0 master bra up
ip -n "$NS_A" link set "$IF_A" master bra
ip -n "$NS_A" link set bra up
ip -n "$NS_A" addr add 192.0.2.10/24 dev bra
ip -n "$NS_A" addr add 2001:db8::10/64 dev bra nodad
sleep 0.3

# Only the bridge is named: its port's carrier still counts.
wl_start -v -s 0,0.5,1 bra || exit 1
ip -n "$NS_P" link set "$IF_P" down
sleep 0.3
for a in 192.0.2.10 2001:db8::10; do
	wl_stale "$a"
done
wl_neigh_monitor_start
t_up=$(date +%s.%N)
ip -n "$NS_P" link set "$IF_P" up
na_wait 10 wl_took "$MAC_BR" 192.0.2.10 2001:db8::10
for a in 192.0.2.10 2001:db8::10; do
	t=$(wl_mac_at "$a" "$MAC_BR")
	na_check "$a: the peer's entry took the bridge's MAC within 1 s (after $(wl_delta "$t_up" "$t") s)" \
		wl_within "$t_up" "$t" 1
done
na_eq "the bridge itself never went down" 0 "$(grep -c "bra: link down" "$WLOG")"
na_check "the log says why" wl_wait_count 1 "bra: port va0 up: announcing every address"
na_eq "the port itself is not announced (not named)" 0 "$(grep -c "va0: link up" "$WLOG")"
wl_stop
na_eq "SIGTERM: exit 0" 0 "$WRC"
na_done
