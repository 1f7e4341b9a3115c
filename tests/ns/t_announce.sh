#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The proof that an announcement works: the peer kernel's stale neighbour
# entries take the announcer's MAC, and tshark decodes every frame kind with
# the fields RFC 5227, RFC 4861/4862 and RFC 7527 ask for.
. "$(dirname "$0")/lib.sh"
na_require_root
na_require_cmd dumpcap tshark
na_lab

ip -n "$NS_A" addr add 192.0.2.10/24 dev "$IF_A"
ip -n "$NS_A" addr add 2001:db8::10/64 dev "$IF_A" nodad
LL_A=$(ip -n "$NS_A" -6 addr show dev "$IF_A" scope link | awk '/inet6/ {sub("/.*", "", $2); print $2}')
sleep 0.2
na_stale 192.0.2.10
na_stale 2001:db8::10
na_eq "peer starts with the stale IPv4 entry" "$MAC_STALE" "$(na_peer_mac 192.0.2.10)"
na_eq "peer starts with the stale IPv6 entry" "$MAC_STALE" "$(na_peer_mac 2001:db8::10)"

cap=$NA_TMP/a.pcapng
na_capture_start "$cap" || exit 1
na_a "$NA_BIN" -f -c 1 --nonce 891b434c4154 "$IF_A" 192.0.2.10/24 2001:db8::10/64
rc=$?
na_capture_stop
na_eq "helper exits 0" 0 "$rc"
na_eq "peer's IPv4 entry takes the new MAC" "$MAC_A" "$(na_peer_took 192.0.2.10)"
na_eq "peer's IPv6 entry takes the new MAC" "$MAC_A" "$(na_peer_took 2001:db8::10)"

# ARP announcement, RFC 5227 §2.3.
na_eq "tshark: ARP announcement fields" \
	"ff:ff:ff:ff:ff:ff $MAC_A 1 $MAC_A 192.0.2.10 00:00:00:00:00:00 192.0.2.10 1" \
	"$(na_fields "$cap" "eth.src == $MAC_A && arp" eth.dst eth.src arp.opcode arp.src.hw_mac arp.src.proto_ipv4 arp.dst.hw_mac arp.dst.proto_ipv4 arp.isgratuitous)"
# (checksum.status 1 is tshark's "Good".)
# DAD NS, RFC 4862 §5.4.2 + RFC 7527 nonce, no SLLA option.
na_eq "tshark: DAD NS fields" \
	"33:33:ff:00:00:10 :: ff02::1:ff00:10 255 2001:db8::10 14 891b434c4154 1" \
	"$(na_fields "$cap" "eth.src == $MAC_A && icmpv6.type == 135" eth.dst ipv6.src ipv6.dst ipv6.hlim icmpv6.nd.ns.target_address icmpv6.opt.type icmpv6.opt.nonce icmpv6.checksum.status)"
# Unsolicited NA, RFC 4861 §7.2.6: S=0, O=1, R=0 (not forwarding), TLLA.
na_eq "tshark: unsolicited NA fields" \
	"33:33:00:00:00:01 2001:db8::10 ff02::1 255 0 0 1 2001:db8::10 $MAC_A 1" \
	"$(na_fields "$cap" "eth.src == $MAC_A && icmpv6.type == 136" eth.dst ipv6.src ipv6.dst ipv6.hlim icmpv6.nd.na.flag.r icmpv6.nd.na.flag.s icmpv6.nd.na.flag.o icmpv6.nd.na.target_address icmpv6.opt.linkaddr icmpv6.checksum.status)"
na_eq "exactly three frames on the wire" 3 "$(na_fields "$cap" "eth.src == $MAC_A && (arp || icmpv6.type == 135 || icmpv6.type == 136)" frame.number | wc -l)"

# --all: every usable address, the link-local one too.
ip -n "$NS_P" neigh replace "$LL_A" lladdr "$MAC_STALE" dev "$IF_P" nud stale
na_stale 192.0.2.10
na_a "$NA_BIN" -f -c 1 --all "$IF_A"
na_eq "--all exits 0" 0 $?
na_eq "--all: IPv4 entry updated" "$MAC_A" "$(na_peer_took 192.0.2.10)"
na_eq "--all: link-local entry updated" "$MAC_A" "$(na_peer_took "$LL_A")"
# With a family switched off, --all takes the other's addresses only.
out=$(na_a "$NA_BIN" -v -f -c 1 --all --ipv6 none --notify none "$IF_A" 2>&1)
na_check "--all --ipv6 none: one address, the IPv4 one ($out)" \
	grep -q "round 1/1: 1 frames for 1 addresses" <<<"$out"
out=$(na_a "$NA_BIN" -v -f -c 1 --all --ipv4 none --notify none "$IF_A" 2>&1)
na_check "--all --ipv4 none: the two IPv6 addresses ($out)" \
	grep -q "for 2 addresses" <<<"$out"

# R flag when the announcer forwards IPv6.
na_a sysctl -qw "net.ipv6.conf.$IF_A.forwarding=1"
cap2=$NA_TMP/r.pcapng
na_capture_start "$cap2" || exit 1
na_a "$NA_BIN" -f -c 1 --ipv6 na "$IF_A" 2001:db8::10
na_capture_stop
na_eq "R=1 when forwarding" "1" "$(na_fields "$cap2" 'icmpv6.type == 136' icmpv6.nd.na.flag.r)"
# The program hooks run reads the R flag with the link (IFLA_AF_SPEC), and a
# round without a check asks for the link alone: both follow forwarding, on
# and then off.
r_flags() {
	local c=$NA_TMP/r$1.pcapng
	shift
	na_capture_start "$c" || exit 1
	na_a "$NA_BIN" -c 1 --ipv6 na "$@" "$IF_A" 2001:db8::10
	na_a "$NA_BIN" -c 1 --ipv6 na --no-check "$@" "$IF_A" 2001:db8::10
	na_capture_stop
	na_fields "$c" 'icmpv6.type == 136' icmpv6.nd.na.flag.r | xargs
}
na_eq "R=1 when forwarding: default mode, and --no-check" "1 1" "$(r_flags 3)"
na_a sysctl -qw "net.ipv6.conf.$IF_A.forwarding=0"
na_eq "R=0 once forwarding is off: default mode, and --no-check" "0 0" "$(r_flags 4)"

# The interface by an alternative name, as if_nametoindex(3) takes it.
if ip -n "$NS_A" link property add dev "$IF_A" altname na-alt0 2>/dev/null; then
	na_stale 192.0.2.10
	na_a "$NA_BIN" -c 1 na-alt0 192.0.2.10
	na_eq "by an alternative name: exit 0" 0 $?
	na_eq "by an alternative name: the peer's entry updated" "$MAC_A" "$(na_peer_took 192.0.2.10)"
	ip -n "$NS_A" link property del dev "$IF_A" altname na-alt0
elif [ "${CI:-}" = true ]; then
	na_eq "alternative interface names (ip link property) work here" yes no
fi

na_done
