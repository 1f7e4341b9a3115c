#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Interface names as hooks and the kernel hand them over. An alias (ifupdown
# runs its hooks with IFACE=va0:1 for an alias stanza) stands for its device:
# it is announced on va0, and "skip = va0" in the settings file switches it
# off too, with nothing on the wire. A name with a newline or an ESC in it
# comes out escaped in every message, from the command line (announce, probe,
# watch) and from the kernel (a watched interface renamed to such a name).
# shellcheck source=tests/ns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/ns/watch_lab.sh
. "$(dirname "$0")/watch_lab.sh"
na_require_root
na_require_cmd dumpcap tshark
na_lab
ip -n "$NS_A" addr add 192.0.2.10/24 dev "$IF_A"
ip -n "$NS_A" addr add 192.0.2.11/24 dev "$IF_A" label "$IF_A:1"
OURS="eth.src == $MAC_A && (arp || icmpv6.type == 135 || icmpv6.type == 136)"

# 1. skip = va0 covers the alias va0:1: exit 0, nothing sent.
conf=$NA_TMP/skip.conf
printf 'skip = %s\n' "$IF_A" >"$conf"
cap=$NA_TMP/skip.pcapng
na_stale 192.0.2.11
na_capture_start "$cap" || exit 1
out=$(na_a "$NA_BIN" -v -f -s 0,0.2 --config "$conf" -- "$IF_A:1" 192.0.2.11 2>&1)
na_eq "skip = $IF_A, run for $IF_A:1: exit 0" 0 $?
na_check "and it says announcing is off ($out)" grep -q "$IF_A:1: announcing is off here (skip in $conf)" <<<"$out"
# An alias in skip = is accepted, and covers that alias.
printf 'skip = wg0 %s:1\n' "$IF_A" >"$conf"
out=$(na_a "$NA_BIN" -f -c 1 --config "$conf" -- "$IF_A:1" 192.0.2.11 2>&1)
na_eq "skip = $IF_A:1 is a good line, and skips $IF_A:1 ($out)" "0 " "$? $out"
na_capture_stop
na_eq "skipped runs put no frame on the wire" 0 "$(na_fields "$cap" "$OURS" frame.number | wc -l)"
na_eq "and the peer's entry stays stale" "$MAC_STALE" "$(na_peer_mac 192.0.2.11)"

# 2. Not skipped, the alias is announced on its device.
printf 'skip = wg0\n' >"$conf"
cap=$NA_TMP/alias.pcapng
na_capture_start "$cap" || exit 1
na_a "$NA_BIN" -f -c 1 --config "$conf" -- "$IF_A:1" 192.0.2.11
na_eq "$IF_A:1 not skipped: exit 0" 0 $?
na_capture_stop
na_eq "one ARP announcement for the alias's address" "192.0.2.11 192.0.2.11" \
	"$(na_fields "$cap" "$OURS && arp" arp.src.proto_ipv4 arp.dst.proto_ipv4)"
na_eq "the peer took $IF_A's MAC" "$MAC_A" "$(na_peer_took 192.0.2.11)"

# 3. Names with a newline or an ESC, on the command line: refused, escaped,
# one line each, no raw control byte.
esc=$'\e'
# refused WHAT ESCAPED ARGS...: exit 1, ESCAPED in the message, one line.
refused() {
	local what=$1 want=$2 out rc
	shift 2
	# (a watcher that took the name would run on: timeout ends it)
	out=$(na_a timeout 10 "$NA_BIN" "$@" 2>&1)
	rc=$?
	na_eq "$what: exit 1" 1 "$rc"
	na_check "$what: the name comes out escaped ($out)" grep -qF -- "'$want'" <<<"$out"
	na_eq "$what: one line" 1 "$(printf '%s\n' "$out" | wc -l)"
	na_check "$what: no raw ESC" test -z "$(printf '%s' "$out" | tr -dc '\033')"
}
refused "announce, newline" 'va0\x0a' -f -c 1 $'va0\n' 192.0.2.10
refused "announce, ESC" 'va\x1b[31m0' -f -c 1 "va${esc}[31m0" 192.0.2.10
refused "announce, ESC in an alias label" 'va0:\x1b]0;x\x07' -f -c 1 "va0:${esc}]0;x"$'\a' 192.0.2.10
refused "probe, ESC" 'va\x1b[2J' probe "va${esc}[2J" 192.0.2.10
refused "watch, newline" 'x\x0ay' watch $'x\ny'
# In the settings file: the line is reported by its number, not echoed.
printf 'skip = va%s[1m\n' "$esc" >"$NA_TMP/esc.conf"
out=$(na_a "$NA_BIN" -f -c 1 --config "$NA_TMP/esc.conf" "$IF_A" 192.0.2.10 2>&1)
na_eq "ESC in skip =: exit 1" 1 $?
na_check "ESC in skip =: the line number ($out)" grep -q "esc.conf:1: skip: bad interface name" <<<"$out"

# 4. A name from the kernel: the watcher sees a watched link renamed to a
# name with an ESC (the kernel allows it), and logs it escaped.
ip -n "$NS_A" link add w0 type veth peer name w1 || exit 1
ip -n "$NS_A" link set w1 up
wl_start -v || exit 1
ip -n "$NS_A" link set w0 name "w${esc}[7m"
ip -n "$NS_A" link set "w${esc}[7m" up
logged() { grep -qF "$1" "$WLOG"; }
na_wait 10 logged 'neigh-announce: w\x1b[7m: link up'
wl_stop
na_check "watcher: the new name in the text is escaped" grep -qF 'w0: renamed to w\x1b[7m' "$WLOG"
na_check "watcher: the name before a message is escaped" grep -qF 'neigh-announce: w\x1b[7m: link up' "$WLOG"
na_check "watcher: no raw ESC in its log" test -z "$(tr -dc '\033' <"$WLOG")"

na_done
