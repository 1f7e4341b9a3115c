# shellcheck shell=bash
# SPDX-License-Identifier: BSD-2-Clause
# A lab with a Linux bridge between the announcer ("a") and the peer ("p"),
# the bridge living in its own namespace ("b"), never in the root namespace.
# Source it after lib.sh, then call na_bridge_lab. Ports: pa (to a), pp (to p).
# NS_A, NS_P, IF_A, IF_P, MAC_A, MAC_P and na_cleanup come from lib.sh.
# shellcheck disable=SC2153
NS_B=na-$NA_TAG-b
BR=br0

na_bridge_cleanup() {
	na_cleanup
	if ip netns pids "$NS_B" >/dev/null 2>&1; then
		ip netns pids "$NS_B" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$NS_B" 2>/dev/null
	fi
}

na_bridge_lab() {
	trap na_bridge_cleanup EXIT
	trap 'exit 130' INT TERM
	ip netns add "$NS_A" || exit 1
	ip netns add "$NS_P" || exit 1
	ip netns add "$NS_B" || exit 1
	ip -n "$NS_B" link add "$BR" type bridge || exit 1
	# No STP, no forward delay: ports forward at once.
	ip -n "$NS_B" link set "$BR" type bridge stp_state 0 forward_delay 0
	ip link add "$IF_A" netns "$NS_A" address "$MAC_A" type veth peer name pa netns "$NS_B" || exit 1
	ip link add "$IF_P" netns "$NS_P" address "$MAC_P" type veth peer name pp netns "$NS_B" || exit 1
	ip -n "$NS_B" link set pa master "$BR"
	ip -n "$NS_B" link set pp master "$BR"
	for ns in "$NS_A" "$NS_P" "$NS_B"; do
		ip -n "$ns" link set lo up
	done
	# As in na_lab: no kernel DAD (a tentative link-local address of the
	# gateway would drop our NS, RFC 4862 §5.4.3).
	for ns in "$NS_A" "$NS_P"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0
	done
	ip netns exec "$NS_A" sysctl -qw "net.ipv6.conf.$IF_A.accept_dad=0"
	ip netns exec "$NS_P" sysctl -qw "net.ipv6.conf.$IF_P.accept_dad=0"
	ip -n "$NS_B" link set pa up
	ip -n "$NS_B" link set pp up
	ip -n "$NS_B" link set "$BR" up
	ip -n "$NS_A" link set "$IF_A" up
	ip -n "$NS_P" link set "$IF_P" up
	ip -n "$NS_P" addr add 192.0.2.1/24 dev "$IF_P"
	ip -n "$NS_P" addr add 2001:db8::1/64 dev "$IF_P" nodad
}

# na_link_local NS IFACE: the interface's IPv6 link-local address.
na_link_local() {
	ip -n "$1" -6 addr show dev "$2" scope link | awk '/inet6/ {sub("/.*", "", $2); print $2}'
}
