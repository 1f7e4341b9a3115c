# shellcheck shell=bash
# SPDX-License-Identifier: BSD-2-Clause
# Shared by the namespace tests: a throwaway lab of two network namespaces
# joined by a veth pair, the announcer ("a") and the peer ("p"). Source it.
#
# Exit codes follow CTest: 0 pass, 1 fail, 77 skip. Under CI=true a skip is a
# failure: CI must run every test.

NA_BIN=${NA_BIN:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build/helper/neigh-announce}
NA_SRC=${NA_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
NA_FAILS=0
NA_CHECKS=0
NA_TMP=$(mktemp -d /tmp/na-test.XXXXXX)
chmod 755 "$NA_TMP"
NA_TAG=${NA_TAG:-t$$}
NS_A=na-$NA_TAG-a
NS_P=na-$NA_TAG-p
IF_A=va0
IF_P=vp0
MAC_A=02:00:00:aa:00:01
MAC_P=02:00:00:bb:00:01
MAC_STALE=02:de:ad:be:ef:01
NA_PIDS=()
trap 'na_cleanup' EXIT
trap 'exit 130' INT TERM

na_skip() {
	echo "SKIP: $*"
	if [ "${CI:-}" = true ]; then
		echo "FAIL: a skip is a failure under CI=true"
		exit 1
	fi
	exit 77
}

na_require_root() {
	[ "$(id -u)" = 0 ] || na_skip "needs root (network namespaces)"
	ip netns list >/dev/null 2>&1 || na_skip "ip netns does not work here"
}

# The valgrind tests: valgrind knows glibc's own quirks only in its shared
# library, and reports a static glibc's start-up and exit (NA_STATIC); the
# dynamic build's run of these tests covers the same code.
na_require_dynamic() {
	readelf -lW "$NA_BIN" 2>/dev/null | grep -q INTERP ||
		na_skip "$NA_BIN is statically linked (NA_STATIC): valgrind checks the dynamic build"
}

na_require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || na_skip "needs $c"
	done
}

# A failed check prints the end of NA_FAIL_LOG (a log the test names, such
# as the watcher's), so that a failure seen only in CI's output can be
# understood from it.
na_failed() {
	NA_FAILS=$((NA_FAILS + 1))
	if [ -n "${NA_FAIL_LOG:-}" ] && [ -s "$NA_FAIL_LOG" ]; then
		echo "#   the last lines of $(basename "$NA_FAIL_LOG"):"
		tail -n 12 "$NA_FAIL_LOG" | sed 's/^/#   /'
	fi
}

# na_check DESCRIPTION COMMAND...: runs COMMAND, records pass or fail.
na_check() {
	local what=$1
	shift
	NA_CHECKS=$((NA_CHECKS + 1))
	if "$@"; then
		echo "ok - $what"
	else
		echo "not ok - $what"
		na_failed
	fi
}

# na_eq DESCRIPTION EXPECTED ACTUAL
na_eq() {
	NA_CHECKS=$((NA_CHECKS + 1))
	if [ "$2" = "$3" ]; then
		echo "ok - $1"
	else
		echo "not ok - $1: expected '$2', got '$3'"
		na_failed
	fi
}

na_cleanup() {
	local p
	for p in "${NA_PIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	# Background sequences of the helper live on in the namespace: end them.
	for ns in "$NS_A" "$NS_P"; do
		if ip netns pids "$ns" >/dev/null 2>&1; then
			ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
			ip netns del "$ns" 2>/dev/null
		fi
	done
	rm -rf "$NA_TMP"
}

na_done() {
	echo "# $((NA_CHECKS - NA_FAILS)) passed, $NA_FAILS failed"
	[ "$NA_FAILS" -eq 0 ] && [ "$NA_CHECKS" -gt 0 ]
}

