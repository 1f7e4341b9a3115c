#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The take-over (takeover.h) against hostile local users and racing calls:
# a squatter on the abstract name, silent or forging, as another user and as
# nobody, neither delays a call nor changes what it sends; a holder takes no
# request from another user; 50 racing calls make one background sequence
# with one DAD NS and NAs 1 s apart; a foreground run leaves the background
# rounds alone; the R flag follows forwarding; a first offset is a delay.
. "$(dirname "$0")/lib.sh"
na_require_root
na_require_cmd dumpcap tshark /usr/bin/python3 setpriv
na_lab
RUN_USER=daemon # not nobody: a nobody squatter must count as another user
for a in 21 22 23 24 25 26 30 40 50 70; do
	ip -n "$NS_A" addr add "192.0.2.$a/24" dev "$IF_A"
done
for a in 21 40 50 60; do
	ip -n "$NS_A" addr add "2001:db8::$a/64" dev "$IF_A" nodad
done
IFX=$(ip -n "$NS_A" -o link show "$IF_A" | cut -d: -f1)
cp "$NA_SRC/tests/ns/squatter.py" "$NA_TMP/squatter.py" && chmod 755 "$NA_TMP/squatter.py"
SQ=$NA_TMP/squatter.py

now() { date +%s.%N; }
ms_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%d\n", (b - a) * 1000 }'; }
arps() { na_fields "$1" "arp.src.hw_mac == $MAC_A && arp.src.proto_ipv4 == $2" frame.time_epoch; }
nas() { na_fields "$1" "eth.src == $MAC_A && icmpv6.type == 136 && icmpv6.nd.na.target_address == $2" "$3"; }
dads() { na_fields "$1" "eth.src == $MAC_A && icmpv6.type == 135 && ipv6.src == :: && icmpv6.nd.ns.target_address == $2" frame.time_epoch; }
bg_count() { na_bg_pids | grep -c .; }
stop_bg() { na_bg_pids | xargs -r kill 2>/dev/null; sleep 0.1; }

# squat USER MODE [ADDR]: a squatter as USER in the announcer's namespace.
squat() {
	local who=$1
	shift
	rm -f "$NA_TMP/sq.out"
	# Not through na_a: a backgrounded function is a subshell, and $! would
	# not be the squatter.
	ip netns exec "$NS_A" setpriv --reuid="$who" --regid="$who" --clear-groups -- \
		/usr/bin/python3 -u "$SQ" "$1" "$IFX" "${@:2}" \
		>"$NA_TMP/sq.out" 2>&1 &
	SQ_PID=$!
	NA_PIDS+=("$SQ_PID")
	for _ in $(seq 1 100); do
		grep -q ready "$NA_TMP/sq.out" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "squatter did not start: $(cat "$NA_TMP/sq.out")"
	return 1
}
unsquat() { kill "$SQ_PID" 2>/dev/null; wait "$SQ_PID" 2>/dev/null; }

# 1. Squatters: another uid and nobody; silent (listens, never answers),
#    bound (never listens), forging (answers as a holder would, with a
#    record for 192.0.2.66 and a made-up "sent" reply). Each call returns
#    within the budget, exits 0 and announces its own address, IPv6 too.
cap=$NA_TMP/squat.pcapng
na_capture_start "$cap" || exit 1
n=21
worst=0
for who in 12345 65534; do
	for mode in silent bound forge; do
		squat "$who" "$mode" 192.0.2.66 || exit 1
		t0=$(now)
		if [ "$n" = 21 ]; then
			na_a "$NA_BIN" --user "$RUN_USER" -s 0,0.5 "$IF_A" 192.0.2.21 2001:db8::21
		else
			na_a "$NA_BIN" --user "$RUN_USER" -s 0,0.5 "$IF_A" "192.0.2.$n"
		fi
		rc=$?
		took=$(ms_since "$t0")
		[ "$took" -gt "$worst" ] && worst=$took
		na_eq "squatter uid $who, $mode: exit 0" 0 "$rc"
		# Was about 5 s: the newcomer waited for a holder that never ends.
		na_check "squatter uid $who, $mode: the call returned in ${took} ms (< 1000)" \
			test "$took" -lt 1000
		unsquat
		n=$((n + 1))
	done
