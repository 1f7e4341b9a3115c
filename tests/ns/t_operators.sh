#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Operators' controls, on the wire (tshark decodes what the peer received):
#   --rate       no second holds more than burst + rate frames, the round
#                takes as long as the rate says, and a hook's call does not
#                wait for it (the background sends the rest);
#   --refresh    the watcher announces a quiet link's address again at the
#                interval (never sooner than 90% of it), and stops once the
#                address is gone;
#   --arp-target-mac broadcast   ff:ff:ff:ff:ff:ff in the ARP target field,
#                from the option and from the settings file, and the peer
#                still learns from it; zero by default;
#   arping's and ip's habits: options after IFACE and the addresses, -I,
#                "--" ending the options, --pcap - into a pipe.
. "$(dirname "$0")/lib.sh"
na_require_root
na_require_cmd dumpcap tshark script
na_lab

ip -n "$NS_A" addr add 192.0.2.10/24 dev "$IF_A"
addrs=()
for k in $(seq 100 119); do
	ip -n "$NS_A" addr add "192.0.2.$k/32" dev "$IF_A"
	addrs+=("192.0.2.$k")
done
sleep 0.2

# arp_times FILE: the epoch times of our ARP frames, one a line.
arp_times() {
	na_fields "$1" "eth.src == $MAC_A && arp" frame.time_epoch
}

# max_in_window FILE-OF-TIMES SECONDS: the most frames within any window of
# that length.
max_in_window() {
	sort -n "$1" | awk -v w="$2" '{ t[NR] = $1 } END {
		best = 0; j = 1
		for (i = 1; i <= NR; i++) {
			while (t[i] - t[j] > w) j++
			if (i - j + 1 > best) best = i - j + 1
		}
		print best
	}'
}

span() {
	sort -n "$1" | awk 'NR == 1 { a = $1 } { b = $1 } END { printf "%.3f\n", b - a }'
}

gaps() {
	sort -n "$1" | awk 'NR > 1 { printf "%.3f ", $1 - p } { p = $1 } END { print "" }'
}

# ---- --rate, in the foreground ------------------------------------------
# 20 addresses, --rate 5: a burst of 5, then one every 200 ms. A token
# bucket never lets more than burst + rate * T through in T seconds; the
# receive stamps may bunch by a frame, hence the + 1.
cap=$NA_TMP/rate.pcapng
na_capture_start "$cap" || exit 1
na_a "$NA_BIN" -f -c 1 --rate 5 --ipv6 none --notify none "$IF_A" "${addrs[@]}"
na_eq "--rate 5, foreground: exit 0" 0 $?
na_capture_wait "$cap" "eth.src == $MAC_A && arp" 20
na_capture_stop
arp_times "$cap" >"$NA_TMP/rate.t"
na_eq "--rate 5: all 20 ARP announcements" 20 "$(wc -l <"$NA_TMP/rate.t")"
echo "# --rate 5: gaps $(gaps "$NA_TMP/rate.t")"
echo "# --rate 5: 20 frames over $(span "$NA_TMP/rate.t") s, at most $(max_in_window "$NA_TMP/rate.t" 1.0) in a second"
na_check "--rate 5: no second holds more than 5 + 5 (+1) frames" \
	[ "$(max_in_window "$NA_TMP/rate.t" 1.0)" -le 11 ]
na_check "--rate 5: no 0.5 s holds more than 5 + 2.5 (+1) frames" \
	[ "$(max_in_window "$NA_TMP/rate.t" 0.5)" -le 8 ]
na_check "--rate 5: the 15 after the burst take at least 2.8 s (15 / 5 = 3 s)" \
	awk -v s="$(span "$NA_TMP/rate.t")" 'BEGIN { exit !(s >= 2.8) }'

# Without --rate the same round goes out at once: the check above can fail.
cap=$NA_TMP/norate.pcapng
na_capture_start "$cap" || exit 1
na_a "$NA_BIN" -f -c 1 --ipv6 none --notify none "$IF_A" "${addrs[@]}"
na_capture_wait "$cap" "eth.src == $MAC_A && arp" 20
na_capture_stop
arp_times "$cap" >"$NA_TMP/norate.t"
echo "# no --rate: 20 frames over $(span "$NA_TMP/norate.t") s"
na_check "no --rate: all 20 within one second" [ "$(max_in_window "$NA_TMP/norate.t" 1.0)" -eq 20 ]

