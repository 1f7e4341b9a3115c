#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Hostile input. Every string below tries to run `touch MARK` if a shell ever
# evaluates it, or to slip an option to the helper (--pcap would write MARK).
# 1. dnsmasq hands such strings out (domain and host name, vendor option 43,
#    NIS domain, boot file name) to udhcpc and dhcpcd running the shipped
#    hooks. Both clients blank or replace a bad domain or host name and hex
#    option 43, but the boot file name and (dhcpcd) the NIS domain, raw
#    newline included, reach the hooks' environment as sent. Nothing runs,
#    and the lease is still announced.
# 2. Every hook is called directly with such strings in every variable it
#    reads: it exits 0 (a sourced one returns to its caller), nothing runs,
#    the helper gets each string as one argument after "--" and refuses it,
#    and not one frame goes out.
. "$(dirname "$0")/lib.sh"
. "$NA_SRC/tests/hooks/lib.sh"
na_require_root
na_require_cmd dumpcap tshark dnsmasq udhcpc dhcpcd unshare printenv dash
na_lab
hk_setup 0,1,3
H=$HK_HOOKS
M=$NA_TMP/marks
mkdir "$M"
hk_hostile "$M"
HOSTILE=("${HK_HOSTILE[@]}")
marks() { find "$M" -mindepth 1 | sed "s|^$M/||" | paste -sd' '; }

