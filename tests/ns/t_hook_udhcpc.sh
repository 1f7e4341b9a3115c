#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# busybox udhcpc with the shipped -s script leases an address from dnsmasq.
# The distribution's script configures it; our part announces it. udhcpc and
# the kernel send no announcement, so every gratuitous ARP the server side sees
# is ours: three rounds (schedule 0,1,3), the late ones after udhcpc is gone,
# and the peer's neighbour table follows them.
# The off switches of /etc/neigh-announce.conf are checked at the end.
. "$(dirname "$0")/lib.sh"
. "$NA_SRC/tests/hooks/lib.sh"
na_require_root
na_require_cmd dumpcap tshark dnsmasq udhcpc unshare
[ -x /etc/udhcpc/default.script ] || na_skip "needs /etc/udhcpc/default.script"
na_lab
hk_setup 0,1,3
SCRIPT=$HK_HOOKS/udhcpc/udhcpc.script
LEASE=192.0.2.50

hk_dnsmasq --dhcp-range=192.0.2.50,192.0.2.60,255.255.255.0,2m \
	--dhcp-host="$MAC_A,$LEASE" --dhcp-option=option:router,192.0.2.1 \
	--dhcp-option=option:dns-server,192.0.2.1
# The default script writes /etc/resolv.conf: give it a private one.
: >"$NA_TMP/resolv.conf"
cap=$NA_TMP/udhcpc.pcapng
na_capture_start "$cap" || exit 1
t0=$(hk_ms)
# shellcheck disable=SC2016 # expanded by that shell
na_a unshare -m sh -c 'mount --bind "$1" /etc/resolv.conf && shift && exec "$@"' sh \
	"$NA_TMP/resolv.conf" udhcpc -i "$IF_A" -s "$SCRIPT" -q -n -t 5 -T 1 -f \
	>"$NA_TMP/udhcpc.log" 2>&1
rc=$?
t_client=$(($(hk_ms) - t0))
na_eq "udhcpc got a lease (exit 0)" 0 "$rc"
na_check "the distribution script configured $LEASE/24" \
	grep -q "inet $LEASE/24 " <(na_a ip -4 addr show dev "$IF_A")
na_check "the distribution script wrote the private resolv.conf" grep -qx "nameserver 192.0.2.1" "$NA_TMP/resolv.conf"
# The first round went out before udhcpc returned; take it from the peer's
# table and watch the background rounds put it back.
na_stale "$LEASE"
peer_has_mac() { [ "$(na_peer_mac "$LEASE")" = "$MAC_A" ]; }
na_check "late rounds: the peer's entry takes the client's MAC" hk_wait_for 10 peer_has_mac
# Every round sent (the background process has exited), and in the capture.
na_check "the background rounds have ended" na_bg_done
na_capture_wait "$cap" "$(hk_arp_f "$LEASE")" 3 10
na_capture_stop 0.3
times=$(hk_arp_times "$cap" "$LEASE")
na_eq "tshark: three ARP announcements of the lease (rounds 0,1,3)" 3 "$(echo "$times" | grep -c .)"
span=$(echo "$times" | hk_span)
na_check "the late round came 3 s after the first (span ${span} ms)" \
	test "$span" -ge 2700 -a "$span" -le 4500
na_eq "tshark: announcement fields (RFC 5227 2.3)" \
	"ff:ff:ff:ff:ff:ff 1 $LEASE 00:00:00:00:00:00 $LEASE" \
	"$(na_fields "$cap" "arp.isgratuitous == 1 && arp.src.hw_mac == $MAC_A" eth.dst arp.opcode arp.src.proto_ipv4 arp.dst.hw_mac arp.dst.proto_ipv4 | sort -u)"
echo "# udhcpc: lease to exit in $t_client ms"

# The hook's own wait, as udhcpc would call it on renew: the output is read
# through a pipe, which the background rounds must not hold open.
t0=$(hk_ms)
out=$(na_a env interface="$IF_A" ip="$LEASE" mask=24 subnet=255.255.255.0 \
	NEIGH_ANNOUNCE_UDHCPC_SCRIPT=/bin/true "$SCRIPT" renew 2>&1)
rc=$?
dt=$(($(hk_ms) - t0))
echo "# udhcpc.script renew: returned in $dt ms"
na_eq "renew: exit status of the distribution script (0)" 0 "$rc"
na_check "renew: returned in under 1 s with its pipe closed ($dt ms)" test "$dt" -lt 1000
na_eq "renew: nothing printed" "" "$out"

# Its exit status is the distribution script's, whatever ours does.
na_a env interface="$IF_A" ip="$LEASE" mask=24 NEIGH_ANNOUNCE_UDHCPC_SCRIPT=/bin/false "$SCRIPT" bound
na_eq "bound: keeps the distribution script's failure (1)" 1 "$?"
na_a env interface="$IF_A" "$SCRIPT" no-such-action >/dev/null 2>&1
na_eq "unknown action: Debian's script says 1, so do we" 1 "$?"
na_a env interface="$IF_A" ip=192.0.2.99 mask=24 NEIGH_ANNOUNCE_UDHCPC_SCRIPT=/bin/true "$SCRIPT" bound 2>"$NA_TMP/err"
na_eq "helper refuses an address not held, the script still exits 0" 0 "$?"
na_check "and the helper said why" grep -q "not held" "$NA_TMP/err"

# The off switches live in the helper's config file (the hooks do not read
# it): per interface (skip) and global (enabled = no). A bad file is the
# helper's error, never the hook's. (First let the renew's rounds end: its
# background process exits after its last round.)
na_check "the renew's background rounds have ended" na_bg_done
: >"$HK_RCS"
cap=$NA_TMP/off.pcapng
na_capture_start "$cap" || exit 1
renew() {
	na_a env interface="$IF_A" ip="$LEASE" mask=24 NEIGH_ANNOUNCE_UDHCPC_SCRIPT=/bin/true "$SCRIPT" renew
}
for conf in "skip = lo $IF_A" "enabled = no"; do
	printf 'schedule = 0,1,3\n%s\n' "$conf" >"$HK_CONF"
	renew
	na_eq "config '$conf': the script exits 0" 0 "$?"
done
printf 'schedule = 0,1,3\nenabled = perhaps\n' >"$HK_CONF"
out=$(renew 2>&1)
na_eq "a bad config file: the script still exits 0" 0 "$?"
na_check "and the helper names the file and line ($out)" grep -qF "$HK_CONF:2" <<<"$out"
na_capture_stop 0.5
na_eq "helper exit statuses: 0, 0 (switched off), 1 (bad file)" "0 0 1" "$(paste -sd' ' "$HK_RCS")"
na_eq "tshark: no announcement while switched off or misconfigured" 0 "$(hk_arp_times "$cap" "$LEASE" | grep -c .)"
na_done
