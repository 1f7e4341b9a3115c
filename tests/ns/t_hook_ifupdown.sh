#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The real ifup with an interfaces file (static IPv4 and IPv6), in a private
# mount namespace: /etc/network is a test directory whose if-up.d holds only
# the shipped hook, /run is a tmpfs, and /usr/local/sbin (on the fixed PATH
# ifupdown gives its hooks) holds the helper. ifupdown sends no announcement
# of its own, and the kernel none on address add. Then the hook alone, with
# the environment ifupdown2 gives it.
. "$(dirname "$0")/lib.sh"
. "$NA_SRC/tests/hooks/lib.sh"
na_require_root
na_require_cmd dumpcap tshark ifup unshare
na_lab
hk_setup 0,1,3
HOOK=$HK_HOOKS/ifupdown/neigh-announce
V4=192.0.2.10
V6=2001:db8::10

etc=$NA_TMP/etc-network
mkdir -p "$etc/if-pre-up.d" "$etc/if-up.d" "$etc/if-down.d" "$etc/if-post-down.d"
install -m 0755 "$HOOK" "$etc/if-up.d/neigh-announce"
cat >"$etc/interfaces" <<EOT
iface $IF_A inet static
	address $V4/24
iface $IF_A inet6 static
	address $V6/64
iface dummy0 inet manual
EOT
na_stale "$V4"
cap=$NA_TMP/ifup.pcapng
na_capture_start "$cap" || exit 1
# shellcheck disable=SC2016 # expanded by that shell
na_a unshare -m sh -c '
	mount --bind "$1" /etc/network && mount --bind "$2" /usr/local/sbin &&
	mount -t tmpfs tmpfs /run && mkdir /run/network && shift 2 && exec "$@"' sh \
	"$etc" "$HK_BIN" ifup "$IF_A" >"$NA_TMP/ifup.log" 2>&1
na_eq "ifup exits 0" 0 "$?"
na_check "ifup configured $V4/24" grep -q "inet $V4/24 " <(na_a ip -4 addr show dev "$IF_A")
na_check "ifup configured $V6/64" grep -q "inet6 $V6/64 " <(na_a ip -6 addr show dev "$IF_A")
na_eq "the hook called the helper once per stanza, with IF_ADDRESS after --" \
	"-- $IF_A $V4|-- $IF_A $V6" "$(cut -d' ' -f2- "$HK_CALLS" | paste -sd'|')"
na_eq "the inet stanza's first round fixed the peer's stale IPv4 entry" "$MAC_A" "$(na_peer_mac "$V4")"
# The inet6 stanza's rounds: take the entry back after round one (out
# before ifup returned; once it is in the capture the peer has it too), and
# let the late round fix it.
NA6="$(hk_na_f "$V6")"
na_capture_wait "$cap" "$NA6" 1 10
na_stale "$V6"
t6=$(awk 'END {print $1}' "$HK_CALLS")
na_check "inet6 late round: the peer's entry takes the client's MAC" hk_wait_for 10 na_peer_has "$V6" "$MAC_A"
# Every round sent (the background process has exited), and in the capture.
na_check "the background rounds have ended" na_bg_done
na_capture_wait "$cap" "$(hk_arp_f "$V4")" 3 10
na_capture_wait "$cap" "$NA6 && frame.time_epoch >= $(na_calc "$t6 + 2.7")" 1 10
na_capture_stop 0.3
na_check "tshark: our ARP announcement of $V4" test "$(hk_arp_times "$cap" "$V4" | grep -c .)" -ge 1
# The inet6 stanza's call comes right after the inet one and takes over the
# interface: it must carry the IPv4 address on, late round included.
mapfile -t v4t < <(hk_arp_times "$cap" "$V4")
na_check "IPv4 late round survives the inet6 call (${#v4t[@]} rounds, ${v4t[0]:-?} .. ${v4t[${#v4t[@]}-1]:-?})" \
	awk -v a="${v4t[0]:-0}" -v b="${v4t[${#v4t[@]}-1]:-0}" -v n="${#v4t[@]}" 'BEGIN { exit !(n >= 3 && b - a >= 2.7) }'
na_check "tshark: our DAD NS (our nonce) for $V6" test "$(hk_ns_times "$cap" "$V6" | grep -c .)" -eq 1
na_check "tshark: our late NA for $V6, 3 s after the call" test "$(hk_na_after "$cap" "$V6" "$t6" 2.7)" -ge 1

# Other methods belong to other hooks: nothing is called.
: >"$HK_CALLS"
for m in dhcp NetworkManager manual loopback; do
	na_a env -i PATH="$PATH" IFACE="$IF_A" ADDRFAM=inet METHOD="$m" IF_ADDRESS="$V4" "$HOOK"
	na_eq "METHOD=$m: exit 0" 0 "$?"
