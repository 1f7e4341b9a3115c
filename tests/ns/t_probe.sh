#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# `neigh-announce probe`: real conflict detection against a real kernel.
# The peer holds 192.0.2.1 and 2001:db8::1: probing them exits 3 and names
# the peer's MAC (its kernel answers our ARP probe and our DAD NS). Free
# addresses exit 0. Two probers after the same address at once both see a
# conflict (RFC 5227 §2.1.1 simultaneous probes, RFC 4862 §5.4.3 DAD NS with
# another nonce). tshark decodes the ARP probe, the MLDv2 report and the NS.
. "$(dirname "$0")/lib.sh"
na_require_root
na_require_cmd dumpcap tshark setpriv ss
na_lab
FAST=(--wait 0 --interval 0.2 --listen 0.5)

# 1. Held by the peer: conflict, exit 3, the peer's MAC named.
na_a "$NA_BIN" probe "${FAST[@]}" "$IF_A" 192.0.2.1 2>"$NA_TMP/v4.log"
na_eq "IPv4 address held by the peer: exit 3" 3 $?
na_check "IPv4 conflict names the peer's MAC" grep -q "192.0.2.1: in use by $MAC_P" "$NA_TMP/v4.log"
na_a "$NA_BIN" probe "${FAST[@]}" "$IF_A" 2001:db8::1 2>"$NA_TMP/v6.log"
na_eq "IPv6 address held by the peer: exit 3" 3 $?
na_check "IPv6 conflict names the peer's MAC" grep -q "2001:db8::1: in use by $MAC_P" "$NA_TMP/v6.log"
cat "$NA_TMP/v4.log" "$NA_TMP/v6.log"

# 2. Free addresses (not assigned anywhere, nor to a): exit 0; the frames
# as tshark reads them.
cap=$NA_TMP/free.pcapng
na_capture_start "$cap" || exit 1
na_a "$NA_BIN" probe "${FAST[@]}" --probes 2 --nonce 0a0b0c0d0e0f "$IF_A" 192.0.2.50 2001:db8::50
na_eq "free addresses: exit 0" 0 $?
na_capture_stop
na_eq "tshark: two ARP probes (spa 0.0.0.0, tha zero, broadcast)" \
	"ff:ff:ff:ff:ff:ff $MAC_A 1 0.0.0.0 00:00:00:00:00:00 192.0.2.50 1
ff:ff:ff:ff:ff:ff $MAC_A 1 0.0.0.0 00:00:00:00:00:00 192.0.2.50 1" \
	"$(na_fields "$cap" "arp && eth.src == $MAC_A" eth.dst eth.src arp.opcode arp.src.proto_ipv4 arp.dst.hw_mac arp.dst.proto_ipv4 arp.isprobe)"
na_eq "tshark: MLDv2 report joining the solicited-node group, src ::" \
	"33:33:00:00:00:16 :: ff02::16 1 143 1 4 ff02::1:ff00:50 1" \
	"$(na_fields "$cap" "icmpv6.type == 143 && eth.src == $MAC_A && icmpv6.mldr.mar.multicast_address == ff02::1:ff00:50" eth.dst ipv6.src ipv6.dst ipv6.hlim icmpv6.type icmpv6.mldr.nb_mcast_records icmpv6.mldr.mar.record_type icmpv6.mldr.mar.multicast_address icmpv6.checksum.status)"
na_check "tshark: the MLDv2 report carries the Router Alert option" \
	test -n "$(na_fields "$cap" 'icmpv6.type == 143 && ipv6.opt.router_alert == 0' frame.number)"
na_eq "tshark: two DAD NS with the nonce, no SLLA" \
	"33:33:ff:00:00:50 :: ff02::1:ff00:50 255 2001:db8::50 14 0a0b0c0d0e0f 1
33:33:ff:00:00:50 :: ff02::1:ff00:50 255 2001:db8::50 14 0a0b0c0d0e0f 1" \
	"$(na_fields "$cap" 'icmpv6.type == 135 && icmpv6.nd.ns.target_address == 2001:db8::50' eth.dst ipv6.src ipv6.dst ipv6.hlim icmpv6.nd.ns.target_address icmpv6.opt.type icmpv6.opt.nonce icmpv6.checksum.status)"
na_eq "the peer learned nothing from the probes" "" "$(na_peer_mac 192.0.2.50)"

# 3. Two hosts probing for the same free address at once: p starts first
# and is still probing when a's first probe arrives, so p hears another MAC
# (another nonce) and backs off. a either hears one of p's probes too
# (exit 3, naming p) or p had stopped already (exit 0): both are right.
SLOW=(--wait 0 --interval 0.3 --probes 5 --listen 0.5)
for addr in 192.0.2.60 2001:db8::60; do
	na_p "$NA_BIN" probe "${SLOW[@]}" "$IF_P" "$addr" 2>"$NA_TMP/sim-p.log" &
	pp=$!
	sleep 0.2
	na_a "$NA_BIN" probe "${SLOW[@]}" "$IF_A" "$addr" 2>"$NA_TMP/sim-a.log"
	ra=$?
	wait "$pp"
	rp=$?
	na_eq "simultaneous probe for $addr: p (first) exits 3" 3 "$rp"
	na_check "p names a's MAC for $addr" grep -q "$addr: in use by $MAC_A" "$NA_TMP/sim-p.log"
	if [ "$ra" = 3 ]; then
		na_check "a (second) exits 3 and names p's MAC for $addr" grep -q "$addr: in use by $MAC_P" "$NA_TMP/sim-a.log"
	else
		na_eq "a (second) exits 0: p had backed off for $addr" 0 "$ra"
	fi
