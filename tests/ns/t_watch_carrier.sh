#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The first seed's behaviour: the watcher runs on the announcer; the peer
# holds stale entries and takes its end of the cable down and up; the
# announcer regains carrier and the peer's IPv4, IPv6 and link-local entries
# carry the announcer's MAC within a second. Then a MAC change is announced.
# shellcheck source=tests/ns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/ns/watch_lab.sh
. "$(dirname "$0")/watch_lab.sh"
na_require_root
na_require_cmd dumpcap tshark
wl_lab

ip -n "$NS_A" addr add 192.0.2.10/24 dev "$IF_A"
ip -n "$NS_A" addr add 2001:db8::10/64 dev "$IF_A" nodad
wl_ll_ready
LL_A=$(wl_ll_a)

# A short schedule: the peer's bridge starts forwarding on its port a moment
# after the carrier comes back, so round 1 can reach vp0 and go no further;
# that is what the later rounds are for.
wl_start -v -s 0,0.5,1 || exit 1
cap=$NA_TMP/carrier.pcapng
wl_capture_start "$cap" || exit 1

ip -n "$NS_P" link set "$IF_P" down
no_carrier() {
	ip -n "$NS_A" link show "$IF_A" | grep -q NO-CARRIER
}
na_check "announcer lost carrier" na_wait 5 no_carrier
for a in 192.0.2.10 2001:db8::10 "$LL_A"; do
	wl_stale "$a"
done
na_eq "peer starts with a stale IPv4 entry" "$MAC_STALE" "$(wl_peer_mac 192.0.2.10)"
na_eq "peer starts with a stale IPv6 entry" "$MAC_STALE" "$(wl_peer_mac 2001:db8::10)"

wl_neigh_monitor_start
arp3="$(wl_ours_filter) && arp.src.proto_ipv4 == 192.0.2.10 && arp.dst.proto_ipv4 == 192.0.2.10 && arp.opcode == 1"
t_up=$(date +%s.%N)
ip -n "$NS_P" link set "$IF_P" up
# The times are checked below, from the monitor's stamps; a busy machine
# only delays the reading of them.
na_wait 10 wl_took "$MAC_A" 192.0.2.10 2001:db8::10 "$LL_A"
for a in 192.0.2.10 2001:db8::10 "$LL_A"; do
	t=$(wl_mac_at "$a" "$MAC_A")
	na_check "$a: the peer's entry took the MAC within 1 s (after $(wl_delta "$t_up" "$t") s)" \
		wl_within "$t_up" "$t" 1
	na_eq "$a: the peer's entry holds the MAC" "$MAC_A" "$(wl_peer_mac "$a")"
done
# The schedule's three rounds (the last at +1 s, later if the first ones
# were late) are in the capture before it ends.
na_capture_wait "$cap" "$arp3" 3 10
na_capture_wait "$cap" "$(wl_ours_filter) && icmpv6.type == 136" 4 10
kill -INT "$NA_CAP_PID"
wait "$NA_CAP_PID" 2>/dev/null

# Round 1 left at once: the first ARP announcement reached vp0 within
# 200 ms of the carrier coming back (the kernel's linkwatch adds some delay).
first=$(na_fields "$cap" "$(wl_ours_filter) && arp.isannouncement == 1" frame.time_epoch | head -n 1)
na_check "first announcement within 200 ms of the link-up (at +$(wl_delta "$t_up" "$first") s)" \
	wl_within "$t_up" "$first" 0.2
# Three rounds, each with an ARP announcement (RFC 5227 §2.3) for the IPv4
# address; one DAD NS with a nonce (RFC 7527) and three NAs (RFC 4861
# §7.2.6) for each IPv6 address.
na_eq "three ARP announcements" 3 "$(na_fields "$cap" "$arp3" frame.number | wc -l)"
na_eq "one DAD NS with a nonce per IPv6 address" "2" \
	"$(na_fields "$cap" "$(wl_ours_filter) && icmpv6.type == 135 && ipv6.src == :: && icmpv6.opt.nonce" frame.number | wc -l)"
# NAs at least RetransTimer (1 s) apart: rounds at 0 and 1 s, not 0.5 s.
na_eq "two NAs (O=1, S=0) for the global address" 2 \
	"$(na_fields "$cap" "$(wl_ours_filter) && icmpv6.type == 136 && icmpv6.nd.na.target_address == 2001:db8::10 && icmpv6.nd.na.flag.o == 1 && icmpv6.nd.na.flag.s == 0" frame.number | wc -l)"
na_eq "two NAs for the link-local address" 2 \
	"$(na_fields "$cap" "$(wl_ours_filter) && icmpv6.type == 136 && icmpv6.nd.na.target_address == $LL_A" frame.number | wc -l)"

# A new MAC while the link is up: announced again, with the new MAC.
MAC_NEW=02:00:00:aa:00:02
t_mac=$(date +%s.%N)
ip -n "$NS_A" link set "$IF_A" address "$MAC_NEW"
na_wait 10 wl_took "$MAC_NEW" 192.0.2.10 2001:db8::10
for a in 192.0.2.10 2001:db8::10; do
	t=$(wl_mac_at "$a" "$MAC_NEW")
	na_check "$a: new MAC announced within 1 s (after $(wl_delta "$t_mac" "$t") s)" \
		wl_within "$t_mac" "$t" 1
done
na_check "the log says why" wl_wait_count 1 "va0: new MAC: announcing"

wl_stop
na_eq "SIGTERM: exit 0" 0 "$WRC"
grep -q "link up: announcing every address" "$WLOG" || cat "$WLOG"
na_done
