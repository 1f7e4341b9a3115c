#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Part of t_hook_hostile.sh, run inside the client's network namespace (one
# process, so hundreds of calls stay fast): calls every hook with each hostile
# string in every variable it reads. Prints "# FAIL ..." for a hook that did
# not exit 0 (or, sourced, did not return to its caller).
# Usage: hostile-calls.sh HOOKS_DIR GOOD_IFACE MARK_DIR
H=$1
IF_A=$2
NA_SRC=$(cd "$(dirname "$0")/../.." && pwd)
NA_TMP=/nonexistent
. "$NA_SRC/tests/hooks/lib.sh"
hk_hostile "$3"
run() { # run NAME COMMAND...: the hook must exit 0
	local name=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" != 0 ]; then
		echo "# FAIL $name: exit $rc: $out"
	fi
}
src() { # src NAME FILE [0]: a sourced hook (environment ENVV) must return to
	# its caller (with status 0, if asked: dhclient-script keeps a hook's status)
	local out
	# shellcheck disable=SC2016 # expanded by dash
	out=$("${ENVV[@]}" dash -c '. "$1"; echo "hook-done $?"' sh "$2" 2>&1)
	case "$out" in
	*"hook-done ${3:-}"*) ;;
	*) echo "# FAIL $1: did not return${3:+ status $3}: $out" ;;
	esac
}
D=$H/dhcpcd/62-neigh-announce
for x in "${HK_HOSTILE[@]}"; do
	# dhcpcd: everything hostile; then a good interface with hostile data
	# for each kind of address variable; a hostile reason.
	ENVV=(env -i PATH="$PATH" interface="$x" reason=BOUND if_up=true new_ip_address="$x")
	src "dhcpcd BOUND" "$D"
	ENVV=(env -i PATH="$PATH" interface="$x" reason=CARRIER)
	src "dhcpcd CARRIER" "$D"
	for r in BOUND RENEW6 STATIC6 ROUTERADVERT DELEGATED6 "$x"; do
		ENVV=(env -i PATH="$PATH" interface="$IF_A" reason="$r" if_up="$x" new_ip_address="$x"
			new_dhcp6_ia_na1_ia_addr1="$x" new_dhcp6_ia_na1_ia_addr2="$x" new_ip6_address="$x"
			nd1_addr1="$x" nd2_addr1="$x" new_delegated_dhcp6_prefix="$x")
		src "dhcpcd $r (if_up hostile)" "$D"
		ENVV=(env -i PATH="$PATH" interface="$IF_A" reason="$r" if_up=true new_ip_address="$x"
			new_dhcp6_ia_na1_ia_addr1="$x" new_dhcp6_ia_na1_ia_addr2="$x" new_ip6_address="$x"
			nd1_addr1="$x" nd2_addr1="$x" new_delegated_dhcp6_prefix="$x")
		src "dhcpcd $r" "$D"
	done
	# dhclient: everything hostile, then a good interface with hostile
	# addresses, for a reason of each family and a hostile reason.
	for r in BOUND BOUND6 "$x"; do
		ENVV=(env -i PATH="$PATH" interface="$x" reason="$r" new_ip_address="$x" new_ip6_address="$x")
		src "dhclient $r" "$H/dhclient/neigh-announce" 0
		ENVV=(env -i PATH="$PATH" interface="$IF_A" reason="$r" new_ip_address="$x" new_ip6_address="$x")
		src "dhclient $r (good interface)" "$H/dhclient/neigh-announce" 0
	done
	for a in bound "$x"; do
		run "udhcpc $a" env -i PATH="$PATH" NEIGH_ANNOUNCE_UDHCPC_SCRIPT=/bin/true \
			interface="$x" ip="$x" mask="$x" domain="$x" hostname="$x" bootfile="$x" \
			"$H/udhcpc/udhcpc.script" "$a"
		# shellcheck disable=SC2016 # expanded by dash
		out=$(env -i PATH="$PATH" interface="$x" ip="$x" mask="$x" domain="$x" \
			dash -c 'f=$1; set -- "$2"; . "$f"; echo hook-done' sh \
			"$H/openwrt/udhcpc.user.d/neigh-announce" "$a" 2>&1)
		case "$out" in *hook-done) ;; *) echo "# FAIL openwrt udhcpc.user $a: $out" ;; esac
	done
	for act in ifup "$x"; do
		ENVV=(env -i PATH="$PATH" ACTION="$act" INTERFACE="$x" DEVICE="$x" IFUPDATE_ADDRESSES="$x")
		src "openwrt hotplug $act" "$H/openwrt/hotplug.d/iface/62-neigh-announce"
	done
	ENVV=(env -i PATH="$PATH" ACTION=ifupdate INTERFACE="$x" DEVICE="$x" IFUPDATE_ADDRESSES="$x")
	src "openwrt hotplug ifupdate" "$H/openwrt/hotplug.d/iface/62-neigh-announce"
	for act in up "$x"; do
		run "NetworkManager $act" env -i DEVICE_IFACE="$x" DEVICE_IP_IFACE="$x" \
			IP4_NUM_ADDRESSES=2 IP4_ADDRESS_0="$x" IP4_ADDRESS_1="$x 192.0.2.1" IP6_NUM_ADDRESSES="$x" \
			IP6_ADDRESS_0="$x" DHCP4_DOMAIN_NAME="$x" CONNECTION_ID="$x" PATH="$PATH" \
			"$H/NetworkManager/62-neigh-announce" "$x" "$act"
	done
	run "NetworkManager dhcp6-change (good interface)" env -i DEVICE_IP_IFACE="$IF_A" \
		IP4_ADDRESS_0="$x" IP6_ADDRESS_0="$x" PATH="$PATH" \
		"$H/NetworkManager/62-neigh-announce" "$IF_A" dhcp6-change
	run "ifupdown inet" env -i PATH="$PATH" IFACE="$x" LOGICAL="$x" ADDRFAM=inet \
		METHOD=static IF_ADDRESS="$x" IF_NETMASK="$x" "$H/ifupdown/neigh-announce"
	run "ifupdown inet6 (good interface)" env -i PATH="$PATH" IFACE="$IF_A" ADDRFAM=inet6 \
		METHOD=static IF_ADDRESS="$x" "$H/ifupdown/neigh-announce"
	run "ifupdown (hostile family, method)" env -i PATH="$PATH" IFACE="$IF_A" ADDRFAM="$x" \
		METHOD="$x" IF_ADDRESS="$x" "$H/ifupdown/neigh-announce"
	run "networkd-dispatcher" env -i PATH="$PATH" IFACE="$x" STATE=routable \
		IP_ADDRS="$x" IP6_ADDRS="$x" ESSID="$x" json="$x" "$H/networkd-dispatcher/neigh-announce"
done
exit 0
