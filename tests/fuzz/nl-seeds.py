#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
# Writes the corpus/nl seeds: what the kernel answers to an RTM_GETLINK and
# an RTM_GETADDR dump, recv() buffer by recv() buffer. Run it inside a lab
# namespace with a few addresses (IPv4, IPv6, a point-to-point peer):
#   ip netns exec NS /usr/bin/python3 tests/fuzz/nl-seeds.py tests/fuzz/corpus/nl
import socket, struct, sys, os
out = sys.argv[1]
def dump(typ, hdr, name):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
    s.bind((0, 0))
    msg = struct.pack('=LHHLL', 16 + len(hdr), typ, 0x301, 1, 0) + hdr
    s.send(msg)
    n = 0
    while True:
        d = s.recv(65536)
        open(os.path.join(out, f'{name}-{n}'), 'wb').write(d)
        n += 1
        # the last chunk ends with NLMSG_DONE (type 3)
        off = 0; done = False
        while off + 16 <= len(d):
            l, t = struct.unpack_from('=LH', d, off)
            if t == 3: done = True
            off += (l + 3) & ~3
            if l == 0: break
        if done: break
dump(18, struct.pack('=BxHiII', 0, 0, 0, 0, 0), 'link')   # RTM_GETLINK
dump(22, struct.pack('=BBBBi', 0, 0, 0, 0, 0), 'addr')    # RTM_GETADDR
