#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# End to end against the INSTALLED package: dhcpcd, using its real hooks
# directory (/usr/lib/dhcpcd/dhcpcd-hooks) with `noarp` so it sends no ARP
# of its own, leases an address from dnsmasq in a namespace; the installed
# 62-neigh-announce hook calls the installed /usr/sbin/neigh-announce, and the
# peer's kernel moves its stale neighbour entry to our MAC. A control run with
# `nohook neigh-announce` shows the announcement comes from our hook. Then
# ISC dhclient with the installed exit hook, and a control without it. Then,
# as an ordinary user, the installed binary through its file capability.
#
# Run as root after installing the package: tests/pkg/e2e-installed.sh
export NA_BIN=/usr/sbin/neigh-announce
# shellcheck source-path=SCRIPTDIR source=../ns/lib.sh
. "$(dirname "$0")/../ns/lib.sh"
na_require_root
na_require_cmd dumpcap tshark unshare
HOOK=/usr/lib/dhcpcd/dhcpcd-hooks/62-neigh-announce
LEASE=192.0.2.50

[ -x "$NA_BIN" ] || { echo "FAIL: $NA_BIN is not installed"; exit 1; }
na_lab

na_has_lease() {
	ip -n "$NS_A" -4 addr show dev "$IF_A" | grep -q "inet $LEASE/"
}

# na_announced PCAP [ADDR]: how many ARP announcements for ADDR (default
# LEASE) came from our MAC.
na_announced() {
	local a=${2:-$LEASE}
	na_fields "$1" "arp && eth.src == $MAC_A && arp.src.proto_ipv4 == $a && arp.dst.proto_ipv4 == $a" frame.number | wc -l
}

# The file capability postinst set: a user without privileges announces with
# the installed binary (another address, so nothing else can have moved it).
na_unprivileged() {
	local addr=192.0.2.60 cap=$NA_TMP/user.pcapng
	ip -n "$NS_A" addr add "$addr/24" dev "$IF_A"
	na_stale "$addr"
	na_capture_start "$cap" || return 1
	na_a runuser -u nobody -- "$NA_BIN" -f -c 1 --ipv6 none "$IF_A" "$addr/24"
	na_eq "as nobody, the installed helper exits 0 (cap_net_raw from the file)" 0 $?
	na_capture_stop
	na_eq "as nobody: peer's entry for $addr takes our MAC" "$MAC_A" "$(na_peer_mac "$addr")"
	na_eq "as nobody: one ARP announcement for $addr" 1 "$(na_announced "$cap" "$addr")"
	# The same binary without the file capability (a copy loses it): exit 4.
	# Without -f: it announces itself (-f runs the full program, which
	# this copy would not find beside it).
	cp "$NA_BIN" "$NA_TMP/na-nocap"
	na_a runuser -u nobody -- "$NA_TMP/na-nocap" -c 1 --ipv6 none "$IF_A" "$addr/24" 2>/dev/null
	na_eq "as nobody, a copy without the capability exits 4 (no CAP_NET_RAW)" 4 $?
}

[ -f "$HOOK" ] || { echo "FAIL: the installed package has no $HOOK"; exit 1; }
na_require_cmd dnsmasq dhcpcd

# The peer serves one address. --dhcp-broadcast: dnsmasq would otherwise
# write our MAC into the peer's ARP table itself to unicast the reply, which
# is exactly what the test must see come from an announcement. --no-ping:
# its ping check would resolve LEASE through the peer's table as well.
na_p dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 --user=root \
	--interface="$IF_P" --bind-interfaces --pid-file="$NA_TMP/dnsmasq.pid" \
	--dhcp-range="$LEASE,$LEASE,255.255.255.0,2m" --dhcp-broadcast --no-ping \
	--dhcp-leasefile="$NA_TMP/leases" >"$NA_TMP/dnsmasq.log" 2>&1 &
NA_PIDS+=($!)

# na_dhcpcd CONF: one lease in the foreground, then exit leaving the address.
# dhcpcd writes /run/dhcpcd and /var/lib/dhcpcd: private tmpfs mounts, so runs
# in parallel with other tests share nothing. UTS namespace: a hostname hook
# cannot touch the host.
na_dhcpcd() {
	# shellcheck disable=SC2016 # $1 and $2 are the inner shell's arguments
	ip netns exec "$NS_A" unshare -m -u --propagation private sh -c '
		mount -t tmpfs tmpfs /run && mount -t tmpfs tmpfs /var/lib &&
		mkdir -p /var/lib/dhcpcd &&
		exec dhcpcd --config "$1" --oneshot --nobackground --ipv4only --timeout 10 "$2"
	' sh "$1" "$IF_A" >"$NA_TMP/dhcpcd.log" 2>&1
}

# The hooks dhcpcd ships that write host files are kept out; ours runs.
cat >"$NA_TMP/base.conf" <<CONF
noarp
nodelay
persistent
nohook resolv.conf
nohook hostname
nohook ntp-common.conf
nohook chrony.conf
nohook timesyncd.conf
nohook openntpd.conf
CONF
cp "$NA_TMP/base.conf" "$NA_TMP/control.conf"
echo "nohook neigh-announce" >>"$NA_TMP/control.conf"