# ---- --rate from the settings file, as a hook calls it --------------------
# The call sends the burst and returns; the background process sends the
# rest at the rate. The call's own report says what it sent.
conf=$NA_TMP/rate.conf
printf 'rate = 4\n' >"$conf"
cap=$NA_TMP/hook.pcapng
na_capture_start "$cap" || exit 1
na_a "$NA_BIN" -v -c 1 --config "$conf" --ipv6 none --notify none -- "$IF_A" "${addrs[@]:0:12}" \
	>"$NA_TMP/hook.out" 2>&1
na_eq "rate = 4, as a hook calls it: exit 0" 0 $?
na_check "the call sent the burst of 4 and returned: $(tr '\n' ' ' <"$NA_TMP/hook.out")" \
	grep -q "round 1/1: 4 frames for 4 addresses" "$NA_TMP/hook.out"
for _ in $(seq 1 100); do
	[ -z "$(na_bg_pids)" ] && break
	sleep 0.1
done
na_eq "the background process sent the rest and ended" "" "$(na_bg_pids)"
na_capture_wait "$cap" "eth.src == $MAC_A && arp" 12
na_capture_stop 0.2
arp_times "$cap" >"$NA_TMP/hook.t"
na_eq "rate = 4: all 12 ARP announcements" 12 "$(wc -l <"$NA_TMP/hook.t")"
echo "# rate = 4 (hook call): gaps $(gaps "$NA_TMP/hook.t")"
na_check "rate = 4: the 8 after the burst take at least 1.8 s (8 / 4 = 2 s)" \
	awk -v s="$(span "$NA_TMP/hook.t")" 'BEGIN { exit !(s >= 1.8) }'
na_check "rate = 4: no second holds more than 4 + 4 (+1) frames" \
	[ "$(max_in_window "$NA_TMP/hook.t" 1.0)" -le 9 ]

# ---- a stricter --rate handed to a running background process -------------
# The first call leaves a background process (its second round at +5 s); the
# second, with --rate 4, is handed over to it, which paces from then on.
na_a "$NA_BIN" -s 0,5 --ipv6 none --notify none -- "$IF_A" "${addrs[@]:0:4}"
na_eq "a call that leaves a background process: exit 0" 0 $?
cap=$NA_TMP/handed.pcapng
na_capture_start "$cap" || exit 1
na_a "$NA_BIN" -v -c 1 --rate 4 --ipv6 none --notify none -- "$IF_A" "${addrs[@]:4:8}" \
	>"$NA_TMP/handed.out" 2>&1
na_eq "a --rate 4 call handed over: exit 0" 0 $?
na_check "it was handed over, and 4 frames went at once: $(tr '\n' ' ' <"$NA_TMP/handed.out")" \
	grep -q "handed to the running announcement: 4 frames now" "$NA_TMP/handed.out"
na_capture_wait "$cap" "eth.src == $MAC_A && arp.src.proto_ipv4 >= 192.0.2.104 && arp.src.proto_ipv4 <= 192.0.2.111" 8
na_capture_stop 0.1
na_fields "$cap" "eth.src == $MAC_A && arp.src.proto_ipv4 >= 192.0.2.104 && arp.src.proto_ipv4 <= 192.0.2.111" frame.time_epoch >"$NA_TMP/handed.t"
echo "# handed over at --rate 4: gaps $(gaps "$NA_TMP/handed.t")"
na_eq "the background process sent all 8 of them" 8 "$(wc -l <"$NA_TMP/handed.t")"
na_check "at the newcomer's rate: the 4 after the burst take at least 0.9 s" \
	awk -v s="$(span "$NA_TMP/handed.t")" 'BEGIN { exit !(s >= 0.9) }'
for p in $(na_bg_pids); do kill "$p"; done

# ---- --rate in the watcher ------------------------------------------------
# --initial announces what is up at start: 21 addresses at --rate 6 are a
# burst of 6, then one every 167 ms.
cap=$NA_TMP/wrate.pcapng
na_capture_start "$cap" || exit 1
wlog=$NA_TMP/wrate.log
ip netns exec "$NS_A" "$NA_BIN" watch --stderr -v --initial --rate 6 -s 0 --ipv6 none \
	--notify none "$IF_A" >"$wlog" 2>&1 &
wpid=$!
NA_PIDS+=("$wpid")
na_capture_wait "$cap" "eth.src == $MAC_A && arp" 21
kill -TERM "$wpid"
wait "$wpid"
na_eq "watch --rate 6: SIGTERM, exit 0" 0 $?
na_capture_stop 0.1
arp_times "$cap" >"$NA_TMP/wrate.t"
echo "# watch --rate 6: $(wc -l <"$NA_TMP/wrate.t") frames over $(span "$NA_TMP/wrate.t") s, gaps $(gaps "$NA_TMP/wrate.t")"
na_eq "watch --rate 6: every address of the link (21)" 21 "$(wc -l <"$NA_TMP/wrate.t")"
na_check "watch --rate 6: no second holds more than 6 + 6 (+1) frames" \
	[ "$(max_in_window "$NA_TMP/wrate.t" 1.0)" -le 13 ]
