#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Setuid-free: CAP_NET_RAW alone, and nothing once the socket is open.
. "$(dirname "$0")/lib.sh"
na_require_root
na_require_cmd setpriv setcap getcap strace
na_lab
ip -n "$NS_A" addr add 192.0.2.10/24 dev "$IF_A"

# A copy the ordinary user can run; first without any capability.
bin=$(na_plain_bin)
as_user() { na_a setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all -- "$@"; }

# The program hooks run, and with -f the full program it runs (a file of
# its own, which needs the capability of its own).
full=$(dirname "$bin")/../libexec/neigh-announce/announce
rounds=$(dirname "$bin")/../libexec/neigh-announce/rounds
na_stale 192.0.2.10
for mode in "" -f; do
	# shellcheck disable=SC2086 # $mode: no option, or one
	out=$(as_user "$bin" $mode -c 1 "$IF_A" 192.0.2.10 2>&1)
	na_eq "ordinary user without the capability${mode:+, $mode}: exit 4" 4 $?
	na_check "the message names CAP_NET_RAW and setcap" grep -q "CAP_NET_RAW.*setcap cap_net_raw+p" <<<"$out"
done
na_eq "and nothing was announced" "$MAC_STALE" "$(na_peer_mac 192.0.2.10)"

setcap cap_net_raw+p "$bin"
setcap cap_net_raw+p "$full"
na_check "getcap shows cap_net_raw" grep -q cap_net_raw <<<"$(getcap "$bin")"
as_user "$bin" -c 1 "$IF_A" 192.0.2.10
na_eq "ordinary user with cap_net_raw+p: exit 0" 0 $?
na_eq "and the peer took the new MAC" "$MAC_A" "$(na_peer_took 192.0.2.10)"
na_stale 192.0.2.10
as_user "$bin" -f -c 1 "$IF_A" 192.0.2.10
na_eq "ordinary user with cap_net_raw+p, -f (the full program): exit 0" 0 $?
na_eq "and the peer took the new MAC" "$MAC_A" "$(na_peer_took 192.0.2.10)"

# The background rounds get the packet socket, so the program hooks run
# hands it only to a rounds program that no one but root (or its own file's
# owner) can change; the copy's is root's. One of another user's, or one
# others may write, is not run: the first round goes, nothing after it.
for how in "chown 65534" "chmod 777"; do
	cp -p "$rounds" "$rounds.good"
	$how "$rounds"
	# ASAN_OPTIONS: LeakSanitizer cannot work under ptrace (ASan builds only).
	na_a env ASAN_OPTIONS=detect_leaks=0 strace -f -e trace=execve,execveat -e signal=none -o "$NA_TMP/refuse.trace" \
		"$bin" -s 0,30 "$IF_A" 192.0.2.10
	na_eq "rounds after $how: the call still exits 0" 0 $?
	na_eq "rounds after $how: not run" 0 "$(grep -c 'execveat(' "$NA_TMP/refuse.trace")"
	na_eq "rounds after $how: no background process" "" "$(na_bg_pids)"
	mv "$rounds.good" "$rounds"
done
# Run by hand it finds no packet socket of ours and does nothing.
out=$(as_user "$rounds" 3</dev/null 5</dev/null 2>&1)
na_eq "rounds run by hand: exit 1" 1 $?
na_check "rounds run by hand says what it is: $out" grep -q "not one to run by hand" <<<"$out"
na_check "no file of ours is setuid or setgid" test ! -u "$NA_BIN" -a ! -g "$NA_BIN"

# The background process of a root run: the default user, no capability at all,
# no_new_privs, its own name, only its socket(s) and /dev/null open.
na_a "$NA_BIN" -s 0,30 "$IF_A" 192.0.2.10
rc=$?
na_eq "root run: exit 0" 0 "$rc"
sleep 0.2
pid=$(na_bg_pids | tail -n 1)
na_check "background process is running as na-bg-$IF_A" test -n "$pid"
if [ -n "$pid" ]; then
	st=/proc/$pid/status
	na_eq "CapPrm 0" 0000000000000000 "$(awk '/^CapPrm/ {print $2}' "$st")"
	na_eq "CapEff 0" 0000000000000000 "$(awk '/^CapEff/ {print $2}' "$st")"
	na_eq "CapInh 0" 0000000000000000 "$(awk '/^CapInh/ {print $2}' "$st")"
	# The bounding set is left as the caller's: with no_new_privs set before
	# the user switch no execve can gain from it (helper/caps.c, switch_user).
	na_eq "CapBnd the caller's" "$(awk '/^CapBnd/ {print $2}' /proc/self/status)" \
		"$(awk '/^CapBnd/ {print $2}' "$st")"
	na_eq "CapAmb 0" 0000000000000000 "$(awk '/^CapAmb/ {print $2}' "$st")"
	na_eq "NoNewPrivs 1" 1 "$(awk '/^NoNewPrivs/ {print $2}' "$st")"
	na_eq "runs as the default user" "$(na_run_uids)" "$(awk '/^Uid/ {print $2, $3, $4, $5}' "$st")"
	na_eq "no supplementary groups" "" "$(awk '/^Groups/ {print $2}' "$st")"
	sid=$(ps -o sid= -p "$pid" | tr -d ' ')
	na_check "a session of its own, not the caller's" test "$sid" != "$(ps -o sid= -p $$ | tr -d ' ')"
	na_check "not a session leader (cannot take a terminal)" test "$sid" != "$pid"
	fds=$(ls "/proc/$pid/fd" | sort -n | tr '\n' ' ')
	na_eq "open fds: 0-2 and its two sockets" "0 1 2 3 4 " "$fds"
	# By device, not by path: seen from another mount namespace (a chroot's
	# ip netns exec) the path of the same /dev/null can read differently.
	na_eq "stdin is /dev/null" "$(stat -L -c '%F %t:%T' /dev/null)" "$(stat -L -c '%F %t:%T' "/proc/$pid/fd/0")"
	kill "$pid"
fi

na_done
