#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The helper under valgrind: no invalid access, no leak, on the real socket
# path (root, namespace, check before each round) and on the pcap path.
. "$(dirname "$0")/lib.sh"
na_require_root
na_require_dynamic
na_require_cmd valgrind
na_lab
ip -n "$NS_A" addr add 192.0.2.10/24 dev "$IF_A"
ip -n "$NS_A" addr add 2001:db8::10/64 dev "$IF_A" nodad
for i in $(seq 20 40); do
	ip -n "$NS_A" addr add "192.0.2.$i/24" dev "$IF_A"
done
sleep 0.2

# --vgdb=no: the helper changes uid, and valgrind's gdb pipes would then
# be left behind in /tmp.
# shellcheck disable=SC2054 # the commas belong to valgrind's option values
VG=(valgrind -q --vgdb=no --error-exitcode=99 --leak-check=full
	--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect)
na_a "${VG[@]}" "$NA_BIN" -f -s 0,0.2 "$IF_A" 192.0.2.10 2001:db8::10
na_eq "socket path, two rounds: valgrind clean" 0 $?
na_a "${VG[@]}" "$NA_BIN" -f -c 1 --all --ipv4 both "$IF_A"
na_eq "--all (23 addresses): valgrind clean" 0 $?
na_a "${VG[@]}" "$NA_BIN" -f -c 1 "$IF_A" 192.0.2.99
na_eq "error path (address not held): exit 2, valgrind clean" 2 $?
"${VG[@]}" "$NA_BIN" --pcap "$NA_TMP/v.pcap" --mac 02:00:00:00:00:09 -s 0,0.1 lab9 192.0.2.77 2001:db8::77
na_eq "pcap path: valgrind clean" 0 $?
"${VG[@]}" "$NA_BIN" --schedule 1,0 lab9 192.0.2.77 2>/dev/null
na_eq "usage error: exit 1, valgrind clean" 1 $?
na_done
