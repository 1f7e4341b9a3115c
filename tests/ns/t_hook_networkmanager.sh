#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The real NetworkManager (a private system D-Bus, nm-dispatcher activated by
# it) in the client's namespace, in a private mount namespace (see
# tests/hooks/nm-inner.sh). The connection takes IPv4 from dnsmasq and a
# static IPv6 address. NetworkManager sends ARP announcements of its own
# (n-acd) but no NA: our IPv6 frames carry our DAD nonce, and our ARP
# announcements the broadcast target MAC (arp-target-mac = broadcast; n-acd's
# is zero), so that a capture tells them from NetworkManager's. Debian's
# 01-ifupdown dispatcher script runs too, with our ifupdown hook in if-up.d:
# it must stay silent (METHOD=NetworkManager), so nothing is announced twice.
. "$(dirname "$0")/lib.sh"
. "$NA_SRC/tests/hooks/lib.sh"
na_require_root
na_require_cmd dumpcap tshark dnsmasq NetworkManager dbus-daemon nmcli nsenter unshare
[ -x /usr/lib/NetworkManager/nm-dispatcher ] || na_skip "needs nm-dispatcher"
na_lab
hk_setup 0,1,3
printf 'arp-target-mac = broadcast\n' >>"$HK_CONF"
HOOK=$HK_HOOKS/NetworkManager/62-neigh-announce
V4=192.0.2.50
V6=2001:db8::10
T=$NA_TMP

hk_dnsmasq --dhcp-range=192.0.2.50,192.0.2.60,255.255.255.0,2m --dhcp-host="$MAC_A,$V4"
mkdir -p "$T/etc-nm/system-connections" "$T/etc-nm/conf.d" "$T/etc-nm/dispatcher.d" \
	"$T/dispatcher.d" "$T/etc-network/if-up.d"
install -o root -g root -m 0755 "$HOOK" "$T/dispatcher.d/62-neigh-announce"
install -o root -g root -m 0755 "$HK_HOOKS/ifupdown/neigh-announce" "$T/etc-network/if-up.d/neigh-announce"
if [ -f /etc/NetworkManager/dispatcher.d/01-ifupdown ]; then
	install -o root -g root -m 0755 /etc/NetworkManager/dispatcher.d/01-ifupdown "$T/etc-nm/dispatcher.d/"
fi
cat >"$T/etc-nm/NetworkManager.conf" <<EOT
[main]
plugins=keyfile
dns=none
rc-manager=unmanaged
no-auto-default=*
auth-polkit=false
[keyfile]
unmanaged-devices=interface-name:lo
EOT
cat >"$T/etc-nm/system-connections/hook-test.nmconnection" <<EOT
[connection]
id=hook-test
type=ethernet
interface-name=$IF_A
[ipv4]
method=auto
[ipv6]
method=manual
address1=$V6/64
addr-gen-mode=eui64
EOT
chmod 600 "$T/etc-nm/system-connections/hook-test.nmconnection"

cap=$NA_TMP/nm.pcapng
na_capture_start "$cap" || exit 1
na_a unshare -m sh "$NA_SRC/tests/hooks/nm-inner.sh" "$T" >"$T/nm.log" 2>&1 &
NA_PIDS+=("$!")
called() { grep -q " -- $IF_A " "$HK_CALLS" 2>/dev/null; }
na_check "NetworkManager activated the connection and its dispatcher ran our script" hk_wait_for 20 called
sleep 0.3
na_stale "$V6"
t_up=$(awk 'NR == 1 {print $1}' "$HK_CALLS")
# NetworkManager may dispatch 'up' before DHCPv4 is done (IPv4 may fail by
# default; the static IPv6 address is ready first), then 'dhcp4-change'
# with the lease. Wait until calls have named both addresses and settled:
# the last one's rounds are out (no background process is left), so that
# the reapply below starts a sequence of its own.
settled() {
	grep -q -- " $V4/24\( \|\$\)" "$HK_CALLS" && grep -q -- " $V6/64\( \|\$\)" "$HK_CALLS" &&
		hk_calls_quiet 3.4 && na_bg_gone
}
na_check "the dispatcher's calls named both addresses and settled" hk_wait_for 30 settled
na_eq "after the calls: the peer's IPv6 entry takes the client's MAC" "$MAC_A" "$(na_peer_mac "$V6")"
# nmcli talks to the private bus: enter NetworkManager's namespaces, and its
# root (-r), which differs from ours when the test runs in a chroot.
nm_pid() {
	local p
	for p in $(ip netns pids "$NS_A"); do
		[ "$(cat "/proc/$p/comm" 2>/dev/null)" = NetworkManager ] && echo "$p"
	done
}
nm() { nsenter -t "$(nm_pid | head -1)" -m -n -r nmcli "$@"; }
: >"$T/calls.up"
cp "$HK_CALLS" "$T/calls.up"
nm device reapply "$IF_A" >"$T/nmcli.log" 2>&1 || sed "s/^/# nmcli: /" "$T/nmcli.log"
reapplied() { [ "$(grep -c " -- $IF_A " "$HK_CALLS")" -gt "$(grep -c . "$T/calls.up")" ]; }
na_check "nmcli device reapply: the dispatcher ran our script again" hk_wait_for 10 reapplied
t_reapply=$(awk -v n="$(grep -c . "$T/calls.up")" 'NR == n + 1 {print $1}' "$HK_CALLS")
NS6="$(hk_ns_f "$V6")"
# Its first round (with the DAD NS: no sequence was left) in the capture.
na_capture_wait "$cap" "$NS6 && frame.time_epoch >= $t_reapply" 1 10
na_capture_stop 0.3
grep -E "dispatching action|/62-neigh-announce|state change: .* -> activated" "$T/nm.log" | sed 's/^/# nm: /'

