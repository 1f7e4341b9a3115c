#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# --notify past EVPN ARP/ND suppression: a Linux bridge whose port towards the
# gateway has neigh_suppress on holds back every broadcast announcement, so
# the gateway's stale entries keep the old MAC (shown with --notify none).
# With the default (--notify gateways) the unicast "who-has GW tell ADDR" and
# the unicast NS with Source LLA pass, and the gateway's kernel takes the new
# MAC for IPv4 and IPv6. tshark decodes the unicast frames.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bridge_lab.sh"
na_require_root
na_require_cmd dumpcap tshark bridge strace
na_bridge_lab

ip -n "$NS_A" addr add 192.0.2.10/24 dev "$IF_A"
ip -n "$NS_A" addr add 2001:db8::10/64 dev "$IF_A" nodad
LL_P=$(na_link_local "$NS_P" "$IF_P")
# The gateway: IPv4 default route via 192.0.2.1, IPv6 via its link-local
# address (what a Router Advertisement gives), both MACs known to "a".
ip -n "$NS_A" route add default via 192.0.2.1 dev "$IF_A"
ip -n "$NS_A" -6 route add default via "$LL_P" dev "$IF_A"
ip -n "$NS_A" neigh replace 192.0.2.1 lladdr "$MAC_P" dev "$IF_A" nud stale
ip -n "$NS_A" -6 neigh replace "$LL_P" lladdr "$MAC_P" dev "$IF_A" nud stale
# A second IPv4 gateway whose MAC "a" does not know: it must be skipped,
# not resolved.
ip -n "$NS_A" route add 198.51.100.0/24 via 192.0.2.2 dev "$IF_A"
# EVPN suppression on the gateway's port; the gateway's MAC installed the way
# an EVPN control plane installs remote MACs (a static fdb entry).
bridge -n "$NS_B" link set dev pp neigh_suppress on
bridge -n "$NS_B" fdb replace "$MAC_P" dev pp master static
na_eq "bridge port has neigh_suppress on" "on" \
	"$(bridge -n "$NS_B" -d link show dev pp | grep -o 'neigh_suppress [a-z]*' | awk '{print $2}')"
sleep 0.2

stale_all() {
	na_stale 192.0.2.10
	na_stale 2001:db8::10
}

# 1. Broadcast only: the problem.
stale_all
cap0=$NA_TMP/none.pcapng
na_capture_start "$cap0" || exit 1
na_a "$NA_BIN" -f -c 1 --notify none "$IF_A" 192.0.2.10 2001:db8::10
na_eq "--notify none exits 0" 0 $?
na_capture_stop
na_eq "--notify none: gateway's IPv4 entry keeps the stale MAC" "$MAC_STALE" "$(na_peer_mac 192.0.2.10)"
na_eq "--notify none: gateway's IPv6 entry keeps the stale MAC" "$MAC_STALE" "$(na_peer_mac 2001:db8::10)"
na_eq "--notify none: no frame from a reached the gateway" 0 \
	"$(na_fields "$cap0" "eth.src == $MAC_A && (arp || icmpv6.type == 135 || icmpv6.type == 136)" frame.number | wc -l)"

# 2. The default, gateways: the unicast frames pass and the entries update.
stale_all
cap=$NA_TMP/gw.pcapng
capa=$NA_TMP/gw-a.pcapng
ip netns exec "$NS_A" dumpcap -q -i "$IF_A" -w "$capa" >"$NA_TMP/dumpcap-a.log" 2>&1 &
CAPA=$!
NA_PIDS+=("$CAPA")
na_capture_start "$cap" || exit 1
for _ in $(seq 1 50); do [ -s "$capa" ] && break; sleep 0.05; done
na_a "$NA_BIN" -f -c 1 -vv --nonce 891b434c4154 "$IF_A" 192.0.2.10 2001:db8::10 2>"$NA_TMP/gw.log"
na_eq "default (gateways) exits 0" 0 $?
na_capture_stop
kill -INT "$CAPA"
wait "$CAPA" 2>/dev/null
na_eq "gateways: gateway's IPv4 entry takes the new MAC" "$MAC_A" "$(na_peer_took 192.0.2.10)"
na_eq "gateways: gateway's IPv6 entry takes the new MAC" "$MAC_A" "$(na_peer_took 2001:db8::10)"
# What reached the gateway: only the unicast frames (the broadcast ones were
# held back by the bridge). tshark's decode, field by field.
na_eq "tshark: unicast ARP request who-has GW tell ADDRESS" \
	"$MAC_P $MAC_A 1 $MAC_A 192.0.2.10 00:00:00:00:00:00 192.0.2.1" \
	"$(na_fields "$cap" "arp && eth.src == $MAC_A" eth.dst eth.src arp.opcode arp.src.hw_mac arp.src.proto_ipv4 arp.dst.hw_mac arp.dst.proto_ipv4)"
