#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Probe before announcing (off by default), in the udhcpc script
# (NEIGH_ANNOUNCE_PROBE=yes) and the ifupdown hook (announce-probe yes): the
# hook returns at once; a free address is announced after the probe; an
# address another host holds is not announced (that would take its traffic)
# and a warning names the other host's MAC.
. "$(dirname "$0")/lib.sh"
na_require_root
na_require_cmd dumpcap tshark logger
na_lab
# The peer holds 192.0.2.77 too, as if the DHCP server had handed it out twice.
ip -n "$NS_P" addr add 192.0.2.77/24 dev "$IF_P"
ip -n "$NS_A" addr add 192.0.2.77/24 dev "$IF_A"
ip -n "$NS_A" addr add 192.0.2.78/24 dev "$IF_A"
na_stale 192.0.2.78

# logger records what the hooks log, then passes it on to the real one.
mkdir -p "$NA_TMP/bin"
real_logger=$(command -v logger)
cat >"$NA_TMP/bin/logger" <<EOF2
#!/bin/sh
printf '%s\n' "\$*" >>"$NA_TMP/logger.log"
exec "$real_logger" "\$@" 2>/dev/null
EOF2
chmod 755 "$NA_TMP/bin/logger"
hookenv=(env -i "PATH=$NA_TMP/bin:/usr/sbin:/usr/bin:/sbin:/bin" "NEIGH_ANNOUNCE=$NA_BIN")

# waitfor SECONDS CMD...: until CMD succeeds.
waitfor() {
	local n=$(($1 * 10))
	shift
	while [ "$n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}
logged() { grep -q "$1" "$NA_TMP/logger.log" 2>/dev/null; }
peer_has_new_mac() { [ "$(na_peer_mac 192.0.2.78)" = "$MAC_A" ]; }

cap=$NA_TMP/probe.pcapng
na_capture_start "$cap" || exit 1

# udhcpc: conflict, then a free address.
t0=$(date +%s%N)
na_a "${hookenv[@]}" NEIGH_ANNOUNCE_UDHCPC_SCRIPT=/bin/true NEIGH_ANNOUNCE_PROBE=yes \
	interface="$IF_A" ip=192.0.2.77 mask=24 sh "$NA_SRC/hooks/udhcpc/udhcpc.script" bound
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
na_eq "udhcpc script with probing: exit 0" 0 "$rc"
na_check "udhcpc script returned at once (${ms} ms), the probe runs detached" test "$ms" -lt 1000
na_a "${hookenv[@]}" NEIGH_ANNOUNCE_UDHCPC_SCRIPT=/bin/true NEIGH_ANNOUNCE_PROBE=yes \
	interface="$IF_A" ip=192.0.2.78 mask=24 sh "$NA_SRC/hooks/udhcpc/udhcpc.script" bound
na_check "udhcpc: the conflict is logged, naming the other host's MAC" \
	waitfor 12 logged "192.0.2.77.*not announced.*$MAC_P"
na_check "udhcpc: the free address is announced after its probe" waitfor 12 peer_has_new_mac

# ifupdown: the stanza option.
: >"$NA_TMP/logger.log"
na_a "${hookenv[@]}" METHOD=static ADDRFAM=inet IFACE="$IF_A" IF_ADDRESS=192.0.2.77/24 \
	IF_ANNOUNCE_PROBE=yes sh "$NA_SRC/hooks/ifupdown/neigh-announce"
na_eq "ifupdown hook with announce-probe: exit 0" 0 $?
na_check "ifupdown: the conflict is logged" waitfor 12 logged "192.0.2.77.*not announced.*$MAC_P"
sleep 0.5
na_capture_stop 0.2

probes=$(na_fields "$cap" "eth.src == $MAC_A && arp.src.proto_ipv4 == 0.0.0.0 && arp.dst.proto_ipv4 == 192.0.2.77" frame.number | wc -l)
na_check "tshark: our RFC 5227 probes for 192.0.2.77 went out, one run each ($probes)" test "$probes" -ge 2
na_eq "tshark: 192.0.2.77 was never announced" 0 \
	"$(na_fields "$cap" "eth.src == $MAC_A && arp.src.proto_ipv4 == 192.0.2.77" frame.number | wc -l)"
na_check "tshark: 192.0.2.78 was probed, then announced" test \
	"$(na_fields "$cap" "eth.src == $MAC_A && arp.dst.proto_ipv4 == 192.0.2.78" arp.src.proto_ipv4 | uniq | xargs)" = "0.0.0.0 192.0.2.78"
na_done
