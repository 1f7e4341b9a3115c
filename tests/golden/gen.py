#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Golden frames made by an independent tool (scapy), one hex line per file.

tests/unit/test_frames.c builds the same frames with our builders and compares
byte for byte; CTest's golden/regen test re-runs this script and checks that
the checked-in files are what scapy makes today.
Usage: gen.py DIR   (writes DIR/*.hex)
"""
import sys

from scapy.all import ARP, Ether, IPv6, ICMPv6ND_NA, ICMPv6ND_NS, raw
from scapy.layers.inet6 import ICMPv6NDOptDstLLAddr, ICMPv6NDOptUnknown

MAC = "02:00:00:00:00:01"
SEED_MAC = "b6:7a:01:a5:26:27"  # the clatd seed's sample frame
SEED_TARGET = "2401:fa00:480:13d:2a65:4e6a:7554:ae21"
# The seed prints its frame twice and the two disagree on the nonce's last four
# bytes; only 89:1b:ea:ef:12:63 (the decoded one) matches its checksum 0x77b6.


def arp(op, tha):
    return Ether(dst="ff:ff:ff:ff:ff:ff", src=MAC) / ARP(
        op=op, hwsrc=MAC, psrc="192.0.2.10", hwdst=tha, pdst="192.0.2.10")


def na(addr, router):
    return (Ether(dst="33:33:00:00:00:01", src=MAC)
            / IPv6(src=addr, dst="ff02::1", hlim=255)
            / ICMPv6ND_NA(R=int(router), S=0, O=1, tgt=addr)
            / ICMPv6NDOptDstLLAddr(lladdr=MAC))


def dad(mac, target, group, gmac, nonce):
    return (Ether(dst=gmac, src=mac)
            / IPv6(src="::", dst=group, hlim=255)
            / ICMPv6ND_NS(tgt=target)
            / ICMPv6NDOptUnknown(type=14, len=1, data=bytes.fromhex(nonce)))


FRAMES = {
    "arp_request": arp(1, "00:00:00:00:00:00"),
    "arp_reply": arp(2, MAC),
    "na_global": na("2001:db8::10", False),
    "na_router": na("2001:db8::10", True),
    "na_linklocal": na("fe80::1", False),
    "dad_ns": dad(MAC, "2001:db8::10", "ff02::1:ff00:10", "33:33:ff:00:00:10",
                  "0102030405a6"),
    "dad_ns_seed": dad(SEED_MAC, SEED_TARGET, "ff02::1:ff54:ae21",
                       "33:33:ff:54:ae:21", "891beaef1263"),
}

if __name__ == "__main__":
    out = sys.argv[1]
    for name, frame in FRAMES.items():
        with open(f"{out}/{name}.hex", "w") as f:
            f.write(raw(frame).hex() + "\n")
