#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Runs networkd-dispatcher's own hook runner for one interface and state.

Usage: networkd-dispatch.py SCRIPT_DIR IFACE STATE

The installed /usr/bin/networkd-dispatcher is loaded as a module and its
Dispatcher.run_hooks_for_state() does the work: script discovery in
SCRIPT_DIR/STATE.d, the root:root 0755 permission checks, the environment
(IFACE, STATE, IP_ADDRS, IP6_ADDRS, json, ...) and the call. Only the link
data it would ask systemd-networkd for (`networkctl status`, which needs
networkd on a system bus) is read from the kernel with `ip -j addr`.
"""
import importlib.machinery
import importlib.util
import json
import socket
import subprocess
import sys

loader = importlib.machinery.SourceFileLoader("networkd_dispatcher",
                                              "/usr/bin/networkd-dispatcher")
spec = importlib.util.spec_from_loader(loader.name, loader)
nd = importlib.util.module_from_spec(spec)
loader.exec_module(nd)


def kernel_status(name):
    out = json.loads(subprocess.check_output(["ip", "-j", "addr", "show", "dev", name]))
    return {"Address": [a["local"] for a in out[0].get("addr_info", [])]}


def main():
    script_dir, name, state = sys.argv[1:4]
    nd.get_networkctl_status = kernel_status
    d = nd.Dispatcher.__new__(nd.Dispatcher)
    d.script_dir = script_dir
    iface = nd.NetworkctlListState(socket.if_nametoindex(name), name, "ether", state, "configured")
    if not d.get_scripts_list(state):
        print("networkd-dispatcher found no script to run", file=sys.stderr)
        return 1
    d.run_hooks_for_state(iface, state)
    return 0


sys.exit(main())
