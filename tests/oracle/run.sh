#!/usr/bin/env bash
# tests/oracle/run.sh FIRST COUNT - the erasure oracle: for each seed in
# [FIRST, FIRST+COUNT), generates a program (gen), builds it twice -- its
# erasure as plain C, and its translation by blc with libbluelet -- runs
# both and compares their outputs.  A failing seed leaves its files in
# $B/tests/oracle/fail-SEED.  Prints "oracle: N passed, N failed".
#
# Random programs say silly things (`x == x`), so both sides compile with
# warnings off; the goldens hold the translation to -Wall -Wextra -Werror.
# Environment: B, BLC as for the other suites; ORACLE_JOBS programs at
# once (the CPUs); SANITIZE=1 builds the blc
# side with ASan+UBSan.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../transform/env.sh"
first=${1:-1} count=${2:-100}
SAN=()
[ "${SANITIZE:-}" = 1 ] && SAN=(-fsanitize=address,undefined
                               -fno-sanitize-recover=all -fno-omit-frame-pointer)
work=$B/tests/oracle
mkdir -p "$work"
gen=$work/gen
for need in "$BLC" "$B/libbluelet.a"; do
    [ -e "$need" ] || { echo "oracle: missing $need (run make)"
                        echo "oracle: 0 passed, 1 failed"; exit 1; }
done
"$CC" -std=c11 -O1 -o "$gen" "$here/gen.c" ||
    { echo "oracle: 0 passed, 1 failed"; exit 1; }

# one SEED: generates, erases, translates, builds and runs one program;
# prints PASS, or FAIL with the why and the log's head.
one() {
    local seed=$1 d=$work/s$1 lines why=
    rm -rf "$d" && mkdir -p "$d"
    "$gen" "$seed" >"$d/p.blc"
    "$here/erase.sh" "$d/p.blc" >"$d/erased.c"
    lines=--no-line     # odd seeds keep the #line directives
    [ $((seed % 2)) = 1 ] && lines=
    if ! "$CC" -std=c11 -w -I"$here" "$d/erased.c" -o "$d/erased" 2>"$d/log"; then
        why="the erasure does not compile"
    elif ! (cd "$d" && "$BLC" $lines -I"$root/runtime" p.blc -o p.c) 2>>"$d/log"; then
        why="blc failed"
    elif ! "$CC" -std=c11 -w "${SAN[@]}" -I"$root/runtime" \
            "$d/p.c" "$B/libbluelet.a" -o "$d/p" 2>>"$d/log"; then
        why="the translation does not compile"
    else
        timeout 20 "$d/erased" >"$d/want" 2>>"$d/log"
        timeout 20 "$d/p" >"$d/got" 2>>"$d/log" || why="the translation failed"
        [ -z "$why" ] && ! diff -u "$d/want" "$d/got" >"$d/diff" &&
            why="outputs differ"
    fi
    if [ -z "$why" ]; then
        echo PASS
        rm -rf "$d"
    else
        rm -rf "$work/fail-$seed" && mv "$d" "$work/fail-$seed"
        echo "FAIL seed $seed: $why (files in $work/fail-$seed)"
        head -n 20 "$work/fail-$seed/log" "$work/fail-$seed/diff" 2>/dev/null | sed 's/^/    /'
    fi
}

# ORACLE_JOBS workers (the CPUs), each every ORACLE_JOBS-th seed.
jobs=${ORACLE_JOBS:-$(nproc 2>/dev/null || echo 1)}
for ((j = 0; j < jobs; j++)); do
    (for ((seed = first + j; seed < first + count; seed += jobs)); do one "$seed"; done) \
        >"$work/part.$j" &
done
wait
passed=$(cat "$work"/part.* | grep -c '^PASS$')
failed=$(cat "$work"/part.* | grep -c '^FAIL ')
grep -hv '^PASS$' "$work"/part.* || true
rm -f "$work"/part.*
[ $((passed + failed)) = "$count" ] || {
    echo "oracle: $((count - passed - failed)) seeds gave no verdict"
    failed=$((count - passed))
}
echo "oracle: $passed passed, $failed failed"
[ "$failed" = 0 ]
