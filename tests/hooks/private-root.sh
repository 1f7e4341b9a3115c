#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Run by the hook tests inside the client's network namespace and a private
# mount and UTS namespace (unshare -m -u): gives a DHCP client, and the
# scripts it runs, their installed paths with test contents, and keeps every
# file they write off the machine. Then runs COMMAND.
#
#   private-root.sh TESTDIR [OPTION...] -- COMMAND...
#
# Always: tmpfs over /run (with /run/network) and /var/lib/dhcp (pid and
# lease files), and TESTDIR/resolv.conf over /etc/resolv.conf (dhclient-script
# and udhcpc's default.script rewrite it; a symlink into /run is followed into
# the new tmpfs). These are the paths an AppArmor profile for dhclient allows.
#   --sbin DIR       DIR's files appear in /usr/sbin (an overlay whose upper
#                    layer is a tmpfs under TESTDIR/ovl), where dhclient's
#                    fixed PATH finds them
#   --hide NAME      NAME disappears from /usr/sbin (a whiteout in that overlay)
#   --etc-dhcp DIR   DIR over /etc/dhcp
#   --etc-network DIR  DIR over /etc/network
set -eu
T=$1
shift
sbin=
hide=
etc_dhcp=
etc_network=
while [ "$#" -gt 0 ]; do
	case "$1" in
	--sbin) sbin=$2 && shift 2 ;;
	--hide) hide="$hide $2" && shift 2 ;;
	--etc-dhcp) etc_dhcp=$2 && shift 2 ;;
	--etc-network) etc_network=$2 && shift 2 ;;
	--) shift && break ;;
	*) echo "private-root.sh: unknown option $1" >&2 && exit 1 ;;
	esac
done

mount -t tmpfs tmpfs /run
mkdir -p /run/network
mount -t tmpfs tmpfs /var/lib/dhcp
: >>"$T/resolv.conf"
r=$(readlink -m /etc/resolv.conf)
case "$r" in
/run/*) mkdir -p "${r%/*}" && : >"$r" ;;
esac
if [ ! -f "$r" ]; then
	echo "private-root.sh: /etc/resolv.conf resolves to $r, which is not a file" >&2
	exit 1
fi
mount --bind "$T/resolv.conf" "$r"
if [ -n "$sbin$hide" ]; then
	mkdir -p "$T/ovl"
	mount -t tmpfs tmpfs "$T/ovl"
	mkdir "$T/ovl/u" "$T/ovl/w"
	if [ -n "$sbin" ]; then
		cp -a "$sbin/." "$T/ovl/u/"
	fi
	for n in $hide; do
		mknod "$T/ovl/u/$n" c 0 0
	done
	mount -t overlay overlay -o "lowerdir=/usr/sbin,upperdir=$T/ovl/u,workdir=$T/ovl/w" /usr/sbin
fi
if [ -n "$etc_dhcp" ]; then
	mount --bind "$etc_dhcp" /etc/dhcp
fi
if [ -n "$etc_network" ]; then
	mount --bind "$etc_network" /etc/network
fi
exec "$@"
