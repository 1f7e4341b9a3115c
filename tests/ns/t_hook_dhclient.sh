#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# ISC dhclient, Debian's default DHCP client (and ifupdown's for "inet dhcp"),
# leases from dnsmasq with the shipped exit hook at its installed path
# (/etc/dhcp/dhclient-exit-hooks.d/neigh-announce) and the helper where
# dhclient's fixed PATH finds it (/usr/sbin/neigh-announce: the build under
# test, through an overlay), in a private root (tests/hooks/private-root.sh):
# the machine's /etc/dhcp, resolv.conf, leases and host name are not touched.
# dhclient and the kernel send no announcement of their own: every ARP
# announcement the server side sees is ours. IPv4 (BOUND, then a real RENEW:
# dnsmasq sends a 6 s renewal time) and DHCPv6 (BOUND6); hostile DHCP options
# reach the hooks and run nothing. Then the hook as dhclient-script sources
# it, reason by reason, and the real dhclient-script with a failing helper.
. "$(dirname "$0")/lib.sh"
. "$NA_SRC/tests/hooks/lib.sh"
na_require_root
na_require_cmd dumpcap tshark dnsmasq dhclient unshare nsenter dash
[ -x /sbin/dhclient-script ] || na_skip "needs /sbin/dhclient-script (isc-dhcp-client)"
hk_require_overlay
na_lab
hk_setup 0,1,3
HOOK=$HK_HOOKS/dhclient/neigh-announce
V4=192.0.2.50
hk_marks_start

# Hostile strings in options dhclient hands to its script: the boot file
# name, the TFTP server name (the space-free payloads alone), the default
# URL; a domain name that dhclient throws away.
hk_dnsmasq --dhcp-range=192.0.2.50,192.0.2.60,255.255.255.0,2m --dhcp-host="$MAC_A,$V4" \
	--dhcp-option=option:T1,6 --dhcp-range=2001:db8::100,2001:db8::1ff,64,2m \
	--dhcp-option-force="67,${HOSTILE[0]} ${HOSTILE[1]} ${HOSTILE[4]} ${HOSTILE[11]}" \
	--dhcp-option-force="66,${HOSTILE[11]}${HOSTILE[12]}${HOSTILE[13]}" \
	--dhcp-option-force="114,${HOSTILE[2]} ${HOSTILE[3]}" \
	--dhcp-option-force="option:domain-name,${HOSTILE[0]}"
etc=$NA_TMP/etc-dhcp
hk_dhclient_hooks "$etc"
# A large enough packet for all of them (dnsmasq drops what does not fit).
printf 'send dhcp-max-message-size 1400;\nrequest subnet-mask, broadcast-address, routers, domain-name, host-name;\n' \
	>"$etc/dhclient.conf"
# /usr/sbin in the private root: the helper, and a logger that records what
# dhclient-script logs (it comes first on the script's PATH): a hook that
# ends with a non-zero status is logged as an error there.
sbin=$NA_TMP/sbin
mkdir "$sbin"
cp "$HK_BIN/neigh-announce" "$sbin/"
printf '#!/bin/sh\nprintf "%%s\\n" "$*" >>%q\n' "$NA_TMP/logger.log" >"$sbin/logger"
chmod 755 "$sbin/logger"
: >"$NA_TMP/logger.log"
hk_root_start --sbin "$sbin" --etc-dhcp "$etc" || exit 1
# If dhclient handed its environment on, the hook would take this and never
# reach the build: the installed path is what must work.
export NEIGH_ANNOUNCE=/nonexistent/neigh-announce

# calls_after EPOCH: the helper's calls (arguments) from EPOCH on.
calls_after() { awk -v t="$1" '$1 >= t - 0.05 {$1 = ""; print substr($0, 2)}' "$HK_CALLS"; }
ARP4="$(hk_arp_f "$V4")"
NS_ME="icmpv6.type == 135 && ipv6.src == :: && icmpv6.opt.nonce == 6e:61:2d:68:6f:6b"
arp_in() { hk_arp_in "$1" "$V4" "$2" "$3"; }
# first_arp CAP FROM: the epoch of our first ARP announcement of $V4 from FROM on.
first_arp() { na_fields "$1" "$ARP4" frame.time_epoch | awk -v a="$2" '$1 >= a {print $1; exit}'; }

