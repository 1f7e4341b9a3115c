#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# The package, checked the way a user gets it (CI runs this as root on
# Debian 12 with CI=true):
#   1. build it with dpkg-buildpackage -us -uc -b from a clean copy of the tree
#      (git archive of HEAD plus tracked uncommitted changes, never build/),
#      installing missing build dependencies with apt-get;
#   2. lintian on the binary and the source package: no errors, no warnings;
#   3. every file of the install layout is in the .deb with its mode, nothing
#      setuid/setgid in it, and `cmake --install --prefix /usr` places the
#      same files;
#   4. apt-get install it; getcap shows cap_net_raw on the binary; nothing
#      installed is setuid/setgid; the system user _neigh-announce exists
#      (system uid, its own group, no home, no login shell, no password) and
#      a reinstall keeps it;
#   5. tests/pkg/e2e-installed.sh: dhcpcd + the installed hook + dnsmasq;
#   6. purge; nothing of the package is left, nor its user and group;
#   7. with a dpkg-statoverride on the binary, postinst leaves it alone.
# Prints the numbers the report asks for: build time, .deb size, lintian tags.
# Usage: tests/pkg/check-package.sh [--build-only]   (--build-only: steps 1-3)
# Note: steps 4-6 change the machine (the hooks go live in the real client
# directories for a few seconds); run them on a CI runner or a test box.
set -u
SRC=$(cd "$(dirname "$0")/../.." && pwd)
PKG=neigh-announce
BIN=/usr/sbin/neigh-announce
LIBEXEC=/usr/libexec/neigh-announce
NA_USER=_neigh-announce
APT=(apt-get -o DPkg::Lock::Timeout=600 -y)
BUILD_ONLY=no
[ "${1:-}" = --build-only ] && BUILD_ONLY=yes

FAILS=0
CHECKS=0
ok() { CHECKS=$((CHECKS + 1)); echo "ok - $*"; }
bad() { CHECKS=$((CHECKS + 1)); FAILS=$((FAILS + 1)); echo "not ok - $*"; }
check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}
die() { echo "FAIL: $*"; exit 1; }
summary() {
	echo "# $((CHECKS - FAILS)) passed, $FAILS failed"
	[ "$FAILS" -eq 0 ] && [ "$CHECKS" -gt 0 ]
}

[ "$BUILD_ONLY" = yes ] || [ "$(id -u)" = 0 ] || {
	echo "SKIP: installing the package needs root (use --build-only)"
	[ "${CI:-}" = true ] && exit 1
	exit 77
}

WORK=$(mktemp -d /tmp/na-pkg.XXXXXX)
INSTALLED=no
OVERRIDE=no
cleanup() {
	if [ "$INSTALLED" = yes ]; then
		"${APT[@]}" purge "$PKG" >/dev/null 2>&1
	fi
	if [ "$OVERRIDE" = yes ]; then
		dpkg-statoverride --remove "$BIN" 2>/dev/null
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
chmod 755 "$WORK"

# The packaging tools themselves (the build dependencies come below).
tools=
for p in dpkg-dev debhelper lintian fakeroot; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		tools="$tools $p"
done
if [ -n "$tools" ]; then
	[ "$(id -u)" = 0 ] || die "missing packaging tools:$tools"
	echo "# installing packaging tools:$tools"
	# shellcheck disable=SC2086 # one word per package
	{ apt-get -o DPkg::Lock::Timeout=600 update -qq &&
		DEBIAN_FRONTEND=noninteractive "${APT[@]}" install --no-install-recommends $tools; } \
		>"$WORK/tools.log" 2>&1 || { cat "$WORK/tools.log"; die "apt-get install$tools"; }
fi

# 1. A clean copy: only what git tracks.
VERSION=$(dpkg-parsechangelog -l "$SRC/debian/changelog" -S Version) || die "no debian/changelog"
TREE=$WORK/$PKG-$VERSION
mkdir -p "$TREE"
if git -C "$SRC" rev-parse --git-dir >/dev/null 2>&1; then
	rev=$(git -C "$SRC" stash create 2>/dev/null)
	git -C "$SRC" archive "${rev:-HEAD}" | tar -x -C "$TREE" || die "git archive"
else
	tar -C "$SRC" --exclude='./build*' --exclude=./.git -c . | tar -x -C "$TREE"
fi

# The same clean tree for the cmake --install comparison (step 3).
mkdir -p "$WORK/cmake/src" && cp -a "$TREE/." "$WORK/cmake/src"

if ! (cd "$TREE" && dpkg-checkbuilddeps) 2>"$WORK/bdeps"; then
	[ "$(id -u)" = 0 ] || die "missing build dependencies: $(cat "$WORK/bdeps")"
	echo "# installing build dependencies: $(cat "$WORK/bdeps")"
	DEBIAN_FRONTEND=noninteractive "${APT[@]}" build-dep "$TREE" >"$WORK/build-dep.log" 2>&1 ||
		{ cat "$WORK/build-dep.log"; die "apt-get build-dep"; }
fi

# The source package too, so lintian sees debian/ as the archive would.
(cd "$WORK" && dpkg-source -b "$(basename "$TREE")") >"$WORK/source.log" 2>&1 ||
	{ cat "$WORK/source.log"; die "dpkg-source -b"; }
DSC=$WORK/${PKG}_${VERSION}.dsc

t0=$(date +%s.%N)
(cd "$TREE" && dpkg-buildpackage -us -uc -b) >"$WORK/build.log" 2>&1
rc=$?
t1=$(date +%s.%N)
[ "$rc" = 0 ] || { tail -n 60 "$WORK/build.log"; die "dpkg-buildpackage exited $rc"; }
ok "dpkg-buildpackage -us -uc -b from a clean copy"
grep -E '^(100% tests passed|[0-9]+% tests passed)' "$WORK/build.log" | sed 's/^/# build-time tests: /'

ARCH=$(dpkg --print-architecture)
DEB=$WORK/${PKG}_${VERSION}_${ARCH}.deb
CHANGES=$WORK/${PKG}_${VERSION}_${ARCH}.changes
[ -f "$DEB" ] || die "no $DEB"
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "# build time: %.1f s\n", b - a }'
echo "# .deb size: $(stat -c %s "$DEB") bytes; installed size: $(dpkg-deb -f "$DEB" Installed-Size) KiB"

