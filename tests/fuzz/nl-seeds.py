#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
# Writes the corpus/nl seeds: what the kernel answers to an RTM_GETLINK,
# RTM_GETADDR, RTM_GETROUTE and RTM_GETNEIGH dump, recv() buffer by recv()
# buffer; with a second folder, also corpus/nl_attr seeds: the attribute
# stream of each message after its fixed header, behind a rule table like
# the parser of that message's (see fuzz_nl_attr.c for the format). Run it
# inside a lab namespace with a few addresses (IPv4, IPv6, a point-to-point
# peer), a bridge port, a multipath route and neighbours with and without a
# MAC:
#   ip netns exec NS /usr/bin/python3 tests/fuzz/nl-seeds.py \
#       tests/fuzz/corpus/nl tests/fuzz/corpus/nl_attr
import socket, struct, sys, os
out = sys.argv[1]
attr_out = sys.argv[2] if len(sys.argv) > 2 else None
MIN, EXACT, STRZ = 1, 2, 3
# message type: (fixed header length, {attribute type: (check, length)}),
# the tables of nl.c, nl_neigh.c and watch_plan.c
RULES = {
    16: (16, {1: (MIN, 0), 3: (STRZ, 16), 10: (EXACT, 4), 47: (EXACT, 4)}),  # RTM_NEWLINK
    20: (8, {1: (MIN, 4), 2: (MIN, 4), 8: (EXACT, 4)}),                      # RTM_NEWADDR
    24: (12, {4: (EXACT, 4), 5: (MIN, 4), 9: (MIN, 0)}),                     # RTM_NEWROUTE
    28: (12, {1: (MIN, 4), 2: (MIN, 0)}),                                    # RTM_NEWNEIGH
}
def attr_seed(msg, name):
    typ = struct.unpack_from('=H', msg, 4)[0]
    if attr_out is None or typ not in RULES:
        return
    hdr, rules = RULES[typ]
    n = max(rules) + 1
    table = bytes([n]) + b''.join(struct.pack('<BH', *rules.get(t, (0, 0))) for t in range(n))
    open(os.path.join(attr_out, name), 'wb').write(table + msg[16 + hdr:])
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
        off = 0; done = False; k = 0
        while off + 16 <= len(d):
            l, t = struct.unpack_from('=LH', d, off)
            if t == 3: done = True
            # one nl_attr seed per message of the first chunk
            if n == 1 and l >= 16: attr_seed(d[off:off + l], f'{name}-{k}'); k += 1
            off += (l + 3) & ~3
            if l == 0: break
        if done: break
dump(18, struct.pack('=BxHiII', 0, 0, 0, 0, 0), 'link')     # RTM_GETLINK, ifinfomsg
dump(22, struct.pack('=BBBBi', 0, 0, 0, 0, 0), 'addr')      # RTM_GETADDR, ifaddrmsg
dump(26, struct.pack('=BBBBBBBBI', *[0] * 9), 'route')      # RTM_GETROUTE, rtmsg
dump(30, struct.pack('=BBHiHBB', 0, 0, 0, 0, 0, 0, 0), 'neigh')  # RTM_GETNEIGH, ndmsg