# What NetworkManager guarantees, not one ordering: each up, dhcp4-change
# or dhcp6-change it dispatches for the device runs our script once, with
# the addresses the device has then (none yet, for a dhcp4-change ahead of
# 'up': no call). So at most one call per such dispatch, each naming only
# the device's addresses, and between them both of the connection's.
sed 's/^[0-9.]* /# call before reapply: /' "$T/calls.up"
ndisp=$(sed -n "/dispatching action 'reapply'/q; /($IF_A) dispatching action '\(up\|dhcp4-change\|dhcp6-change\)'/p" "$T/nm.log" | grep -c .)
ncalls=$(grep -c . "$T/calls.up")
na_check "at most one call per up/dhcp4-change/dhcp6-change dispatched ($ncalls calls, $ndisp dispatches; 01-ifupdown's if-up.d hook made none)" \
	test "$ncalls" -ge 1 -a "$ncalls" -le "$ndisp"
na_eq "every call: -- $IF_A (DEVICE_IP_IFACE), then only IP4_ADDRESS_N/IP6_ADDRESS_N addresses" "" \
	"$(cut -d' ' -f2- "$T/calls.up" | grep -vxE -- "-- $IF_A( ($V4/24|$V6/64|fe80::[0-9a-f:]+/64))+")"
for a in "$V4/24" "$V6/64"; do
	na_check "the calls carry the connection's address $a" grep -q -- " $a\( \|\$\)" "$T/calls.up"
done
# The last call naming each address: its rounds are the ones still running.
last_with() { grep -- " $1\( \|\$\)" "$T/calls.up" | tail -n 1 | cut -d' ' -f1; }
t4=$(last_with "$V4/24")
t6=$(last_with "$V6/64")
if [ -f "$T/etc-nm/dispatcher.d/01-ifupdown" ]; then
	na_check "Debian's 01-ifupdown ran for up" grep -q "dispatcher.d/01-ifupdown succeeded" "$T/nm.log"
fi
# IPv6: NetworkManager sends no NA; ours carry the nonce. A process sends
# one DAD NS per address: a call that reaches a running sequence of the
# interface whose rounds for the address are not over sends none (and
# NetworkManager may dispatch 'up' and 'dhcp4-change' within a second). So:
# one at least and at most one per call naming it before reapply, where the
# first call found no sequence; and the same for reapply's own calls, which
# came after the earlier sequence had ended.
# ns_in FROM TO: our DAD NS for $V6 from epoch FROM to before TO.
ns_in() { na_fields "$cap" "$NS6" frame.time_epoch | awk -v a="$1" -v b="$2" '$1 >= a && $1 < b {n++} END {print n + 0}'; }
k_up=$(grep -c -- " $V6/64\( \|\$\)" "$T/calls.up")
k_re=$(($(grep -c -- " $V6/64\( \|\$\)" "$HK_CALLS") - k_up))
n_up=$(ns_in "$(awk -v t="$t_up" 'BEGIN { printf "%.6f", t - 0.5 }')" "$t_reapply")
n_re=$(ns_in "$t_reapply" 9999999999)
na_check "tshark: DAD NS of ours for $V6 before reapply: 1 to one per call naming it ($n_up, $k_up calls)" \
	test "$n_up" -ge 1 -a "$n_up" -le "$k_up"
na_check "tshark: DAD NS of ours for $V6 from reapply: 1 to one per call naming it ($n_re, $k_re calls)" \
	test "$n_re" -ge 1 -a "$n_re" -le "$k_re"
