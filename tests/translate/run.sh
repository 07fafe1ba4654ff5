#!/usr/bin/env bash
# tests/translate/run.sh [NAME...] - the golden translation tests.
#
# Each tests/translate/NAME.blc comes with one or more expectations:
#
#   NAME.c     the exact output of `blc NAME.blc` (diff -u); the file must
#              also be valid C: it is compiled with gcc and clang
#              -std=c11 -Wall -Wextra -Werror -fsyntax-only (one test each)
#   NAME.err   the exact stderr of blc, caret lines included; blc must exit
#              1 and leave no output file (and no temporary) behind
#   NAME.out   the stdout of the program: translate, compile against
#              runtime/bluelet.h and libbluelet.a, run, diff -u
#   NAME.warn  the exact stderr of blc when it succeeds with warnings (exit
#              0); goes with .c or .out, which then accept that stderr
#   NAME.ccerr what gcc and clang say of an error that blc leaves to them:
#              blc must succeed, and each compiler must reject its output,
#              as the file's lines say: `at FILE:LINE[:COL]`, the place of
#              its first error (the #line mapping and the output's columns);
#              `says TEXT`, which that error's line holds; `errors N`, the
#              number of its errors (one: no cascade)
#   NAME.args  optional: extra blc arguments, one per line (e.g. --no-line)
#   NAME.valgrind  optional, with .out: the program runs once more under
#              valgrind --track-fds=yes --leak-check=full, its inherited fds
#              closed, and must leave no fd but the 3 std ones and no byte
#              (an empty file; skipped with SANITIZE=1: ASan and valgrind
#              do not mix)
#
# A NAME.blc with none of .c, .err, .out, .ccerr is a failure, so no test is ever
# silently skipped.  blc runs in this directory on the bare file name, so
# the file names in diagnostics and #line directives are stable.
#
# Environment: B (build directory, default build), BLC (default $B/blc),
# CC (default cc), SANITIZE=1 to build the .out programs with ASan+UBSan
# (the Makefile passes its own SANITIZE).  Prints one block per failure and
# a closing line "translate: N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../frontend/common.sh"
CC=${CC:-cc}
CFLAGS_TEST=(-std=c11 -Wall -Wextra -Werror -I"$root/runtime" -I"$here")  # $here: a .def a golden includes
SAN=()
if [ "${SANITIZE:-}" = 1 ]; then
    SAN=(-fsanitize=address,undefined -fno-sanitize-recover=all
         -fno-omit-frame-pointer)
fi
work=$B/tests/translate
passed=0 failed=0

pass() { passed=$((passed + 1)); }
fail() { # name what [detail-file]
    failed=$((failed + 1))
    printf 'FAIL %s: %s\n' "$1" "$2"
    if [ $# -ge 3 ] && [ -s "$3" ]; then sed 's/^/    /' "$3" | head -n 60; fi
}

for tool in "$BLC" gcc clang; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "translate: missing $tool (run make, or tests/deps.sh test)"
        echo "translate: 0 passed, 1 failed"
        exit 1
    fi
done
[ -f "$B/libbluelet.a" ] || { echo "translate: missing $B/libbluelet.a"
                             echo "translate: 0 passed, 1 failed"; exit 1; }

# blc NAME: runs blc on NAME.blc in $here, output into $dir/got.c, stderr
# into $dir/stderr; sets $rc.
run_blc() {
    local name=$1 args=()
    if [ -f "$here/$name.args" ]; then
        mapfile -t args < "$here/$name.args"
    fi
    (cd "$here" && exec "$BLC" -I"$root/runtime" "${args[@]}" "$name.blc" \
        -o "$dir/out/got.c") >"$dir/stdout" 2>"$dir/stderr"
    rc=$?
}

# The output directory must hold exactly got.c (or nothing, on error):
# a temporary left behind by an atomic write is a failure.
check_leftovers() { # name want
    local left
    left=$(cd "$dir/out" && ls -A | grep -vx "$2")
    [ -z "$left" ] || { fail "$1" "files left beside the output: $left"
                        return 1; }
}

check_c() { # name
    local name=$1
    if [ "$rc" != 0 ]; then
        fail "$name" "blc exited $rc, expected 0" "$dir/stderr"
    elif [ -s "$dir/stderr" ] && [ ! -f "$here/$name.warn" ]; then
        fail "$name" "blc wrote to stderr" "$dir/stderr"
    elif ! diff -u "$here/$name.c" "$dir/out/got.c" >"$dir/diff" 2>&1; then
        fail "$name" "output differs from $name.c" "$dir/diff"
    elif check_leftovers "$name" got.c; then
        pass
    fi
    for cc in gcc clang; do
        if $cc "${CFLAGS_TEST[@]}" -fsyntax-only -x c "$here/$name.c" \
            >"$dir/cc.log" 2>&1; then
            pass
        else
            fail "$name" "expected $name.c does not compile with $cc" \
                "$dir/cc.log"
        fi
    done
}

check_err() { # name
    local name=$1
    if [ "$rc" -ge 128 ]; then
        fail "$name" "blc crashed (exit $rc)" "$dir/stderr"
    elif [ "$rc" != 1 ]; then
        fail "$name" "blc exited $rc, expected 1" "$dir/stderr"
    elif [ -e "$dir/out/got.c" ]; then
        fail "$name" "blc wrote an output file despite errors"
    elif ! diff -u "$here/$name.err" "$dir/stderr" >"$dir/diff" 2>&1; then
        fail "$name" "stderr differs from $name.err" "$dir/diff"
    elif check_leftovers "$name" ''; then
        pass
    fi
}

check_ccerr() { # name
    local name=$1 key val got cc log
    if [ "$rc" != 0 ] || [ ! -f "$dir/out/got.c" ]; then
        fail "$name" "blc exited $rc, expected 0" "$dir/stderr"
        return
    fi
    for cc in gcc clang; do
        log=$dir/$cc.log
        (cd "$here" && $cc "${CFLAGS_TEST[@]}" -fsyntax-only "$dir/out/got.c") \
            >"$log" 2>&1
        while read -r key val; do
            case $key in
            at) got=$(grep -m1 ': error: ' "$log" | cut -d: -f1-$(($(tr -cd : <<<"$val" | wc -c) + 1))) ;;
            says) got=$(grep -m1 ': error: ' "$log" | grep -cF -- "$val") val=1 ;;
            errors) got=$(grep -c ': error: ' "$log") ;;
            *) fail "$name" "$name.ccerr: unknown line '$key'"; continue ;;
            esac
            if [ "$got" = "$val" ]; then
                pass
            else
                fail "$name" "$cc: $key: got '$got', expected '$val'" "$log"
            fi
        done < "$here/$name.ccerr"
    done
}

