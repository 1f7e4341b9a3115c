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
stop_bg() {
	na_bg_pids | xargs -r kill 2>/dev/null
	na_bg_done
}
# secs_since T [T2]: seconds from T to T2 (default now), 3 decimals.
secs_since() { awk -v a="$1" -v b="${2:-${EPOCHREALTIME/,/.}}" 'BEGIN { printf "%.3f\n", b - a }'; }

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
# Every frame is sent once the last rounds are over; then wait for dumpcap
# to have them all (each address's 2 rounds) before counting.
na_bg_done
na_capture_wait "$cap" "arp.src.hw_mac == $MAC_A && arp.src.proto_ipv4 in {192.0.2.21..192.0.2.26}" 12 10
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
# The holder's rounds outlast both requests however slow the squatters'
# start is (stop_bg ends it).
na_a "$NA_BIN" --user "$RUN_USER" -s 0,10 "$IF_A" 192.0.2.30
na_eq "a holder is running" 1 "$(bg_count)"
squat 12345 request 192.0.2.67 || exit 1
sq_other=$SQ_PID
# The holder takes connections one at a time, in the order they came: once
# root's 192.0.2.68 is on the wire, another user's 192.0.2.67 would be too.
squat 0 request 192.0.2.68 || exit 1
na_capture_wait "$cap" "arp.src.hw_mac == $MAC_A && arp.src.proto_ipv4 == 192.0.2.68" 1 10
unsquat
kill "$sq_other" 2>/dev/null
wait "$sq_other" 2>/dev/null
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
#    A request joins the running event only while that event's first round
#    is less than NA_JOIN_MS (1 s) old (announce.h); a later one starts a new
#    event (a fresh NA budget and rounds, no second DAD NS), whose first
#    round the holder sends before it answers: the call says "N frames now"
#    with N > 0, where a joined request's N is 0 unless a round of the event
#    happened to be due (also not before 1 s). 50 start-ups on a busy machine
#    can spread past 1 s: with no such call the counts are exact; with some,
#    each such call must have ended 1 s after the first began, and each
#    event adds at most 3 ARPs and 3 NAs. And a call takes the name only
#    when no holder has it: a second holder needs the first's rounds (2 s)
#    over.
cap=$NA_TMP/race.pcapng
na_capture_start "$cap" "$NS_A" "$IF_A" || exit 1
pids=()
t_launch=${EPOCHREALTIME/,/.}
for k in $(seq 1 50); do
	{
		na_a "$NA_BIN" -v --user "$RUN_USER" -s 0,1,2 "$IF_A" 192.0.2.40 2001:db8::40 \
			2>"$NA_TMP/race.$k.err"
		echo "$? ${EPOCHREALTIME/,/.}" >"$NA_TMP/race.$k.end"
	} &
	pids+=($!)
done
wait "${pids[@]}"
left=$(bg_count)
counted=$(secs_since "$t_launch")
# The calls' bookkeeping (one awk: 50 calls' worth of greps is slow on a
# busy machine): exit codes, what each said it did, and when the holders
# and the requests that got frames sent at once ended, after the launch.
read -r bad alone holders early_holders news early_news joined last < <(
	awk -v t0="$t_launch" '
		FNR == 1 { k = FILENAME; sub(/.*race\./, "", k); sub(/\.[a-z]*$/, "", k) }
		FILENAME ~ /end$/ { rc[k] = $1; end[k] = $2; next }
		{ said[k] = said[k] $0 " " }
		END {
			for (k = 1; k <= 50; k++) {
				after = end[k] - t0
				if (rc[k] != "0") bad++
				if (after > last) last = after
				if (said[k] ~ /on our own/) alone++
				else if (said[k] ~ /round 1\/3/) { holders++; if (after < 1.999) eh++ }
				else if (said[k] ~ /handed to the running announcement: [1-9][0-9]* frames now/) {
					news++
					if (after < 0.999) en++
				} else if (said[k] ~ /handed to the running announcement: 0 frames now/) joined++
				else print "# call " k " said neither: " said[k] >"/dev/stderr"
			}
			printf "%d %d %d %d %d %d %d %.3f\n", bad, alone, holders, eh, news, en, joined, last
		}' "$NA_TMP"/race.*.end "$NA_TMP"/race.*.err
)
na_eq "50 racing calls: all exit 0" 0 "$bad"
na_eq "50 racing calls: each held, went alone or was handed over" 50 "$((holders + alone + news + joined))"
na_check "50 racing calls: one holder at a time ($holders holder(s), $early_holders within the first's 2 s)" \
	test "$holders" -ge 1 -a "$early_holders" -le 1
