#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# A probe that hears itself: the bridge port towards the prober is in
# hairpin mode, so every probe it floods comes straight back to it. Our own
# ARP probe (our MAC) and our own DAD NS (our nonce, RFC 7527) are a loop,
# not a conflict: exit 0. A real holder of the address behind the same
# looping bridge is still found: exit 3.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bridge_lab.sh"
na_require_root
na_require_cmd dumpcap tshark bridge
na_bridge_lab
FAST=(--wait 0 --interval 0.2 --listen 0.5)

bridge -n "$NS_B" link set dev pa hairpin on
na_eq "bridge port towards a is in hairpin mode" "on" \
	"$(bridge -n "$NS_B" -d link show dev pa | grep -o 'hairpin [a-z]*' | awk '{print $2}')"

cap=$NA_TMP/loop.pcapng
ip netns exec "$NS_A" dumpcap -q -i "$IF_A" -w "$cap" >"$NA_TMP/dumpcap-a.log" 2>&1 &
CAPA=$!
NA_PIDS+=("$CAPA")
for _ in $(seq 1 100); do [ -s "$cap" ] && break; sleep 0.05; done
sleep 0.2
na_a "$NA_BIN" probe -v "${FAST[@]}" --probes 2 --nonce 7e57100b5eed "$IF_A" 192.0.2.77 2001:db8::77 2>"$NA_TMP/loop.log"
rc=$?
sleep 0.3
kill -INT "$CAPA"
wait "$CAPA" 2>/dev/null
cat "$NA_TMP/loop.log"
na_eq "own probes looped back: exit 0 (free)" 0 "$rc"
# tshark, not our parser, shows that the loop happened: each probe seen on
# a's wire twice, going out and coming back.
na_eq "tshark: each ARP probe seen twice on a's wire" 4 \
	"$(na_fields "$cap" "arp && arp.src.proto_ipv4 == 0.0.0.0 && arp.dst.proto_ipv4 == 192.0.2.77 && eth.src == $MAC_A" frame.number | wc -l)"
na_eq "tshark: each DAD NS with our nonce seen twice on a's wire" 4 \
	"$(na_fields "$cap" 'icmpv6.type == 135 && icmpv6.opt.nonce == 7e:57:10:0b:5e:ed' frame.number | wc -l)"
na_check "IPv4: the log calls it a loop" grep -q "192.0.2.77: heard our own probe back (a loop), not a conflict" "$NA_TMP/loop.log"
na_check "IPv6: the log calls it a loop" grep -q "2001:db8::77: heard our own probe back (a loop), not a conflict" "$NA_TMP/loop.log"
na_check "no conflict reported" sh -c "! grep -q 'in use by' '$NA_TMP/loop.log'"

# The loop must not hide a real holder.
na_a "$NA_BIN" probe "${FAST[@]}" "$IF_A" 192.0.2.1 2001:db8::1 2>"$NA_TMP/held.log"
na_eq "held by the peer behind the looping bridge: exit 3" 3 $?
na_check "IPv4 holder named" grep -q "192.0.2.1: in use by $MAC_P" "$NA_TMP/held.log"
na_check "IPv6 holder named" grep -q "2001:db8::1: in use by $MAC_P" "$NA_TMP/held.log"

na_done
