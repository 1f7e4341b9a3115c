#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# dhcpcd with the shipped hook as the only file in its hooks directory, run in
# a private mount namespace (tmpfs over the hooks directory, /run and
# /var/lib/dhcpcd: the machine is not touched), dnsmasq as DHCPv4, DHCPv6 and
# RA server. `noarp`: every ARP announcement seen is ours. Our DAD NS carry a
# nonce of our own, so they are told from the kernel's. The server side must
# see each address announced, and the late round that dhcpcd never sends.
. "$(dirname "$0")/lib.sh"
. "$NA_SRC/tests/hooks/lib.sh"
na_require_root
na_require_cmd dumpcap tshark dnsmasq dhcpcd unshare printenv
[ -f /usr/lib/dhcpcd/dhcpcd-run-hooks ] || na_skip "needs /usr/lib/dhcpcd/dhcpcd-run-hooks"
na_lab
# dhcpcd does SLAAC itself; the kernel must not have done it already.
na_a sysctl -qw "net.ipv6.conf.$IF_A.accept_ra=0"
hk_setup 0,1,3
HOOK=$HK_HOOKS/dhcpcd/62-neigh-announce
V4=192.0.2.50

hk_dnsmasq --dhcp-range=192.0.2.50,192.0.2.60,255.255.255.0,2m --dhcp-host="$MAC_A,$V4" \
	--enable-ra --dhcp-range=2001:db8::100,2001:db8::1ff,slaac,64,2m
printf 'noarp\nipv6rs\nia_na 1\nnohook lookup-hostname\n' >"$NA_TMP/dhcpcd.conf"
mkdir "$NA_TMP/hooks"
cp "$HOOK" "$NA_TMP/hooks/"