na_check "watch --rate 6: the 15 after the burst take at least 2.4 s (15 / 6 = 2.5 s)" \
	awk -v s="$(span "$NA_TMP/wrate.t")" 'BEGIN { exit !(s >= 2.4) }'

# ---- --arp-target-mac ----------------------------------------------------
na_stale 192.0.2.10
cap=$NA_TMP/bcast.pcapng
na_capture_start "$cap" || exit 1
na_a "$NA_BIN" -f -c 1 --ipv6 none --arp-target-mac broadcast "$IF_A" 192.0.2.10
na_eq "--arp-target-mac broadcast: exit 0" 0 $?
na_capture_wait "$cap" "eth.src == $MAC_A && arp" 1
na_capture_stop
na_eq "--arp-target-mac broadcast: target MAC all ones, a request for our own address" \
	"ff:ff:ff:ff:ff:ff 1 192.0.2.10 192.0.2.10" \
	"$(na_fields "$cap" "eth.src == $MAC_A && arp" arp.dst.hw_mac arp.opcode arp.src.proto_ipv4 arp.dst.proto_ipv4)"
na_eq "the peer learns from it" "$MAC_A" "$(na_peer_took 192.0.2.10)"

printf 'arp-target-mac = broadcast\n' >"$NA_TMP/bcast.conf"
na_a "$NA_BIN" -c 1 --config "$NA_TMP/bcast.conf" --pcap - --ipv6 none "$IF_A" 192.0.2.10 \
	>"$NA_TMP/bcast.pcap"
na_eq "arp-target-mac = broadcast in the settings file, --pcap -" "ff:ff:ff:ff:ff:ff" \
	"$(na_fields "$NA_TMP/bcast.pcap" arp arp.dst.hw_mac)"
na_a "$NA_BIN" -c 1 --config "$NA_TMP/bcast.conf" --arp-target-mac zero --pcap - --ipv6 none \
	"$IF_A" 192.0.2.10 >"$NA_TMP/zero.pcap"
na_eq "--arp-target-mac zero wins over the file" "00:00:00:00:00:00" \
	"$(na_fields "$NA_TMP/zero.pcap" arp arp.dst.hw_mac)"
na_a "$NA_BIN" -c 1 --pcap - --ipv6 none "$IF_A" 192.0.2.10 >"$NA_TMP/default.pcap"
na_eq "by default the target MAC is zero (RFC 5227)" "00:00:00:00:00:00" \
	"$(na_fields "$NA_TMP/default.pcap" arp arp.dst.hw_mac)"

# ---- option order, -I, --, --pcap - ---------------------------------------
na_stale 192.0.2.10
cap=$NA_TMP/order.pcapng
na_capture_start "$cap" || exit 1
na_a "$NA_BIN" "$IF_A" 192.0.2.10 -f -c 1 --ipv6 none --ipv4 reply
na_eq "options after IFACE and the address: exit 0" 0 $?
na_capture_wait "$cap" "eth.src == $MAC_A && arp" 1
na_capture_stop
na_eq "options after the address took effect: one ARP reply" "2" \
	"$(na_fields "$cap" "eth.src == $MAC_A && arp" arp.opcode)"
na_eq "and the peer learned from it" "$MAC_A" "$(na_peer_took 192.0.2.10)"

out=$(na_a "$NA_BIN" -I "$IF_A" 192.0.2.10 -c 1 --pcap - --ipv6 none | tshark -r - -T fields -e arp.src.proto_ipv4 2>/dev/null)
na_eq "-I IFACE ADDRESS, --pcap - into tshark -r -" "192.0.2.10" "$out"
out=$(POSIXLY_CORRECT=1 na_a "$NA_BIN" "$IF_A" 192.0.2.10 --pcap - -c 1 --ipv6 none | tshark -r - -T fields -e arp.src.proto_ipv4 2>/dev/null)
na_eq "POSIXLY_CORRECT in the environment changes nothing" "192.0.2.10" "$out"