# dhclient_start 4|6: dhclient in the foreground in the private root, with
# the pid and lease files ifup gives it; DHC is its pid, its log
# $NA_TMP/dhclient4.log or dhclient6.log.
dhclient_start() {
	local s=${1#4}
	"${HK_IN[@]}" dhclient "-$1" -d -v -pf "/run/dhclient$s.$IF_A.pid" \
		-lf "/var/lib/dhcp/dhclient$s.$IF_A.leases" "$IF_A" >"$NA_TMP/dhclient$1.log" 2>&1 &
	DHC=$!
	NA_PIDS+=("$DHC")
}

# IPv4: BOUND, the late rounds, then RENEW.
cap=$NA_TMP/v4.pcapng
na_capture_start "$cap" || exit 1
dhclient_start 4
DH4=$DHC
na_check "dhclient leased $V4 and ran the exit hooks for BOUND" hk_wait_for 15 hk_reason_seen BOUND
t_bound=$(hk_reason_at BOUND)
na_check "dhclient configured $V4/24" grep -q "inet $V4/24 " <(na_a ip -4 addr show dev "$IF_A")
na_check "BOUND: our hook returned to dhclient-script" hk_wait_for 10 hk_hook_done BOUND
t_bound_done=$(hk_hook_done_at BOUND)
na_eq "BOUND: the installed hook called the installed helper with the lease, once" \
	"-- $IF_A $V4" "$(calls_after "$t_bound" | head -n 1)"
# Round one is out (and in the capture, so the peer has it too); take the
# entry back: the background rounds fix it, long after dhclient-script has
# finished. RENEW's round one would fix it as well: it must not have come.
na_capture_wait "$cap" "$ARP4" 1 10
na_stale "$V4"
fixed_before_renew() { [ "$(na_peer_mac "$V4")" = "$MAC_A" ] && [ "$(calls_after "$t_bound" | grep -c .)" = 1 ]; }
na_check "a later round: the peer's entry takes the client's MAC (before RENEW's call)" hk_wait_for 10 fixed_before_renew
na_check "dhclient renewed (RENEW, from the server's 6 s renewal time)" hk_wait_for 10 hk_reason_seen RENEW
t_renew=$(hk_reason_at RENEW)
na_check "RENEW: our hook returned to dhclient-script" hk_wait_for 10 hk_hook_done RENEW
t_renew_done=$(hk_hook_done_at RENEW)
na_eq "RENEW: the helper was called again with the lease" "-- $IF_A $V4" "$(calls_after "$t_renew" | head -n 1)"
# BOUND's three rounds and RENEW's first.
na_capture_wait "$cap" "$ARP4" 4 10
na_capture_stop 0
kill "$DH4" 2>/dev/null
wait "$DH4" 2>/dev/null

# The rounds, from round one's own frame: it went out while our hook ran
# (the helper sends it before it returns), then the +1 and +3 s rounds, never
# early (lower bounds 50 ms under the schedule, for the clocks' rounding) and
# on a busy machine late (a late round moves the later ones back by as
# much): up to 0.75 s for the +1 s round, 1.5 s for the +3 s one. The +1 s
# window ends before 2 s, where the default schedule (0,2,10) would put it.
# Round one's count is up to whichever comes first of its hook's return and
# 0.95 s after it; the +3 s round's, up to RENEW's call at the latest.
# min A B
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b ? a : b) }'; }
r0=$(first_arp "$cap" "$t_bound")
r0=${r0:-$t_bound}
na_eq "tshark: our announcements of $V4 at BOUND's round one (before the hook returned), +1 and +3 s" "1 1 1" \
	"$(arp_in "$cap" "$t_bound" "$(min "$(na_calc "$r0 + 0.95")" "$(na_calc "$t_bound_done + 0.01")")") $(arp_in "$cap" "$(na_calc "$r0 + 0.95")" "$(na_calc "$r0 + 1.75")") $(arp_in "$cap" "$(na_calc "$r0 + 2.95")" "$(min "$(na_calc "$r0 + 4.5")" "$t_renew")")"
r0=$(first_arp "$cap" "$t_renew")
r0=${r0:-$t_renew}
na_eq "tshark: RENEW's round one (before the hook returned)" 1 \
	"$(arp_in "$cap" "$t_renew" "$(min "$(na_calc "$r0 + 0.95")" "$(na_calc "$t_renew_done + 0.01")")")"