done
echo "# slowest call with a squatter: $worst ms"
sleep 0.8
na_capture_stop 0.1
for a in 21 22 23 24 25 26; do
	na_eq "192.0.2.$a: both rounds on the wire despite the squatter" 2 "$(arps "$cap" "192.0.2.$a" | wc -l)"
done
na_eq "the forged record's 192.0.2.66 is never announced" 0 "$(arps "$cap" 192.0.2.66 | wc -l)"
na_eq "IPv6 beside a squatter: one DAD NS" 1 "$(dads "$cap" 2001:db8::21 | wc -l)"
na_check "IPv6 beside a squatter: NAs sent" test "$(nas "$cap" 2001:db8::21 frame.number | wc -l)" -ge 1
stop_bg

# 2. The holder's side: a request from another user is not taken; the
#    same request from root is (the check can fail both ways).
cap=$NA_TMP/holder.pcapng
na_capture_start "$cap" || exit 1
na_a "$NA_BIN" --user "$RUN_USER" -s 0,3 "$IF_A" 192.0.2.30
na_eq "a holder is running" 1 "$(bg_count)"
squat 12345 request 192.0.2.67 || exit 1
sleep 0.3
unsquat
squat 0 request 192.0.2.68 || exit 1
sleep 0.3
unsquat
na_capture_stop 0.1
na_eq "another user's request: 192.0.2.67 not announced" 0 "$(arps "$cap" 192.0.2.67 | wc -l)"
na_eq "root's request: 192.0.2.68 announced by the holder" 1 "$(arps "$cap" 192.0.2.68 | wc -l)"
stop_bg

# 3. 50 racing calls for one lease (dhcpcd's BOUND and ROUTERADVERT,
#    NetworkManager, networkd-dispatcher at once): one background
#    sequence, one DAD NS, at most 3 NAs at least RetransTimer (1 s) apart.
#    A call never waits more than NA_CLAIM_BUDGET_MS for the holder: on a
#    machine so busy that the holder is not scheduled in time, a call goes
#    on alone and says so (-v). So what is guaranteed, and checked: every
#    sequence beyond the first is one that a call said it started alone.
#    Captured where the frames are sent: the helper counts the spacing from
#    when the last NA's send returned, so the sender's stamps are at least
#    1 s apart however busy the machine (less the clock's 1 ms truncation).
cap=$NA_TMP/race.pcapng
na_capture_start "$cap" "$NS_A" "$IF_A" || exit 1
pids=()
for k in $(seq 1 50); do
	na_a "$NA_BIN" -v --user "$RUN_USER" -s 0,1,2 "$IF_A" 192.0.2.40 2001:db8::40 \
		2>"$NA_TMP/race.$k.err" &
	pids+=($!)
done
bad=0
for p in "${pids[@]}"; do
	wait "$p" || bad=$((bad + 1))
done
na_eq "50 racing calls: all exit 0" 0 "$bad"
alone=$(grep -l "on our own" "$NA_TMP"/race.*.err | wc -l)
seqs=$((1 + alone))
sleep 0.3
left=$(bg_count)
na_eq "50 racing calls: one background sequence, and one per call that said it went alone ($alone)" \
	"$seqs" "$left"
sleep 2.2
na_capture_stop 0.1
na_eq "after the last round: none" 0 "$(bg_count)"
na_eq "50 racing calls: one DAD NS a sequence" "$seqs" "$(dads "$cap" 2001:db8::40 | wc -l)"
mapfile -t t < <(nas "$cap" 2001:db8::40 frame.time_epoch)
na_eq "50 racing calls: 3 NAs a sequence (the schedule's 3 rounds)" "$((3 * seqs))" "${#t[@]}"
if [ "$alone" = 0 ]; then
	for i in 1 2; do
		[ -n "${t[$i]:-}" ] || continue
		gap=$(awk -v a="${t[$((i - 1))]}" -v b="${t[$i]}" 'BEGIN { printf "%.3f", b - a }')
		na_check "NA $((i + 1)) at least ~1 s after NA $i (${gap} s)" \
			awk -v g="$gap" 'BEGIN { exit !(g >= 0.999) }'
	done
