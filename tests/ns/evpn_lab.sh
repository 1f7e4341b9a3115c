# shellcheck shell=bash disable=SC2034  # variables for the tests that source this
# SPDX-License-Identifier: BSD-2-Clause
# A real EVPN-VXLAN fabric in four namespaces, for tests/ns/t_evpn.sh; source
# it after lib.sh. doc/evpn-lab.md describes it.
#
#   h1 (eth0) -- hp1 [br100 + vxlan100] vtep1 ==u1=u2== vtep2 [br100 + vxlan100] hp2 -- (eth0) h2
#
# Each VTEP runs FRR's zebra and bgpd (iBGP, l2vpn evpn, advertise-all-vni)
# inside its namespace with its own config, pid and socket paths under
# $NA_TMP; nothing of the system's FRR is used or started. The VXLAN ports
# have neigh_suppress on and learning off, as on FRR/Cumulus/SONiC VTEPs, and
# both bridges hold the same gateway addresses and MAC (a distributed
# anycast gateway).

EV_V1=na-$NA_TAG-v1
EV_V2=na-$NA_TAG-v2
EV_H1=na-$NA_TAG-h1
EV_H2=na-$NA_TAG-h2
EV_NS=("$EV_V1" "$EV_V2" "$EV_H1" "$EV_H2")
EV_GW4=192.0.2.1
EV_GW6=2001:db8::1
EV_GW_MAC=00:00:5e:00:01:01
EV_GW_LL=fe80::200:5eff:fe00:101
EV_H1_4=192.0.2.11
EV_H1_6=2001:db8::11
EV_H2_4=192.0.2.12
EV_H2_6=2001:db8::12
EV_H1_MAC=02:00:00:00:01:01
EV_H2_MAC=02:00:00:00:02:01
EV_FRR=/usr/lib/frr

ev_v1() { ip netns exec "$EV_V1" "$@"; }
ev_v2() { ip netns exec "$EV_V2" "$@"; }
ev_h1() { ip netns exec "$EV_H1" "$@"; }
ev_h2() { ip netns exec "$EV_H2" "$@"; }

# ev_vtysh N COMMAND: asks VTEP N's own daemons, through their socket dir.
ev_vtysh() {
	ip netns exec "na-$NA_TAG-v$1" vtysh --vty_socket "$NA_TMP/frr$1" -c "$2" 2>/dev/null
}