# 2. lintian: every tag shown (info and pedantic too), errors and warnings fail.
lintian --info --display-info --pedantic --fail-on error,warning "$CHANGES" "$DSC" >"$WORK/lintian.log" 2>&1
rc=$?
echo "# lintian ($(grep -c '^[EWIP]:' "$WORK/lintian.log") tags):"
sed 's/^/#   /' "$WORK/lintian.log" | grep -v '^#   N:' | head -40
check "lintian: no errors, no warnings" [ "$rc" = 0 ]

# 3. What is in the .deb: the install layout of HELPERS.md, file by file.
dpkg-deb -c "$DEB" >"$WORK/contents"
in_deb() { grep -q " \./${1#/}\$" "$WORK/contents"; }
# SOURCE DESTINATION MODE
while read -r src dst mode; do
	if [ ! -e "$SRC/$src" ]; then
		bad "$src is missing from the tree"
		continue
	fi
	if in_deb "$dst"; then
		m=$(awk -v f="./${dst#/}" '$NF == f {print $1}' "$WORK/contents")
		if [ "$m" = "$mode" ]; then ok "$dst ($mode)"; else bad "$dst: mode $m, want $mode"; fi
	else
		bad "$src is not installed as $dst"
	fi
done <<'LAYOUT'
hooks/dhcpcd/62-neigh-announce /usr/lib/dhcpcd/dhcpcd-hooks/62-neigh-announce -rw-r--r--
hooks/udhcpc/udhcpc.script /usr/share/neigh-announce/udhcpc.script -rwxr-xr-x
hooks/openwrt/udhcpc.user.d/neigh-announce /usr/share/doc/neigh-announce/examples/openwrt/neigh-announce -rw-r--r--
hooks/openwrt/hotplug.d/iface/62-neigh-announce /usr/share/doc/neigh-announce/examples/openwrt/62-neigh-announce -rw-r--r--
hooks/NetworkManager/62-neigh-announce /usr/lib/NetworkManager/dispatcher.d/62-neigh-announce -rwxr-xr-x
hooks/ifupdown/neigh-announce /etc/network/if-up.d/neigh-announce -rwxr-xr-x
hooks/dhclient/neigh-announce /etc/dhcp/dhclient-exit-hooks.d/neigh-announce -rw-r--r--
hooks/networkd-dispatcher/neigh-announce /usr/lib/networkd-dispatcher/routable.d/neigh-announce -rwxr-xr-x
systemd/neigh-announce-watch.service /lib/systemd/system/neigh-announce-watch.service -rw-r--r--
sysvinit/neigh-announce-watch /etc/init.d/neigh-announce-watch -rwxr-xr-x
etc/neigh-announce.conf /etc/neigh-announce.conf -rw-r--r--
doc/neigh-announce.8 /usr/share/man/man8/neigh-announce.8.gz -rw-r--r--
helper/main.c /usr/sbin/neigh-announce -rwxr-xr-x
helper/main_subcommand.c /usr/libexec/neigh-announce/probe -rwxr-xr-x
helper/main_subcommand.c /usr/libexec/neigh-announce/watch -rwxr-xr-x
helper/main.c /usr/libexec/neigh-announce/announce -rwxr-xr-x
helper/main_rounds.c /usr/libexec/neigh-announce/rounds -rwxr-xr-x
LAYOUT
check "/etc/neigh-announce.conf is a conffile" \
	sh -c "dpkg-deb --ctrl-tarfile '$DEB' | tar -xO ./conffiles | grep -qx /etc/neigh-announce.conf"
