#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# probe and --notify under valgrind: no invalid access, no leak, on the real
# paths (packet socket, BPF filter, frames from a real kernel, netlink dumps
# of routes and neighbours).
. "$(dirname "$0")/lib.sh"
na_require_root
na_require_dynamic
na_require_cmd valgrind
na_lab
ip -n "$NS_A" addr add 192.0.2.10/24 dev "$IF_A"
ip -n "$NS_A" addr add 2001:db8::10/64 dev "$IF_A" nodad
ip -n "$NS_A" route add default via 192.0.2.1 dev "$IF_A"
ip -n "$NS_A" -6 route add default via 2001:db8::1 dev "$IF_A"
ip -n "$NS_A" neigh replace 192.0.2.1 lladdr "$MAC_P" dev "$IF_A" nud reachable
ip -n "$NS_A" -6 neigh replace 2001:db8::1 lladdr "$MAC_P" dev "$IF_A" nud stale
sleep 0.2

# shellcheck disable=SC2054 # the commas belong to valgrind's option values
VG=(valgrind -q --vgdb=no --error-exitcode=99 --leak-check=full
	--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect)
FAST=(--wait 0 --interval 0.2 --listen 0.5)

na_stale 192.0.2.10
na_a "${VG[@]}" "$NA_BIN" -f -s 0,0.2 "$IF_A" 192.0.2.10 2001:db8::10
na_eq "--notify gateways, two rounds: valgrind clean" 0 $?
na_eq "and the gateway took the new MAC" "$MAC_A" "$(na_peer_took 192.0.2.10)"
na_a "${VG[@]}" "$NA_BIN" -f -c 1 --notify neighbours "$IF_A" 192.0.2.10 2001:db8::10
na_eq "--notify neighbours: valgrind clean" 0 $?
na_a "${VG[@]}" "$NA_BIN" probe "${FAST[@]}" "$IF_A" 192.0.2.1 2001:db8::1 2>/dev/null
na_eq "probe, conflict: exit 3, valgrind clean" 3 $?
na_a "${VG[@]}" "$NA_BIN" probe "${FAST[@]}" "$IF_A" 192.0.2.50 2001:db8::50
na_eq "probe, free: exit 0, valgrind clean" 0 $?
na_a "${VG[@]}" "$NA_BIN" probe --probes 99 "$IF_A" 192.0.2.50 2>/dev/null
na_eq "probe, usage error: exit 1, valgrind clean" 1 $?
na_done
