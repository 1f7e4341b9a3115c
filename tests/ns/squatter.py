#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
# A hostile local process for tests/ns/t_takeover.sh: takes the helper's
# abstract take-over name for an interface before the helper does, or talks
# to a running helper. Modes:
#   silent IFINDEX       listen, never accept (a newcomer's connect works,
#                        nothing ever answers)
#   bound IFINDEX        bind, never listen (connect is refused, bind fails)
#   forge IFINDEX ADDR   accept and answer everything as a holder would:
#                        an old-style hand-over record for ADDR, then a
#                        made-up "taken, sent" reply
#   request IFINDEX ADDR connect to a running helper and hand it ADDR in a
#                        well-formed request
# Prints "ready" once the name is taken (or the request is sent), then runs
# until killed.
import socket
import struct
import sys
import time

mode, ifindex = sys.argv[1], int(sys.argv[2])
name = b"\0neigh-announce/2/ifindex/%d" % ifindex


def ready():
    print("ready", flush=True)


def v4_record(addr):
    return bytes([4, 0, 0, 0]) + socket.inet_aton(addr) + bytes(12)


if mode in ("silent", "bound", "forge"):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(name)
    if mode != "bound":
        s.listen(64)
    ready()
    while True:
        if mode != "forge":
            time.sleep(60)
            continue
        c, _ = s.accept()
        try:
            c.settimeout(0.5)
            # A made-up "taken, 9 frames sent" reply (a newcomer that
            # believed it would announce nothing), then what the old
            # protocol's newcomer took as progress for another address.
            c.sendall(b"NAA1" + struct.pack("=III", 0, 9, 0))
            c.sendall(v4_record(sys.argv[3]))
        except OSError:
            pass
        c.close()
elif mode == "request":
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(name)
    sched = [0] + [0] * 15
    hdr = b"NAR1" + bytes([1, 3, 0, 0, 1, 0, 0, 0])
    hdr += struct.pack("=16I", *sched) + struct.pack("=I", 1)
    try:
        s.sendall(hdr + v4_record(sys.argv[3]))
    except OSError:
        pass  # a holder that does not trust us cuts us off
    ready()
    try:
        s.settimeout(2)
        s.recv(16)
    except OSError:
        pass
    time.sleep(60)