done
na_a env -i PATH="$PATH" IFACE="$IF_A" ADDRFAM=meta METHOD=static IF_ADDRESS="$V4" "$HOOK"
na_eq "ADDRFAM=meta: exit 0" 0 "$?"
na_eq "other methods and families: the helper was not called" "" "$(cat "$HK_CALLS")"

# ifupdown2's environment, as its scheduler and iface.generate_env build it
# (ifupdown2 3.x): IFACE and LOGICAL, METHOD empty for a stanza without one,
# ADDRFAM the families of the merged stanzas joined by commas (empty for
# none), MODE=start, PHASE=up, and each IF_<OPTION> its option's first
# value only. The interface holds a second address from a second "address"
# line that IF_ADDRESS does not name: every address must go out (--all).
na_a ip addr add 192.0.2.11/24 dev "$IF_A"
for a in "$V4" 192.0.2.11 "$V6"; do na_stale "$a"; done
cap=$NA_TMP/ifupdown2.pcapng
na_capture_start "$cap" || exit 1
t2=$(date +%s.%N)
: >"$HK_CALLS"
ifupdown2() { na_a env -i PATH="$PATH" IFACE="$IF_A" LOGICAL="$IF_A" MODE=start PHASE=up "$@" "$HOOK"; }
for e in "METHOD= ADDRFAM=" "METHOD=static ADDRFAM=inet,inet6" "METHOD=static ADDRFAM=inet"; do
	# shellcheck disable=SC2086 # one word per variable
	ifupdown2 $e IF_ADDRESS="$V4/24"
	na_eq "ifupdown2 ($e IF_ADDRESS=$V4/24): exit 0" 0 "$?"
done
na_eq "ifupdown2: every address of the interface, for each (--all)" \
	"--all -- $IF_A|--all -- $IF_A|--all -- $IF_A" "$(cut -d' ' -f2- "$HK_CALLS" | paste -sd'|')"
for a in "$V4" 192.0.2.11 "$V6"; do
	na_eq "ifupdown2: the peer's entry for $a takes the client's MAC" "$MAC_A" "$(na_peer_mac "$a")"
done
# The frames counted below, in the capture.
na_capture_wait "$cap" "$(hk_arp_f 192.0.2.11)" 1 10
na_capture_wait "$cap" "$(hk_ns_f "$V6") && frame.time_epoch >= $t2" 1 10
na_capture_stop 0.3
na_check "tshark: our ARP announcement of 192.0.2.11 (not in IF_ADDRESS)" \
	test "$(hk_arp_times "$cap" 192.0.2.11 | grep -c .)" -ge 1
na_check "tshark: our DAD NS for $V6 (not in IF_ADDRESS)" test "$(hk_ns_after "$cap" "$V6" "$t2")" -ge 1
# Several addresses in one IF_ADDRESS: each its own argument, not globbed.
: >"$HK_CALLS"
na_a env -i PATH="$PATH" IFACE="$IF_A" ADDRFAM=inet METHOD=static IF_ADDRESS="$V4/24 192.0.2.11/24" "$HOOK"
na_eq "several addresses in IF_ADDRESS: exit 0" 0 "$?"
na_eq "several addresses in IF_ADDRESS: one argument each" "-- $IF_A $V4/24 192.0.2.11/24" "$(cut -d' ' -f2- "$HK_CALLS")"
: >"$HK_CALLS"
ifupdown2 METHOD=dhcp ADDRFAM=inet,inet6
na_eq "ifupdown2 dhcp stanzas: exit 0" 0 "$?"
ifupdown2 METHOD= ADDRFAM= IF_BRIDGE_PORTS=vp9
na_eq "ifupdown2, a stanza without an address (a bridge port): exit 0" 0 "$?"
na_a env -i PATH="$PATH" IFACE=--all LOGICAL=auto ADDRFAM=meta METHOD=none MODE=start PHASE=post-up "$HOOK"
na_eq "ifup -a's last call (IFACE=--all, ADDRFAM=meta): exit 0" 0 "$?"
na_eq "dhcp, no address, meta: the helper was not called" "" "$(cat "$HK_CALLS")"

# The hook's own wait, output read through a pipe.
t0=$(hk_ms)
out=$(na_a env -i PATH="$PATH" IFACE="$IF_A" ADDRFAM=inet METHOD=static IF_ADDRESS="$V4" "$HOOK" 2>&1)
rc=$?
dt=$(($(hk_ms) - t0))
echo "# ifupdown hook: returned in $dt ms"
na_eq "direct call: exit 0, nothing printed" "0 " "$rc $out"
na_check "the hook returned in under 1 s with its pipe closed ($dt ms)" test "$dt" -lt 1000
# A failing helper does not stop run-parts --exit-on-error.
na_a env -i PATH="$PATH" IFACE="$IF_A" ADDRFAM=inet METHOD=static IF_ADDRESS=192.0.2.99 "$HOOK" 2>"$NA_TMP/err"
na_eq "address not held: the hook still exits 0" 0 "$?"
na_check "and the helper said why" grep -q "not held" "$NA_TMP/err"
na_done
