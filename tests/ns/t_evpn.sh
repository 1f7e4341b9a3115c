#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# A real EVPN fabric (FRR zebra + bgpd, tests/ns/evpn_lab.sh): what our
# announcements do behind ARP/ND suppression.
#  1. A gateway that forgot h1 (its entry deleted): the broadcast forms cannot
#     recreate it (arp_accept and accept_untracked_na off); the default
#     announcement's unicast to the gateways does, IPv4 and IPv6, and the
#     binding reaches the remote VTEP's EVPN table.
#  2. h1's NIC swap (a new MAC) while h2 pings it every 50 ms, both families:
#     the traffic h2 loses with no announcement, arping -U, the watcher
#     broadcasting only (--notify none), and the watcher as it is (its
#     neighbour cache tells h2 and the gateways by unicast). Only the last is
#     asserted: under 0.5 s. The new MAC reaches vtep2's EVPN table.
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/ns/evpn_lab.sh
. "$(dirname "$0")/evpn_lab.sh"
trap ev_cleanup EXIT
ev_require

T_START=$(ev_ms)
ev_lab
na_check "BGP up: each VTEP floods VNI 100 to the other" ev_wait 30000 ev_ready
if [ "$NA_FAILS" != 0 ]; then
	cat "$NA_TMP"/frr*/*.out
	na_done
	exit 1
fi
echo "# fabric up in $(($(ev_ms) - T_START)) ms"

# Learning: h1 talks to h2 and to both gateway addresses (the VTEP's SVI
# then holds entries for h1's IPv4 and global IPv6 address).
ev_h1 ping -q -c 1 -W 2 "$EV_H2_4" >/dev/null
ev_h1 ping -q -6 -c 1 -W 2 "$EV_H2_6" >/dev/null
ev_h1 ping -q -c 1 -W 2 "$EV_GW4" >/dev/null
ev_h1 ping -q -6 -c 1 -W 2 "$EV_GW6" >/dev/null
ev_h1 ping -q -6 -c 1 -W 2 "$EV_GW_LL%eth0" >/dev/null
na_check "vtep2's EVPN table learns h1 (IPv4 and IPv6 bindings)" ev_wait 5000 \
	eval 'ev_remote_macip "$EV_H1_MAC" "$EV_H1_4" && ev_remote_macip "$EV_H1_MAC" "$EV_H1_6"'

# ---- 1. a gateway that forgot us --------------------------------------
ip -n "$EV_V1" neigh del "$EV_H1_4" dev br100
ip -n "$EV_V1" -6 neigh del "$EV_H1_6" dev br100
na_eq "vtep1 forgot h1's IPv4 address" "" "$(ev_neigh_mac "$EV_V1" br100 "$EV_H1_4")"
na_eq "vtep1 forgot h1's IPv6 address" "" "$(ev_neigh_mac "$EV_V1" br100 "$EV_H1_6")"
ev_h1 "$NA_BIN" -f -c 1 --notify none eth0 "$EV_H1_4" "$EV_H1_6"
na_eq "--notify none exits 0" 0 $?
# The frames cross one veth: 0.2 s is plenty for them to have been taken.
sleep 0.2
na_eq "--notify none: the broadcast forms create no IPv4 entry" "" \
	"$(ev_neigh_mac "$EV_V1" br100 "$EV_H1_4")"
na_eq "--notify none: nor an IPv6 one" "" "$(ev_neigh_mac "$EV_V1" br100 "$EV_H1_6")"
ev_h1 "$NA_BIN" -f -c 1 eth0 "$EV_H1_4" "$EV_H1_6"
na_eq "default announcement exits 0" 0 $?
na_check "default: vtep1 learns h1 again, IPv4 (unicast to the gateway)" \
	ev_wait 2000 ev_has_mac "$EV_V1" br100 "$EV_H1_4" "$EV_H1_MAC"
na_check "default: vtep1 learns h1 again, IPv6 (unicast NS to the router's link-local)" \
	ev_wait 2000 ev_has_mac "$EV_V1" br100 "$EV_H1_6" "$EV_H1_MAC"
na_check "and vtep2's EVPN table has the bindings again" ev_wait 5000 \
	eval 'ev_remote_macip "$EV_H1_MAC" "$EV_H1_4" && ev_remote_macip "$EV_H1_MAC" "$EV_H1_6"'

# ---- 2. a NIC swap ----------------------------------------------------
CUR_MAC=$EV_H1_MAC

# h2's entries for h1 hold MAC, and vtep2 knows MAC as remote.
ev_settled() {
	ev_has_mac "$EV_H2" eth0 "$EV_H1_4" "$1" && ev_has_mac "$EV_H2" eth0 "$EV_H1_6" "$1" &&
		ev_vtysh 2 "show evpn mac vni 100 mac $1" | grep -q "Remote VTEP"
}

# Before each swap, the whole fabric learns h1's current MAC again (the
# previous swap may have left it lost): h1's table gets h2 and the gateways
# back and tells them by unicast.
ev_reset() {
	ip -n "$EV_H1" neigh replace "$EV_H2_4" lladdr "$EV_H2_MAC" dev eth0 nud stale
	ip -n "$EV_H1" neigh replace "$EV_H2_6" lladdr "$EV_H2_MAC" dev eth0 nud stale
	ip -n "$EV_H1" neigh replace "$EV_GW4" lladdr "$EV_GW_MAC" dev eth0 nud stale
	ip -n "$EV_H1" neigh replace "$EV_GW_LL" lladdr "$EV_GW_MAC" dev eth0 nud stale
	ev_h1 "$NA_BIN" -f -c 1 --notify neighbours eth0 "$EV_H1_4" "$EV_H1_6"
	ev_wait 5000 ev_settled "$CUR_MAC"
}

ev_replies() {
	grep -c "bytes from" "$1"
}

# ev_recovered FILE T: a reply stamped more than 0.1 s after T (seconds):
# its request went out after T.
ev_recovered() {
	awk -v t="$2" '/bytes from/ { s = $1; gsub(/[][]/, "", s); if (s + 0 > t + 0.1) f = 1 }
		END { exit !f }' "$1"
}

# ev_outage FILE T END: the longest time without a reply around T, less the
# 50 ms interval; "> X" when none came back before END.
ev_outage() {
	awk -v t="$2" -v end="$3" '/bytes from/ {
		s = $1; gsub(/[][]/, "", s); s += 0
		if (s < t - 1) next
		if (prev && s - prev > max) max = s - prev
		if (s > t + 0.1) rec = 1
		prev = s
	}
	END {
		if (!rec) printf "> %.2f s\n", end - prev
		else printf "%.2f s\n", (max > 0.05 ? max - 0.05 : 0)
	}' "$1"
}

# ev_swap NAME NEWMAC [WATCH-ARGS...]: one NIC swap while h2 pings h1.
# NAME "arping" runs arping -U after it; WATCH-ARGS starts the watcher
# (with them) before it. Sets OUT4, OUT6 (the outages) and T_SWAP.
ev_swap() {
	local name=$1 mac=$2 p4 p6 end wpid=
	shift 2
	na_check "$name: the fabric knows h1 at $CUR_MAC first" ev_reset
	if [ $# -gt 0 ]; then
		WLOG=$NA_TMP/watch-$name.log
		ev_h1 "$NA_BIN" watch --stderr -v "$@" eth0 >"$WLOG" 2>&1 &
		wpid=$!
		NA_PIDS+=("$wpid")
		na_check "$name: the watcher starts" ev_wait 5000 grep -q watching "$WLOG"
	fi
	ev_h2 ping -D -n -i 0.05 "$EV_H1_4" >"$NA_TMP/p4-$name.log" 2>&1 &
	p4=$!
	ev_h2 ping -6 -D -n -i 0.05 "$EV_H1_6" >"$NA_TMP/p6-$name.log" 2>&1 &
	p6=$!
	NA_PIDS+=("$p4" "$p6")
	na_check "$name: h2 reaches h1 before the swap" ev_wait 5000 \
		eval '[ "$(ev_replies "$NA_TMP/p4-$name.log")" -ge 3 ] && [ "$(ev_replies "$NA_TMP/p6-$name.log")" -ge 3 ]'
	T_SWAP=$(date +%s.%N)
	ip -n "$EV_H1" link set dev eth0 address "$mac"
	if [ "$name" = arping ]; then
		ev_h1 arping -q -U -c 1 -I eth0 "$EV_H1_4" &
		NA_PIDS+=("$!")
	fi
	CUR_MAC=$mac
	# Until both families answer again, or 4 s.
	ev_wait 4000 eval 'ev_recovered "$NA_TMP/p4-$name.log" "$T_SWAP" && ev_recovered "$NA_TMP/p6-$name.log" "$T_SWAP"'
	end=$(date +%s.%N)
	# (SIGTERM: a background job of a script ignores SIGINT)
	kill -TERM "$p4" "$p6"
	wait "$p4" "$p6" 2>/dev/null
	OUT4=$(ev_outage "$NA_TMP/p4-$name.log" "$T_SWAP" "$end")
	OUT6=$(ev_outage "$NA_TMP/p6-$name.log" "$T_SWAP" "$end")
	if [ -n "$wpid" ]; then
		kill -TERM "$wpid"
		wait "$wpid" 2>/dev/null
	fi
	printf '# %-28s IPv4 %-10s IPv6 %s\n' "$name" "$OUT4" "$OUT6"
}

ev_swap none 02:00:00:00:01:02
R_NONE4=$OUT4 R_NONE6=$OUT6
ev_swap arping 02:00:00:00:01:03
R_ARP4=$OUT4 R_ARP6=$OUT6
ev_swap broadcast 02:00:00:00:01:04 --notify none
R_BC4=$OUT4 R_BC6=$OUT6
ev_swap ours 02:00:00:00:01:05 --notify gateways
R_OURS4=$OUT4 R_OURS6=$OUT6
na_check "ours: the watcher told its remembered neighbours" \
	grep -q "new MAC: telling [1-9][0-9]* remembered neighbours" "$NA_TMP/watch-ours.log"
na_check "ours: IPv4 outage under 0.5 s ($R_OURS4)" awk -v o="$R_OURS4" \
	'BEGIN { exit !(o !~ />/ && o + 0 < 0.5) }'
na_check "ours: IPv6 outage under 0.5 s ($R_OURS6)" awk -v o="$R_OURS6" \
	'BEGIN { exit !(o !~ />/ && o + 0 < 0.5) }'
na_check "ours: vtep2's EVPN table has h1's new MAC for both addresses" ev_wait 5000 \
	eval 'ev_remote_macip "$CUR_MAC" "$EV_H1_4" && ev_remote_macip "$CUR_MAC" "$EV_H1_6"'
na_check "ours: vtep2's BGP table has the type-2 route of the new MAC and IPv4 address" \
	eval 'ev_vtysh 2 "show bgp l2vpn evpn route type macip" | grep -qF "[$CUR_MAC]:[32]:[$EV_H1_4]"'

echo "# Traffic h2 lost at h1's NIC swap (ping -i 0.05 from h2, this run):"
echo "# | announcement | IPv4 | IPv6 |"
echo "# |---|---|---|"
echo "# | none | $R_NONE4 | $R_NONE6 |"
echo "# | arping -U -c 1 | $R_ARP4 | $R_ARP6 |"
echo "# | watcher, broadcast only (--notify none) | $R_BC4 | $R_BC6 |"
echo "# | watcher (neighbour cache, unicast) | $R_OURS4 | $R_OURS6 |"
echo "# run time $(($(ev_ms) - T_START)) ms"
na_done