# Two namespaces, one veth pair, both ends up, fixed MACs, IPv6 without DAD
# delays for the addresses we add (nodad), and the peer's own addresses.
na_lab() {
	ip netns add "$NS_A" || exit 1
	ip netns add "$NS_P" || exit 1
	ip link add "$IF_A" netns "$NS_A" address "$MAC_A" type veth \
		peer name "$IF_P" netns "$NS_P" address "$MAC_P" || exit 1
	for ns in "$NS_A" "$NS_P"; do
		ip -n "$ns" link set lo up
	done
	# The kernels run no DAD of their own (they would send NSes for their
	# link-local addresses, on every carrier-up too, and blur counts of our
	# frames). Set NA_LAB_DAD=1 before na_lab to keep it.
	if [ "${NA_LAB_DAD:-0}" != 1 ]; then
		ip netns exec "$NS_A" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0 "net.ipv6.conf.$IF_A.accept_dad=0"
		ip netns exec "$NS_P" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0 "net.ipv6.conf.$IF_P.accept_dad=0"
	fi
	ip -n "$NS_A" link set "$IF_A" up
	ip -n "$NS_P" link set "$IF_P" up
	ip -n "$NS_P" addr add 192.0.2.1/24 dev "$IF_P"
	ip -n "$NS_P" addr add 2001:db8::1/64 dev "$IF_P" nodad
}

na_a() { ip netns exec "$NS_A" "$@"; }
na_p() { ip netns exec "$NS_P" "$@"; }

# na_stale ADDR: the peer believes ADDR lives at MAC_STALE.
na_stale() {
	ip -n "$NS_P" neigh replace "$1" lladdr "$MAC_STALE" dev "$IF_P" nud stale
}

# na_peer_mac ADDR: the MAC the peer's neighbour table holds for ADDR.
na_peer_mac() {
	ip -n "$NS_P" neigh show "$1" dev "$IF_P" | awk '{for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1)}'
}

# na_peer_took ADDR [MAC]: the peer's MAC for ADDR, once it is MAC (default
# MAC_A; at most 5 s). For the checks that our frames updated the entry: the
# peer's kernel takes a frame in a moment after it was sent, later on a busy
# machine. (Checks that an entry stays as it was read na_peer_mac.)
na_peer_took() {
	na_wait 5 na_peer_has "$1" "${2:-$MAC_A}"
	na_peer_mac "$1"
}
na_peer_has() {
	[ "$(na_peer_mac "$1")" = "$2" ]
}

# na_capture_start FILE [NS IFACE]: capture on the peer's end (or IFACE in
# NS) until na_capture_stop. On the announcer's own end a frame's stamp is
# taken as it is sent, before the send returns; the peer's is taken as it
# is received, which a busy machine can put off.
na_capture_start() {
	rm -f "$1"
	ip netns exec "${2:-$NS_P}" dumpcap -q -i "${3:-$IF_P}" -w "$1" >"$NA_TMP/dumpcap.log" 2>&1 &
	NA_CAP_PID=$!
	NA_PIDS+=("$NA_CAP_PID")
	for _ in $(seq 1 100); do
		grep -q "Capturing on" "$NA_TMP/dumpcap.log" 2>/dev/null && [ -s "$1" ] && return 0
		sleep 0.05
	done
	echo "dumpcap did not start: $(cat "$NA_TMP/dumpcap.log")"
	return 1
}

# na_capture_wait FILE FILTER N [SECONDS]: waits until the running capture
# FILE holds N frames that match FILTER (at most SECONDS, default 20): dumpcap
# writes a frame some time after it arrived, later the busier the machine,
# so a check that counts frames waits for them before the capture stops.
na_capture_wait() {
	local f=$1 filter=$2 n=$3 end=$((SECONDS + ${4:-20}))
	while [ "$SECONDS" -lt "$end" ]; do
		[ "$(na_fields "$f" "$filter" frame.number | wc -l)" -ge "$n" ] && return 0
		sleep 0.1
	done
	return 1
}

