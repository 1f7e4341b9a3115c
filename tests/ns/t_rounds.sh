#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# What goes into each round, decoded by tshark: ARP every round, the DAD NS
# once, at most 3 NAs at least 1 s apart (RFC 4861 §7.2.6); --no-check for an
# address the interface does not hold; exit 5 when the kernel refuses a frame.
. "$(dirname "$0")/lib.sh"
na_require_cmd tshark

# kinds FILE: "ARPs NSes NAs"
kinds() {
	na_fields "$1" 'arp || icmpv6' arp.opcode icmpv6.type |
		awk '$1 ~ /^[12]$/ {a++} $1 == 135 {s++} $1 == 136 {n++} END {print a + 0, s + 0, n + 0}'
}
p=$NA_TMP/rounds.pcap
"$NA_BIN" --pcap "$p" --mac 02:00:00:00:00:09 -s 0,0.3,0.6,1.0,1.5,2.1,2.4 lab9 192.0.2.7 2001:db8::7
na_eq "7 rounds: exit 0" 0 $?
na_eq "7 ARPs, 1 DAD NS, 3 NAs" "7 1 3" "$(kinds "$p")"
mapfile -t na < <(na_fields "$p" 'icmpv6.type == 136' frame.time_relative)
gap() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(b - a >= 0.99) }'; }
na_check "NA 2 at least 1 s after NA 1 (${na[0]}, ${na[1]})" gap "${na[0]}" "${na[1]}"
na_check "NA 3 at least 1 s after NA 2 (${na[1]}, ${na[2]})" gap "${na[1]}" "${na[2]}"

"$NA_BIN" --pcap "$p" --mac 02:00:00:00:00:09 -c 1 --ipv4 both --ipv6 na lab9 192.0.2.7 2001:db8::7
na_eq "--ipv4 both --ipv6 na: 2 ARPs, 0 NS, 1 NA" "2 0 1" "$(kinds "$p")"
na_eq "request then reply" "1 2" "$(na_fields "$p" arp arp.opcode | xargs)"
"$NA_BIN" --pcap "$p" --mac 02:00:00:00:00:09 -c 1 --ipv4 none --ipv6 dad lab9 192.0.2.7 2001:db8::7
na_eq "--ipv4 none --ipv6 dad: 0 ARP, 1 NS, 0 NA" "0 1 0" "$(kinds "$p")"
"$NA_BIN" --pcap "$p" --mac 02:00:00:00:00:09 -c 1 lab9 192.0.2.7 192.0.2.7/24 192.0.2.7
na_eq "the same address three times is announced once" "1 0 0" "$(kinds "$p")"

# The rest needs the lab.
na_require_root
na_require_cmd dumpcap
na_lab
ip -n "$NS_A" addr add 192.0.2.10/24 dev "$IF_A"
ip -n "$NS_A" addr add 192.0.2.11/24 dev "$IF_A"

# --no-check: an address the interface does not hold (the clatd seed's
# anycast case) is announced, and the peer takes it.
ip -n "$NS_P" neigh replace 192.0.2.50 lladdr "$MAC_STALE" dev "$IF_P" nud stale
na_a "$NA_BIN" -f -c 1 "$IF_A" 192.0.2.50 2>/dev/null
na_eq "not held, no --no-check: exit 2" 2 $?
na_eq "... and the peer's entry is untouched" "$MAC_STALE" "$(na_peer_mac 192.0.2.50)"
na_a "$NA_BIN" -f -c 1 --no-check "$IF_A" 192.0.2.50
na_eq "--no-check: exit 0" 0 $?
na_eq "--no-check: the peer takes the new MAC" "$MAC_A" "$(na_peer_took 192.0.2.50)"

# Exit 5: a 68-byte MTU cannot carry an 86-byte NA frame, and the kernel says so.
ip -n "$NS_A" link set "$IF_A" mtu 68
out=$(na_a "$NA_BIN" -f -c 1 --no-check --ipv6 na "$IF_A" 2001:db8::10 2>&1)
na_eq "frame refused by the kernel: exit 5" 5 $?
na_check "... with the kernel's reason: $out" grep -q "sendto: Message too long" <<<"$out"
ip -n "$NS_A" link set "$IF_A" mtu 1500

# With /run and /tmp read-only (dhcpcd's ProtectSystem=strict), the default
# mode and the take-over still work: they need no file.
cap=$NA_TMP/ro.pcapng
na_capture_start "$cap" || exit 1
ro() { na_a unshare -m sh -c 'mount -o bind,ro /run /run && mount -o bind,ro /tmp /tmp && mount -o remount,bind,ro /run && mount -o remount,bind,ro /tmp && exec "$@"' sh "$@"; }
ro "$NA_BIN" -s 0,0.6 "$IF_A" 192.0.2.10
na_eq "read-only /run and /tmp: first run exits 0" 0 $?
sleep 0.2
ro "$NA_BIN" -s 0,0.6 "$IF_A" 192.0.2.11
na_eq "read-only /run and /tmp: second run exits 0" 0 $?
na_eq "read-only: the second run was handed to the first (one background process)" 1 \
	"$(na_bg_pids | grep -c .)"
na_bg_done
na_capture_wait "$cap" "eth.src == $MAC_A && arp.src.proto_ipv4 == 192.0.2.11" 2 10
na_capture_stop 0.1
na_eq "read-only: both runs' two rounds went out" "2 2" \
	"$(na_fields "$cap" "eth.src == $MAC_A && arp.src.proto_ipv4 == 192.0.2.10" frame.number | wc -l) $(na_fields "$cap" "eth.src == $MAC_A && arp.src.proto_ipv4 == 192.0.2.11" frame.number | wc -l)"
na_done
