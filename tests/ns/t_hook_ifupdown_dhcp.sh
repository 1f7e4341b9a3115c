#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The real ifup with "inet dhcp" and "inet6 dhcp" stanzas, Debian's default
# set-up, in a private root (tests/hooks/private-root.sh: the test's
# /etc/network and /etc/dhcp, the helper at /usr/sbin). With isc-dhcp-client
# installed ifup runs dhclient -4 and dhclient -6, whose script sources the
# shipped exit hook: each lease is announced at once and again in the later
# rounds, while the if-up.d hook stays out (METHOD=dhcp); ifdown releases and
# nothing is announced. Without dhclient (hidden in the private root) ifup
# falls back to busybox udhcpc and /etc/udhcpc/default.script, which has no
# hook directory: nothing announces that lease, until the watcher runs and
# announces the new address.
. "$(dirname "$0")/lib.sh"
. "$NA_SRC/tests/hooks/lib.sh"
na_require_root
na_require_cmd dumpcap tshark dnsmasq ifup ifdown dhclient udhcpc unshare nsenter
[ -x /etc/udhcpc/default.script ] || na_skip "needs /etc/udhcpc/default.script"
hk_require_overlay
na_lab
hk_setup 0,1,3
V4=192.0.2.50
hk_marks_start

# --dhcp-broadcast: dnsmasq would otherwise put the client's MAC into the
# peer's table itself to unicast its replies.
hk_dnsmasq --dhcp-range=192.0.2.50,192.0.2.60,255.255.255.0,2m --dhcp-host="$MAC_A,$V4" \
	--dhcp-range=2001:db8::100,2001:db8::1ff,64,2m --dhcp-broadcast \
	--dhcp-option-force="67,${HOSTILE[4]} ${HOSTILE[11]}" --dhcp-option-force="17,${HOSTILE[12]}${HOSTILE[13]}"
# ifupdown_dir DIR STANZA...: DIR becomes an /etc/network whose if-up.d
# holds the shipped ifupdown hook.
ifupdown_dir() {
	local d=$1
	shift
	mkdir -p "$d/if-pre-up.d" "$d/if-up.d" "$d/if-down.d" "$d/if-post-down.d"
	install -m 0755 "$HK_HOOKS/ifupdown/neigh-announce" "$d/if-up.d/neigh-announce"
	printf '%s\n' "$@" >"$d/interfaces"
}
calls() { cut -d' ' -f2- "$HK_CALLS" | paste -sd'|'; }
has_v4() { na_a ip -4 addr show dev "$IF_A" | grep -q "inet $V4/24 "; }
no_v4() { ! has_v4; }
ARP4="$(hk_arp_f "$V4")"
arp_in() { hk_arp_in "$1" "$V4" "$2" "$3"; }

# 1. dhclient, as Debian installs it.
ifupdown_dir "$NA_TMP/etc-network" "iface $IF_A inet dhcp" "iface $IF_A inet6 dhcp"
hk_dhclient_hooks "$NA_TMP/etc-dhcp"
printf 'send dhcp-max-message-size 1400;\nrequest subnet-mask, broadcast-address, routers, domain-name;\n' \
	>"$NA_TMP/etc-dhcp/dhclient.conf"