# The detector works: a shell that evaluates a string does leave its mark.
(eval "x=${HOSTILE[0]}")
na_eq "self-check: eval of the \$(...) string leaves a mark" "dollar" "$(marks)"
rm -f "$M"/*
# A hook that keeps a value's first word and evaluates it: a string with a
# space gives it a syntax error, a space-free one runs.
(eval "x=${HOSTILE[0]%% *}") 2>/dev/null
for i in 11 12 13; do
	(eval "x=${HOSTILE[$i]%% *}") 2>/dev/null
done
na_eq "self-check: eval of the first word runs the space-free strings only" "backtick2 ifs semi2" \
	"$(find "$M" -mindepth 1 -printf '%f\n' | sort | paste -sd' ')"
rm -f "$M"/*
SPACEFREE="${HOSTILE[11]}${HOSTILE[12]}${HOSTILE[13]}"

# 1. Through the real clients.
hk_dnsmasq --dhcp-range=192.0.2.50,192.0.2.60,255.255.255.0,2m --dhcp-host="$MAC_A,192.0.2.50" \
	--dhcp-option-force="option:domain-name,${HOSTILE[0]} ${HOSTILE[1]}" \
	--dhcp-option-force="12,${HOSTILE[4]} ${HOSTILE[3]}" \
	--dhcp-option-force="43,${HOSTILE[5]} ${HOSTILE[2]}" \
	--dhcp-option-force="67,${HOSTILE[0]} ${HOSTILE[1]} ${HOSTILE[2]} ${HOSTILE[3]}" \
	--dhcp-option-force="40,${HOSTILE[5]}" \
	--dhcp-vendorclass=set:busybox,udhcp --dhcp-option-force="tag:!busybox,17,$SPACEFREE"
# (Option 17, the root path, carries the space-free strings to dhcpcd only:
# busybox's 576-byte packets have no room left for it.)
rec=$NA_TMP/record.sh
printf '#!/bin/sh\nenv >>%q\n' "$NA_TMP/env.udhcpc" >"$rec"
chmod 755 "$rec"
cap=$NA_TMP/clients.pcapng
na_capture_start "$cap" || exit 1
# The recorder stands in for the distribution script: it keeps the host's
# /etc/resolv.conf out of reach and shows what udhcpc put in the environment.
na_a env NEIGH_ANNOUNCE_UDHCPC_SCRIPT="$rec" udhcpc -i "$IF_A" -s "$H/udhcpc/udhcpc.script" \
	-q -n -t 5 -T 1 -f -O hostname -O domain -O 43 >"$NA_TMP/udhcpc.log" 2>&1
na_eq "udhcpc: lease taken" 0 "$?"
# busybox replaces a bad domain or host name with "bad"; the boot file name
# (option 67) it passes as it came.
BOOT="${HOSTILE[0]} ${HOSTILE[1]} ${HOSTILE[2]} ${HOSTILE[3]}"
na_check "udhcpc: \$(...), backticks and both quotes reached the script (bootfile)" \
	grep -qxF "bootfile=$BOOT" "$NA_TMP/env.udhcpc"
na_check "udhcpc script: the helper was called for the lease" grep -q " -- $IF_A 192.0.2.50/24\$" "$HK_CALLS"
na_eq "udhcpc: no marks" "" "$(marks)"
# (The recorder configured nothing: the helper found the address missing.)

mkdir "$NA_TMP/hooks"
cp "$H/dhcpcd/62-neigh-announce" "$NA_TMP/hooks/"
printf 'env >>%q\n' "$NA_TMP/env.dhcpcd" >"$NA_TMP/hooks/99-record"
printf 'noarp\nipv4only\noption domain_name, host_name, vendor_encapsulated_options, root_path\n' >"$NA_TMP/dhcpcd.conf"
# shellcheck disable=SC2016 # expanded by that shell
na_a unshare -m sh -c '
	mount -t tmpfs tmpfs /usr/lib/dhcpcd/dhcpcd-hooks && cp "$1"/* /usr/lib/dhcpcd/dhcpcd-hooks/ &&
	mount -t tmpfs tmpfs /run && mkdir /run/dhcpcd && mount -t tmpfs tmpfs /var/lib/dhcpcd &&
	shift && exec "$@"' sh "$NA_TMP/hooks" dhcpcd -B -d -4 -f "$NA_TMP/dhcpcd.conf" "$IF_A" \
	>"$NA_TMP/dhcpcd.log" 2>&1 &
NA_PIDS+=("$!")
bound() { grep -q "^reason=BOUND\$" "$NA_TMP/env.dhcpcd" 2>/dev/null; }
na_check "dhcpcd: BOUND with the hostile options" hk_wait_for 15 bound
sleep 0.5
na_check "dhcpcd: \$(...), backticks and both quotes reached the hooks (new_bootfile_name)" \
	grep -qxF "new_bootfile_name=$BOOT" "$NA_TMP/env.dhcpcd"
na_check "dhcpcd: a raw newline reached the hooks (new_nis_domain)" \
	grep -qxF "new_nis_domain=192.0.2.10" "$NA_TMP/env.dhcpcd"
na_check "dhcpcd: (the line after the newline)" grep -qxF "touch $M/newline" "$NA_TMP/env.dhcpcd"
na_check "dhcpcd: the space-free strings reached the hooks as sent (new_root_path)" \
	grep -qxF "new_root_path=$SPACEFREE" "$NA_TMP/env.dhcpcd"
na_check "dhcpcd hook: the helper was called for the lease" grep -q " -- $IF_A 192.0.2.50\$" "$HK_CALLS"
na_eq "dhcpcd: no marks" "" "$(marks)"
na_capture_stop 0.3
na_check "tshark: dnsmasq's ACK carried the \$(...) domain name" grep -qF "${HOSTILE[0]}" \
	<(na_fields "$cap" "dhcp.option.dhcp == 5" dhcp.option.domain_name)
na_check "tshark: and the hostile host name" grep -qF "${HOSTILE[4]}" \
	<(na_fields "$cap" "dhcp.option.dhcp == 5" dhcp.option.hostname)
na_check "tshark: the lease was announced all the same" test "$(hk_arp_times "$cap" 192.0.2.50 | grep -c .)" -ge 1
for p in $(ip netns pids "$NS_A"); do kill "$p" 2>/dev/null; done
sleep 0.5

# 2. Every hook, every variable it reads. Round one of the helper never
#    happens for garbage, so the capture stays empty of announcements.
: >"$HK_CALLS"
: >"$HK_RCS"
cap=$NA_TMP/direct.pcapng
na_capture_start "$cap" || exit 1
out=$(na_a bash "$NA_SRC/tests/hooks/hostile-calls.sh" "$H" "$IF_A" "$M")
fails=$(echo "$out" | grep -c '^# FAIL')
echo "$out"
sleep 0.3
na_capture_stop 0.3
na_eq "every hook exited 0 (sourced ones returned) for every string" 0 "$fails"
na_eq "no marks: nothing ran" "" "$(marks)"
ncalls=$(grep -c . "$HK_RCS")
echo "# the helper was called $ncalls times with garbage"
na_check "the hooks did hand the garbage to the helper" test "$ncalls" -ge 100
na_eq "the helper refused every call (exit 1 or 2)" "" "$(grep -vx '[12]' "$HK_RCS" | sort | uniq -c)"
na_check "each string reached the helper whole, as one argument after --" \
	grep -qF -- "-- $IF_A ${HOSTILE[6]}" "$HK_CALLS"
na_eq "tshark: not one announcement went out" 0 \
	"$(na_fields "$cap" "eth.src == $MAC_A && (arp || icmpv6.type == 135 || icmpv6.type == 136)" frame.number | grep -c .)"
na_done