na_eq "tshark: unicast NS with Source LLA from the address" \
	"$MAC_P 2001:db8::10 $LL_P 255 $LL_P 1 $MAC_A 1" \
	"$(na_fields "$cap" "icmpv6.type == 135 && eth.src == $MAC_A" eth.dst ipv6.src ipv6.dst ipv6.hlim icmpv6.nd.ns.target_address icmpv6.opt.type icmpv6.opt.linkaddr icmpv6.checksum.status)"
# Only announcements count: a's kernel sends multicast of its own (MLD
# reports, router solicitations after link-up) that the bridge rightly passes.
na_eq "no broadcast announcement reached the gateway" "" \
	"$(na_fields "$cap" "eth.src == $MAC_A && eth.dst.ig == 1 && (arp || icmpv6.type == 135 || icmpv6.type == 136)" frame.number _ws.col.Info)"
# On a's own wire: the broadcast frames went out too, and nothing went to or
# asked for the gateway whose MAC is unknown.
na_eq "a sent the broadcast ARP announcement as well" 1 \
	"$(na_fields "$capa" "arp && eth.dst == ff:ff:ff:ff:ff:ff && arp.dst.proto_ipv4 == 192.0.2.10" frame.number | wc -l)"
na_eq "unknown-MAC gateway 192.0.2.2: no frame for it" 0 \
	"$(na_fields "$capa" "arp.dst.proto_ipv4 == 192.0.2.2" frame.number | wc -l)"
na_check "the log says one gateway was skipped" grep -q "1 gateways not notified" "$NA_TMP/gw.log"

# 2b. A hook's call (the default, detached mode) returns once the broadcast
# frames are out: reading the tables and the unicast frames are the
# background process's. strace -ff follows it and returns when it is gone.
stale_all
rm -f "$NA_TMP"/hook.trace.*
# ASAN_OPTIONS: LeakSanitizer cannot work under ptrace (ASan builds only).
na_a env ASAN_OPTIONS=detect_leaks=0 strace -ff -e trace=execve,sendmmsg,sendto -e signal=none -o "$NA_TMP/hook.trace" \
	"$NA_BIN" -c 1 "$IF_A" 192.0.2.10 2001:db8::10
na_eq "default mode under strace: exit 0" 0 $?
call=$(grep -l "execve(" "$NA_TMP"/hook.trace.* | head -1)
na_check "the call sent the broadcast frames" grep -q "sendmmsg(.*AF_PACKET" "${call:-/dev/null}"
na_check "the call read no routing or neighbour table" \
	bash -c '! grep -q "RTM_GETROUTE\|RTM_GETNEIGH" "$1"' _ "${call:-/dev/null}"
na_check "the background process read them" \
	bash -c 'grep -l "RTM_GETROUTE" "$@" | grep -qv "^$0$"' "${call:-/dev/null}" "$NA_TMP"/hook.trace.*
for a in 192.0.2.10 2001:db8::10; do
	end=$((SECONDS + 10))
	while [ "$(na_peer_mac "$a")" != "$MAC_A" ] && [ "$SECONDS" -lt "$end" ]; do sleep 0.05; done
	na_eq "default mode: gateway's entry for $a takes the new MAC" "$MAC_A" "$(na_peer_took "$a")"
done

# 2c. A call handed to a running background process waits for its
# broadcast frames alone: the holder answers, then reads the tables and sends
# the unicast frames.
stale_all
na_a "$NA_BIN" -s 0,30 --notify none "$IF_A" 192.0.2.10
holder=$(na_bg_pids | head -1)
na_a strace -p "${holder:-0}" -e trace=sendto -e signal=none -o "$NA_TMP/holder.trace" 2>"$NA_TMP/strace.err" &
STRACE=$!
NA_PIDS+=("$STRACE")
for _ in $(seq 1 100); do grep -q "attached" "$NA_TMP/strace.err" && break; sleep 0.05; done
na_a "$NA_BIN" -v -c 1 "$IF_A" 2001:db8::10 2>"$NA_TMP/handed.log"
na_check "the call was handed over: $(tr '\n' ' ' <"$NA_TMP/handed.log")" \
	grep -q "handed to the running announcement" "$NA_TMP/handed.log"
