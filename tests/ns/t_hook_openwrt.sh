#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The OpenWrt examples, by their calling conventions, in busybox's ash (the
# shell OpenWrt runs them in):
# - /etc/hotplug.d/iface/: hotplug-call sources each script in a subshell
#   with ACTION, INTERFACE (logical) and DEVICE (L3 device) exported, and
#   IFUPDATE_ADDRESSES=1 on an address change; PATH is /usr/sbin:/usr/bin:/sbin:/bin.
# - /etc/udhcpc.user.d/: netifd's dhcp.script, run by the real busybox udhcpc
#   here, hands the lease on (set synchronously here) and then sources each
#   file in a subshell with the udhcpc action as $1.
. "$(dirname "$0")/lib.sh"
. "$NA_SRC/tests/hooks/lib.sh"
na_require_root
na_require_cmd dumpcap tshark busybox dnsmasq udhcpc
na_lab
hk_setup 0,1,3
HOT=$HK_HOOKS/openwrt/hotplug.d/iface/62-neigh-announce
USR=$HK_HOOKS/openwrt/udhcpc.user.d/neigh-announce
V4=192.0.2.10
V6=2001:db8::10
na_a ip addr add "$V4/24" dev "$IF_A"
na_a ip addr add "$V6/64" dev "$IF_A" nodad
na_check "IPv6 addresses finished DAD" hk_wait_for 5 hk_settled

# hotplug ACTION [IFUPDATE_ADDRESSES]: as hotplug-call does it.
hotplug() {
	# shellcheck disable=SC2016 # expanded by ash
	na_a env -i PATH="$HK_BIN:/usr/sbin:/usr/bin:/sbin:/bin" ACTION="$1" INTERFACE=lan \
		DEVICE="$IF_A" ${2:+IFUPDATE_ADDRESSES="$2"} HOTPLUG_TYPE=iface \
		busybox sh -c '( [ -f "$1" ] && . "$1" ); echo "hotplug-done $?"' sh "$HOT"
}
cap=$NA_TMP/hotplug.pcapng
na_capture_start "$cap" || exit 1
for a in ifdown ifupdate iflink; do
	na_eq "hotplug $a: returns, nothing to do" "hotplug-done 0" "$(hotplug "$a")"
done
na_eq "after ifdown, ifupdate without address change, iflink: the helper was not called" "" "$(cat "$HK_CALLS" 2>/dev/null)"
na_stale "$V4"
na_stale "$V6"
t0=$(hk_ms)
out=$(hotplug ifup)
dt=$(($(hk_ms) - t0))
echo "# hotplug ifup: returned in $dt ms"
na_eq "hotplug ifup: returns" "hotplug-done 0" "$out"
na_check "hotplug ifup: returned in under 1 s with its pipe closed ($dt ms)" test "$dt" -lt 1000
na_eq "hotplug ifup: --all on DEVICE" "--all -- $IF_A" "$(cut -d' ' -f2- "$HK_CALLS")"
na_eq "round one: the peer's IPv4 entry takes the new MAC" "$MAC_A" "$(na_peer_mac "$V4")"
na_eq "round one: the peer's IPv6 entry takes the new MAC" "$MAC_A" "$(na_peer_mac "$V6")"
# ifupdate comes after ifup's rounds are over: its background process
# exits after its last round (+3 s). A call that reached that process
# before its late round went out would replace ifup's announcement with
# its own (announce.h), and the late round would never be sent.
na_check "ifup's background rounds have ended" na_bg_done
: >"$HK_CALLS"
t_upd=$(date +%s.%N)
na_eq "hotplug ifupdate with IFUPDATE_ADDRESSES=1: returns" "hotplug-done 0" "$(hotplug ifupdate 1)"
t_ret=$(date +%s.%N)
na_eq "hotplug ifupdate with IFUPDATE_ADDRESSES=1: --all on DEVICE" "--all -- $IF_A" "$(cut -d' ' -f2- "$HK_CALLS")"
ARP4="$(hk_arp_f "$V4")"
NA6="$(hk_na_f "$V6")"
# ifupdate's call starts a new process, which knows nothing of ifup's NAs:
# its first round has an NA as well. Wait for both in the capture.
na_capture_wait "$cap" "$ARP4" 4 10
na_capture_wait "$cap" "$NA6" 4 10
na_capture_stop 0.2
# ifupdate's first round: the first ARP announcement after its call began,
# sent before the call returned. Its next round is 1 s after it, never
# earlier: count up to 0.9 s past it.
t_first=$(na_fields "$cap" "$ARP4" frame.time_epoch | awk -v t="$t_upd" '$1 >= t {print $1; exit}')
na_check "tshark: ifupdate's first ARP announcement went out before its call returned" \
	awk -v a="${t_first:-0}" -v b="$t_upd" -v c="$t_ret" 'BEGIN { exit !(a >= b && a <= c) }'
