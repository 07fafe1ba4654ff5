#!/usr/bin/env bash
# tests/integration/recipes.sh - the recipes of examples/integration, each
# built the way a user of an installed Bluelet builds it.
#
# `make install` into a temporary DESTDIR under a non-default PREFIX; each
# recipe is copied (cp -rL) to a clean directory and built with nothing but
# the installed files: PATH to the installed blc, PKG_CONFIG_PATH (with the
# DESTDIR as pkg-config's sysroot) or CMAKE_PREFIX_PATH into the DESTDIR,
# which also shows that the CMake package is relocatable.  Each pingpong
# must print tests/integration/pingpong.out.  Then, for GNU make and for
# CMake with both the Unix Makefiles and the Ninja generators: a second
# build does nothing; touching protocol.h (included by pingpong.blc only)
# remakes exactly the translation, its object and the program; touching
# report.h (included by pingpong.blc and report.c) remakes both objects
# too.  "Remade" is read from the files' times, not from build logs.
# Finally `make uninstall` must leave the DESTDIR empty.
set -u
cd "$(dirname "$0")/../.."
repo=$PWD
make=${MAKE:-make}
expected=$repo/tests/integration/pingpong.out

suite=integration
. tests/install/lib.sh
need pkg-config cmake ninja cc readelf timeout
make_tmp
prefix=/opt/bluelet-integration
root=$dest$prefix
if ! out=$($make --no-print-directory SANITIZE= DESTDIR="$dest" PREFIX="$prefix" install 2>&1); then
    fail "make install DESTDIR=... PREFIX=$prefix"; printf '%s\n' "$out" | tail -20 | sed 's/^/    /'
    finish
fi
ok "make install DESTDIR=... PREFIX=$prefix"

# Only the installed copy: no CC/CFLAGS of ours, nothing of the repo.
unset CFLAGS LDFLAGS CPPFLAGS MAKEFLAGS MFLAGS MAKELEVEL
export PATH=$root/bin:$PATH
export PKG_CONFIG_PATH=$root/lib/pkgconfig PKG_CONFIG_LIBDIR=$root/lib/pkgconfig
export PKG_CONFIG_SYSROOT_DIR=$dest LD_LIBRARY_PATH=$root/lib
[ "$(command -v blc)" = "$root/bin/blc" ] && ok "blc on PATH is the installed one" \
    || fail "blc on PATH is $(command -v blc)"

log=$tmp/log
# step WHAT COMMAND...: runs it quietly; on failure shows its output.
step() {
    local what=$1; shift
    if "$@" >"$log" 2>&1; then ok "$what"; return 0; fi
    fail "$what"; tail -25 "$log" | sed 's/^/    /'; return 1
}
runs() { # what program: prints pingpong.out
    local what=$1 prog=$2
    timeout 20 "$prog" >"$tmp/out" 2>&1
    if cmp -s "$tmp/out" "$expected"; then ok "$what prints the exchange"
    else fail "$what prints the exchange"; diff "$tmp/out" "$expected" | head -10 | sed 's/^/    /'; fi
}
lines_name() { # what file.c source.blc: its #line directives name source.blc
    if grep -q "^#line [0-9]* \"$3\"\$" "$2"; then ok "$1: #line names $3"
    else fail "$1: no '#line N \"$3\"' in $2"; grep -m3 '^#line' "$2" | sed 's/^/    /'; fi
}
# remade DIR -> the build outputs (translations, objects, the program)
# newer than $tmp/stamp, as sorted relative paths on one line.
remade() {
    (cd "$1" && find . -newer "$tmp/stamp" -type f \
        \( -name '*.c' -o -name '*.o' -o -name pingpong \) | sed 's|^\./||' | sort | xargs)
}
# rebuild WHAT DIR BUILD-COMMAND EXPECTED [FILE-TO-TOUCH]
rebuild() {
    local what=$1 dir=$2 cmd=$3 want=$4 file=${5:-}
    [ -z "$file" ] || touch "$file"
    touch "$tmp/stamp"
    if ! eval "$cmd" >"$log" 2>&1; then fail "$what: the build failed"; tail -20 "$log" | sed 's/^/    /'; return; fi
    local got; got=$(remade "$dir")
    if [ "$got" = "$want" ]; then ok "$what: remakes ${want:-nothing}"
    else fail "$what: remade '${got}', expected '${want}'"; fi
}

