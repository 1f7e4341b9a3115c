# SPDX-License-Identifier: BSD-2-Clause
# Install rules: every piece goes where its client looks for it. The Debian
# package (dh --buildsystem=cmake) and `cmake --install build --prefix /usr`
# both come through here, so there is one layout to keep right.
#
# The binary itself is installed by helper/CMakeLists.txt (install(TARGETS)).
# Files marked OPTIONAL are written by other issues and may not exist yet.

include(GNUInstallDirs)

# Clients look in fixed places, not in multiarch ones: dh sets
# CMAKE_INSTALL_LIBDIR to lib/<triplet>, so the client directories below use
# "lib" literally. Each is a cache variable so an embedded build can point it
# elsewhere (-DNA_DHCPCD_HOOKDIR=/lib/dhcpcd/dhcpcd-hooks and so on).
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  # systemd and ifupdown live outside /usr on Debian 12.
  set(_na_unitdir_default "/lib/systemd/system")
else()
  set(_na_unitdir_default "${CMAKE_INSTALL_PREFIX}/lib/systemd/system")
endif()
set(NA_DHCPCD_HOOKDIR "${CMAKE_INSTALL_PREFIX}/lib/dhcpcd/dhcpcd-hooks"
    CACHE PATH "Where dhcpcd-run-hooks sources its hooks from")
set(NA_NM_DISPATCHERDIR "${CMAKE_INSTALL_PREFIX}/lib/NetworkManager/dispatcher.d"
    CACHE PATH "NetworkManager's packaged dispatcher scripts")
set(NA_NETWORKD_DISPATCHERDIR "${CMAKE_INSTALL_PREFIX}/lib/networkd-dispatcher/routable.d"
    CACHE PATH "networkd-dispatcher's packaged scripts for the routable state")
set(NA_IFUPDOWN_DIR "${CMAKE_INSTALL_FULL_SYSCONFDIR}/network/if-up.d"
    CACHE PATH "ifupdown's if-up.d (run-parts: no dot in the file name)")
set(NA_SYSTEMD_UNITDIR "${_na_unitdir_default}"
    CACHE PATH "systemd system unit directory")
set(NA_DATADIR "${CMAKE_INSTALL_FULL_DATADIR}/neigh-announce"
    CACHE PATH "Scripts the user points a client at (udhcpc -s)")

option(NA_SETCAP "Grant cap_net_raw+p to the installed binary with setcap (needs root)" OFF)

set(_na_exec OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
             WORLD_READ WORLD_EXECUTE)
set(_na_data OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
set(_src ${PROJECT_SOURCE_DIR})

# dhcpcd sources its hooks (". hook"): a fragment, not a program, so 0644
# like the hooks dhcpcd ships itself.
install(FILES ${_src}/hooks/dhcpcd/62-neigh-announce
        DESTINATION ${NA_DHCPCD_HOOKDIR} PERMISSIONS ${_na_data} OPTIONAL)
# udhcpc runs its script (-s PATH): executable.
install(FILES ${_src}/hooks/udhcpc/udhcpc.script
        DESTINATION ${NA_DATADIR} PERMISSIONS ${_na_exec} OPTIONAL)
# NetworkManager, ifupdown (run-parts) and networkd-dispatcher execute their
# scripts and refuse ones that are not executable, owned by root and not
# group/world writable: 0755.
install(FILES ${_src}/hooks/NetworkManager/62-neigh-announce
        DESTINATION ${NA_NM_DISPATCHERDIR} PERMISSIONS ${_na_exec} OPTIONAL)
install(FILES ${_src}/hooks/ifupdown/neigh-announce
        DESTINATION ${NA_IFUPDOWN_DIR} PERMISSIONS ${_na_exec} OPTIONAL)
install(FILES ${_src}/hooks/networkd-dispatcher/neigh-announce
        DESTINATION ${NA_NETWORKD_DISPATCHERDIR} PERMISSIONS ${_na_exec} OPTIONAL)
# OpenWrt has no Debian client: its files are examples to copy onto the box.
install(FILES ${_src}/hooks/openwrt/udhcpc.user.d/neigh-announce
              ${_src}/hooks/openwrt/hotplug.d/iface/62-neigh-announce
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples/openwrt PERMISSIONS ${_na_data} OPTIONAL)
install(FILES ${_src}/systemd/neigh-announce-watch.service
        DESTINATION ${NA_SYSTEMD_UNITDIR} PERMISSIONS ${_na_data} OPTIONAL)
# The helper reads /etc/neigh-announce.conf; with --prefix /usr GNUInstallDirs
# maps SYSCONFDIR to /etc.
install(FILES ${_src}/etc/neigh-announce.conf
        DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR} PERMISSIONS ${_na_data} OPTIONAL)
install(FILES ${_src}/doc/neigh-announce.8
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man8 PERMISSIONS ${_na_data} OPTIONAL)
# The README says how to use the udhcpc script; LICENSE travels with the
# binaries (the Debian package drops it: debian/copyright carries it there).
install(FILES ${_src}/README.md ${_src}/LICENSE
        DESTINATION ${CMAKE_INSTALL_DOCDIR} PERMISSIONS ${_na_data} OPTIONAL)

# The capability goes on at install time only when asked: it needs root, and
# a staged install (DESTDIR, packaging) must not try, since archives such as
# .deb do not carry file capabilities (the package's postinst sets it).
# Never setuid: without setcap the binary works for root only.
if(NA_SETCAP)
  find_program(NA_SETCAP_PROGRAM setcap PATHS /sbin /usr/sbin REQUIRED)
  install(CODE "
    set(_na_bin \"\$ENV{DESTDIR}${CMAKE_INSTALL_FULL_SBINDIR}/neigh-announce\")
    message(STATUS \"setcap cap_net_raw+p \${_na_bin}\")
    execute_process(COMMAND \"${NA_SETCAP_PROGRAM}\" cap_net_raw+p \"\${_na_bin}\"
                    RESULT_VARIABLE _na_rc)
    if(NOT _na_rc EQUAL 0)
      message(FATAL_ERROR \"setcap failed on \${_na_bin} (needs root and a file system \"
                          \"with extended attributes); without it only root can announce\")
    endif()")
endif()