hk_root_start --sbin "$HK_BIN" --etc-dhcp "$NA_TMP/etc-dhcp" --etc-network "$NA_TMP/etc-network" || exit 1
na_stale "$V4"
cap=$NA_TMP/dhclient.pcapng
na_capture_start "$cap" || exit 1
t0=$(hk_ms)
"${HK_IN[@]}" ifup -v "$IF_A" >"$NA_TMP/ifup.log" 2>&1 &
IFUP=$!
na_check "ifup's dhclient leased $V4 and ran the exit hooks (BOUND)" hk_wait_for 15 hk_reason_seen BOUND
t_bound=$(hk_reason_at BOUND)
# Our hook has returned: its helper sent round one before it did.
na_check "BOUND: our hook returned to dhclient-script" hk_wait_for 10 hk_hook_done BOUND
t_bound_done=$(hk_hook_done_at BOUND)
na_capture_wait "$cap" "$ARP4" 1 10
na_eq "round one fixed the peer's stale entry" "$MAC_A" "$(na_peer_mac "$V4")"
na_stale "$V4"
wait "$IFUP"
na_eq "ifup exits 0" 0 "$?"
echo "# ifup (inet dhcp, inet6 dhcp): $(($(hk_ms) - t0)) ms"
grep -E "dhclient -|^udhcpc" "$NA_TMP/ifup.log" | sed 's/^/# ifup: /'
na_eq "ifup ran dhclient -4 and dhclient -6" 2 "$(grep -cE "(^|; ) *dhclient -[46] .* $IF_A" "$NA_TMP/ifup.log")"
na_check "dhclient -6 leased an address and ran the exit hooks (BOUND6)" hk_reason_seen BOUND6
V6=$(awk '$2 == "BOUND6" {print $3; exit}' "$HK_REASONS")
na_check "$V4/24 and $V6 configured" \
	sh -c "ip -n '$NS_A' addr show dev '$IF_A' | grep -q 'inet $V4/24 ' && ip -n '$NS_A' addr show dev '$IF_A' | grep -q 'inet6 $V6/128 '"
na_eq "the helper was called once per lease, by the dhclient hook; the if-up.d hook stayed out" \
	"-- $IF_A $V4|-- $IF_A $V6" "$(calls)"
t6=$(hk_reason_at BOUND6)
# ifup has returned: BOUND6's hook too, its round one is out. Once it is in
# the capture, take the entry back.
na_capture_wait "$cap" "$(hk_ns_f "$V6")" 1 10
na_stale "$V6"
na_check "a later round: the peer's IPv4 entry takes the client's MAC again" hk_wait_for 10 na_peer_has "$V4" "$MAC_A"
na_check "a later round: the peer's IPv6 entry takes the client's MAC" hk_wait_for 10 na_peer_has "$V6" "$MAC_A"
# Every round sent (the background process has exited), and the late ones
# in the capture.
na_check "the background rounds have ended" na_bg_done
na_capture_wait "$cap" "$ARP4" 3 10
na_capture_wait "$cap" "$(hk_na_f "$V6") && frame.time_epoch >= $(na_calc "$t6 + 2.7")" 1 10
na_capture_stop 0
# (BOUND6's call names only $V6: $V4's announcement keeps BOUND's schedule
# (announce.h: every address has its own), but a late round moves the later
# ones back, so its later round has a lower bound only.)
# Round one from its own frame: the first after BOUND's recorder, sent
# before our hook returned; nothing else until 0.95 s after it (the next
# round is 1 s after it, never earlier). The later round from the same
# frame, with no upper bound that load could break.
r0=$(na_fields "$cap" "$ARP4" frame.time_epoch | awk -v a="$t_bound" '$1 >= a {print $1; exit}')
r0=${r0:-$t_bound}
end0=$(awk -v a="$(na_calc "$r0 + 0.95")" -v b="$(na_calc "$t_bound_done + 0.01")" 'BEGIN { print (a < b ? a : b) }')
na_eq "tshark: an announcement of $V4 right at BOUND (round one, before the hook returned)" 1 "$(arp_in "$cap" "$t_bound" "$end0")"
na_check "tshark: and again 2.7 s or more after it (a later round)" test "$(arp_in "$cap" "$(na_calc "$r0 + 2.7")" "$(na_calc "$r0 + 9")")" -ge 1
na_eq "tshark: one DAD NS of ours for $V6" 1 "$(hk_ns_after "$cap" "$V6" "$t6" -0.1)"
na_check "tshark: our late NA for $V6" test "$(hk_na_after "$cap" "$V6" "$t6" 2.7)" -ge 1
echo "# dhclient exit hook, ms per call: $(hk_hook_ms | paste -sd, | sed 's/,/, /g')"
na_eq "dhclient waited under 1 s for our hook on every call" "" "$(hk_hook_ms | awk '$2 >= 1000')"
na_eq "hostile options: no marks" "" "$(hk_marks)"
: >"$HK_CALLS"
hk_in ifdown -v "$IF_A" >"$NA_TMP/ifdown.log" 2>&1
na_eq "ifdown exits 0" 0 "$?"
# (ifdown takes the link down after the inet stanza: dhclient -6 -r then
# finds no link-local address and releases nothing.)
na_check "ifdown: dhclient released the IPv4 lease (RELEASE)" hk_reason_seen RELEASE
na_check "ifdown: $V4 is gone" no_v4
na_eq "ifdown: nothing announced" "" "$(calls)"

