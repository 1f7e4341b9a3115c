# SPDX-License-Identifier: BSD-2-Clause
# Install rules: every piece goes where its client looks for it. The Debian
# package (dh --buildsystem=cmake) and `cmake --install build --prefix /usr`
# both come through here, so there is one layout to keep right.
#
# The binary itself is installed by helper/CMakeLists.txt (install(TARGETS)).
# Every file is required: a missing one fails the install, not the user.
#
# Every destination is decided at install time, not configure time:
# `cmake --install build --prefix /usr` changes the prefix after configuring,
# and absolute paths computed at configure time (GNUInstallDirs' FULL_*
# variables) would not follow it. Relative destinations follow the prefix;
# the few that leave it (/etc, /lib/systemd) are computed in install(CODE).

include(GNUInstallDirs)

# Clients look in fixed places, not in multiarch ones: dh sets
# CMAKE_INSTALL_LIBDIR to lib/<triplet>, so these use "lib" literally. STRING,
# not PATH: a relative value means "under the install prefix" and must stay
# relative. An embedded build may point them elsewhere (absolute is fine).
set(NA_DHCPCD_HOOKDIR "lib/dhcpcd/dhcpcd-hooks"
    CACHE STRING "Where dhcpcd-run-hooks sources its hooks from")
set(NA_NM_DISPATCHERDIR "lib/NetworkManager/dispatcher.d"
    CACHE STRING "NetworkManager's packaged dispatcher scripts")
set(NA_NETWORKD_DISPATCHERDIR "lib/networkd-dispatcher/routable.d"
    CACHE STRING "networkd-dispatcher's packaged scripts for the routable state")
set(NA_DATADIR "${CMAKE_INSTALL_DATADIR}/neigh-announce"
    CACHE STRING "Scripts the user points a client at (udhcpc -s)")
# Empty: /etc/... and /lib/systemd/system when the prefix is / or /usr (as
# GNUInstallDirs treats /etc), else PREFIX/etc/... and PREFIX/lib/systemd/system.
set(NA_SYSCONFDIR "" CACHE STRING
    "Where neigh-announce.conf, network/if-up.d and dhcp/dhclient-exit-hooks.d go (empty: /etc for prefix /usr)")
set(NA_SYSTEMD_UNITDIR "" CACHE STRING
    "systemd system unit directory (empty: /lib/systemd/system for prefix /usr)")

option(NA_SETCAP "Grant cap_net_raw+p to the installed binary with setcap (needs root)" OFF)

set(_na_exec OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
             WORLD_READ WORLD_EXECUTE)
