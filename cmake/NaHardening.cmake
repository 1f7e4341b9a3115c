# SPDX-License-Identifier: BSD-2-Clause
# Hardened build flags, the libFuzzer build, and the checks that go with them.
# Included once from the top CMakeLists.txt, before the subdirectories, so the
# flags reach every target.
#
#   NA_HARDEN (ON)  _FORTIFY_SOURCE=3, stack protector, stack clash protection,
#                   PIE, full RELRO; ctest checks them with hardening-check.
#   NA_FUZZ (OFF)   clang, -fsanitize=fuzzer,address,undefined: builds the
#                   targets in tests/fuzz/ (tests/CMakeLists.txt adds them;
#                   tests/fuzz/run fuzzes them).
#   NA_SANITIZE     (top CMakeLists.txt) ASan+UBSan for the whole suite.
include_guard(GLOBAL)
include(CheckPIESupported)

option(NA_HARDEN "Hardened compiler and linker flags" ON)
# The seccomp allow-list (helper/sandbox.c) is part of every build.
find_package(PkgConfig REQUIRED)
pkg_check_modules(SECCOMP REQUIRED IMPORTED_TARGET libseccomp)
option(NA_FUZZ "Build the libFuzzer targets of tests/fuzz (needs clang)" OFF)

if(NA_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "NA_FUZZ needs clang: cmake -DCMAKE_C_COMPILER=clang -DNA_FUZZ=ON")
  endif()
  # The library and the tests are instrumented for coverage and the
  # sanitizers; only the fuzz targets link libFuzzer's main().
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=all -g)
  add_link_options(-fsanitize=address,undefined)
endif()

# The sanitizers replace the allocator and intercept the fortified functions:
# hardening is for the builds that ship.
if(NA_HARDEN AND NOT NA_FUZZ AND NOT NA_SANITIZE)
  # _FORTIFY_SOURCE does nothing without optimisation. A build type or
  # CFLAGS (dpkg-buildflags) with -O wins over this default.
  if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_C_FLAGS MATCHES "-O")
    add_compile_options(-O2)
  endif()
  # Undefine first: dpkg-buildflags passes -D_FORTIFY_SOURCE=2 and a
  # redefinition warning would fail a -Werror build.
  add_compile_options(-U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=3 -fstack-protector-strong
                      -fstack-clash-protection)
  # No -fcf-protection: Debian 12's crt files carry no IBT/SHSTK note, so the
  # linker drops it and the kernel never turns CET on for us; the endbr64
  # instructions would only cost size (the 64 KiB target, tests/bench).
  check_pie_supported(LANGUAGES C)
  set(CMAKE_POSITION_INDEPENDENT_CODE ON)
  add_link_options(-Wl,-z,relro -Wl,-z,now -Wl,-z,noexecstack)

  find_program(NA_HARDENING_CHECK hardening-check)
  if(NA_HARDENING_CHECK)
    # After the top directory is done: the target and enable_testing() exist.
    function(na_hardening_test)
      # --nocfprotection: see above. hardening-check cannot judge a static
      # binary (NA_STATIC): tests/build/check-static checks those.
      if(NA_STATIC)
        add_test(NAME build/hardening
                 COMMAND ${NA_HARDENING_CHECK} --nocfprotection $<TARGET_FILE:na_watch>)
        add_test(NAME build/static
                 COMMAND bash ${PROJECT_SOURCE_DIR}/tests/build/check-static
                         $<TARGET_FILE:neigh-announce> $<TARGET_FILE:na_announce>
                         $<TARGET_FILE:na_rounds> $<TARGET_FILE:na_probe>)
      else()
        add_test(NAME build/hardening
                 COMMAND ${NA_HARDENING_CHECK} --nocfprotection $<TARGET_FILE:neigh-announce>
                         $<TARGET_FILE:na_announce> $<TARGET_FILE:na_rounds>
                         $<TARGET_FILE:na_probe> $<TARGET_FILE:na_watch>)
      endif()
    endfunction()
    cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL na_hardening_test)
  else()
    message(STATUS "hardening-check (devscripts) not found: build/hardening test not added")
  endif()
endif()
