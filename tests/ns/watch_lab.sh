# shellcheck shell=bash disable=SC2034  # variables for the tests that source this
# SPDX-License-Identifier: BSD-2-Clause
# Shared by the watcher's namespace tests (t_watch_*.sh); source it after
# lib.sh. The peer keeps its addresses on a bridge (br0) with its veth end vp0
# as one port and a second, always-up veth pair as the other: when the peer
# takes vp0 down (the announcer loses carrier) its bridge keeps carrier, so its
# neighbour table survives and a stale entry can be proven updated. A plain
# veth end would flush the table on every down.

BR_P=br0
NA_WRAP=()

wl_lab() {
	ip netns add "$NS_A" || exit 1
	ip netns add "$NS_P" || exit 1
	# Distinct ifindexes on the two ends: the kernel treats a carrier change
	# of a stacked device (ifindex != iflink) as urgent; with equal numbers
	# in the two namespaces the peer's end would wait for linkwatch's
	# one-second batch and its bridge would drop the first frames.
	ip link add "$IF_A" netns "$NS_A" index 12 address "$MAC_A" type veth \
		peer name "$IF_P" netns "$NS_P" index 22 address "$MAC_P" || exit 1
	for ns in "$NS_A" "$NS_P"; do
		ip -n "$ns" link set lo up
	done
	ip -n "$NS_P" link add "$BR_P" type bridge stp_state 0 || exit 1
	ip -n "$NS_P" link add d0 type veth peer name d1 || exit 1
	ip -n "$NS_P" link set d1 up
	ip -n "$NS_P" link set d0 master "$BR_P" up
	ip -n "$NS_P" link set "$IF_P" master "$BR_P" up
	ip -n "$NS_P" link set "$BR_P" up
	ip -n "$NS_A" link set "$IF_A" up
	ip -n "$NS_P" addr add 192.0.2.1/24 dev "$BR_P"
	ip -n "$NS_P" addr add 2001:db8::1/64 dev "$BR_P" nodad
	IF_P_INDEX=22
}

# The announcer's link-local address.
wl_ll_a() {
	ip -n "$NS_A" -6 addr show dev "$IF_A" scope link | awk '/inet6/ {sub("/.*", "", $2); print $2}'
}

# wl_ll_ready: waits (at most 10 s) until the announcer has its link-local
# address and its kernel has finished DAD for every address: the watcher
# started after it gets no news from them.
wl_ll_ready() {
	na_wait 10 wl_ll_done
}
wl_ll_done() {
	[ -n "$(wl_ll_a)" ] && ! ip -n "$NS_A" -6 addr show dev "$IF_A" tentative | grep -q inet6
}

wl_stale() {
	ip -n "$NS_P" neigh replace "$1" lladdr "$MAC_STALE" dev "$BR_P" nud stale
}

wl_peer_mac() {
	ip -n "$NS_P" neigh show "$1" dev "$BR_P" | awk '{for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1)}'
}

# The peer kernel's own record of its neighbour table changes, with
# timestamps: timing taken from it does not depend on how fast this script
# can poll on a loaded machine.
wl_neigh_monitor_start() {
	ip -n "$NS_P" -ts monitor neigh dev "$BR_P" >"$NA_TMP/neigh.log" 2>&1 &
	NA_PIDS+=("$!")
	sleep 0.2
}

# wl_mac_at ADDR MAC: the time (epoch seconds) the peer's entry for ADDR
# first took MAC, or nothing.
wl_mac_at() {
	local ts
	# Lines look like "[2026-11-24T05:14:22.116192] 192.0.2.10 lladdr MAC
	# STALE", sometimes with a second timestamp: take the last one.
	ts=$(awk -v a="$1" -v m="$2" '{
		ts = ""; k = 1
		while (k <= NF && substr($k, 1, 1) == "[") { ts = $k; k++ }
		if ($k != a) next
		for (i = k + 1; i < NF; i++) if ($i == "lladdr" && $(i + 1) == m) { print ts; exit }
	}' "$NA_TMP/neigh.log" | tr -d '[]' | tr T ' ')
	[ -n "$ts" ] && date -d "$ts" +%s.%N
}

# wl_took MAC ADDR...: the peer's neighbour monitor has seen every ADDR take
# MAC (with na_wait: until the announcements reached the peer).
wl_took() {
	local m=$1 a
	shift
	for a in "$@"; do
		[ -n "$(wl_mac_at "$a" "$m")" ] || return 1
	done
}


# wl_within T0 T LIMIT: T is set and T - T0 is in [0, LIMIT] seconds.
wl_within() {
	[ -n "$1" ] && [ -n "$2" ] && na_true "$2 - $1 >= 0 && $2 - $1 <= $3"
}

wl_delta() {
	if [ -n "$1" ] && [ -n "$2" ]; then na_calc "$2 - $1"; else echo never; fi
}

# wl_start ARGS...: the watcher in the announcer's namespace, in the
# background (no subshell: WPID is the watcher itself), logging with -v to
# $WLOG. Waits until it listens.
wl_start() {
	WLOG=$NA_TMP/watch.log
	NA_FAIL_LOG=$WLOG
	: >"$WLOG"
	ip netns exec "$NS_A" "${NA_WRAP[@]}" "$NA_BIN" watch --stderr "$@" >>"$WLOG" 2>&1 &
	WPID=$!
	NA_PIDS+=("$WPID")

	for _ in $(seq 1 "${WL_START_TRIES:-100}"); do
		grep -q "watching" "$WLOG" && return 0
		kill -0 "$WPID" 2>/dev/null || break
		sleep 0.05
	done
	echo "watcher did not start: $(cat "$WLOG")"
	return 1
}

# wl_count PATTERN: how many lines of the watcher's log match PATTERN (grep).
wl_count() {
	grep -c -- "$1" "$WLOG"
}

# wl_wait_count N PATTERN [SECONDS]: waits until the log has N lines that
# match PATTERN (at most SECONDS, default 10). The watcher acts in its own
# time, later on a busy machine: a check that counts waits for the count.
wl_wait_count() {
	na_wait "${3:-10}" wl_count_ge "$1" "$2"
}
wl_count_ge() {
	[ "$(wl_count "$2")" -ge "$1" ]
}

# wl_stop: SIGTERM; the exit status goes to WRC (not a subshell: only this
# shell can wait for the watcher).
wl_stop() {
	kill -TERM "$WPID" 2>/dev/null
	wait "$WPID"
	WRC=$?
}

# wl_capture_start FILE: capture everything in the peer's namespace ("any":
# a packet socket bound to vp0 would end when vp0 goes down).
wl_capture_start() {
	rm -f "$1"
	ip netns exec "$NS_P" dumpcap -q -i any -y LINUX_SLL2 -w "$1" >"$NA_TMP/dumpcap.log" 2>&1 &
	NA_CAP_PID=$!
	NA_PIDS+=("$NA_CAP_PID")

	for _ in $(seq 1 100); do
		grep -q "Capturing on" "$NA_TMP/dumpcap.log" 2>/dev/null && [ -s "$1" ] && return 0
		sleep 0.05
	done
	echo "dumpcap did not start: $(cat "$NA_TMP/dumpcap.log")"
	return 1
}

# Our announcements as they arrive on the peer's vp0 (not their copies on
# the bridge): ARP, NS and NA with the announcer's MAC as source.
WL_OURS="sll.src.eth == $MAC_A && (arp || icmpv6.type == 135 || icmpv6.type == 136)"
wl_ours_filter() {
	echo "sll.ifindex == $IF_P_INDEX && $WL_OURS"
}