set(_na_data OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
set(_src ${PROJECT_SOURCE_DIR})

# na_install_system(FILE SETTING SYSDIR SUBDIR [OPTIONAL] PERMISSIONS...):
# install FILE into SETTING/SUBDIR, or when SETTING is empty into
# /SYSDIR/SUBDIR for the prefixes / and /usr and PREFIX/SYSDIR/SUBDIR
# otherwise. Debian's layout has /etc and /lib/systemd outside /usr, and dh
# installs with prefix /usr. OPTIONAL as in install(FILES): skip a missing FILE.
function(na_install_system file setting sysdir subdir)
  cmake_parse_arguments(PARSE_ARGV 4 A "OPTIONAL" "" "PERMISSIONS")
  set(_install "file(INSTALL DESTINATION \"\${_na_d}${subdir}\" TYPE FILE
                    FILE_PERMISSIONS ${A_PERMISSIONS} FILES \"${file}\")")
  if(A_OPTIONAL)
    set(_install "if(EXISTS \"${file}\")\n  ${_install}\nendif()")
  endif()
  install(CODE "
    set(_na_d \"${setting}\")
    if(_na_d STREQUAL \"\")
      if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\" OR CMAKE_INSTALL_PREFIX STREQUAL \"/\")
        set(_na_d \"/${sysdir}\")
      else()
        set(_na_d \"\${CMAKE_INSTALL_PREFIX}/${sysdir}\")
      endif()
    elseif(NOT IS_ABSOLUTE \"\${_na_d}\")
      set(_na_d \"\${CMAKE_INSTALL_PREFIX}/\${_na_d}\")
    endif()
    ${_install}")
endfunction()

# dhcpcd sources its hooks (". hook"): a fragment, not a program, so 0644
# like the hooks dhcpcd ships itself.
install(FILES ${_src}/hooks/dhcpcd/62-neigh-announce
        DESTINATION ${NA_DHCPCD_HOOKDIR} PERMISSIONS ${_na_data})
# udhcpc runs its script (-s PATH): executable.
install(FILES ${_src}/hooks/udhcpc/udhcpc.script
        DESTINATION ${NA_DATADIR} PERMISSIONS ${_na_exec})
# NetworkManager, ifupdown (run-parts) and networkd-dispatcher execute their
# scripts and refuse ones that are not executable, owned by root and not
# group/world writable: 0755.
install(FILES ${_src}/hooks/NetworkManager/62-neigh-announce
        DESTINATION ${NA_NM_DISPATCHERDIR} PERMISSIONS ${_na_exec})
install(FILES ${_src}/hooks/networkd-dispatcher/neigh-announce
        DESTINATION ${NA_NETWORKD_DISPATCHERDIR} PERMISSIONS ${_na_exec})
na_install_system(${_src}/hooks/ifupdown/neigh-announce "${NA_SYSCONFDIR}"
                  etc /network/if-up.d PERMISSIONS ${_na_exec})
# dhclient-script sources its exit hooks (". $script"), like dhcpcd: 0644,
# as Debian's own hooks in that directory.
na_install_system(${_src}/hooks/dhclient/neigh-announce "${NA_SYSCONFDIR}"
                  etc /dhcp/dhclient-exit-hooks.d PERMISSIONS ${_na_data})
# OpenWrt has no Debian client: its files are examples to copy onto the box.
install(FILES ${_src}/hooks/openwrt/udhcpc.user.d/neigh-announce
              ${_src}/hooks/openwrt/hotplug.d/iface/62-neigh-announce
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples/openwrt PERMISSIONS ${_na_data})
na_install_system(${_src}/systemd/neigh-announce-watch.service "${NA_SYSTEMD_UNITDIR}"
                  lib/systemd/system "" PERMISSIONS ${_na_data})
# The same watcher for sysvinit (and init systems that run LSB scripts); the
# package registers it disabled, as it does the unit.
na_install_system(${_src}/sysvinit/neigh-announce-watch "${NA_SYSCONFDIR}" etc /init.d
                  PERMISSIONS ${_na_exec})
# The helper reads /etc/neigh-announce.conf.
na_install_system(${_src}/etc/neigh-announce.conf "${NA_SYSCONFDIR}" etc ""
                  PERMISSIONS ${_na_data})
install(FILES ${_src}/doc/neigh-announce.8
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man8 PERMISSIONS ${_na_data})
# The README says how to use the udhcpc script; LICENSE travels with the
# binaries (the Debian package drops it: debian/copyright carries it there).
install(FILES ${_src}/README.md ${_src}/LICENSE
        DESTINATION ${CMAKE_INSTALL_DOCDIR} PERMISSIONS ${_na_data})

# The capability goes on at install time only when asked: it needs root, and
# a staged install (DESTDIR, packaging) must not count on it, since archives
# such as .deb do not carry file capabilities (the package's postinst sets it).
# Never setuid: without setcap the binary works for root only.
if(NA_SETCAP)
  find_program(NA_SETCAP_PROGRAM setcap PATHS /sbin /usr/sbin REQUIRED)
  install(CODE "
    foreach(_na_bin \"${CMAKE_INSTALL_SBINDIR}/neigh-announce\"
                    \"${CMAKE_INSTALL_LIBEXECDIR}/neigh-announce/probe\"
                    \"${CMAKE_INSTALL_LIBEXECDIR}/neigh-announce/watch\"
                    \"${CMAKE_INSTALL_LIBEXECDIR}/neigh-announce/announce\")
      if(NOT IS_ABSOLUTE \"\${_na_bin}\")
        set(_na_bin \"\${CMAKE_INSTALL_PREFIX}/\${_na_bin}\")
      endif()
      set(_na_bin \"\$ENV{DESTDIR}\${_na_bin}\")
      message(STATUS \"setcap cap_net_raw+p \${_na_bin}\")
      execute_process(COMMAND \"${NA_SETCAP_PROGRAM}\" cap_net_raw+p \"\${_na_bin}\"
                      RESULT_VARIABLE _na_rc)
      if(NOT _na_rc EQUAL 0)
        message(FATAL_ERROR \"setcap failed on \${_na_bin} (needs root and a file system \"
                            \"with extended attributes); without it only root can announce\")
      endif()
    endforeach()")
endif()