end=$((SECONDS + 10))
while [ "$(na_peer_mac 2001:db8::10)" != "$MAC_A" ] && [ "$SECONDS" -lt "$end" ]; do sleep 0.05; done
na_eq "handed over: the gateway's IPv6 entry takes the new MAC" "$MAC_A" "$(na_peer_took 2001:db8::10)"
kill "$STRACE" 2>/dev/null
wait "$STRACE" 2>/dev/null
answer=$(grep -n -m 1 'sendto(.*, 16, MSG_DONTWAIT|MSG_NOSIGNAL' "$NA_TMP/holder.trace" | cut -d: -f1)
tables=$(grep -n -m 1 'RTM_GETROUTE' "$NA_TMP/holder.trace" | cut -d: -f1)
na_check "the holder answers (line ${answer:-none}) before it reads the tables (line ${tables:-none})" \
	awk -v a="${answer:-0}" -v b="${tables:-0}" 'BEGIN { exit !(a > 0 && b > a) }'
kill "$holder" 2>/dev/null

# The config file: notify = none switches it off; --notify wins over it.
printf 'notify = none\n' >"$NA_TMP/na.conf"
stale_all
na_a "$NA_BIN" -f -c 1 --config "$NA_TMP/na.conf" "$IF_A" 192.0.2.10
na_eq "config notify = none: the IPv4 entry stays stale" "$MAC_STALE" "$(na_peer_mac 192.0.2.10)"
na_a "$NA_BIN" -f -c 1 --config "$NA_TMP/na.conf" --notify gateways "$IF_A" 192.0.2.10
na_eq "--notify gateways wins over the file: IPv4 entry updated" "$MAC_A" "$(na_peer_took 192.0.2.10)"

# With many addresses (each one a local route) the routes come from dumps
# the kernel filters (nl_neigh.c): the same gateways, the same skipped one.
awk -v dev="$IF_A" 'BEGIN { for (k = 1; k <= 80; k++) printf "addr add 10.1.0.%d/24 dev %s\n", k, dev }' |
	ip -n "$NS_A" -batch - || exit 1
stale_all
na_a "$NA_BIN" -f -c 1 -vv --all "$IF_A" 2>"$NA_TMP/many.log"
na_eq "82 addresses, --all: exit 0" 0 $?
na_eq "82 addresses: gateway's IPv4 entry takes the new MAC" "$MAC_A" "$(na_peer_took 192.0.2.10)"
na_eq "82 addresses: gateway's IPv6 entry takes the new MAC" "$MAC_A" "$(na_peer_took 2001:db8::10)"
na_check "82 addresses: the log says one gateway was skipped" grep -q "1 gateways not notified" "$NA_TMP/many.log"
ip -n "$NS_A" addr flush dev "$IF_A" to 10.1.0.0/24

# 3. --notify neighbours: no route needed, every REACHABLE/STALE/DELAY entry.
ip -n "$NS_A" route flush dev "$IF_A" proto boot
ip -n "$NS_A" -6 route del default via "$LL_P" dev "$IF_A"
stale_all
na_a "$NA_BIN" -f -c 1 "$IF_A" 192.0.2.10 2001:db8::10
na_eq "no route: gateways mode leaves the IPv4 entry stale" "$MAC_STALE" "$(na_peer_mac 192.0.2.10)"
na_a "$NA_BIN" -f -c 1 --notify neighbours "$IF_A" 192.0.2.10 2001:db8::10
na_eq "--notify neighbours exits 0" 0 $?
na_eq "neighbours: IPv4 entry takes the new MAC" "$MAC_A" "$(na_peer_took 192.0.2.10)"
na_eq "neighbours: IPv6 entry takes the new MAC" "$MAC_A" "$(na_peer_took 2001:db8::10)"

# Bad value: a clear error, exit 1.
na_a "$NA_BIN" --notify everyone "$IF_A" 192.0.2.10 2>"$NA_TMP/bad.log"
na_eq "--notify everyone exits 1" 1 $?
na_check "--notify everyone: says what it wants" grep -q "want gateways, neighbours or none" "$NA_TMP/bad.log"

na_done
