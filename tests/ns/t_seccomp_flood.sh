#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# A probing helper (under its seccomp filter) flooded from the peer's packet
# socket with 10,000 random and truncated frames: random bytes of random
# length, and ARP replies, NAs and DAD NSs about the probed addresses cut
# short. It must neither crash nor call the free addresses taken. Then the
# same flood plus one whole ARP reply: exit 3, so the flood did reach it.
. "$(dirname "$0")/lib.sh"
na_require_root
na_require_cmd /usr/bin/python3
/usr/bin/python3 -c 'import scapy' 2>/dev/null || na_skip "needs python3-scapy"
na_lab
sleep 0.2

# The whole frames, made by scapy once (its import is slow: not in the flood).
cat >"$NA_TMP/frames.py" <<'PY'
import sys
from scapy.all import ARP, Ether, IPv6, ICMPv6ND_NA, ICMPv6ND_NS, ICMPv6NDOptDstLLAddr, raw
peer, d = sys.argv[1], sys.argv[2]
open(d + "/arp", "wb").write(raw(Ether(src=peer, dst="ff:ff:ff:ff:ff:ff") /
    ARP(op=2, hwsrc=peer, psrc="192.0.2.77", hwdst="ff:ff:ff:ff:ff:ff", pdst="192.0.2.77")))
open(d + "/na", "wb").write(raw(Ether(src=peer, dst="33:33:00:00:00:01") /
    IPv6(src="2001:db8::1", dst="ff02::1", hlim=255) /
    ICMPv6ND_NA(tgt="2001:db8::77", R=0, S=0, O=1) / ICMPv6NDOptDstLLAddr(lladdr=peer)))
open(d + "/ns", "wb").write(raw(Ether(src=peer, dst="33:33:ff:00:00:77") /
    IPv6(src="::", dst="ff02::1:ff00:77", hlim=255) / ICMPv6ND_NS(tgt="2001:db8::77")))
PY
/usr/bin/python3 "$NA_TMP/frames.py" "$MAC_P" "$NA_TMP" || exit 1

# flood.py DIR IFACE N_WHOLE: 10,000 frames, then N_WHOLE whole ARP replies.
cat >"$NA_TMP/flood.py" <<'PY'
import random, socket, sys, time
d, iface, whole = sys.argv[1], sys.argv[2], int(sys.argv[3])
arp, na, ns = (open(d + "/" + n, "rb").read() for n in ("arp", "na", "ns"))
seed = random.randrange(1 << 32)
rnd = random.Random(seed)
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
s.bind((iface, 0))
sent = 0
for i in range(10000):
    k = rnd.randrange(4)
    if k == 0:  # random bytes, the Ethernet header at least
        f = rnd.randbytes(rnd.randrange(14, 120))
    else:       # a frame about a probed address, cut short
        w = (arp, na, ns)[k - 1]
        f = w[:rnd.randrange(14, len(w))]
    sent += s.send(f) > 0
# A pause before the whole reply: a burst of 10,000 frames can fill the
# probe's receive queue (rmem_default holds a few hundred frames), and a
# slow probe on a loaded machine would drop the reply with the flood.
time.sleep(0.3)
for i in range(whole):
    s.send(arp)
print(sent, seed)
PY

run_flood() {
	local whole=$1 out
	na_a "$NA_BIN" probe --wait 0 --probes 1 --listen 3 "$IF_A" 192.0.2.77 2001:db8::77 \
		>"$NA_TMP/probe.out" 2>&1 &
	local probe=$!
	sleep 0.5
	out=$(na_p /usr/bin/python3 "$NA_TMP/flood.py" "$NA_TMP" "$IF_P" "$whole")
	echo "# flood: frames sent, seed: $out"
	na_eq "all 10,000 frames sent" 10000 "${out%% *}"
	wait "$probe"
	return $?
}

rx0=$(na_a cat "/sys/class/net/$IF_A/statistics/rx_packets")
run_flood 0
rc=$?
rx1=$(na_a cat "/sys/class/net/$IF_A/statistics/rx_packets")
na_eq "flood alone: the probe calls both addresses free (exit 0)" 0 "$rc"
na_check "... and it received the flood ($((rx1 - rx0)) frames)" test $((rx1 - rx0)) -ge 10000
na_eq "... and reported no conflict" 0 "$(grep -c "in use" "$NA_TMP/probe.out")"
run_flood 1
rc=$?
na_eq "flood and one whole ARP reply: conflict (exit 3)" 3 "$rc"
na_check "... naming the peer" grep -q "192.0.2.77: in use by $MAC_P" "$NA_TMP/probe.out"

na_done