err=$(na_a "$NA_BIN" -f -c 1 "$IF_A" -- -v 2>&1)
na_eq "after --, an option's shape is an address: exit 1" 1 $?
na_check "after --: bad address '-v' ($err)" grep -q "bad address '-v'" <<<"$err"
err=$(na_a "$NA_BIN" -f -c 1 -- "$IF_A" 192.0.2.10 "--pcap=$NA_TMP/x" 2>&1)
na_eq "after --, --pcap=FILE is an address: exit 1" 1 $?
na_check "and no file was written" [ ! -e "$NA_TMP/x" ]
err=$(na_a "$NA_BIN" -I "$IF_A" -I "$IF_A" 192.0.2.10 2>&1)
na_eq "-I twice: exit 1" 1 $?
na_check "-I twice: says so ($err)" grep -q -- "-I given twice" <<<"$err"

# --pcap - refuses a terminal (script(1) gives the run one).
script -qec "$NA_BIN -c 1 --pcap - --mac 02:00:00:00:00:09 nosuch0 192.0.2.10; echo rc=\$?" \
	/dev/null >"$NA_TMP/tty.out" 2>&1
na_check "--pcap - to a terminal: exit 1 ($(tr -d '\r' <"$NA_TMP/tty.out" | tr '\n' ' '))" \
	grep -q "rc=1" "$NA_TMP/tty.out"
na_check "--pcap - to a terminal: says why" grep -q "standard output is a terminal" "$NA_TMP/tty.out"

# ---- watch --refresh -----------------------------------------------------
# A quiet link: no carrier change, no new address. Every refresh is one ARP
# for 192.0.2.10 (-s 0: one round an event).
ip -n "$NS_A" addr flush dev "$IF_A"
ip -n "$NS_A" addr add 192.0.2.10/24 dev "$IF_A"
cap=$NA_TMP/refresh.pcapng
na_capture_start "$cap" || exit 1
wlog=$NA_TMP/watch.log
ip netns exec "$NS_A" "$NA_BIN" watch --stderr -v --refresh 2 -s 0 --ipv6 none --notify none "$IF_A" >"$wlog" 2>&1 &
wpid=$!
NA_PIDS+=("$wpid")
# Wait for four refreshes (three intervals) in the watcher's own log, then
# read their times off the wire.
for _ in $(seq 1 300); do
	[ "$(grep -c 'round 1/1: [1-9]' "$wlog")" -ge 4 ] && break
	sleep 0.05
done
na_check "watch --refresh 2: four refreshes of a quiet link ($(grep -c 'round 1/1: [1-9]' "$wlog") seen)" \
	[ "$(grep -c 'round 1/1: [1-9]' "$wlog")" -ge 4 ]
# The last one left a moment ago: wait until dumpcap has written it.
na_capture_wait "$cap" "eth.src == $MAC_A && arp" 4
na_capture_stop 0.2
arp_times "$cap" >"$NA_TMP/refresh.t"
echo "# --refresh 2: intervals $(gaps "$NA_TMP/refresh.t")"
na_check "--refresh 2: at least four ARP announcements on the wire" \
	[ "$(wc -l <"$NA_TMP/refresh.t")" -ge 4 ]
# (1.75: a frame that left late shortens the next gap by as much.)
na_check "--refresh 2: none sooner than 1.8 s after the last (2 s - 10%)" \
	awk 'BEGIN { ok = 1 } NR > 1 && $1 - p < 1.75 { ok = 0 } { p = $1 } END { exit !ok }' "$NA_TMP/refresh.t"
na_check "--refresh 2: on average under 3 s apart" \
	awk -v d="$(span "$NA_TMP/refresh.t")" -v n="$(wc -l <"$NA_TMP/refresh.t")" 'BEGIN { exit !(d / (n - 1) < 3) }'
na_check "--refresh 2: the log says why" grep -q "refresh" "$wlog"

# Gone from the interface: never refreshed again.
ip -n "$NS_A" addr del 192.0.2.10/24 dev "$IF_A"
before=$(grep -c 'round 1/1: [1-9]' "$wlog")
cap=$NA_TMP/gone.pcapng
na_capture_start "$cap" || exit 1
# Two intervals and the jitter: long enough for two refreshes.
sleep 4.6
na_capture_stop 0
na_eq "--refresh: an address that is gone is not announced" "" \
	"$(na_fields "$cap" "eth.src == $MAC_A && arp.src.proto_ipv4 == 192.0.2.10" frame.number)"
na_eq "and the watcher sent no round since" "$before" "$(grep -c 'round 1/1: [1-9]' "$wlog")"
kill -TERM "$wpid"
wait "$wpid"
na_eq "watch --refresh: SIGTERM, exit 0" 0 $?

na_done
