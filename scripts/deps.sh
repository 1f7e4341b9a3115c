#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Installs what building (and, with "test", testing) needs on Debian 12,
# only when something is missing. Used by ./run-demo and ./run-tests.
set -eu

build_pkgs="gcc cmake make pkg-config libcap-ng-dev libmnl-dev libseccomp-dev"
demo_pkgs="iproute2 tshark"
# isc-dhcp-server: a DHCPv6 server that delegates prefixes (dnsmasq cannot;
# tests/ns/t_hook_dhcpcd_pd.sh runs its dhcpd in a namespace). Its own
# service finds no configured interface and does not stay up.
test_pkgs="iproute2 tshark valgrind python3 python3-scapy libcap2-bin util-linux procps
	dnsmasq-base dhcpcd-base udhcpc busybox ifupdown isc-dhcp-client isc-dhcp-server network-manager dbus
	networkd-dispatcher shellcheck clang-format strace devscripts clang libclang-rt-14-dev
	frr iputils-arping iputils-ping"

# The benchmark's peers and tools: arping, ndisc6, perf and strace (the phase
# breakdown), and the libraries of resource-agents' send_arp and send_ua.
# tests/bench/run unpacks those two from the package file instead of
# installing resource-agents: that would pull in cluster-glue, which adds a
# system user and enables and starts logd.service.
bench_pkgs="iproute2 iputils-arping binutils ndisc6 linux-perf strace libnet1 libplumb2"

case "${1:-build}" in
build) want=$build_pkgs ;;
bench) want="$build_pkgs $bench_pkgs" ;;
demo) want="$build_pkgs $demo_pkgs" ;;
test) want="$build_pkgs $test_pkgs" ;;
*) echo "usage: $0 build|demo|test|bench" >&2; exit 1 ;;
esac

missing=
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "Missing Debian packages:$missing" >&2
	echo "Run this as root (sudo) so it can install them." >&2
	exit 1
fi
echo "Installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# frr (tests/ns/t_evpn.sh starts its own zebra and bgpd inside namespaces)
# would start and enable a system frr.service: a policy-rc.d that denies
# every start keeps the package scripts from starting anything, and one
# that was there before is put back afterwards.
policy=/usr/sbin/policy-rc.d
saved=
if [ -e "$policy" ]; then
	saved=$(mktemp)
	cp -p "$policy" "$saved"
fi
restore_policy() {
	if [ -n "$saved" ]; then
		mv -f "$saved" "$policy"
	else
		rm -f "$policy"
	fi
}
trap restore_policy EXIT
printf '#!/bin/sh\n# deps.sh: no service starts while packages install\nexit 101\n' >"$policy"
chmod 755 "$policy"
apt-get -o DPkg::Lock::Timeout=600 update -qq
# shellcheck disable=SC2086
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >/dev/null
# The test runs FRR's daemons itself, never the system service.
case " $missing " in
*" frr "*)
	if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
		systemctl disable --now frr.service >/dev/null 2>&1 || true
	elif command -v update-rc.d >/dev/null 2>&1; then
		update-rc.d frr disable >/dev/null 2>&1 || true
	fi
	;;
esac