na_eq "the environment dhclient gave its script: its fixed PATH, no NEIGH_ANNOUNCE" \
	"PATH=/usr/sbin:/sbin:/bin:/usr/sbin:/usr/bin" "$(grep -E '^(PATH|NEIGH_ANNOUNCE)=' "$NA_TMP/env.BOUND")"
# dhclient escapes $, backticks, quotes and backslashes in options, and
# leaves semicolons, spaces and ${IFS} as sent.
# dh_esc STRING: STRING as dhclient-script receives it.
dh_esc() {
	local s=${1//\\/\\\\}
	s=${s//\$/\\\$}
	s=${s//\`/\\\`}
	s=${s//\"/\\\"}
	printf '%s' "${s//\'/\\\'}"
}
na_check "hostile options reached the hooks (boot file name), semicolons and spaces as sent" \
	grep -qxF "new_bootfile_name=$(dh_esc "${HOSTILE[0]} ${HOSTILE[1]} ${HOSTILE[4]} ${HOSTILE[11]}")" "$NA_TMP/env.BOUND"
na_check "hostile options reached the hooks (TFTP server name): the space-free payloads" \
	grep -qxF "new_tftp_server_name=$(dh_esc "${HOSTILE[11]}${HOSTILE[12]}${HOSTILE[13]}")" "$NA_TMP/env.BOUND"
na_check "dhclient discarded the hostile domain name" grep -q "suspect value in domain_name option" "$NA_TMP/dhclient4.log"
na_eq "hostile options: no marks" "" "$(hk_marks)"

# DHCPv6: BOUND6.
: >"$HK_CALLS"
cap=$NA_TMP/v6.pcapng
na_capture_start "$cap" || exit 1
dhclient_start 6
DH6=$DHC
na_check "dhclient -6 leased an address and ran the exit hooks for BOUND6" hk_wait_for 15 hk_reason_seen BOUND6
t6=$(hk_reason_at BOUND6)
V6=$(awk '$2 == "BOUND6" {print $3; exit}' "$HK_REASONS")
na_check "dhclient-script configured $V6" grep -q "inet6 $V6/128 " <(na_a ip -6 addr show dev "$IF_A")
na_check "BOUND6: our hook returned to dhclient-script" hk_wait_for 10 hk_hook_done BOUND6
na_eq "BOUND6: the helper was called with new_ip6_address" "-- $IF_A $V6" "$(calls_after "$t6" | head -n 1)"
# Round one (DAD NS, then NA) is out and in the capture: take the entry back.
na_capture_wait "$cap" "$NS_ME && icmpv6.nd.ns.target_address == $V6" 1 10
na_stale "$V6"
na_check "a later round: the peer's IPv6 entry takes the client's MAC" hk_wait_for 10 na_peer_has "$V6" "$MAC_A"
# Every round sent (the background process has exited), the late one in
# the capture.
na_check "BOUND6's background rounds have ended" na_bg_done
na_capture_wait "$cap" "$(hk_na_f "$V6") && frame.time_epoch >= $(na_calc "$t6 + 2.7")" 1 10
na_capture_stop 0.3
kill "$DH6" 2>/dev/null
wait "$DH6" 2>/dev/null
na_eq "tshark: one DAD NS of ours (our nonce) for $V6" 1 "$(hk_ns_after "$cap" "$V6" "$t6" -0.1)"
na_check "tshark: our late NA for $V6, 3 s after the call" test "$(hk_na_after "$cap" "$V6" "$t6" 2.7)" -ge 1

# What dhclient waited for: our hook, recorder to recorder, on every call.
echo "# dhclient exit hook, ms per call: $(hk_hook_ms | paste -sd, | sed 's/,/, /g')"
na_eq "every call: the recorder after our hook ran too (the hook returns to dhclient-script)" \
	"$(grep -c . "$HK_REASONS")" "$(grep -c . "$HK_AFTER")"
slow=$(hk_hook_ms | awk '$2 >= 1000')
na_eq "dhclient waited under 1 s for our hook on every call" "" "$slow"
na_eq "dhclient-script logged no error about a hook" "" "$(cat "$NA_TMP/logger.log")"

# The hook as dhclient-script sources it, one reason at a time: each reason
# that sets an address announces its own address (and only it), the others
# nothing; the status is 0, dhclient-script's positional parameters and
# exit_status are untouched, and every name the hook leaves starts with
# neigh_announce_.
: >"$HK_CALLS"
declare -A want
n=0
for r in BOUND RENEW REBIND REBOOT; do
	n=$((n + 1))
	want[$r]=192.0.2.7$n
	na_a ip addr add "192.0.2.7$n/24" dev "$IF_A"
done
for r in BOUND6 RENEW6 REBIND6; do
	n=$((n + 1))
	want[$r]=2001:db8::7$n
	na_a ip addr add "2001:db8::7$n/128" dev "$IF_A" nodad
done
cap=$NA_TMP/direct.pcapng
na_capture_start "$cap" || exit 1
# shellcheck disable=SC2016 # expanded by dash
names="sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/\1/p' | sort"
src="h=\$1 d=\$2; set -- one two; exit_status=0; set | $names >\"\$d/names0\"; . \"\$h\"; rc=\$?
echo \"rc=\$rc args=\$*:\$# exit_status=\$exit_status\"
set | $names | comm -13 \"\$d/names0\" - | grep -v '^neigh_announce_' | grep -vx 'rc' | sed 's/^/new /'"
for r in BOUND RENEW REBIND REBOOT BOUND6 RENEW6 REBIND6 PREINIT EXPIRE FAIL RELEASE STOP TIMEOUT \
	MEDIUM ARPCHECK ARPSEND PREINIT6 DEPREF6 EXPIRE6 RELEASE6 STOP6; do
	: >"$HK_CALLS"
	a=${want[$r]:-192.0.2.50}
	out=$(na_a env -i PATH="$PATH" reason="$r" interface="$IF_A" new_ip_address="$a" \
		new_ip6_address="$a" old_ip_address="$a" dash -c "$src" sh "$HOOK" "$NA_TMP" 2>&1)
	na_eq "$r: sourced, status 0, \$@ and exit_status untouched, no unprefixed names" \
		"rc=0 args=one two:2 exit_status=0" "$out"
	if [ -n "${want[$r]:-}" ]; then
		na_eq "$r: the helper was called with its address $a" "-- $IF_A $a" "$(calls_after 0)"
	else
		na_eq "$r: the helper was not called" "" "$(calls_after 0)"
	fi
done
# Each call sent its first round before it returned; the last one's frames
# in the capture mean the earlier ones are there too.
na_capture_wait "$cap" "$NS_ME && icmpv6.nd.ns.target_address == ${want[REBIND6]}" 1 10
na_capture_stop 0.2
for r in BOUND RENEW REBIND REBOOT; do
	na_check "tshark: $r's address ${want[$r]} announced (ARP)" \
		test "$(hk_arp_times "$cap" "${want[$r]}" | grep -c .)" -ge 1
done
for r in BOUND6 RENEW6 REBIND6; do
	na_check "tshark: $r's address ${want[$r]} announced (our DAD NS)" \
		test "$(hk_ns_times "$cap" "${want[$r]}" | grep -c .)" -ge 1
done

# The real dhclient-script, RENEW, while the helper fails (a bad line in its
# settings file: exit 1): the hook still ends with status 0, so the script
# logs no error about it, and the script's own status stays 0.
: >"$HK_CALLS"
: >"$HK_RCS"
printf 'schedule = 0,1,3\nenabled = perhaps\n' >"$HK_CONF"
hk_in env -i PATH=/usr/sbin:/sbin:/bin:/usr/sbin:/usr/bin reason=RENEW interface="$IF_A" \
	new_ip_address="$V4" old_ip_address="$V4" new_subnet_mask=255.255.255.0 \
	/sbin/dhclient-script >"$NA_TMP/script.log" 2>&1
na_eq "dhclient-script with a failing helper: its exit status stays 0" 0 "$?"
na_eq "dhclient-script with a failing helper: it logged no error about our hook" "" \
	"$(grep -F neigh-announce "$NA_TMP/logger.log")"
na_eq "the helper was called and failed (exit 1)" "-- $IF_A $V4 1" "$(calls_after 0) $(cat "$HK_RCS")"
na_check "and said why, naming the settings file's line" grep -qF "$HK_CONF:2" "$NA_TMP/script.log"
na_eq "no marks" "" "$(hk_marks)"
na_done
