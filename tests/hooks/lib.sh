# shellcheck shell=bash
# shellcheck disable=SC2034 # HK_ variables are used by the tests that source this
# SPDX-License-Identifier: BSD-2-Clause
# Shared by the hook tests (tests/ns/t_hook_*.sh), sourced after tests/ns/lib.sh.
# The hooks find the helper on PATH, as installed: hk_setup puts a
# `neigh-announce` on PATH that runs the build tree's helper with a test
# config (short schedule), so the late round arrives within seconds.

HK_HOOKS=$NA_SRC/hooks
HK_BIN=$NA_TMP/bin
HK_CONF=$NA_TMP/neigh-announce.conf

# Our DAD NS carry this nonce (RFC 7527), so a capture tells them from the
# kernel's own DAD NS: "na-hok".
HK_NONCE=6e612d686f6b

HK_CALLS=$NA_TMP/calls
HK_RCS=$NA_TMP/exit-codes

# hk_setup [SCHEDULE]: test config and the helper on PATH. Each call is
# logged to $HK_CALLS as "EPOCH ARG..." (the args are data, not code), and
# the helper's exit status to $HK_RCS.
hk_setup() {
	local bin=$NA_BIN
	mkdir -p "$HK_BIN"
	printf 'schedule = %s\n' "${1:-0,1,3}" >"$HK_CONF"
	# In a private root (private-root.sh --sbin) this wrapper becomes
	# /usr/sbin/neigh-announce, where the package tests' NA_BIN lives: it
	# would run itself. It runs a copy of that binary then.
	case "$bin" in
	/usr/sbin/* | /sbin/*) bin=$(na_plain_bin) ;;
	esac
	# shellcheck disable=SC2016 # the wrapper expands these
	printf '#!/bin/sh\nprintf "%%s %%s\\n" "$(date +%%s.%%N)" "$*" >>%q\n%q --config %q --nonce %s "$@"\nrc=$?\necho "$rc" >>%q\nexit "$rc"\n' \
		"$HK_CALLS" "$bin" "$HK_CONF" "$HK_NONCE" "$HK_RCS" >"$HK_BIN/neigh-announce"
	chmod 755 "$HK_BIN" "$HK_BIN/neigh-announce"
	export PATH="$HK_BIN:$PATH"
}

# hk_dnsmasq ARG...: dnsmasq as DHCP server on the peer's end, logging to
# $NA_TMP/dnsmasq.log. No ping check: it would touch the peer's neighbour table.
hk_dnsmasq() {
	ip netns exec "$NS_P" dnsmasq --keep-in-foreground --conf-file=/dev/null \
		--interface="$IF_P" --bind-interfaces --port=0 --no-ping \
		--dhcp-leasefile="$NA_TMP/dnsmasq.leases" --pid-file="$NA_TMP/dnsmasq.pid" \
		--log-dhcp --log-facility="$NA_TMP/dnsmasq.log" --user=root "$@" &
	NA_PIDS+=("$!")
}

# hk_ms: monotonic-enough wall clock in milliseconds.
hk_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# hk_wait_for SECONDS COMMAND...: na_wait (tests/ns/lib.sh).
hk_wait_for() {
	na_wait "$@"
}

# tshark filters for OUR frames about ADDR: hk_arp_f, ARP announcements
# (sender = target = ADDR, sender MAC = MAC_A); hk_na_f, unsolicited NAs from
# MAC_A; hk_ns_f, DAD NS with our nonce.
hk_arp_f() {
	echo "arp.isgratuitous == 1 && arp.src.proto_ipv4 == $1 && arp.src.hw_mac == $MAC_A"
}
hk_na_f() {
	echo "icmpv6.type == 136 && icmpv6.nd.na.target_address == $1 && icmpv6.nd.na.flag.s == 0 && eth.src == $MAC_A"
}
hk_ns_f() {
	echo "icmpv6.type == 135 && ipv6.src == :: && icmpv6.nd.ns.target_address == $1 && icmpv6.opt.nonce == 6e:61:2d:68:6f:6b"
}

# hk_arp_times CAP ADDR: relative times of OUR ARP announcements of ADDR
# (sender = target = ADDR, sender MAC = MAC_A), as tshark decodes them.
hk_arp_times() {
	na_fields "$1" "$(hk_arp_f "$2")" frame.time_relative
}

# hk_na_times CAP ADDR: times of unsolicited NAs for ADDR from MAC_A.
hk_na_times() {
	na_fields "$1" "$(hk_na_f "$2")" frame.time_relative
}

# hk_span TIMES: last minus first, in whole milliseconds.
hk_span() {
	awk 'NR == 1 {f = $1} {l = $1} END {if (NR) printf "%d\n", (l - f) * 1000; else print -1}'
}

# hk_ns_times CAP ADDR: times of OUR DAD NS for ADDR (our nonce).
hk_ns_times() {
	na_fields "$1" "$(hk_ns_f "$2")" frame.time_relative
}

# hk_ns_after CAP ADDR EPOCH [DELAY]: how many of OUR DAD NS for ADDR came
# DELAY seconds or more after EPOCH.
hk_ns_after() {
	na_fields "$1" "$(hk_ns_f "$2")" frame.time_epoch |
		awk -v t="$3" -v d="${4:-0}" '$1 >= t + d {n++} END {print n + 0}'
}

# hk_na_after CAP ADDR EPOCH [DELAY]: how many unsolicited NAs for ADDR from
# MAC_A came DELAY seconds or more after EPOCH.
hk_na_after() {
	na_fields "$1" "$(hk_na_f "$2")" frame.time_epoch |
		awk -v t="$3" -v d="${4:-0}" '$1 >= t + d {n++} END {print n + 0}'
}

# hk_hostile MARKDIR: HK_HOSTILE, strings that run `touch MARKDIR/NAME` if a
# shell ever evaluates them, or that the helper would take as options if a
# hook forgot "--" (--help as the interface would make it exit 0, which the
# test counts as not refused).
hk_hostile() {
	local m=$1 nl='
'
	HK_HOSTILE=(
		"\$(touch $m/dollar)"
		"\`touch $m/backtick\`"
		"'; touch $m/squote; '"
		"\"; touch $m/dquote; \""
		"192.0.2.10; touch $m/semicolon"
		"192.0.2.10${nl}touch $m/newline"
		"--pcap=$m/option"
		"-s"
		"--help"
		"*"
		"192.0.2.10/24 \$(touch $m/word2)"
		# No space in these three: a hook that keeps the first word of a
		# value and evaluates it runs them (the ones above would only give
		# it a syntax error).
		"\$(touch\${IFS}$m/ifs)"
		"\`touch\${IFS}$m/backtick2\`"
		";touch\${IFS}$m/semi2"
	)
}

# hk_calls_quiet SECONDS: the helper's last call is SECONDS old (a client
# that may call again has settled; its last run's rounds are out).
hk_calls_quiet() {
	[ -s "$HK_CALLS" ] &&
		awk -v now="$(date +%s.%N)" -v d="$1" 'END {exit !(now - $1 >= d)}' "$HK_CALLS"
}

# hk_settled: the client's IPv6 addresses have finished DAD (the helper's
# --all skips tentative ones, as it should).
hk_settled() {
	[ -z "$(ip -n "$NS_A" -6 addr show dev "$IF_A" tentative)" ]
}

# hk_require_overlay: private-root.sh --sbin needs overlayfs.
hk_require_overlay() {
	grep -qw overlay /proc/filesystems || modprobe overlay 2>/dev/null
	grep -qw overlay /proc/filesystems || na_skip "needs overlayfs (the helper at /usr/sbin in the private root)"
}

# hk_marks_start: HK_MARKS, an empty directory, and HOSTILE, the hostile
# strings that would leave their marks there (hk_hostile); hk_marks lists
# the marks.
hk_marks_start() {
	HK_MARKS=$NA_TMP/marks
	mkdir -p "$HK_MARKS"
	hk_hostile "$HK_MARKS"
	HOSTILE=("${HK_HOSTILE[@]}")
}
hk_marks() {
	find "$HK_MARKS" -mindepth 1 | sed "s|^$HK_MARKS/||" | paste -sd' '
}

# hk_root_start OPTION...: a private root for a DHCP client in the
# announcer's network namespace (tests/hooks/private-root.sh with these
# options; a sleeping process holds it), until the test ends. hk_in COMMAND...
# runs COMMAND inside it: as the real client's scripts would see the machine,
# with nothing they write reaching it.
hk_root_start() {
	ip netns exec "$NS_A" unshare -m -u sh "$NA_SRC/tests/hooks/private-root.sh" "$NA_TMP" "$@" -- sleep infinity \
		>"$NA_TMP/private-root.log" 2>&1 &
	HK_ROOT_PID=$!
	NA_PIDS+=("$HK_ROOT_PID")
	# For a client in the background: "${HK_IN[@]}" CMD & makes $! the
	# client itself (hk_in, a function, would run in a subshell).
	HK_IN=(nsenter -t "$HK_ROOT_PID" -m -u -n)
	hk_wait_for 5 hk_root_ready || {
		echo "private root did not start: $(cat "$NA_TMP/private-root.log")"
		return 1
	}
}
hk_root_ready() {
	[ "$(cat "/proc/$HK_ROOT_PID/comm" 2>/dev/null)" = sleep ]
}
hk_in() {
	nsenter -t "$HK_ROOT_PID" -m -u -n "$@"
}

# hk_dhclient_hooks DIR: DIR becomes an /etc/dhcp whose exit hook directory
# holds the shipped hook between two recorders, as dhclient-script runs them
# (run-parts order): 00-na-before logs "EPOCH REASON new_ip_address
# new_ip6_address" to $HK_REASONS and the environment to $NA_TMP/env.REASON;
# zz-na-after logs EPOCH to $HK_AFTER. Line N of both is call N: the time
# between them is what dhclient waited for our hook.
HK_REASONS=$NA_TMP/reasons
HK_AFTER=$NA_TMP/after
hk_dhclient_hooks() {
	local d=$1
	mkdir -p "$d/dhclient-exit-hooks.d" "$d/dhclient-enter-hooks.d"
	install -m 0644 "$HK_HOOKS/dhclient/neigh-announce" "$d/dhclient-exit-hooks.d/neigh-announce"
	# shellcheck disable=SC2016 # expanded by dhclient-script
	printf 'printf "%%s %%s %%s %%s\\n" "$(date +%%s.%%N)" "${reason-}" "${new_ip_address-}" "${new_ip6_address-}" >>%q\nenv >%q/env."${reason-}"\n' \
		"$HK_REASONS" "$NA_TMP" >"$d/dhclient-exit-hooks.d/00-na-before"
	printf 'date +%%s.%%N >>%q\n' "$HK_AFTER" >"$d/dhclient-exit-hooks.d/zz-na-after"
	: >"$HK_REASONS"
	: >"$HK_AFTER"
}

# hk_reason_seen REASON: dhclient-script ran the exit hooks for REASON.
hk_reason_seen() {
	grep -q "^[0-9.]* $1 " "$HK_REASONS"
}

# hk_reason_at REASON: the epoch of REASON's first call.
hk_reason_at() {
	awk -v r="$1" '$2 == r {print $1; exit}' "$HK_REASONS"
}

# hk_hook_done REASON: zz-na-after has run for REASON's first call (line N
# of $HK_AFTER is call N): our hook has returned, and with it the helper,
# whose first round is then out. 00-na-before, which hk_reason_seen reads,
# runs before our hook. hk_hook_done_at REASON: when.
hk_hook_done() {
	local n
	n=$(hk_reason_line "$1")
	[ -n "$n" ] && [ "$(grep -c . "$HK_AFTER")" -ge "$n" ]
}
hk_hook_done_at() {
	sed -n "$(hk_reason_line "$1")p" "$HK_AFTER"
}
hk_reason_line() {
	awk -v r="$1" '$2 == r {print NR; exit}' "$HK_REASONS"
}

# hk_arp_in CAP ADDR FROM TO: our ARP announcements of ADDR from epoch FROM
# to before epoch TO.
hk_arp_in() {
	na_fields "$1" "$(hk_arp_f "$2")" frame.time_epoch |
		awk -v a="$3" -v b="$4" '$1 >= a && $1 < b {n++} END {print n + 0}'
}

# hk_hook_ms: per call "REASON MS", the time our hook took (recorder to
# recorder), for the calls both recorders saw.
hk_hook_ms() {
	paste -d' ' "$HK_REASONS" "$HK_AFTER" | awk 'NF >= 3 {printf "%s %d\n", $2, ($NF - $1) * 1000}'
}