na_eq "50 racing calls: a request that got frames sent at once came 1 s after the first round ($news such)" \
	0 "$early_news"
seqs=$((holders + alone))
# Every sequence lives 2 s from its call's start: counted before the
# launch's + 2 s, all are there.
if na_true "$counted >= 1.9"; then
	na_check "50 racing calls: at most one background sequence a holder and a call that went alone ($alone), $left left after ${counted} s" \
		test "$left" -le "$seqs"
else
	na_eq "50 racing calls: one background sequence a holder, and one per call that said it went alone ($alone)" \
		"$seqs" "$left"
fi
na_check "after the last round: none" na_bg_done
# Everything is sent: wait for dumpcap to have the frames counted below
# (with no later events, exactly 7 a sequence: all of them).
arp_f="arp.src.hw_mac == $MAC_A && arp.src.proto_ipv4 == 192.0.2.40"
na_f="eth.src == $MAC_A && icmpv6.type == 136 && icmpv6.nd.na.target_address == 2001:db8::40"
dad_f="eth.src == $MAC_A && icmpv6.type == 135 && ipv6.src == :: && icmpv6.nd.ns.target_address == 2001:db8::40"
if [ "$news" = 0 ]; then
	na_capture_wait "$cap" "($arp_f) || ($na_f) || ($dad_f)" "$((7 * seqs))" 10
else
	na_capture_wait "$cap" "$arp_f" "$((3 * seqs))" 10
	na_capture_wait "$cap" "$na_f" "$((3 * seqs))" 10
	na_capture_wait "$cap" "$dad_f" "$seqs" 10
fi
na_capture_stop 0.1
na_eq "50 racing calls: one DAD NS a sequence" "$seqs" "$(dads "$cap" 2001:db8::40 | wc -l)"
mapfile -t t < <(nas "$cap" 2001:db8::40 frame.time_epoch)
n_arp=$(arps "$cap" 192.0.2.40 | wc -l)
if [ "$news" = 0 ]; then
	na_eq "50 racing calls: 3 NAs a sequence (the schedule's 3 rounds)" "$((3 * seqs))" "${#t[@]}"
	na_eq "50 racing calls: 3 ARP announcements a sequence" "$((3 * seqs))" "$n_arp"
else
	most=$((3 * (seqs + news)))
	na_check "50 racing calls: 3 NAs a sequence, at most 3 more for each of $news later event(s) (${#t[@]})" \
		test "${#t[@]}" -ge "$((3 * seqs))" -a "${#t[@]}" -le "$most"
	na_check "50 racing calls: 3 ARP announcements a sequence, at most 3 more for each of $news later event(s) ($n_arp)" \
		test "$n_arp" -ge "$((3 * seqs))" -a "$n_arp" -le "$most"