# hk_dhcpcd LOG ARG...: dhcpcd in the foreground, in its own mount namespace.
hk_dhcpcd() {
	local log=$1
	shift
	# shellcheck disable=SC2016 # expanded by that shell
	na_a unshare -m sh -c '
		mount -t tmpfs tmpfs /usr/lib/dhcpcd/dhcpcd-hooks &&
		cp "$1"/* /usr/lib/dhcpcd/dhcpcd-hooks/ &&
		mount -t tmpfs tmpfs /run && mkdir /run/dhcpcd &&
		mount -t tmpfs tmpfs /var/lib/dhcpcd && shift && exec "$@"' sh \
		"$NA_TMP/hooks" dhcpcd -B -d -f "$NA_TMP/dhcpcd.conf" "$@" "$IF_A" >"$log" 2>&1 &
	DHCPCD_PID=$!
	NA_PIDS+=("$DHCPCD_PID")
}
hk_dhcpcd_stop() {
	local p k left=()
	# DHCPCD_PID is the subshell that started dhcpcd (na_a is a function),
	# not dhcpcd: killing it alone left dhcpcd running, and a later
	# ROUTERADVERT run landed in the reasons below. So dhcpcd's processes
	# (and a hook run of theirs) are found in the namespace: SIGTERM, as an
	# operator stops it, SIGKILL after 5 s; none is left when this returns.
	kill "$DHCPCD_PID" 2>/dev/null
	for k in $(seq 1 200); do
		left=()
		for p in $(ip netns pids "$NS_A" 2>/dev/null); do
			case "$(cat "/proc/$p/comm" 2>/dev/null)" in
			dhcpcd*) left+=("$p") ;;
			esac
		done
		if [ "${#left[@]}" = 0 ]; then
			wait "$DHCPCD_PID" 2>/dev/null
			return 0
		fi
		case "$k" in
		1) kill -TERM "${left[@]}" 2>/dev/null ;;
		100) kill -KILL "${left[@]}" 2>/dev/null ;;
		esac
		sleep 0.05
	done
	echo "# dhcpcd process ${left[*]} still there after 10 s"
	return 1
}
has_v4() { na_a ip -4 addr show dev "$IF_A" | grep -q "inet $V4/24 "; }
hook_ran() { grep -q "dhcpcd-run-hooks $1\$" "$2"; }
v4_bound() { has_v4 && hook_ran BOUND "$NA_TMP/dhcpcd4.log"; }
v6_bound() { hook_ran ROUTERADVERT "$NA_TMP/dhcpcd6.log" && hook_ran BOUND6 "$NA_TMP/dhcpcd6.log"; }

# IPv4: BOUND.
cap=$NA_TMP/v4.pcapng
na_capture_start "$cap" || exit 1
hk_dhcpcd "$NA_TMP/dhcpcd4.log" -4
na_check "dhcpcd leased $V4 and ran BOUND" hk_wait_for 10 v4_bound
# dhcpcd logs BOUND before it runs the hooks. Round one is out once the
# capture holds it (noarp: only ours); take the entry back and let the later
# rounds fix it.
ARP4="$(hk_arp_f "$V4")"
na_capture_wait "$cap" "$ARP4" 1 10
na_stale "$V4"
na_check "late rounds: the peer's entry takes the client's MAC" hk_wait_for 10 na_peer_has "$V4" "$MAC_A"
# Every round sent (the background process has exited), and in the capture.
na_check "BOUND's background rounds have ended" na_bg_done
na_capture_wait "$cap" "$ARP4" 3 10
na_capture_stop 0
na_check "dhcpcd and its processes have stopped" hk_dhcpcd_stop
times=$(hk_arp_times "$cap" "$V4")
na_eq "tshark: three ARP announcements of $V4 (noarp: all ours)" 3 "$(echo "$times" | grep -c .)"
span=$(echo "$times" | hk_span)
na_check "the late round came 3 s after the first (span $span ms)" test "$span" -ge 2700 -a "$span" -le 4500
na_check "BOUND handed the helper exactly the leased address" grep -q " -- $IF_A $V4\$" "$HK_CALLS"

# IPv6: SLAAC (ROUTERADVERT) and DHCPv6 (BOUND6).
: >"$HK_CALLS"
cap=$NA_TMP/v6.pcapng
na_capture_start "$cap" || exit 1
hk_dhcpcd "$NA_TMP/dhcpcd6.log" -6
na_check "dhcpcd ran ROUTERADVERT and BOUND6" hk_wait_for 15 v6_bound
SLAAC=$(na_a ip -6 addr show dev "$IF_A" scope global mngtmpaddr | awk '/inet6/ {sub("/.*", "", $2); print $2; exit}')
DH6=$(na_a ip -6 addr show dev "$IF_A" scope global | awk '/inet6 .*\/128/ {sub("/.*", "", $2); print $2; exit}')
na_check "SLAAC address present ($SLAAC)" test -n "$SLAAC"
na_check "DHCPv6 address present ($DH6)" test -n "$DH6"
# Wait until the calls have settled (router advertisements keep coming):
# the last one is 3.4 s old and its rounds are over (no background process
# left), with no call since.
settled() {
	hk_calls_quiet 3.4 || return 1
	cp "$HK_CALLS" "$NA_TMP/calls.v6"
	na_bg_gone && cmp -s "$HK_CALLS" "$NA_TMP/calls.v6"
}
na_check "hook runs settle" hk_wait_for 20 settled
last=$(awk -v i="$IF_A" '$2 == "--" && $3 == i' "$NA_TMP/calls.v6" | tail -1)
t_last=${last%% *}
# The last run's late NAs in the capture (the earlier frames came before).
for a in $(echo "$last" | cut -d' ' -f4-); do
	case "$a" in fe80:* | *.*) continue ;; esac
	na_capture_wait "$cap" "$(hk_na_f "${a%/*}") && frame.time_epoch >= $(na_calc "$t_last + 2.7")" 1 10
done
na_capture_stop 0
na_check "dhcpcd and its processes have stopped" hk_dhcpcd_stop
for a in "$SLAAC" "$DH6"; do
	[ -n "$a" ] || continue
	na_check "tshark: our DAD NS (our nonce) for $a" test "$(hk_ns_times "$cap" "$a" | grep -c .)" -ge 1
	na_check "tshark: our unsolicited NA for $a" test "$(hk_na_times "$cap" "$a" | grep -c .)" -ge 1
done
# The helper keeps one sequence per interface: each hook run ends the
# previous run's background rounds. So the late round is checked for the
# addresses of the last run before the stop: an NA 3 s after the call
# (rounds after the first are NAs only). dhcpcd sends its NAs 0, 1 and 2 s
# after DAD completes, which is before it runs the hook.
late=0
for a in $(echo "$last" | cut -d' ' -f4-); do
	case "$a" in fe80:* | *.*) continue ;; esac
	n=$(hk_na_after "$cap" "${a%/*}" "$t_last" 2.7)
	na_check "late round (NA 3 s after the call) for ${a%/*} (last run: $(echo "$last" | cut -d' ' -f2-))" test "$n" -ge 1
	late=$((late + 1))
done
na_check "the last run announced a global IPv6 address" test "$late" -ge 1
echo "# calls of the helper (IPv6 phase):"
sed 's/^/#   /' "$NA_TMP/calls.v6"

# Every reason the hook handles, sourced as dhcpcd-run-hooks does, each
# with addresses of its own that the interface holds: the helper gets
# exactly the reason's addresses (CARRIER: --all), and they go out on the
# wire. The reasons it leaves alone call nothing, though every variable the
# hook reads names an address the interface holds.
: >"$HK_CALLS"
declare -A want
n=70
for r in BOUND RENEW REBIND REBOOT STATIC IPV4LL; do
	n=$((n + 1))
	want[$r]="192.0.2.$n"
	na_a ip addr add "192.0.2.$n/24" dev "$IF_A"
done
for r in BOUND6 RENEW6 REBIND6 REBOOT6 STATIC6 ROUTERADVERT DELEGATED6; do
	n=$((n + 1))
	want[$r]="2001:db8::$n"
	na_a ip addr add "2001:db8::$n/64" dev "$IF_A" nodad
done
want[DELEGATED6]="2001:db8::$n/64 2001:db8::99/64"
want[ROUTERADVERT]="${want[ROUTERADVERT]}/64"
na_a ip addr add 2001:db8::99/64 dev "$IF_A" nodad
# Only CARRIER's --all can announce this one.
na_a ip addr add 192.0.2.89/24 dev "$IF_A"
cap=$NA_TMP/reasons.pcapng
na_capture_start "$cap" || exit 1
declare -A t_from t_to
prev=
for r in BOUND RENEW REBIND REBOOT STATIC IPV4LL BOUND6 RENEW6 REBIND6 REBOOT6 STATIC6 ROUTERADVERT \
	DELEGATED6 CARRIER PREINIT NOCARRIER INFORM TIMEOUT EXPIRE NAK FAIL STOP 3RDPARTY INFORM6 \
	TIMEOUT6 EXPIRE6 RELEASE6 STOP6 STOPPED DEPARTED TEST; do
	a=${want[$r]:-}
	v4=192.0.2.71 v6=2001:db8::77
	case "$r" in
	BOUND | RENEW | REBIND | REBOOT | STATIC | IPV4LL) v4=$a ;;
	*) v6=${a%% *} ;;
	esac
	: >"$HK_CALLS"
	t_from[$r]=$(date +%s.%N)
	[ -z "$prev" ] || t_to[$prev]=${t_from[$r]}
	prev=$r
	# shellcheck disable=SC2016 # expanded by dash
	na_a env -i PATH="$PATH" interface="$IF_A" reason="$r" if_up=true protocol=dhcp \
		new_ip_address="$v4" new_dhcp6_ia_na1_ia_addr1="${v6%/*}" new_ip6_address="${v6%/*}" \
		nd1_addr1="$v6" new_delegated_dhcp6_prefix="${a:-2001:db8::99/64}" dash -c '. "$1"' sh "$HOOK"
	case "$r" in
	CARRIER) na_eq "$r: every address (--all)" "--all -- $IF_A" "$(cut -d' ' -f2- "$HK_CALLS")" ;;
	*) na_eq "$r: the helper got ${a:-nothing}" "${a:+-- $IF_A $a}" "$(cut -d' ' -f2- "$HK_CALLS")" ;;
	esac
done
# if_up=false: the address is not (or no longer) up: nothing.
: >"$HK_CALLS"
na_a env -i PATH="$PATH" interface="$IF_A" reason=BOUND if_up=false new_ip_address=192.0.2.71 \
	dash -c '. "$1"' sh "$HOOK"
na_eq "BOUND with if_up=false: nothing" "" "$(cat "$HK_CALLS")"
# Each call sent its first round before it returned. CARRIER's call is the
# last that sends: its frames in the capture mean the earlier ones are there.
na_capture_wait "$cap" "arp.isgratuitous == 1 && arp.src.proto_ipv4 == 192.0.2.89 && eth.src == $MAC_A" 1 10
na_capture_stop 0.2
# Frames of a reason's address between its call and the next: only its own
# run can have sent them (later runs carry it on; CARRIER sends them all).
frames_of() { # frames_of REASON FILTER
	na_fields "$cap" "$2 && eth.src == $MAC_A" frame.time_epoch |
		awk -v a="${t_from[$1]}" -v b="${t_to[$1]}" '$1 >= a && $1 < b {n++} END {print n + 0}'
}
for r in BOUND RENEW REBIND REBOOT STATIC IPV4LL; do
	na_check "tshark: $r's ${want[$r]} announced by its own call (ARP)" \
		test "$(frames_of "$r" "arp.isgratuitous == 1 && arp.src.proto_ipv4 == ${want[$r]}")" -ge 1
done
for r in BOUND6 RENEW6 REBIND6 REBOOT6 STATIC6 ROUTERADVERT DELEGATED6; do
	for a in ${want[$r]}; do
		na_check "tshark: $r's ${a%/*} announced by its own call (our DAD NS)" \
			test "$(frames_of "$r" "icmpv6.type == 135 && icmpv6.nd.ns.target_address == ${a%/*} && icmpv6.opt.nonce == 6e:61:2d:68:6f:6b")" -ge 1
	done
done
na_check "tshark: CARRIER's --all announced 192.0.2.89, which no other call names" \
	test "$(hk_arp_times "$cap" 192.0.2.89 | grep -c .)" -ge 1

# The hook's own wait: sourced as dhcpcd-run-hooks does, output read through
# a pipe that the background rounds must not hold open.
na_a ip addr replace "$V4/24" dev "$IF_A"
t0=$(hk_ms)
# shellcheck disable=SC2016 # expanded by dash
out=$(na_a env -i PATH="$PATH" interface="$IF_A" reason=BOUND if_up=true new_ip_address="$V4" \
	dash -c '. "$1"; echo "hook-done"' sh "$HOOK" 2>&1)
dt=$(($(hk_ms) - t0))
echo "# dhcpcd hook BOUND: returned in $dt ms"
na_eq "the fragment does not end the sourcing shell" "hook-done" "$out"
na_check "the hook returned in under 1 s with its pipe closed ($dt ms)" test "$dt" -lt 1000
na_done