na_capture_stop() {
	sleep "${1:-0.3}"
	kill -INT "$NA_CAP_PID" 2>/dev/null
	wait "$NA_CAP_PID" 2>/dev/null
}

# na_fields FILE FILTER FIELD...: tshark's decode of the capture, one line a frame.
na_fields() {
	local f=$1 filter=$2
	shift 2
	local args=() x
	for x in "$@"; do
		args+=(-e "$x")
	done
	tshark -r "$f" -Y "$filter" -T fields -E separator=' ' "${args[@]}" 2>/dev/null
}

# na_bg_pids [NS]: the helper's background processes in namespace NS (default
# the announcer's). pgrep alone would also see other labs' processes.
na_bg_pids() {
	local p c
	for p in $(ip netns pids "${1:-$NS_A}" 2>/dev/null); do
		# A call returns once it has forked its background process, which
		# then execs rounds and takes its title: on a busy machine the
		# title can come later. Wait for it (or for the process to end)
		# while the process is still one of ours.
		for _ in $(seq 1 100); do
			c=$(cat "/proc/$p/comm" 2>/dev/null) || break
			case $c in
			na-bg-*)
				echo "$p"
				break
				;;
			esac
			case "$(readlink "/proc/$p/exe" 2>/dev/null)" in
			*/neigh-announce | */rounds) sleep 0.05 ;;
			*) break ;;
			esac
		done
	done
}

# na_wait SECONDS COMMAND...: polls COMMAND every 0.05 s until it succeeds
# (0) or SECONDS have passed (1). For checks of what the program does in its
# own time: a fixed sleep before them fails on a busy machine.
na_wait() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.05
	done
}

# Arithmetic on times in seconds with fractions, epochs too (awk: no bc
# needed). na_calc EXPR prints its value; na_true EXPR succeeds when it holds.
na_calc() {
	awk "BEGIN { printf \"%.6f\\n\", $1 }"
}
na_true() {
	awk "BEGIN { exit !($1) }"
}

# na_bg_gone [NS]: true when the helper has no background process left in
# NS (default the announcer's). na_bg_done waits (at most 15 s) for that:
# the end of the last round, later than its schedule on a busy machine.
na_bg_gone() {
	[ -z "$(na_bg_pids "${1:-$NS_A}")" ]
}
na_bg_done() {
	na_wait 15 na_bg_gone
}

# na_run_uids: the Uid: line of /proc/PID/status (real, effective, saved,
# fs) of a root run without --user or user =: _neigh-announce where that user
# exists, else nobody. Tests that read it hold the ctest lock "run-user",
# since ns/run_user creates _neigh-announce for a while.
na_run_uids() {
	local u
	u=$(id -u _neigh-announce 2>/dev/null || id -u nobody)
	echo "$u $u $u $u"
}

# na_plain_bin: a copy of the helper without file capabilities (cp copies no
# xattrs), readable by an ordinary user: for "no CAP_NET_RAW" checks, which
# must hold also when NA_BIN is an installed binary with cap_net_raw+p.
na_plain_bin() {
	local d=$NA_TMP/plain c
	if [ ! -x "$d/helper/neigh-announce" ]; then
		# The companions (probe, watch, the full program and the
		# background rounds) where the copy looks for them:
		# ../libexec/neigh-announce beside it, as in the build tree.
		mkdir -p "$d/helper" "$d/libexec/neigh-announce" &&
			cp "$NA_BIN" "$d/helper/neigh-announce" && chmod 755 "$d/helper/neigh-announce"
		for c in probe watch announce rounds; do
			cp "$(dirname "$NA_BIN")/../libexec/neigh-announce/$c" "$d/libexec/neigh-announce/$c" &&
				chmod 755 "$d/libexec/neigh-announce/$c"
		done
		chmod 755 "$d" "$d/helper" "$d/libexec" "$d/libexec/neigh-announce"
	fi
	echo "$d/helper/neigh-announce"
}
