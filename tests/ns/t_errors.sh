#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Bad input gets a clear error, the documented exit code, and changes nothing:
# no frame of ours on the wire.
. "$(dirname "$0")/lib.sh"
na_require_root
na_require_cmd dumpcap tshark
na_lab
ip -n "$NS_A" addr add 192.0.2.10/24 dev "$IF_A"
ip -n "$NS_A" addr add 2001:db8::10/64 dev "$IF_A" nodad

cap=$NA_TMP/err.pcapng
na_capture_start "$cap" || exit 1

# expect CODE PATTERN ARGS...: exit code and a message matching PATTERN.
expect() {
	local code=$1 pat=$2 out rc
	shift 2
	out=$(na_a "$NA_BIN" -f "$@" 2>&1)
	rc=$?
	na_eq "$* -> exit $code" "$code" "$rc"
	na_check "$* -> message '$pat'" grep -q -- "$pat" <<<"$out"
}
expect 1 "bad address '1.2.3'" "$IF_A" 1.2.3
expect 1 "bad address '192.0.2.10;" "$IF_A" "192.0.2.10;touch $NA_TMP/pwned"
expect 1 "bad address '\`touch" "$IF_A" "\`touch $NA_TMP/pwned\`"
expect 1 "bad address '\$(id)'" "$IF_A" 192.0.2.10 '$(id)'
expect 1 "no address given" "$IF_A"
expect 1 "bad --schedule .5,1.: want increasing" -s 5,1 "$IF_A" 192.0.2.10
expect 2 "nosuch0: no such interface" nosuch0 192.0.2.10
expect 2 "192.0.2.99: address not held" "$IF_A" 192.0.2.10 192.0.2.99
expect 2 "2001:db8::99: address not held" "$IF_A" 2001:db8::99
# No ARP/ND on loopback: nothing to do, and say so with -v.
expect 0 "nothing to do" -v lo 192.0.2.10
# Interface administratively down, then up without carrier (peer end down).
ip -n "$NS_A" link set "$IF_A" down
expect 2 "interface is down" "$IF_A" 192.0.2.10
ip -n "$NS_A" link set "$IF_A" up
ip -n "$NS_P" link set "$IF_P" down
expect 2 "no carrier" "$IF_A" 192.0.2.10
ip -n "$NS_P" link set "$IF_P" up
ip -n "$NS_P" addr replace 192.0.2.1/24 dev "$IF_P"
# The settings file: what is not a regular file is refused at once (a FIFO
# used to block the run forever, a directory read as "Input/output error");
# "path: reason", or "path:LINE: reason" for a line.
conf=$NA_TMP/conf
mkdir "$conf"
mkfifo "$conf/fifo"
out=$(timeout 10 ip netns exec "$NS_A" "$NA_BIN" -f --config "$conf/fifo" "$IF_A" 192.0.2.10 2>&1)
na_eq "--config FIFO -> exit 1, not blocked" 1 "$?"
na_check "--config FIFO -> message 'path: not a regular file (a FIFO)'" \
	grep -qF "$conf/fifo: not a regular file (a FIFO)" <<<"$out"
expect 1 "$conf: not a regular file (a directory)" --config "$conf" "$IF_A" 192.0.2.10
printf 'enabled = yes\nskip = %0600d\n' 0 >"$conf/long.conf"
expect 1 "$conf/long.conf:2: setting longer than 511 bytes" --config "$conf/long.conf" "$IF_A" 192.0.2.10
printf 'ipv4 = sometimes\n' >"$conf/bad.conf"
expect 1 "$conf/bad.conf:1: ipv4: want request" --config "$conf/bad.conf" "$IF_A" 192.0.2.10
sleep 0.5
na_capture_stop
n=$(na_fields "$cap" "eth.src == $MAC_A && (arp || icmpv6.type == 135 || icmpv6.type == 136)" frame.number | wc -l)
na_eq "none of the refused runs put a frame on the wire" 0 "$n"
na_check "no marker file from hostile input" test ! -e "$NA_TMP/pwned"

# --pcap needs no privilege and no interface with --mac.
mkdir -m 777 "$NA_TMP/user"
out=$NA_TMP/user/lab.pcap
setpriv --reuid=65534 --regid=65534 --clear-groups -- "$NA_BIN" --pcap "$out" --mac 02:00:00:00:00:09 -c 1 lab9 192.0.2.77 2001:db8::77
na_eq "--pcap as an ordinary user, absent interface: exit 0" 0 $?
na_eq "--pcap: three frames decoded" "1 135 136" "$(tshark -r "$out" -T fields -e arp.opcode -e icmpv6.type 2>/dev/null | tr -s '\t\n' '  ' | xargs)"

na_done