check "no setuid/setgid file in the .deb" \
	sh -c "! awk '{print \$1}' '$WORK/contents' | grep -q '^...[sS]\|^......[sS]'"

# One set of rules: a plain `cmake --install --prefix /usr` after a default
# configure must place the same files as the package (bar what Debian adds or
# compresses under /usr/share/doc and the man page's .gz).
CM=$WORK/cmake
if [ -d "$CM/src" ]; then
	if cmake -S "$CM/src" -B "$CM/build" >"$CM/log" 2>&1 &&
		cmake --build "$CM/build" -j2 >>"$CM/log" 2>&1 &&
		DESTDIR="$CM/root" cmake --install "$CM/build" --prefix /usr >>"$CM/log" 2>&1; then
		(cd "$CM/root" && find . -type f | sed 's|^\.||') | sort >"$CM/cmake.list"
		awk '$1 !~ /^d/ {print $NF}' "$WORK/contents" | sed 's|^\.||; s|\.gz$||' |
			grep -v "^/usr/share/doc/$PKG/\(changelog\|copyright\)" | sort >"$CM/deb.list"
		grep -v "^/usr/share/doc/$PKG/LICENSE\$" "$CM/cmake.list" >"$CM/cmake2.list"
		d=$(diff "$CM/deb.list" "$CM/cmake2.list")
		[ -z "$d" ] || printf '%s\n' "$d" | sed 's/^/# deb vs cmake: /'
		check "cmake --install --prefix /usr places the package's files" [ -z "$d" ]
	else
		tail -n 30 "$CM/log"
		bad "cmake --install from the clean copy"
	fi
fi

if [ "$BUILD_ONLY" = yes ]; then
	summary
	exit
fi

# 4. Install with apt-get, as a user would.
if dpkg -s "$PKG" >/dev/null 2>&1; then
	die "$PKG is already installed here; purge it first (this test must own the install)"
fi
# Left over from an earlier purge, the user would hide a postinst that makes
# none (and is itself what a broken postrm leaves).
check "no user $NA_USER before the install" sh -c "! getent passwd '$NA_USER' >/dev/null"
INSTALLED=yes
DEBIAN_FRONTEND=noninteractive "${APT[@]}" install "$DEB" >"$WORK/install.log" 2>&1 ||
	{ cat "$WORK/install.log"; die "apt-get install"; }
ok "apt-get install ./$(basename "$DEB")"
grep -i 'neigh-announce:' "$WORK/install.log" | sed 's/^/# postinst: /'
caps=$(getcap "$BIN")
echo "# getcap: $caps"
check "getcap shows cap_net_raw (permitted only) on $BIN" \
	sh -c "getcap '$BIN' | grep -Eq 'cap_net_raw[=+]p\$'"
for c in probe watch; do
	check "getcap shows cap_net_raw (permitted only) on the $c program" \
		sh -c "getcap '$LIBEXEC/$c' | grep -Eq 'cap_net_raw[=+]p\$'"
	check "neigh-announce $c runs it (--version)" sh -c "'$BIN' $c --version | grep -q '^neigh-announce '"
done
check "getcap shows cap_net_raw (permitted only) on the full program" \
	sh -c "getcap '$LIBEXEC/announce' | grep -Eq 'cap_net_raw[=+]p\$'"
check "no capability on the rounds program (it gets its socket)" \
	sh -c "[ -z \"\$(getcap '$LIBEXEC/rounds')\" ]"
check "neigh-announce --help runs the full program's" \
	sh -c "'$BIN' --help | grep -q '^Usage: neigh-announce'"
