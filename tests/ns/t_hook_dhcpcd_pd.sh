#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Prefix delegation on a router, all real: ISC dhcpd -6 (isc-dhcp-server;
# dnsmasq cannot delegate) on the peer's upstream link serves a /56, dhcpcd
# with "ia_pd 2 DOWNSTREAM/0/64" takes it on va0 and gives the downstream
# interface va1 an address from it, then runs DELEGATED6 for va1 with the
# shipped hook. The downstream link's other end (vd1, in the peer's
# namespace) must see that address announced by va1's MAC, and its kernel's
# stale entry follow, in round one and the late round. dhcpd and dhcpcd run
# in private mount namespaces (their config, leases and pid files are the
# test's, at the paths AppArmor's profiles allow).
. "$(dirname "$0")/lib.sh"
. "$NA_SRC/tests/hooks/lib.sh"
na_require_root
na_require_cmd dumpcap tshark dhcpd dhcpcd unshare printenv
[ -f /usr/lib/dhcpcd/dhcpcd-run-hooks ] || na_skip "needs /usr/lib/dhcpcd/dhcpcd-run-hooks"
na_lab
hk_setup 0,1,3
HOOK=$HK_HOOKS/dhcpcd/62-neigh-announce
DOWN=va1
PEER_DOWN=vd1
MAC_DOWN=02:00:00:aa:00:02
# The only /56 dhcpd has, its first /64 (sla 0), dhcpcd's default suffix 1.
PD_ADDR=2001:db8:100::1
ip link add "$DOWN" netns "$NS_A" address "$MAC_DOWN" type veth \
	peer name "$PEER_DOWN" netns "$NS_P" address 02:00:00:bb:00:02 || exit 1
na_a ip link set "$DOWN" up
na_p ip link set "$PEER_DOWN" up
# dhcpcd does the router solicitations it wants; the kernel does none.
na_a sysctl -qw "net.ipv6.conf.$IF_A.accept_ra=0" "net.ipv6.conf.$DOWN.accept_ra=0"

srv=$NA_TMP/etc-dhcp
mkdir -p "$srv"
cat >"$srv/dhcpd6.conf" <<'EOT'
default-lease-time 600;
max-lease-time 7200;
subnet6 2001:db8::/64 {
	range6 2001:db8::100 2001:db8::1ff;
	prefix6 2001:db8:100:: 2001:db8:100:: /56;
}
EOT
# shellcheck disable=SC2016 # expanded by that shell
na_p unshare -m sh -c '
	mount --bind "$1" /etc/dhcp && mount -t tmpfs tmpfs /var/lib/dhcp &&
	: >/var/lib/dhcp/dhcpd6.leases && mount -t tmpfs tmpfs /run && shift && exec "$@"' sh \
	"$srv" dhcpd -6 -f -d -cf /etc/dhcp/dhcpd6.conf -lf /var/lib/dhcp/dhcpd6.leases \
	-pf /run/dhcpd6.pid "$IF_P" >"$NA_TMP/dhcpd.log" 2>&1 &
NA_PIDS+=("$!")
serving() { grep -q "Server starting service" "$NA_TMP/dhcpd.log"; }
na_check "dhcpd -6 serves a /56 on the upstream link" hk_wait_for 10 serving

mkdir "$NA_TMP/hooks"
cp "$HOOK" "$NA_TMP/hooks/"
# It runs after ours (62-): a file that is there means our hook has
# returned. Written whole, then renamed: `env >FILE` makes the file before
# env has written it.
# shellcheck disable=SC2016 # expanded by dhcpcd-run-hooks
printf 'na_rec=%q/env."$reason.$interface"\nenv >"$na_rec.tmp" && mv "$na_rec.tmp" "$na_rec"\n' "$NA_TMP" \
	>"$NA_TMP/hooks/99-record"
