#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# 1,200 link events (and some address changes) under valgrind: no leak, no
# memory error; and the same run natively: no growth of the anonymous resident set
# between the first 200 events and 1,000 more.
# shellcheck source=tests/ns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/ns/watch_lab.sh
. "$(dirname "$0")/watch_lab.sh"
na_require_root
na_require_dynamic
na_require_cmd valgrind
wl_lab
ip -n "$NS_A" addr add 192.0.2.10/24 dev "$IF_A"
ip -n "$NS_A" addr add 2001:db8::10/64 dev "$IF_A" nodad

# flaps N: N down/up pairs of the peer's end, each a link event on the
# announcer. The kernel's linkwatch sends the announcer's RTM_NEWLINK when
# it gets to the carrier change, and folds changes it has not got to yet
# into one: so each change waits until the announcer's operstate (set by
# linkwatch with that message) shows it, and none is folded away however
# busy the machine is. One process feeds ip -batch, in the announcer's
# namespace to read its sysfs.
flaps() {
	ip netns exec "$NS_A" /usr/bin/python3 -c '
import sys, time
n, ifa, ifp = int(sys.argv[1]), sys.argv[2], sys.argv[3]
def state():
    with open("/sys/class/net/%s/operstate" % ifa) as f:
        return f.read().strip()
def wait(up):
    end = time.monotonic() + 5
    while (state() == "up") != up and time.monotonic() < end:
        time.sleep(0.0005)
for k in range(n):
    for up in (False, True):
        sys.stdout.write("link set dev %s %s\n" % (ifp, "up" if up else "down"))
        sys.stdout.flush()
        wait(up)
' "$1" "$IF_A" "$IF_P" | ip -n "$NS_P" -batch -
}
addrs() {
	local k
	for k in $(seq 1 "$1"); do
		ip -n "$NS_A" addr add "192.0.2.$((100 + k))/24" dev "$IF_A"
		ip -n "$NS_A" addr add "2001:db8::$((100 + k))/64" dev "$IF_A" nodad
	done
	for k in $(seq 1 "$1"); do
		ip -n "$NS_A" addr del "192.0.2.$((100 + k))/24" dev "$IF_A"
		ip -n "$NS_A" addr del "2001:db8::$((100 + k))/64" dev "$IF_A"
	done
}

# caught_up OLD NEW: renames the interface OLD (a veth end that stays down,
# made before the storm) to NEW and waits until the watcher logs it.
# Netlink keeps the order of events (and a dump after ENOBUFS shows the new
# name too), so then the watcher has read everything that came before,
# however far behind valgrind's watcher was.
ip -n "$NS_A" link add m0 type veth peer name n0
caught_up() {
	ip -n "$NS_A" link set "$1" name "$2"
	wl_wait_count 1 "$1: renamed to $2" 60
}

vglog=$NA_TMP/valgrind.log
# (valgrind-nss.supp: what glibc keeps of an NSS module after getpwnam.)
NA_WRAP=(valgrind -q --vgdb=no --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all
	--num-callers=40 --suppressions="$(dirname "$0")/valgrind-nss.supp"
	--error-exitcode=99 --log-file="$vglog")
WL_START_TRIES=600 wl_start -vv -s 0,0.2 || exit 1
flaps 600
addrs 10
na_check "the watcher read the storm to its end" caught_up m0 m1
# Settled: one more carrier-up must still be announced: as a link-up, or,
# the storm having used up its starts, as the link settled (watch_plan.h:
# at most 2 s later).
before=$(wl_count "va0: link \(up\|settled\): announcing every address")
downs=$(wl_count "va0: link down")
ip -n "$NS_P" link set "$IF_P" down
wl_wait_count $((downs + 1)) "va0: link down" 30
ip -n "$NS_P" link set "$IF_P" up
na_check "still announcing after the storm" \
	wl_wait_count $((before + 1)) "va0: link \(up\|settled\): announcing every address" 30
wl_stop
grep "netlink messages" "$WLOG"
msgs=$(sed -n 's/.*(\([0-9]*\) about links).*/\1/p' "$WLOG")
resyncs=$(sed -n 's/.* \([0-9]*\) resynchronisations.*/\1/p' "$WLOG")
# All 1,200 reach the watcher; or, if valgrind's watcher fell behind, the
# kernel dropped some (ENOBUFS) and the watcher resynchronised from a dump,
# and that path ran under valgrind too.
na_check "at least 1,200 link events read ($msgs), or a resynchronisation ($resyncs)" \
	test "${msgs:-0}" -ge 1200 -o "${resyncs:-0}" -ge 1
na_eq "valgrind: exit 0 (99 would be a memory error or a leak)" 0 "$WRC"
# valgrind cannot run seccomp(2) (syscall 317): it says so, the watcher
# logs "going on without it", and nothing else may be reported.
na_eq "valgrind: nothing reported (but its note on seccomp)" "" \
	"$(grep -v -e 'unhandled amd64-linux syscall: 317' -e 'write your own handler' \
		-e 'README_MISSING_SYSCALL_OR_IOCTL' -e 'we consider this a bug' \
		-e 'valgrind.org/support/bug_reports' "$vglog")"

# Natively: the anonymous resident set (heap, stack: what a leak grows)
# after 200 events and after 1,000 more. Not VmRSS: a code path first taken
# late faults in a 64 KiB window of libc's file pages, which is no leak.
NA_WRAP=()
wl_start -v -s 0,0.2 || exit 1
flaps 100
addrs 5
caught_up m1 m2
rss1=$(awk '/^RssAnon:/ {print $2}' "/proc/$WPID/status")
flaps 500
addrs 5
caught_up m2 m3
rss2=$(awk '/^RssAnon:/ {print $2}' "/proc/$WPID/status")
echo "# RssAnon after 200 events: $rss1 kB, after 1,000 more: $rss2 kB (VmRSS $(awk '/^VmRSS:/ {print $2}' "/proc/$WPID/status") kB)"
na_check "no growth (at most 8 kB more: $rss1 -> $rss2 kB)" test "$((rss2 - rss1))" -le 8
wl_stop
na_eq "SIGTERM: exit 0" 0 "$WRC"
na_done