dpkg -L "$PKG" >"$WORK/files"
suid=$(while read -r f; do
	if [ -f "$f" ] && { [ -u "$f" ] || [ -g "$f" ]; }; then echo "$f"; fi
done <"$WORK/files")
check "no installed file of the package is setuid/setgid${suid:+: $suid}" [ -z "$suid" ]
check "the binary runs (--help)" sh -c "'$BIN' --help >/dev/null"

# The package's system user: made by postinst, for the helper to run as.
# NAME:PASSWORD:UID:GID:GECOS:HOME:SHELL
pw=$(getent passwd "$NA_USER")
echo "# getent passwd: ${pw:-(none)}"
check "postinst made the user $NA_USER" [ -n "$pw" ]
IFS=: read -r _ _ na_uid na_gid _ na_home na_shell <<<"$pw"
check "$NA_USER: a system uid (100-999), not root: ${na_uid:-}" \
	sh -c "[ '${na_uid:-0}' -ge 100 ] && [ '${na_uid:-0}' -le 999 ]"
check "$NA_USER: no login shell: ${na_shell:-}" \
	sh -c "case '${na_shell:-/bin/sh}' in /usr/sbin/nologin | /sbin/nologin | /bin/false) true ;; *) false ;; esac"
check "$NA_USER: no home: ${na_home:-} does not exist" \
	sh -c "[ '${na_home:-}' = /nonexistent ] && [ ! -e /nonexistent ]"
gr=$(getent group "${na_gid:-x}")
echo "# getent group: ${gr:-(none)}"
check "$NA_USER: its own group, with no other member: ${gr:-}" [ "$gr" = "$NA_USER:x:${na_gid:-}:" ]
check "$NA_USER: no password (locked)" \
	sh -c "getent shadow '$NA_USER' | cut -d: -f2 | grep -Eqx '[!*].*'"
# Every configure runs postinst again: a reinstall must keep the user as it is.
if DEBIAN_FRONTEND=noninteractive "${APT[@]}" install --reinstall "$DEB" >"$WORK/reinstall.log" 2>&1; then
	check "a reinstall keeps $NA_USER as it was" \
		sh -c '[ -n "$1" ] && [ "$(getent passwd "$2")" = "$1" ]' _ "$pw" "$NA_USER"
else
	cat "$WORK/reinstall.log"
	bad "apt-get install --reinstall (postinst with the user already there)"
fi

# 5. End to end through the installed hook.
echo "# tests/pkg/e2e-installed.sh:"
bash "$SRC/tests/pkg/e2e-installed.sh" 2>&1 | sed 's/^/#   /'
check "end-to-end test against the installed paths" [ "${PIPESTATUS[0]}" = 0 ]

# The sysvinit script, run for real in a network namespace of its own (the
# watcher it starts sees only that namespace's links; no redirect to
# systemctl): start, status, reload (the same process), stop.
INIT=/etc/init.d/neigh-announce-watch
PIDF=/run/neigh-announce-watch.pid
INS=na-pkg-init-$$
if [ -x "$INIT" ] && ip netns add "$INS" 2>/dev/null; then
	in_ns() { ip netns exec "$INS" env _SYSTEMCTL_SKIP_REDIRECT=1 "$@"; }
	en=$(find /etc/rc2.d /etc/rc3.d /etc/rc5.d -name 'S*neigh-announce-watch' 2>/dev/null)
	check "the package does not enable $INIT${en:+: $en}" [ -z "$en" ]
	check "$INIT start" in_ns "$INIT" start
	ipid=
	for _ in $(seq 1 50); do
		ipid=$(cat "$PIDF" 2>/dev/null) && [ -n "$ipid" ] && [ -d "/proc/$ipid" ] && break
		sleep 0.1
	done
	check "$INIT start: the watcher runs (pid ${ipid:-none}) in the namespace" \
		sh -c "[ -n '$ipid' ] && [ \"\$(readlink /proc/$ipid/ns/net)\" = \"\$(ip netns exec $INS readlink /proc/self/ns/net)\" ]"
	check "$INIT status: running (0)" in_ns "$INIT" status
	check "$INIT reload" in_ns "$INIT" reload
	sleep 0.3
	check "$INIT reload: the same process, still running" sh -c "[ -n '$ipid' ] && kill -0 '$ipid'"
	check "$INIT stop" in_ns "$INIT" stop
	# Gone, or a zombie where PID 1 does not reap (a container).
	st=$(grep -s '^State:' "/proc/$ipid/status")
	check "$INIT stop: the watcher is gone${st:+ ($st)}" \
		sh -c "[ -n '$ipid' ] && { [ ! -e /proc/$ipid ] || grep -qs '^State:[[:space:]]*Z' /proc/$ipid/status; }"
	in_ns "$INIT" status >/dev/null 2>&1
	check "$INIT status: not running (3)" [ "$?" = 3 ]
	ip netns pids "$INS" 2>/dev/null | xargs -r kill 2>/dev/null
	ip netns del "$INS"