# Stops the daemons by their pid files, then what lib.sh cleans, then the
# namespaces and their resolv.conf.
ev_cleanup() {
	local f ns
	for f in "$NA_TMP"/frr*/*.pid; do
		[ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null
	done
	for ns in "${EV_NS[@]}"; do
		if ip netns pids "$ns" >/dev/null 2>&1; then
			ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
			ip netns del "$ns" 2>/dev/null
		fi
		rm -rf "/etc/netns/$ns"
	done
	na_cleanup
}

ev_require() {
	na_require_root
	na_require_cmd vtysh ping arping bridge
	[ -x "$EV_FRR/zebra" ] && [ -x "$EV_FRR/bgpd" ] || na_skip "needs FRR (frr package)"
	id frr >/dev/null 2>&1 || na_skip "needs the frr user (frr package)"
}

ev_ns() {
	ip netns add "$1" || exit 1
	# ip netns exec mounts this over /etc/resolv.conf: no process of the
	# lab reads the machine's.
	mkdir -p "/etc/netns/$1"
	: >"/etc/netns/$1/resolv.conf"
	ip -n "$1" link set lo up
	# No DAD delays, and the same gateway link-local address on both
	# VTEPs is no conflict.
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
}

# ev_vtep N: VTEP N's bridge, VXLAN port, host port and daemons.
ev_vtep() {
	local n=$1 ns=na-$NA_TAG-v$1 lo=10.255.0.$1 peer=10.255.0.$((3 - $1)) dir=$NA_TMP/frr$1
	ip -n "$ns" addr add "$lo/32" dev lo
	ip -n "$ns" route add "$peer/32" via "10.0.0.$((3 - n))"
	ip -n "$ns" link add br100 address "$EV_GW_MAC" type bridge stp_state 0 mcast_snooping 0 || exit 1
	ip -n "$ns" link add vxlan100 type vxlan id 100 local "$lo" dstport 4789 nolearning || exit 1
	ip -n "$ns" link set vxlan100 master br100 addrgenmode none
	bridge -n "$ns" link set dev vxlan100 neigh_suppress on learning off
	ip -n "$ns" link set "hp$n" master br100
	ip -n "$ns" addr add "$EV_GW4/24" dev br100
	ip -n "$ns" addr add "$EV_GW6/64" dev br100 nodad
	for l in vxlan100 "hp$n" br100; do
		ip -n "$ns" link set "$l" up
	done
	mkdir -p "$dir"
	: >"$dir/zebra.conf"
	cat >"$dir/bgpd.conf" <<EOF
router bgp 65000
 bgp router-id $lo
 no bgp default ipv4-unicast
 neighbor $peer remote-as internal
 neighbor $peer update-source $lo
 neighbor $peer timers connect 1
 address-family l2vpn evpn
  neighbor $peer activate
  advertise-all-vni
 exit-address-family
EOF
	chown -R frr:frr "$dir"
	ip netns exec "$ns" "$EV_FRR/zebra" -d -F datacenter -f "$dir/zebra.conf" -i "$dir/zebra.pid" \
		-z "$dir/zserv.api" --vty_socket "$dir" -P 0 >"$dir/zebra.out" 2>&1 || exit 1
	ip netns exec "$ns" "$EV_FRR/bgpd" -d -F datacenter -f "$dir/bgpd.conf" -i "$dir/bgpd.pid" \
		-z "$dir/zserv.api" --vty_socket "$dir" -P 0 >"$dir/bgpd.out" 2>&1 || exit 1
}

# ev_host N MAC ADDR4 ADDR6: host N behind VTEP N, default routes via the
# gateway (IPv6: its link-local address, as a Router Advertisement gives).
ev_host() {
	local ns=na-$NA_TAG-h$1
	ip link add eth0 netns "$ns" address "$2" type veth peer name "hp$1" netns "na-$NA_TAG-v$1" || exit 1
	ip -n "$ns" link set eth0 up
	ip -n "$ns" addr add "$3/24" dev eth0
	ip -n "$ns" addr add "$4/64" dev eth0 nodad
	ip -n "$ns" route add default via "$EV_GW4" dev eth0
	ip -n "$ns" -6 route add default via "$EV_GW_LL" dev eth0
}

ev_ms() { echo $(($(date +%s%N) / 1000000)); }

# ev_wait MS COMMAND...: polls COMMAND every 20 ms until it succeeds or MS
# milliseconds have passed.
ev_wait() {
	local end=$(($(ev_ms) + $1))
	shift
	while :; do
		"$@" && return 0
		[ "$(ev_ms)" -gt "$end" ] && return 1
		sleep 0.02
	done
}

# Both VTEPs list the other in VNI 100's flood list: BGP is up and the
# type-3 routes are in.
ev_ready() {
	ev_vtysh 1 "show evpn vni 100" | grep -q "10.255.0.2 *flood" &&
		ev_vtysh 2 "show evpn vni 100" | grep -q "10.255.0.1 *flood"
}

ev_lab() {
	local ns
	for ns in "${EV_NS[@]}"; do
		ev_ns "$ns"
	done
	ip link add u1 netns "$EV_V1" type veth peer name u2 netns "$EV_V2" || exit 1
	ip -n "$EV_V1" addr add 10.0.0.1/30 dev u1
	ip -n "$EV_V2" addr add 10.0.0.2/30 dev u2
	ip -n "$EV_V1" link set u1 up
	ip -n "$EV_V2" link set u2 up
	ev_host 1 "$EV_H1_MAC" "$EV_H1_4" "$EV_H1_6"
	ev_host 2 "$EV_H2_MAC" "$EV_H2_4" "$EV_H2_6"
	ev_vtep 1
	ev_vtep 2
}

# ev_remote_mac MAC ADDR: VTEP 2's EVPN table has MAC as a remote MAC-IP
# binding for ADDR (a type-2 route from VTEP 1).
ev_remote_macip() {
	ev_vtysh 2 "show evpn arp-cache vni 100 ip $2" | grep -qi "$1" &&
		ev_vtysh 2 "show evpn arp-cache vni 100 ip $2" | grep -q "remote"
}

# ev_neigh_mac NS DEV ADDR: the MAC NS's neighbour table holds for ADDR.
ev_neigh_mac() {
	ip -n "$1" neigh show "$3" dev "$2" | awk '{for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1)}'
}

# ev_has_mac NS DEV ADDR MAC: succeeds when that entry holds MAC.
ev_has_mac() {
	[ "$(ev_neigh_mac "$1" "$2" "$3")" = "$4" ]
}