# ------------------------------------------------------------ GNU make
src=$tmp/make
cp -rL "$repo/examples/integration/make" "$src"
if step "make: builds with blc -MMD -MP and pkg-config" $make -C "$src"; then
    runs "make" "$src/pingpong"
    lines_name "make" "$src/pingpong.c" pingpong.blc
    if grep -q 'protocol\.h' "$src/pingpong.c.d" && ! grep -q '/usr/include' "$src/pingpong.c.d"
    then ok "make: pingpong.c.d names protocol.h, no system header"
    else fail "make: pingpong.c.d"; cat "$src/pingpong.c.d" | sed 's/^/    /'; fi
    m="$make -C '$src'"
    rebuild "make, nothing changed" "$src" "$m" ""
    rebuild "make, protocol.h touched" "$src" "$m" "pingpong pingpong.c pingpong.o" "$src/protocol.h"
    rebuild "make, report.h touched" "$src" "$m" "pingpong pingpong.c pingpong.o report.o" "$src/report.h"
    rebuild "make, then nothing changed" "$src" "$m" ""
    runs "make, rebuilt," "$src/pingpong"
fi

# --------------------------------------------------------------- CMake
for gen in "Unix Makefiles" Ninja; do
    src=$tmp/cmake-${gen%% *}
    bld=$src/build
    cp -rL "$repo/examples/integration/cmake" "$src"
    step "cmake -G '$gen': configures with find_package(Bluelet 0.1)" \
        cmake -S "$src" -B "$bld" -G "$gen" -DCMAKE_PREFIX_PATH="$root" || continue
    step "cmake -G '$gen': builds" cmake --build "$bld" || continue
    runs "cmake -G '$gen'" "$bld/pingpong"
    lines_name "cmake -G '$gen'" "$bld/pingpong.c" "$src/pingpong.blc"
    c="cmake --build '$bld'"
    o=CMakeFiles/pingpong.dir
    rebuild "cmake -G '$gen', nothing changed" "$bld" "$c" ""
    rebuild "cmake -G '$gen', protocol.h touched" "$bld" "$c" \
        "$o/pingpong.c.o pingpong pingpong.c" "$src/protocol.h"
    rebuild "cmake -G '$gen', report.h touched" "$bld" "$c" \
        "$o/pingpong.c.o $o/report.c.o pingpong pingpong.c" "$src/report.h"
    rebuild "cmake -G '$gen', then nothing changed" "$bld" "$c" ""
    runs "cmake -G '$gen', rebuilt," "$bld/pingpong"
done

# The static runtime, and which versions the package answers.
src=$tmp/cmake-static
cp -rL "$repo/examples/integration/cmake" "$src"
if step "cmake -DBluelet_USE_STATIC=ON: builds" sh -c \
    "cmake -S '$src' -B '$src/build' -G Ninja -DCMAKE_PREFIX_PATH='$root' -DBluelet_USE_STATIC=ON && cmake --build '$src/build'"; then
    runs "cmake, static," "$src/build/pingpong"
    if readelf -d "$src/build/pingpong" | grep -q 'NEEDED.*libbluelet'; then fail "static: still needs libbluelet.so"
    else ok "static: the program does not need libbluelet.so"; fi
fi
mkdir -p "$tmp/versions"
cat >"$tmp/versions/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.20)
project(versions NONE)
foreach(v 0.1 0.1.0 0 0.0.1 0.2 1.0 0.1...0.3 0.2...1.0)
    find_package(Bluelet ${v} QUIET)
    message(STATUS "Bluelet ${v}: ${Bluelet_FOUND}")
    unset(Bluelet_FOUND)
endforeach()
find_package(Bluelet QUIET)
message(STATUS "Bluelet any: ${Bluelet_FOUND} ${Bluelet_VERSION} blc=${Bluelet_BLC}")
CM
if step "find_package(Bluelet VERSION) configures" cmake -S "$tmp/versions" -B "$tmp/versions/build" -DCMAKE_PREFIX_PATH="$root"; then
    got=$(sed -n 's/^-- Bluelet //p' "$log" | xargs)
    version=$(sed -n 's/^#define BL_VERSION "\(.*\)"/\1/p' "$repo/runtime/bluelet.h")
    want="0.1: 1 0.1.0: 1 0: 1 0.0.1: 0 0.2: 0 1.0: 0 0.1...0.3: 1 0.2...1.0: 0 any: 1 $version blc=$root/bin/blc"
    if [ "$version" = 0.1.0 ] && [ "$got" = "$want" ]; then ok "BlueletConfigVersion: same major.minor while 0.x, not older, ranges"
    else fail "BlueletConfigVersion: got '$got'"; fi
fi

# ---------------------------------------------------------- pkg-config
src=$tmp/pkg-config
cp -rL "$repo/examples/integration/pkg-config" "$src"
if step "pkg-config: build.sh builds" "$src/build.sh"; then
    runs "pkg-config" "$src/pingpong"
fi

# ----------------------------------------------------------- uninstall
if step "make uninstall" $make -C "$repo" --no-print-directory SANITIZE= DESTDIR="$dest" PREFIX="$prefix" uninstall; then
    left=$(cd "$dest" && find . -mindepth 1 | head -5 | xargs)
    [ -z "$left" ] && ok "make uninstall leaves nothing" || fail "make uninstall left: $left"
fi
finish