fi
# One process's NAs, new events or not: the spacing holds across them.
if [ "$seqs" = 1 ]; then
	for ((i = 1; i < ${#t[@]}; i++)); do
		gap=$(secs_since "${t[$((i - 1))]}" "${t[$i]}")
		na_check "NA $((i + 1)) at least ~1 s after NA $i (${gap} s)" na_true "$gap >= 0.999"
	done
fi
echo "# racing: $seqs sequence(s) ($holders holder(s), $alone call(s) alone: $(grep -ho 'not joining[^:]*' "$NA_TMP"/race.*.err | sort | uniq -c | tr '\n' ' ')), $news call(s) with frames at once, calls over after $last s, $(dads "$cap" 2001:db8::40 | wc -l) DAD NS, ${#t[@]} NAs, $n_arp ARPs"

# 4. A foreground run 0.2 s after a default one: the background rounds
#    still come, and the foreground run's own frames go out.
cap=$NA_TMP/fg.pcapng
na_capture_start "$cap" || exit 1
na_a "$NA_BIN" --user "$RUN_USER" -s 0,1,2 "$IF_A" 192.0.2.50 2001:db8::50
sleep 0.2
na_a "$NA_BIN" --user "$RUN_USER" -f -c 1 "$IF_A" 192.0.2.50 2001:db8::50
na_eq "foreground run after a default one: exit 0" 0 $?
# The 4 ARPs and 4 NAs counted below: the default run's 3 rounds and the
# foreground run's own (it runs on its own: its NA does not wait for the
# background's spacing).
na_bg_done
na_capture_wait "$cap" "(arp.src.hw_mac == $MAC_A && arp.src.proto_ipv4 == 192.0.2.50) ||
	(eth.src == $MAC_A && icmpv6.type == 136 && icmpv6.nd.na.target_address == 2001:db8::50)" 8 10
na_capture_stop 0.1
na_eq "the default run's 3 rounds and the foreground's 1" 4 "$(arps "$cap" 192.0.2.50 | wc -l)"
na_eq "the default run's 3 NAs and the foreground run's own" 4 "$(nas "$cap" 2001:db8::50 frame.number | wc -l)"

# 5. The R flag is read before every round: forwarding switched on
#    between rounds shows in the second NA. The call returns once its first
#    round is out; the second comes 1.2 s after the call began at the
#    earliest. Switched later than 1 s after the call began (a busy
#    machine), it may not have preceded that round: again, with a longer
#    second offset.
cap=$NA_TMP/router.pcapng
for second in 1.2 3 6; do
	na_capture_start "$cap" || exit 1
	na_a sysctl -qw "net.ipv6.conf.$IF_A.forwarding=0"
	t0=${EPOCHREALTIME/,/.}
	na_a "$NA_BIN" --user "$RUN_USER" -s "0,$second" "$IF_A" 2001:db8::60
	na_a sysctl -qw "net.ipv6.conf.$IF_A.forwarding=1"
	switched=$(secs_since "$t0")
	na_bg_done
	na_capture_wait "$cap" "eth.src == $MAC_A && icmpv6.type == 136 && icmpv6.nd.na.target_address == 2001:db8::60" 2 10
	na_capture_stop 0.1
	na_true "$switched >= $second - 0.2" || break
	echo "# forwarding was switched on only ${switched} s after the call began (second round at +$second s)"
done
na_a sysctl -qw "net.ipv6.conf.$IF_A.forwarding=0"
na_eq "R flag: 0 before forwarding, 1 after" "False True" \
	"$(nas "$cap" 2001:db8::60 icmpv6.nd.na.flag.r | sed 's/^0$/False/; s/^1$/True/' | xargs)"

# 6. -s 1,2: the call returns at once, the rounds come at +1 s and +2 s.
#    Captured where the frames are sent (stamped as they go, not when the
#    peer gets them). The earliest times count from before the call; the
#    latest from its return: its start-up (ASan's, on a busy machine) comes
#    before the helper's own clock starts, and must not count as lateness.
cap=$NA_TMP/delay.pcapng
na_capture_start "$cap" "$NS_A" "$IF_A" || exit 1
t0=${EPOCHREALTIME/,/.}
na_a "$NA_BIN" --user "$RUN_USER" -s 1,2 "$IF_A" 192.0.2.70
rc=$?
t_ret=${EPOCHREALTIME/,/.}
na_eq "-s 1,2: exit 0" 0 "$rc"
took=$(secs_since "$t0" "$t_ret")
na_bg_done
na_capture_wait "$cap" "arp.src.hw_mac == $MAC_A && arp.src.proto_ipv4 == 192.0.2.70" 2 10
na_capture_stop 0.1
mapfile -t t < <(arps "$cap" 192.0.2.70)
na_eq "-s 1,2: two rounds" 2 "${#t[@]}"
r1=$(secs_since "$t_ret" "${t[0]:-0}")
na_check "-s 1,2: returns before the first round (took ${took} s, the round came ${r1} s later)" \
	awk -v r="$r1" 'BEGIN { exit !(r > 0) }'
if [ "${#t[@]}" = 2 ]; then
	d1=$(secs_since "$t0" "${t[0]}")
	d2=$(secs_since "$t0" "${t[1]}")
	r2=$(secs_since "$t_ret" "${t[1]}")
	na_check "first round at +1 s (+$d1 from the call, +$r1 from its return)" \
		awk -v d="$d1" -v r="$r1" 'BEGIN { exit !(d >= 0.95 && r < 1.8) }'
	na_check "second round at +2 s (+$d2 from the call, +$r2 from its return)" \
		awk -v d="$d2" -v r="$r2" 'BEGIN { exit !(d >= 1.95 && r < 2.8) }'
fi

na_done