# Control: the same lease without our hook must leave the peer stale.
na_stale "$LEASE"
cap0=$NA_TMP/control.pcapng
na_capture_start "$cap0" || exit 1
na_dhcpcd "$NA_TMP/control.conf"
na_eq "control: dhcpcd exits 0" 0 $?
na_capture_stop 0.5
na_check "control: lease $LEASE on $IF_A" na_has_lease
na_eq "control: no ARP announcement without our hook (noarp)" 0 "$(na_announced "$cap0")"
na_eq "control: peer still holds the stale MAC" "$MAC_STALE" "$(na_peer_mac "$LEASE")"

# The test: a fresh lease with the installed hook.
ip -n "$NS_A" addr flush dev "$IF_A" scope global
na_stale "$LEASE"
cap=$NA_TMP/hook.pcapng
na_capture_start "$cap" || exit 1
na_dhcpcd "$NA_TMP/base.conf"
na_eq "dhcpcd exits 0" 0 $?
# Round one goes out before the hook returns; give the background run time
# for the default second round (0,2,10) so the schedule shows too.
na_capture_stop 2.5
na_check "lease $LEASE on $IF_A" na_has_lease
na_eq "peer's entry takes our MAC" "$MAC_A" "$(na_peer_mac "$LEASE")"
n=$(na_announced "$cap")
# Two: round one from the hook, round two 2 s later from the helper's
# background process, which must outlive dhcpcd and its hook.
na_check "installed hook + helper: rounds at 0 s and 2 s for $LEASE (got $n)" [ "$n" -ge 2 ]
na_eq "tshark: RFC 5227 announcement fields" \
	"ff:ff:ff:ff:ff:ff 1 $MAC_A 00:00:00:00:00:00 1" \
	"$(na_fields "$cap" "arp && eth.src == $MAC_A && arp.src.proto_ipv4 == $LEASE" eth.dst arp.opcode arp.src.hw_mac arp.dst.hw_mac arp.isgratuitous | sort -u)"
if [ "$n" -lt 2 ]; then
	echo "# dhcpcd.log:"
	cat "$NA_TMP/dhcpcd.log"
fi

# ISC dhclient, Debian's default client: dhclient-script sources the
# installed exit hook beside Debian's own, and dhclient's fixed PATH finds
# the installed helper. tests/hooks/private-root.sh keeps /run,
# /var/lib/dhcp, resolv.conf and the host name private. Control: the same
# lease with a tmpfs over the exit hook directory leaves the peer stale.
na_require_cmd dhclient
DHOOK=/etc/dhcp/dhclient-exit-hooks.d/neigh-announce
[ -f "$DHOOK" ] || { echo "FAIL: the installed package has no $DHOOK"; exit 1; }
# shellcheck source-path=SCRIPTDIR source=../hooks/lib.sh
. "$NA_SRC/tests/hooks/lib.sh"
# na_dhclient CAPTURE [SHELL-COMMAND]: a fresh lease from dhclient in the
# foreground (SHELL-COMMAND first, inside the private root), 2.5 s of rounds.
na_dhclient() {
	ip -n "$NS_A" addr flush dev "$IF_A" scope global
	na_stale "$LEASE"
	na_capture_start "$1" || return 1
	ip netns exec "$NS_A" unshare -m -u sh "$NA_SRC/tests/hooks/private-root.sh" "$NA_TMP" -- \
		sh -c "${2:-:} && exec dhclient -4 -1 -d -pf /run/dhclient.$IF_A.pid -lf /var/lib/dhcp/dhclient.$IF_A.leases $IF_A" \
		>"$NA_TMP/dhclient.log" 2>&1 &
	local pid=$!
	na_check "dhclient: lease $LEASE on $IF_A${2:+ (control)}" hk_wait_for 15 na_has_lease
	sleep 2.5
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	na_capture_stop 0
}
cap0=$NA_TMP/dhclient-control.pcapng
na_dhclient "$cap0" "mount -t tmpfs tmpfs /etc/dhcp/dhclient-exit-hooks.d"
na_eq "dhclient control: no ARP announcement without the exit hook" 0 "$(na_announced "$cap0")"
na_eq "dhclient control: peer still holds the stale MAC" "$MAC_STALE" "$(na_peer_mac "$LEASE")"
cap=$NA_TMP/dhclient.pcapng
na_dhclient "$cap"
na_eq "dhclient + installed exit hook + helper: peer's entry takes our MAC" "$MAC_A" "$(na_peer_mac "$LEASE")"
n=$(na_announced "$cap")
na_check "dhclient + installed exit hook + helper: rounds at 0 s and 2 s for $LEASE (got $n)" [ "$n" -ge 2 ]
if [ "$n" -lt 2 ]; then
	echo "# dhclient.log:"
	cat "$NA_TMP/dhclient.log"
fi
na_unprivileged
na_done