fi
na_eq "50 racing calls: 3 ARP announcements a sequence" "$((3 * seqs))" "$(arps "$cap" 192.0.2.40 | wc -l)"
echo "# racing: $left sequence(s) ($alone call(s) alone: $(grep -ho 'not joining[^:]*' "$NA_TMP"/race.*.err | sort | uniq -c | tr '\n' ' ')), $(dads "$cap" 2001:db8::40 | wc -l) DAD NS, ${#t[@]} NAs"

# 4. A foreground run 0.2 s after a default one: the background rounds
#    still come, and the foreground run's own frames go out.
cap=$NA_TMP/fg.pcapng
na_capture_start "$cap" || exit 1
na_a "$NA_BIN" --user "$RUN_USER" -s 0,1,2 "$IF_A" 192.0.2.50 2001:db8::50
sleep 0.2
na_a "$NA_BIN" --user "$RUN_USER" -f -c 1 "$IF_A" 192.0.2.50 2001:db8::50
na_eq "foreground run after a default one: exit 0" 0 $?
sleep 2.3
na_capture_stop 0.1
na_eq "the default run's 3 rounds and the foreground's 1" 4 "$(arps "$cap" 192.0.2.50 | wc -l)"
na_check "the foreground run sent its NA" test "$(nas "$cap" 2001:db8::50 frame.number | wc -l)" -ge 3

# 5. The R flag is read before every round: forwarding switched on
#    between rounds shows in the second NA.
cap=$NA_TMP/router.pcapng
na_capture_start "$cap" || exit 1
na_a sysctl -qw "net.ipv6.conf.$IF_A.forwarding=0"
na_a "$NA_BIN" --user "$RUN_USER" -s 0,1.2 "$IF_A" 2001:db8::60
sleep 0.5
na_a sysctl -qw "net.ipv6.conf.$IF_A.forwarding=1"
sleep 1.2
na_capture_stop 0.1
na_a sysctl -qw "net.ipv6.conf.$IF_A.forwarding=0"
na_eq "R flag: 0 before forwarding, 1 after" "False True" \
	"$(nas "$cap" 2001:db8::60 icmpv6.nd.na.flag.r | sed 's/^0$/False/; s/^1$/True/' | xargs)"

# 6. -s 1,2: the call returns at once, the rounds come at +1 s and +2 s.
cap=$NA_TMP/delay.pcapng
na_capture_start "$cap" || exit 1
t0=$(now)
na_a "$NA_BIN" --user "$RUN_USER" -s 1,2 "$IF_A" 192.0.2.70
na_eq "-s 1,2: exit 0" 0 $?
took=$(ms_since "$t0")
na_check "-s 1,2: returns before the first round (${took} ms)" test "$took" -lt 900
sleep 2.5
na_capture_stop 0.1
mapfile -t t < <(arps "$cap" 192.0.2.70)
na_eq "-s 1,2: two rounds" 2 "${#t[@]}"
if [ "${#t[@]}" = 2 ]; then
	d1=$(awk -v a="$t0" -v b="${t[0]}" 'BEGIN { printf "%.3f", b - a }')
	d2=$(awk -v a="$t0" -v b="${t[1]}" 'BEGIN { printf "%.3f", b - a }')
	na_check "first round at +1 s (+$d1)" awk -v d="$d1" 'BEGIN { exit !(d >= 0.95 && d < 1.8) }'
	na_check "second round at +2 s (+$d2)" awk -v d="$d2" 'BEGIN { exit !(d >= 1.95 && d < 2.8) }'
fi

na_done
