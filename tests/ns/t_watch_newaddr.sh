#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Addresses and DAD: an address added while the link is up is announced; an
# IPv6 address is announced only once duplicate address detection is done
# (never while tentative), both when added while up and when the link comes
# up; --no-new-addresses turns the first off.
# shellcheck source=tests/ns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/ns/watch_lab.sh
. "$(dirname "$0")/watch_lab.sh"
na_require_root
na_require_cmd dumpcap tshark
wl_lab
ip -n "$NS_A" addr add 192.0.2.10/24 dev "$IF_A"

wl_start -v -s 0,0.5,1 || exit 1
cap=$NA_TMP/newaddr.pcapng
wl_capture_start "$cap" || exit 1
wl_neigh_monitor_start
ip -n "$NS_A" -ts monitor address dev "$IF_A" >"$NA_TMP/addr.log" 2>&1 &
NA_PIDS+=("$!")
sleep 0.2

# when_ready ADDR: the time the announcer's kernel reported ADDR without
# the tentative flag (DAD done).
when_ready() {
	local ts
	ts=$(awk -v a="$1" '$0 !~ /Deleted/ && $0 !~ /tentative/ && index($0, " " a "/") {print $1; exit}' "$NA_TMP/addr.log" | tr -d '[]' | tr T ' ')
	[ -n "$ts" ] && date -d "$ts" +%s.%N
}
first_ns() {
	na_fields "$cap" "$(wl_ours_filter) && icmpv6.type == 135 && icmpv6.nd.ns.target_address == $1" frame.time_epoch | head -n 1
}
# at_least T0 T D: T - T0 >= D seconds.
at_least() {
	[ -n "$1" ] && [ -n "$2" ] && na_true "$2 - $1 >= $3"
}
# near_after T0 T: T within [T0 - 0.05 s, T0 + 1 s]; the 50 ms allow for
# `ip monitor` printing its timestamp after the watcher already reacted to
# the same kernel message.
near_after() {
	[ -n "$1" ] && [ -n "$2" ] && na_true "$2 - $1 >= -0.05 && $2 - $1 <= 1"
}
first_na() {
	na_fields "$cap" "$(wl_ours_filter) && icmpv6.type == 136 && icmpv6.nd.na.target_address == $1" frame.time_epoch | head -n 1
}
# seen ADDR...: for each IPv6 ADDR, the announcer's kernel reported the end
# of its DAD and the capture holds our first NA for it. The checks below
# take their times from those records, so they wait for them first.
seen() {
	local a
	for a in "$@"; do
		[ -n "$(when_ready "$a")" ] && [ -n "$(first_na "$a")" ] || return 1
	done
}

# IPv4, added while up.
wl_stale 192.0.2.20
t_add=$(date +%s.%N)
ip -n "$NS_A" addr add 192.0.2.20/24 dev "$IF_A"
na_wait 10 wl_took "$MAC_A" 192.0.2.20
t=$(wl_mac_at 192.0.2.20 "$MAC_A")
na_check "new IPv4 address announced within 1 s (after $(wl_delta "$t_add" "$t") s)" wl_within "$t_add" "$t" 1

# IPv6 with DAD, added while up: tentative for 1 to 2 s.
wl_stale 2001:db8::20
ip -n "$NS_A" addr add 2001:db8::20/64 dev "$IF_A"
na_wait 10 seen 2001:db8::20
na_wait 10 wl_took "$MAC_A" 2001:db8::20
ready=$(when_ready 2001:db8::20)
ns=$(first_ns 2001:db8::20)
na=$(first_na 2001:db8::20)
t=$(wl_mac_at 2001:db8::20 "$MAC_A")
na_check "the kernel finished DAD for 2001:db8::20" test -n "$ready"
# The first NS for the address is the kernel's own DAD probe; the address
# stays tentative for RetransTimer (1 s) after it. Our NS and NA leave
# together, so the first NA must come at least that long after the first NS
# (both times from the capture's kernel timestamps).
na_check "first NA for 2001:db8::20 only after DAD ($(wl_delta "$ns" "$na") s after the kernel's probe)" \
	at_least "$ns" "$na" 0.9
na_check "first NA soon after DAD ($(wl_delta "$ready" "$na") s)" near_after "$ready" "$na"
na_check "the peer's entry took the MAC within 1 s of DAD (after $(wl_delta "$ready" "$t") s)" \
	near_after "$ready" "$t"
na_check "the log calls it a new address" wl_wait_count 1 "2001:db8::20: new address, announcing"

# Link up with an address still in DAD: the announcer's own link goes down;
# an address added meanwhile waits for DAD after the link-up, as does the
# regenerated link-local address; IPv4 goes at once.
ip -n "$NS_A" link set "$IF_A" down
ip -n "$NS_A" addr add 2001:db8::30/64 dev "$IF_A"
sleep 0.3
wl_stale 2001:db8::30
wl_stale 192.0.2.10
t_up=$(date +%s.%N)
ip -n "$NS_A" link set "$IF_A" up
na_wait 10 wl_took "$MAC_A" 192.0.2.10 2001:db8::30
na_wait 10 seen 2001:db8::30
t=$(wl_mac_at 192.0.2.10 "$MAC_A")
na_check "IPv4 announced at link-up within 1 s (after $(wl_delta "$t_up" "$t") s)" wl_within "$t_up" "$t" 1
ready=$(when_ready 2001:db8::30)
ns=$(first_ns 2001:db8::30)
na=$(first_na 2001:db8::30)
na_check "first NA for 2001:db8::30 only after DAD ($(wl_delta "$ns" "$na") s after the kernel's probe)" \
	at_least "$ns" "$na" 0.9
na_check "first NA soon after DAD ($(wl_delta "$ready" "$na") s)" near_after "$ready" "$na"
na_eq "2001:db8::30: the peer's entry holds the MAC" "$MAC_A" "$(wl_peer_mac 2001:db8::30)"
na_check "the log says DAD finished" wl_wait_count 1 "2001:db8::30: duplicate address detection done"
LL_A=$(wl_ll_a)
na_check "the regenerated link-local address was announced too" \
	wl_wait_count 1 "$LL_A: duplicate address detection done"

# --no-new-addresses: an address added while up is left alone.
wl_stop
na_eq "SIGTERM: exit 0" 0 "$WRC"
wl_start -v -s 0,0.5,1 --no-new-addresses || exit 1
ip -n "$NS_A" addr add 192.0.2.30/24 dev "$IF_A"
sleep 1.5
t_flap=$(date +%s.%N)
# ...but a link-up still announces it, with every other address.
ip -n "$NS_P" link set "$IF_P" down
sleep 0.3
ip -n "$NS_P" link set "$IF_P" up
na_capture_wait "$cap" "$(wl_ours_filter) && arp.src.proto_ipv4 == 192.0.2.30 && frame.time_epoch > $t_flap" 1 10
kill -INT "$NA_CAP_PID"
wait "$NA_CAP_PID" 2>/dev/null
na_eq "--no-new-addresses: no ARP for 192.0.2.30 while the link stayed up" 0 \
	"$(na_fields "$cap" "$(wl_ours_filter) && arp.src.proto_ipv4 == 192.0.2.30 && frame.time_epoch < $t_flap" frame.number | wc -l)"
na_check "--no-new-addresses: 192.0.2.30 announced at the next link-up" test \
	"$(na_fields "$cap" "$(wl_ours_filter) && arp.src.proto_ipv4 == 192.0.2.30 && frame.time_epoch > $t_flap" frame.number | wc -l)" -ge 1
wl_stop
na_done