# 2. No dhclient: ifup's fallback, udhcpc.
ifupdown_dir "$NA_TMP/etc-network2" "iface $IF_A inet dhcp"
hk_root_start --sbin "$HK_BIN" --hide dhclient --etc-network "$NA_TMP/etc-network2" || exit 1
na_check "the private root has no dhclient" sh -c "! nsenter -t $HK_ROOT_PID -m test -e /sbin/dhclient"
peer_has_mac() { [ "$(na_peer_mac "$V4")" = "$MAC_A" ]; }
# carrier: both ends up, so what follows is an address added to a running
# link (ifdown took it down; a link coming up is announced as well, but
# that is not the case here).
carrier() { ip -n "$NS_A" link show dev "$IF_A" | grep -q "state UP" && ip -n "$NS_P" link show dev "$IF_P" | grep -q "state UP"; }
na_a ip link set "$IF_A" up
na_check "the link is up at both ends" hk_wait_for 5 carrier
na_stale "$V4"
cap=$NA_TMP/udhcpc.pcapng
na_capture_start "$cap" || exit 1
hk_in ifup -v "$IF_A" >"$NA_TMP/ifup2.log" 2>&1
na_eq "udhcpc fallback: ifup exits 0" 0 "$?"
na_check "ifup ran udhcpc" grep -q "^udhcpc .*-i $IF_A" "$NA_TMP/ifup2.log"
na_check "udhcpc's default.script configured $V4/24" hk_wait_for 5 has_v4
sleep 1.5
na_eq "without the watcher nothing announced the lease: the peer stays stale" "$MAC_STALE" "$(na_peer_mac "$V4")"
na_eq "the if-up.d hook stayed out (METHOD=dhcp)" "" "$(calls)"
hk_in ifdown "$IF_A" >>"$NA_TMP/ifup2.log" 2>&1
# ifupdown's udhcpc down sends SIGUSR2 (release: default.script deconfig)
# and SIGTERM at once; busybox udhcpc does not promise to handle the first
# before it exits on the second (seen once in CI: the address stayed). That
# is not ours to test: what follows needs the address gone, so make it so.
if ! hk_wait_for 5 no_v4; then
	echo "# udhcpc exited on SIGTERM without its release; $V4 removed by hand"
	na_a ip -4 addr flush dev "$IF_A"
fi
na_check "ifdown: $V4 is gone before the watcher's part" no_v4
na_a ip link set "$IF_A" up
na_capture_stop 0
na_eq "tshark: no announcement of $V4" 0 "$(hk_arp_times "$cap" "$V4" | grep -c .)"

ip netns exec "$NS_A" "$NA_BIN" watch --stderr --config "$HK_CONF" -v "$IF_A" >"$NA_TMP/watch.log" 2>&1 &
NA_PIDS+=("$!")
watching() { grep -q watching "$NA_TMP/watch.log"; }
na_check "the watcher started" hk_wait_for 5 watching
na_check "the link is up at both ends" hk_wait_for 5 carrier
na_stale "$V4"
cap=$NA_TMP/watch.pcapng
na_capture_start "$cap" || exit 1
t0=$(date +%s.%N)
hk_in ifup "$IF_A" >"$NA_TMP/ifup3.log" 2>&1
na_eq "with the watcher: ifup exits 0" 0 "$?"
na_check "with the watcher: the peer's entry takes the client's MAC" hk_wait_for 5 peer_has_mac
na_capture_wait "$cap" "$ARP4" 1 10
na_capture_stop 0.3
t1=$(hk_arp_times "$cap" "$V4" | head -n 1)
na_check "tshark: the watcher announced the new address ($(hk_arp_times "$cap" "$V4" | grep -c .) ARP announcements)" \
	test -n "$t1"
na_check "the watcher announced it as a new address" grep -q "$V4: new address, announcing" "$NA_TMP/watch.log"
na_eq "and the hooks called nothing" "" "$(calls)"
hk_in ifdown "$IF_A" >/dev/null 2>&1
na_eq "no marks" "" "$(hk_marks)"
na_done
