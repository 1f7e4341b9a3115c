#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Started by t_hook_networkmanager.sh inside the client's network namespace and
# a private mount namespace (unshare -m): a private system D-Bus and the real
# NetworkManager, with every directory they write or read hooks from replaced
# by the test's own. Usage: nm-inner.sh TESTDIR
set -e
T=$1
mount -t tmpfs tmpfs /run
mkdir -p /run/dbus /run/NetworkManager /run/network
# No udev here: with /sys read-only NetworkManager does not wait for it.
mount -o remount,ro /sys
mount --bind "$T/etc-nm" /etc/NetworkManager
mount -t tmpfs tmpfs /var/lib/NetworkManager
mount --bind "$T/dispatcher.d" /usr/lib/NetworkManager/dispatcher.d
mount --bind "$T/etc-network" /etc/network
# nm-dispatcher gives scripts no PATH: dash's default finds the helper here.
mount --bind "$T/bin" /usr/local/sbin
dbus-daemon --system --nopidfile --fork
exec NetworkManager --debug --log-level=DEBUG --log-domains=DEVICE,DISPATCH,DHCP4
