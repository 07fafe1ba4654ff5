#!/usr/bin/env bash
# tests/run/echo-twin.sh BLC - examples/handwritten/echo.c, the echo
# server "written exactly as blc writes it", is checked to be that: byte
# for byte what `BLC --no-line -Iruntime examples/echo.blc` writes, run
# from the top of the tree (the coroutine's bl_coro_info names the .blc
# by the path blc was given).  Nothing may differ; after a change to blc's
# output or to echo.blc, remake the twin with that command (-o the twin).
# The twin also compiles with -Wall -Wextra -Werror.
# Ends with "echo-twin: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
blc=${1:-build/blc}
twin=examples/handwritten/echo.c
passed=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok: $*"; passed=$((passed + 1)); }
bad() { echo "FAILED: $*"; failed=$((failed + 1)); }

if "$blc" --no-line -Iruntime examples/echo.blc -o "$tmp/echo.c"; then
    if diff -u "$twin" "$tmp/echo.c"; then
        ok "$twin is what blc --no-line writes for examples/echo.blc"
    else
        bad "$twin differs from blc --no-line's output (diff above)"
    fi
else
    bad "blc --no-line failed on examples/echo.blc"
fi
if ${CC:-cc} -std=c11 -Wall -Wextra -Werror -Iruntime -fsyntax-only "$twin"; then
    ok "$twin compiles with -Wall -Wextra -Werror"
else
    bad "$twin has warnings"
fi
echo "echo-twin: $passed passed, $failed failed"
[ "$failed" = 0 ]
