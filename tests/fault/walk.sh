#!/usr/bin/env bash
# tests/fault/walk.sh NAME CMD... - the failing allocator's walk: runs CMD
# once to count its allocations (M), then once for each N of 1..M with the
# Nth allocation failing (tests/fault/failalloc.c: BL_FAULT_ALLOC=N).
#
# A run passes when CMD did not die of a signal (no abort, no crash: exit
# status under 128), wrote no sanitizer or valgrind report, and, when the
# failure was injected, CMD's own check (its exit status, with FAULT_OK
# naming the statuses that mean "failed cleanly", default 0) holds.  CMD
# sees BL_FAULT_ALLOC and runs its own checks (what a clean failure is:
# an ENOMEM seen, no output file, nothing left alive).
#
#   FAULT_STRIDE=K   walk every Kth N only (default 1: every N)
#   FAULT_OK="0 1"   exit statuses of CMD that pass
#   FAULT_TIMEOUT=S  a run's time limit (default 20 s): past it, a hang
#   FAULT_BLOCKED_OK=1  a hang that spent under a tenth of the limit on
#                    the CPU (blocked: a test waiting for a peer whose
#                    creation failed) is counted apart and passes; one
#                    that spent more is a spin and fails
# Ends with "NAME: N passed, N failed" and a line with the figures.
set -u
name=$1
shift
stride=${FAULT_STRIDE:-1}
ok=" ${FAULT_OK:-0} "
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0 injected=0 blocked=0
limit=${FAULT_TIMEOUT:-20}
TIMEFORMAT='%U %S'


BL_FAULT_ALLOC_LOG=$tmp/count "$@" >"$tmp/out" 2>&1
rc=$?
if [ "$rc" != 0 ] || [ ! -s "$tmp/count" ]; then
    echo "FAIL: $name: the run without a failure exited $rc (or counted nothing):"
    tail -20 "$tmp/out"
    echo "$name: 0 passed, 1 failed"
    exit 1
fi
read -r total _ <"$tmp/count"

for ((n = 1; n <= total; n += stride)); do
    rm -f "$tmp/count"
    { time BL_FAULT_ALLOC=$n BL_FAULT_ALLOC_LOG=$tmp/count \
        timeout -k 2 "$limit" "$@" >"$tmp/out" 2>&1; } 2>"$tmp/time"
    rc=$?
    read -r user sys <"$tmp/time"
    { read -r _ hit <"$tmp/count"; } 2>/dev/null || hit=?
    why=
    if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
        cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
        if [ "${FAULT_BLOCKED_OK:-0}" = 1 ] && awk -v c="$cpu" -v l="$limit" 'BEGIN { exit !(c < l / 10) }'; then
            blocked=$((blocked + 1))
            echo "blocked: $name: allocation $n of $total failing: waits (${cpu} s of CPU in ${limit} s)"
        else
            why="hung (killed after $limit s, ${cpu} s of CPU)"
        fi
    elif [ "$rc" -ge 128 ] || [ "$hit" = "?" ]; then
        why="died (exit $rc)"
    elif grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:|ERROR SUMMARY: [1-9]|definitely lost: [1-9]|^libbluelet: ' "$tmp/out"; then
        why="a sanitizer, valgrind or runtime report"
    elif [[ "$ok" != *" $rc "* ]]; then
        why="exit $rc"
    fi
    [ "$hit" = 1 ] && injected=$((injected + 1))
    if [ -z "$why" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $name: allocation $n of $total failing: $why"
        tail -15 "$tmp/out" | sed 's/^/    /'
    fi
done
echo "$name: $total allocations, $injected failures injected (every ${stride}th N), $blocked blocked"
echo "$name: $passed passed, $failed failed"
[ "$failed" = 0 ]
