#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Address dumps on a busy interface. A dump that spans several reads and
# meets a change of the table comes back marked inconsistent
# (NLM_F_DUMP_INTR, which libmnl reports as EINTR); the helper reads it again
# from the start instead of failing with "netlink: Interrupted system call".
# And with --all, an address that leaves while it runs is not an error: it
# was there a moment ago, the others are announced.
# Lab: 3,000 IPv4 addresses on the announcer, one more added and removed in a
# loop while the helper runs, the peer holding a stale entry to prove the
# frames went out.
. "$(dirname "$0")/lib.sh"
na_require_root
na_lab
ip -n "$NS_A" addr add 192.0.2.10/24 dev "$IF_A"
awk -v dev="$IF_A" 'BEGIN {
	for (k = 1; k <= 3000; k++)
		printf "addr add 10.1.%d.%d/16 dev %s\n", int(k / 256), k % 256, dev
}' | ip -n "$NS_A" -batch - || exit 1

# The loop ends after a del when asked (a kill could land between an ip
# command's start and its add, leaving the address behind).
churn_start() {
	(while [ ! -e "$NA_TMP/churn.stop" ]; do
		ip -n "$NS_A" addr add 10.9.0.1/32 dev "$IF_A"
		ip -n "$NS_A" addr del 10.9.0.1/32 dev "$IF_A"
	done) 2>/dev/null &
	CHURN=$!
	NA_PIDS+=("$CHURN")
}
churn_stop() {
	touch "$NA_TMP/churn.stop"
	wait "$CHURN" 2>/dev/null
}

# runs N ARGS...: the helper N times; prints "ok failed" and keeps the
# distinct error messages in $NA_TMP/err.
runs() {
	local n=$1 ok=0 bad=0
	shift
	: >"$NA_TMP/err"
	for _ in $(seq 1 "$n"); do
		if na_a "$NA_BIN" "$@" 2>>"$NA_TMP/err"; then
			ok=$((ok + 1))
		else
			bad=$((bad + 1))
		fi
	done
	echo "$ok $bad"
}

churn_start
na_stale 192.0.2.10
# --all: the address dump (the check's too), the route and neighbour dumps
# of --notify gateways; every one can be cut short.
na_eq "--all under churn: 20 runs, all exit 0" "20 0" "$(runs 20 --all -f -c 1 --ipv6 none "$IF_A")"
na_eq "--all under churn: no error printed" "" "$(sort -u "$NA_TMP/err")"
na_eq "and the peer took the MAC" "$MAC_A" "$(na_peer_took 192.0.2.10)"
# A named address: the check's dump alone.
na_stale 192.0.2.10
na_eq "named address under churn: 20 runs, all exit 0" "20 0" "$(runs 20 -f -c 1 "$IF_A" 192.0.2.10)"
na_eq "named address under churn: no error printed" "" "$(sort -u "$NA_TMP/err")"
na_eq "and the peer took the MAC" "$MAC_A" "$(na_peer_took 192.0.2.10)"
churn_stop

# Without churn a named address the interface does not hold is still an
# error (exit 2), as before.
na_a "$NA_BIN" -f -c 1 "$IF_A" 10.9.0.1 2>"$NA_TMP/err"
na_eq "an address not held: exit 2" 2 $?
na_check "and the message says so" grep -q "10.9.0.1: address not held by this interface" "$NA_TMP/err"

na_done