# before CAP FILTER T: frames of FILTER before epoch T.
before() { na_fields "$1" "$2" frame.time_epoch | awk -v t="$3" '$1 < t {n++} END {print n + 0}'; }
na_eq "tshark: ifup's three rounds and ifupdate's first: four ARP announcements of $V4" 4 \
	"$(before "$cap" "$ARP4" "$(na_calc "${t_first:-$t_upd} + 0.9")")"
na_eq "tshark: ifup's three ARP announcements before ifupdate's call" 3 "$(before "$cap" "$ARP4" "$t_upd")"
na_check "tshark: ifup's late round 3 s after its first" test "$(hk_arp_times "$cap" "$V4" | head -3 | hk_span)" -ge 2700
na_check "tshark: ifup's three NAs and ifupdate's own (got $(hk_na_times "$cap" "$V6" | grep -c .))" \
	test "$(hk_na_times "$cap" "$V6" | grep -c .)" -ge 4

# udhcpc.user.d, under the real udhcpc with dhcp.script's calling convention.
na_a ip addr flush dev "$IF_A" scope global
hk_dnsmasq --dhcp-range=192.0.2.50,192.0.2.60,255.255.255.0,2m --dhcp-host="$MAC_A,192.0.2.50"
mkdir "$NA_TMP/udhcpc.user.d"
cp "$USR" "$NA_TMP/udhcpc.user.d/neigh-announce"
cat >"$NA_TMP/dhcp.script" <<EOT
#!/bin/sh
# Stands in for netifd: configure the lease, then the user scripts as
# /lib/netifd/dhcp.script runs them.
case "\$1" in
bound | renew) ip addr replace "\$ip/\$mask" dev "\$interface" ;;
deconfig) ip -4 addr flush dev "\$interface" ;;
esac
for f in $NA_TMP/udhcpc.user.d/*; do
	[ -f "\$f" ] && (. "\$f" "\$@")
done
echo "user.d done \$1" >>$NA_TMP/user.log
EOT
chmod 755 "$NA_TMP/dhcp.script"
: >"$HK_CALLS"
cap=$NA_TMP/udhcpc.pcapng
na_capture_start "$cap" || exit 1
na_a busybox udhcpc -i "$IF_A" -s "$NA_TMP/dhcp.script" -q -n -t 5 -T 1 -f >"$NA_TMP/udhcpc.log" 2>&1
na_eq "udhcpc: lease taken" 0 "$?"
na_check "dhcp.script ran on to its end after our drop-in" grep -qx "user.d done bound" "$NA_TMP/user.log"
na_eq "udhcpc.user.d on bound: ip/mask after --" "-- $IF_A 192.0.2.50/24" "$(cut -d' ' -f2- "$HK_CALLS")"
# All rounds sent (the background process has exited), and in the capture.
na_check "the lease's background rounds have ended" na_bg_done
na_capture_wait "$cap" "$(hk_arp_f 192.0.2.50)" 3 10
na_capture_stop 0.2
na_eq "tshark: three ARP announcements of the lease" 3 "$(hk_arp_times "$cap" 192.0.2.50 | grep -c .)"
na_done
