#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The watcher survives interfaces appearing, disappearing and being renamed,
# and the kernel dropping events (ENOBUFS): it reads the whole state again and
# carries on, announcing the next link-up.
# shellcheck source=tests/ns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/ns/watch_lab.sh
. "$(dirname "$0")/watch_lab.sh"
na_require_root
na_require_cmd dumpcap tshark
wl_lab
ip -n "$NS_A" addr add 192.0.2.10/24 dev "$IF_A"

flap_peer() {
	ip -n "$NS_P" link set "$IF_P" down
	sleep 0.3
	ip -n "$NS_P" link set "$IF_P" up
	sleep 0.6
}

# Only "lan0" and "x5" are watched; va0 is not (yet).
wl_start -v -s 0,0.3 lan0 x5 || exit 1
flap_peer
na_eq "an interface not named is not announced" 0 "$(wl_count "announcing every address")"

# Interfaces come and go: 20 veth pairs created, brought up and deleted.
for k in $(seq 1 20); do
	ip -n "$NS_A" link add "x$k" type veth peer name "y$k"
	ip -n "$NS_A" addr add "198.51.100.$k/32" dev "x$k"
	ip -n "$NS_A" link set "y$k" up
	ip -n "$NS_A" link set "x$k" up
done
for k in $(seq 1 20); do
	ip -n "$NS_A" link del "x$k"
done
sleep 0.3
na_check "still running after 20 interfaces came and went" kill -0 "$WPID"
wl_wait_count 1 "x5: link up: announcing"
na_eq "the new interface x5 was announced at its link-up" 1 "$(wl_count "x5: link up: announcing")"
na_check "and forgotten when deleted" wl_wait_count 1 "x5: interface gone"
na_eq "the others were not watched" 0 "$(grep -c "x1[0-9]*: link up" "$WLOG")"

# Renamed into the watched name: the link-up after the rename is announced.
ip -n "$NS_A" link set "$IF_A" down
ip -n "$NS_A" link set "$IF_A" name lan0
ip -n "$NS_A" link set lan0 up
wl_wait_count 1 "lan0: link up: announcing"
na_check "the rename is noticed" grep -q "va0: renamed to lan0" "$WLOG"
na_eq "the renamed interface is announced at its link-up" 1 "$(wl_count "lan0: link up: announcing")"
cap=$NA_TMP/churn.pcapng
wl_capture_start "$cap" || exit 1
flap_peer
wl_wait_count 2 "lan0: link up: announcing"
na_eq "and at the next carrier-up" 2 "$(wl_count "lan0: link up: announcing")"

# ENOBUFS: stop the watcher, flood its socket with far more link events than
# its buffer holds, and only then take the link down: that event is lost.
flood() {
	ip -n "$NS_A" link add z0 type veth peer name z1
	for _ in $(seq 1 1500); do
		echo "link set dev z0 up"
		echo "link set dev z0 down"
	done | ip -n "$NS_A" -batch -
	ip -n "$NS_A" link del z0
}
kill -STOP "$WPID"
flood
ip -n "$NS_P" link set "$IF_P" down
kill -CONT "$WPID"
na_check "ENOBUFS seen and handled by reading the state again" \
	wl_wait_count 1 "events lost (ENOBUFS): reading the state again"
na_check "still running after ENOBUFS" kill -0 "$WPID"
# It learnt from the dump that the link is down: the carrier-up is news.
t_up=$(date +%s.%N)
ip -n "$NS_P" link set "$IF_P" up
wl_wait_count 3 "lan0: link up: announcing"
na_eq "the carrier-up after the resynchronisation is announced" 3 "$(wl_count "lan0: link up: announcing")"
# Both the down and the up lost: the dump shows the link running as before,
# but the kernel's carrier-up counter has moved on. That is a link-up.
kill -STOP "$WPID"
flood
ip -n "$NS_P" link set "$IF_P" down
sleep 0.2
ip -n "$NS_P" link set "$IF_P" up
kill -CONT "$WPID"
# The dump may still show the link down, if the kernel has not yet taken in
# the carrier's return; then the event that follows announces it. This is
# the link's fourth start: if the first three came within 2 s, damping
# (watch_plan.h) holds it back until a token is due, and the announcement
# is logged as "link settled" instead (at most 2 s later).
na_check "a down and up lost with the events is still announced" \
	wl_wait_count 4 "lan0: link \(up\|settled\): announcing"
na_eq "ENOBUFS twice" 2 "$(wl_count "events lost (ENOBUFS)")"
na_check "and its ARP announcements reached the peer" na_capture_wait "$cap" \
	"$(wl_ours_filter) && arp.src.proto_ipv4 == 192.0.2.10 && frame.time_epoch > $t_up" 2 10
kill -INT "$NA_CAP_PID"
wait "$NA_CAP_PID" 2>/dev/null
# A link that goes down while the watcher reads the state again. From the
# overflow until the socket's queue is empty the kernel drops every event
# without another ENOBUFS, so the watcher must empty the queue before its
# dump, or this down is lost. The down comes right after the watcher
# resumes with a full queue; 4,000 addresses on an interface nobody watches
# make its dump long enough that the down falls within it, most times
# (without the emptying, most such downs were lost here). Three rounds.
ip -n "$NS_A" link add w0 type veth peer name w1
awk 'BEGIN { for (k = 1; k <= 4000; k++)
	printf "addr add 10.9.%d.%d/32 dev w0\n", int(k / 250), k % 250 + 1 }' | ip -n "$NS_A" -batch -
for r in 1 2 3; do
	downs=$(wl_count "lan0: link down")
	ups=$(wl_count "lan0: link up")
	kill -STOP "$WPID"
	flood
	kill -CONT "$WPID"
	ip -n "$NS_P" link set "$IF_P" down
	na_check "round $r: a link-down during the resynchronisation is seen" \
		wl_wait_count $((downs + 1)) "lan0: link down"
	ip -n "$NS_P" link set "$IF_P" up
	na_check "round $r: and the link-up after it" wl_wait_count $((ups + 1)) "lan0: link up"
done
na_eq "a resynchronisation each round" 5 "$(wl_count "events lost (ENOBUFS)")"
ip -n "$NS_A" link del w0
# The interface that was deleted while we were stopped is forgotten, and
# nothing leaked on the way (the valgrind test checks that in earnest).
wl_stop
na_eq "SIGTERM: exit 0" 0 "$WRC"

# --initial: the links that are up at start-up are announced too.
wl_start -v -s 0 --initial lan0 || exit 1
wl_wait_count 1 "lan0: link up: announcing"
na_eq "--initial: announced at start-up" 1 "$(wl_count "lan0: link up: announcing")"
wl_stop
wl_start -v -s 0 lan0 || exit 1
sleep 0.5
na_eq "without --initial: nothing at start-up" 0 "$(wl_count "lan0: link up: announcing")"
wl_stop
na_done