done

# 4. RFC timing by default: IPv4 needs at least 2 intervals of PROBE_MIN
# (1 s) and ANNOUNCE_WAIT (2 s) after the last probe: 4 s or more, at most
# PROBE_WAIT + 2 * PROBE_MAX + ANNOUNCE_WAIT = 7 s (plus slack).
start=$(date +%s%N)
na_a "$NA_BIN" probe "$IF_A" 192.0.2.51 2001:db8::51
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
echo "# default RFC timing took $ms ms"
na_eq "default timing, free addresses: exit 0" 0 "$rc"
na_check "default timing took 4 to 7.5 s ($ms ms)" test "$ms" -ge 4000 -a "$ms" -le 7500

# Privilege: while it listens the probe runs as the default user with no capability
# left, and its one packet socket carries our 13-instruction filter.
# listening PID: the probe's process, once its filter is in (the last step
# before it listens; the checks below then read what it listens with).
probe_pid() {
	local p
	pid=
	for p in $(ip netns pids "$NS_A"); do
		[ "$(cat "/proc/$p/comm" 2>/dev/null)" = neigh-announce ] &&
			[ "$(awk '/^Seccomp:/ {print $2}' "/proc/$p/status" 2>/dev/null)" = 2 ] && pid=$p
	done
	[ -n "$pid" ]
}
na_a "$NA_BIN" probe --wait 0 --probes 1 --listen 2 "$IF_A" 192.0.2.52 &
bg=$!
na_wait 5 probe_pid
na_check "probe process found" test -n "$pid"
if [ -n "$pid" ]; then
	st=/proc/$pid/status
	na_eq "probe: CapEff 0" 0000000000000000 "$(awk '/^CapEff/ {print $2}' "$st")"
	na_eq "probe: CapPrm 0" 0000000000000000 "$(awk '/^CapPrm/ {print $2}' "$st")"
	na_eq "probe: NoNewPrivs 1" 1 "$(awk '/^NoNewPrivs/ {print $2}' "$st")"
	na_eq "probe: runs as the default user" "$(na_run_uids)" "$(awk '/^Uid/ {print $2, $3, $4, $5}' "$st")"
	na_check "probe: ss shows the BPF filter on its packet socket" \
		grep -q "bpf filter (13)" <<<"$(na_a ss -0 -b -p 2>/dev/null | grep -A1 "pid=$pid,")"
fi
wait "$bg"
na_eq "probe of a free address as the default user: exit 0" 0 $?

# 5. The other exit codes, and nothing sent on bad input.
na_a "$NA_BIN" probe "$IF_A" 192.0.2.300 2>/dev/null
na_eq "malformed address: exit 1" 1 $?
na_a "$NA_BIN" probe --probes 0 "$IF_A" 192.0.2.1 2>/dev/null
na_eq "--probes 0: exit 1" 1 $?
na_a "$NA_BIN" probe "$IF_A" 2>/dev/null
na_eq "no address: exit 1" 1 $?
na_a "$NA_BIN" probe nosuch0 192.0.2.1 2>/dev/null
na_eq "unknown interface: exit 2" 2 $?
na_a "$NA_BIN" probe lo 192.0.2.1 2>/dev/null
na_eq "loopback: exit 2" 2 $?
na_a setpriv --reuid=65534 --regid=65534 --clear-groups "$(na_plain_bin)" probe "$IF_A" 192.0.2.1 2>"$NA_TMP/priv.log"
na_eq "no CAP_NET_RAW: exit 4" 4 $?
na_check "no CAP_NET_RAW: says so" grep -q "needs CAP_NET_RAW" "$NA_TMP/priv.log"
# Carrier lost in the middle of a probe: silence proves nothing, exit 2.
na_a "$NA_BIN" probe --wait 0 --probes 1 --listen 3 "$IF_A" 192.0.2.53 2>"$NA_TMP/down.log" &
bg=$!
na_wait 5 probe_pid
ip -n "$NS_P" link set "$IF_P" down
wait "$bg"
na_eq "carrier lost while probing: exit 2" 2 $?
na_check "carrier lost while probing: says so" grep -q "went down while probing" "$NA_TMP/down.log"
na_a "$NA_BIN" probe "${FAST[@]}" "$IF_A" 192.0.2.1 2>/dev/null
na_eq "no carrier: exit 2" 2 $?
na_a ip link set "$IF_A" down
na_a "$NA_BIN" probe "${FAST[@]}" "$IF_A" 192.0.2.1 2>/dev/null
na_eq "interface down: exit 2" 2 $?

na_done