check_warn() { # name
    local name=$1
    if [ "$rc" != 0 ]; then
        fail "$name" "blc exited $rc, expected 0" "$dir/stderr"
    elif ! diff -u "$here/$name.warn" "$dir/stderr" >"$dir/diff" 2>&1; then
        fail "$name" "stderr differs from $name.warn" "$dir/diff"
    else
        pass
    fi
}

check_out() { # name
    local name=$1
    if [ "$rc" != 0 ] || [ ! -f "$dir/out/got.c" ]; then
        fail "$name" "blc exited $rc, expected 0" "$dir/stderr"
        return
    fi
    if ! $CC "${CFLAGS_TEST[@]}" "${SAN[@]}" "$dir/out/got.c" \
        "$B/libbluelet.a" -o "$dir/prog" >"$dir/cc.log" 2>&1; then
        fail "$name" "translation of $name.blc does not compile" "$dir/cc.log"
        return
    fi
    # Bounded: a program that hangs is a failure, not a stuck suite.
    timeout 20 "$dir/prog" >"$dir/run.out" 2>"$dir/run.err" </dev/null
    local prc=$?
    if [ "$prc" != 0 ]; then
        cat "$dir/run.err" >>"$dir/run.out"
        fail "$name" "program exited $prc" "$dir/run.out"
    elif ! diff -u "$here/$name.out" "$dir/run.out" >"$dir/diff" 2>&1; then
        fail "$name" "program output differs from $name.out" "$dir/diff"
    elif [ -f "$here/$name.valgrind" ] && [ "${SANITIZE:-}" != 1 ]; then
        check_valgrind "$name"
    else
        pass
    fi
}

# The program again under valgrind, with every fd above 2 that this shell
# inherited closed first, so that what is open at exit is the program's.
check_valgrind() { # name
    local name=$1 log=$dir/valgrind.log
    (for fd in /proc/self/fd/*; do
         fd=${fd##*/}
         [ "$fd" -gt 2 ] && eval "exec $fd>&-"
     done 2>/dev/null
     exec timeout 120 valgrind -q --track-fds=yes --leak-check=full \
         --show-leak-kinds=all --errors-for-leak-kinds=all \
         --error-exitcode=99 "$dir/prog" >/dev/null 2>"$log" </dev/null)
    local vrc=$?
    if ! command -v valgrind >/dev/null 2>&1; then
        fail "$name" "valgrind is missing (tests/deps.sh test)"
    elif [ "$vrc" != 0 ] || grep -q "Open .*file descriptor\|Open .*socket" "$log"; then
        fail "$name" "under valgrind: exit $vrc, or an fd or byte left behind" "$log"
    else
        pass
    fi
}

if [ $# -gt 0 ]; then
    names=("$@")
else
    names=()
    for f in "$here"/*.blc; do
        [ -e "$f" ] || continue
        f=${f##*/}
        names+=("${f%.blc}")
    done
fi
[ ${#names[@]} -gt 0 ] || { echo "translate: no tests found in $here"
                            echo "translate: 0 passed, 1 failed"; exit 1; }

for name in "${names[@]}"; do
    dir=$work/$name
    rm -rf "$dir" && mkdir -p "$dir/out"
    if [ ! -f "$here/$name.blc" ]; then
        fail "$name" "no $name.blc"
        continue
    fi
    if [ ! -f "$here/$name.c" ] && [ ! -f "$here/$name.err" ] &&
       [ ! -f "$here/$name.out" ] && [ ! -f "$here/$name.ccerr" ]; then
        fail "$name" "no expectation: add $name.c, $name.err, $name.out or $name.ccerr"
        continue
    fi
    if [ -f "$here/$name.err" ] &&
       { [ -f "$here/$name.c" ] || [ -f "$here/$name.out" ]; }; then
        fail "$name" "$name.err cannot go with $name.c or $name.out"
        continue
    fi
    if [ -f "$here/$name.warn" ] && [ ! -f "$here/$name.c" ] &&
       [ ! -f "$here/$name.out" ]; then
        fail "$name" "$name.warn goes with $name.c or $name.out"
        continue
    fi
    run_blc "$name"
    [ "$rc" -lt 128 ] || { fail "$name" "blc crashed (exit $rc)" \
                           "$dir/stderr"; continue; }
    [ -f "$here/$name.c" ] && check_c "$name"
    [ -f "$here/$name.err" ] && check_err "$name"
    [ -f "$here/$name.warn" ] && check_warn "$name"
    [ -f "$here/$name.out" ] && check_out "$name"
    [ -f "$here/$name.ccerr" ] && check_ccerr "$name"
done

echo "translate: $passed passed, $failed failed"
[ "$failed" = 0 ]