else
	bad "$INIT is not installed, or no network namespace for it"
fi

# The watcher ships disabled (debian/rules says why); an admin who enables it
# must still find nothing left after purge, so enable it here the way
# systemctl does (it works without a running systemd).
UNIT=neigh-announce-watch.service
if [ -f "/lib/systemd/system/$UNIT" ]; then
	en=$(find /etc/systemd/system -name "$UNIT" 2>/dev/null)
	check "the package does not enable $UNIT${en:+: $en}" [ -z "$en" ]
	if command -v systemctl >/dev/null; then
		systemctl enable "$UNIT" >/dev/null 2>&1
	else
		deb-systemd-helper enable "$UNIT" >/dev/null 2>&1
	fi
	en=$(find /etc/systemd/system -name "$UNIT" 2>/dev/null)
	check "$UNIT can be enabled by the admin${en:+: $en}" [ -n "$en" ]
fi

# 6. Purge, then nothing may be left: no file the package listed (shared
# directories such as /usr/sbin aside), no conffile, no dpkg or systemd state.
"${APT[@]}" purge "$PKG" >"$WORK/purge.log" 2>&1 ||
	{ cat "$WORK/purge.log"; die "apt-get purge"; }
INSTALLED=no
ok "apt-get purge $PKG"
check "dpkg no longer knows the package" sh -c "! dpkg -s '$PKG' >/dev/null 2>&1"
left=$(while read -r f; do
	if [ -e "$f" ] && [ ! -d "$f" ]; then echo "$f"; fi
	if [ -d "$f" ] && case "$f" in *neigh-announce*) true ;; *) false ;; esac; then echo "$f"; fi
done <"$WORK/files")
check "no file or directory of the package left${left:+: $left}" [ -z "$left" ]
left=$(find /etc /var/lib/dpkg/info /var/lib/systemd /lib/systemd /usr/lib/systemd \
	-name "*neigh-announce*" 2>/dev/null)
check "no conffile, maintainer script or systemd state left${left:+: $left}" [ -z "$left" ]
check "purge removed the user $NA_USER" sh -c "! getent passwd '$NA_USER' >/dev/null"
check "purge removed the group $NA_USER" sh -c "! getent group '$NA_USER' >/dev/null"
grep -i 'neigh-announce:' "$WORK/purge.log" | sed 's/^/# postrm: /'

# 7. The admin's dpkg-statoverride wins: dpkg applies its owner and mode, and
# postinst adds no capability.
if dpkg-statoverride --list "$BIN" >/dev/null 2>&1; then
	bad "a dpkg-statoverride for $BIN exists already here; not testing over it"
else
	dpkg-statoverride --add root root 0750 "$BIN" && OVERRIDE=yes
	INSTALLED=yes
	DEBIAN_FRONTEND=noninteractive "${APT[@]}" install "$DEB" >"$WORK/install2.log" 2>&1 ||
		{ cat "$WORK/install2.log"; die "apt-get install (statoverride)"; }
	grep -i 'neigh-announce:' "$WORK/install2.log" | sed 's/^/# postinst: /'
	getent passwd "$NA_USER" >"$WORK/passwd2"
	check "statoverride: mode 750 as the admin set it" [ "$(stat -c %a "$BIN")" = 750 ]
	check "statoverride: no capability added" [ -z "$(getcap "$BIN")" ]
	"${APT[@]}" purge "$PKG" >/dev/null 2>&1 && INSTALLED=no
	dpkg-statoverride --remove "$BIN" && OVERRIDE=no
	check "statoverride run purged" sh -c "! dpkg -s '$PKG' >/dev/null 2>&1 && [ ! -e '$BIN' ]"
	check "statoverride run: user $NA_USER made, then removed" \
		sh -c "grep -q '^$NA_USER:' '$WORK/passwd2' && ! getent passwd '$NA_USER' >/dev/null"
fi

summary