printf 'noarp\nipv6only\nnoipv6rs\nia_na 1\nia_pd 2 %s/0/64\nnohook lookup-hostname\n' "$DOWN" >"$NA_TMP/dhcpcd.conf"
# The downstream side already believes the address lives elsewhere.
IF_P=$PEER_DOWN na_stale "$PD_ADDR"
cap=$NA_TMP/down.pcapng
IF_P=$PEER_DOWN na_capture_start "$cap" || exit 1
# shellcheck disable=SC2016 # expanded by that shell
na_a unshare -m sh -c '
	mount -t tmpfs tmpfs /usr/lib/dhcpcd/dhcpcd-hooks && cp "$1"/* /usr/lib/dhcpcd/dhcpcd-hooks/ &&
	mount -t tmpfs tmpfs /run && mkdir /run/dhcpcd && mount -t tmpfs tmpfs /var/lib/dhcpcd &&
	shift && exec "$@"' sh "$NA_TMP/hooks" dhcpcd -B -d -f "$NA_TMP/dhcpcd.conf" "$IF_A" \
	>"$NA_TMP/dhcpcd.log" 2>&1 &
NA_PIDS+=("$!")
delegated() { [ -f "$NA_TMP/env.DELEGATED6.$DOWN" ]; }
na_check "dhcpcd took the prefix and ran DELEGATED6 for $DOWN" hk_wait_for 15 delegated
grep -E "delegated prefix|$DOWN: adding address" "$NA_TMP/dhcpcd.log" | sed 's/^/# dhcpcd: /'
env_d() { sed -n "s/^$1=//p" "$NA_TMP/env.DELEGATED6.$DOWN"; }
na_eq "DELEGATED6: new_delegated_dhcp6_prefix names the address on $DOWN" "$PD_ADDR/64" \
	"$(env_d new_delegated_dhcp6_prefix)"
na_eq "DELEGATED6: dhcpcd says if_up=false (the hook does not ask)" false "$(env_d if_up)"
na_check "$DOWN holds $PD_ADDR/64" grep -q "inet6 $PD_ADDR/64 " <(na_a ip -6 addr show dev "$DOWN")
t_call=$(awk -v a="-- $DOWN $PD_ADDR/64" 'substr($0, index($0, " ") + 1) == a {print $1; exit}' "$HK_CALLS")
na_check "the hook called the helper with it on $DOWN" test -n "$t_call"
# Our hook has returned, so round one is out: once it is in the capture,
# the downstream peer has it too.
na_capture_wait "$cap" "icmpv6.type == 136 && icmpv6.nd.na.target_address == $PD_ADDR && eth.src == $MAC_DOWN" 1 10
na_eq "round one: the downstream peer's entry takes $DOWN's MAC" "$MAC_DOWN" "$(IF_P=$PEER_DOWN na_peer_mac "$PD_ADDR")"
IF_P=$PEER_DOWN na_stale "$PD_ADDR"
peer_has_down() { [ "$(IF_P=$PEER_DOWN na_peer_mac "$PD_ADDR")" = "$MAC_DOWN" ]; }
na_check "a later round: the downstream peer's entry takes $DOWN's MAC again" hk_wait_for 10 peer_has_down
# Every round sent (no background process left), the late NA in the capture.
na_check "the background rounds have ended" na_bg_done
na_capture_wait "$cap" "icmpv6.type == 136 && icmpv6.nd.na.target_address == $PD_ADDR && icmpv6.nd.na.flag.s == 0 && eth.src == $MAC_DOWN && frame.time_epoch >= $(na_calc "${t_call:-0} + 2.7")" 1 10
na_capture_stop 0.3
na_eq "tshark: one DAD NS of ours (our nonce) for $PD_ADDR on the downstream link" 1 \
	"$(MAC_A=$MAC_DOWN hk_ns_after "$cap" "$PD_ADDR" "${t_call:-0}" -0.1)"
na_check "tshark: our late NA for $PD_ADDR from $DOWN's MAC, 3 s after the call" \
	test "$(MAC_A=$MAC_DOWN hk_na_after "$cap" "$PD_ADDR" "${t_call:-0}" 2.7)" -ge 1
echo "# calls of the helper:"
sed 's/^/#   /' "$HK_CALLS"
na_done