# The late NA: the last of ours before reapply (all the earlier calls'
# rounds were over by then) is at least 2 s after the last call naming the
# address (a call that came within 1 s of its sequence's first round joined
# it: its late round is that first round's). With one sequence before
# reapply (one DAD NS) it also comes 2 s or more after the NA before it,
# where the +1 s round's would be 1 s after its predecessor (the rounds'
# gaps count from the frames of the round before, and a late round moves
# the later ones back). With two (a call that went on alone, on a busy
# machine: each sequence keeps its own NAs' spacing) the one before may be
# the other sequence's.
na_late=$(na_fields "$cap" "$(hk_na_f "$V6")" frame.time_epoch |
	awk -v t="$t6" -v r="$t_reapply" -v one="$((n_up == 1))" '$1 < r {p = l; l = $1; n++}
		END {print (n >= 2 && l - t >= 2 && (!one || l - p >= 1.95)) ? "yes" : "no", l - t, l - p}')
na_check "tshark: our late NA for $V6, 2 s after the last call naming it and, of one sequence, after the NA before it (${na_late#* }, $n_up sequence(s))" \
	test "${na_late%% *}" = yes
# IPv4: the last three of our ARP announcements (target MAC broadcast) before
# reapply are the last call's rounds (or those of the sequence it joined):
# its first, then +1 and +3 s, each at its gap from the frame of the round
# before, never early (50 ms under the gap, for the clocks' rounding) and up
# to 0.8 s late on a busy machine. The +1 s gap is under 2 s, where the
# default schedule (0,2,10) would put it.
ARP4="$(hk_arp_f "$V4") && arp.dst.hw_mac == ff:ff:ff:ff:ff:ff"
k4=$(grep -c -- " $V4/24\( \|\$\)" "$T/calls.up")
if [ "$n_up" -le 1 ] || [ "$k4" -le 1 ]; then
	gaps=$(na_fields "$cap" "$ARP4" frame.time_epoch |
		awk -v r="$t_reapply" '$1 < r {a = b; b = c; c = $1; n++} END {if (n >= 3) printf "%.3f %.3f\n", b - a, c - b}')
	na_check "tshark: ARP announcements of $V4 at the last call's +1 s round (gap ${gaps%% *} s)" \
		awk -v g="${gaps%% *}" 'BEGIN { exit !(g != "" && g >= 0.95 && g < 1.75) }'
	na_check "tshark: and at its +3 s round (gap ${gaps#* } s)" \
		awk -v g="${gaps#* }" 'BEGIN { exit !(g != "" && g >= 1.95 && g < 2.75) }'
	# The first of the three: the last call's round one, or that of the
	# sequence it joined, which went out less than 1 s before it.
	na_check "tshark: and they are that call's rounds (the first of them at most 1 s before the call)" \
		test "$(na_fields "$cap" "$ARP4" frame.time_epoch | awk -v r="$t_reapply" '$1 < r {a = b; b = c; c = $1} END {print a}' |
			awk -v t="$t4" '{print ($1 > t - 1) ? "yes" : "no"}')" = yes
else
	# Two sequences announced $V4 (a call went on alone): their rounds
	# interleave. Among our ARP announcements from 1 s before the last call
	# on, some pair is the +1 s round's gap and some pair the +3 s round's.
	pairs() {
		na_fields "$cap" "$ARP4" frame.time_epoch |
			awk -v f="$(na_calc "$t4 - 1")" -v r="$t_reapply" -v lo="$1" -v hi="$2" '$1 >= f && $1 < r {t[n++] = $1}
				END {for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (t[j] - t[i] >= lo && t[j] - t[i] < hi) ok = 1; exit !ok}'
	}
	na_check "tshark: of $n_up sequences, ARP announcements of $V4 at the +1 s round's gap" pairs 0.95 1.75
	na_check "tshark: and at the +3 s round's" pairs 1.95 2.75
fi
echo "# ARP announcements of $V4 in all: $(hk_arp_times "$cap" "$V4" | grep -c .), ours $(na_fields "$cap" "$ARP4" frame.number | grep -c .)"

# The script alone, as nm-dispatcher calls it: arguments, environment from
# scratch, no PATH. NEIGH_ANNOUNCE makes it run the build under test (no
# PATH would find an installed /usr/sbin/neigh-announce, or nothing).
: >"$HK_CALLS"
t0=$(hk_ms)
out=$(na_a env -i DEVICE_IFACE="$IF_A" DEVICE_IP_IFACE="$IF_A" IP4_NUM_ADDRESSES=1 \
	IP4_ADDRESS_0="$V4/24 192.0.2.1" IP6_NUM_ADDRESSES=1 IP6_ADDRESS_0="$V6/64 ::" \
	NM_DISPATCHER_ACTION=dhcp4-change NEIGH_ANNOUNCE="$HK_BIN/neigh-announce" \
	"$HOOK" "$IF_A" dhcp4-change 2>&1)
rc=$?
dt=$(($(hk_ms) - t0))
echo "# NetworkManager script: returned in $dt ms"
na_eq "direct call: exit 0, nothing printed" "0 " "$rc $out"
na_check "the script returned in under 1 s with its pipe closed ($dt ms)" test "$dt" -lt 1000
na_eq "direct call: the build was called with both addresses, and sent (exit 0)" "-- $IF_A $V4/24 $V6/64 0" \
	"$(cut -d' ' -f2- "$HK_CALLS") $(tail -n 1 "$HK_RCS")"
: >"$HK_CALLS"
for action in down pre-up hostname connectivity-change vpn-up; do
	na_a env -i DEVICE_IP_IFACE="$IF_A" IP4_ADDRESS_0="$V4/24 192.0.2.1" NEIGH_ANNOUNCE="$HK_BIN/neigh-announce" \
		"$HOOK" "$IF_A" "$action"
	na_eq "action $action: exit 0" 0 "$?"
done
na_eq "other actions: the helper was not called" "" "$(cat "$HK_CALLS")"
na_done
