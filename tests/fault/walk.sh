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
#   FAULT_SITES=D    walk each allocation site's first call instead
#                    (tests/fault/failalloc.c's BL_FAULT_SITES: a site is
#                    the code that allocates and D-1 of its callers), and
#                    every Kth N besides when FAULT_STRIDE is set too
#   FAULT_SAMPLES=K  with FAULT_SITES: K evenly spaced N besides (a stride
#                    of the count over K)
#   FAULT_OK="0 1"   exit statuses of CMD that pass
#   FAULT_LEAKS_ON_FAIL_OK=1  leaks are judged in the runs that exit 0
#                    only (a CMocka suite whose assertion failed jumped
#                    out of its test, abandoning what the test held)
#   FAULT_KNOWN=4    CMD's exit status for a known failure (tests/fault/
#                    known.txt): counted and printed apart, passes
#   FAULT_TIMEOUT=S  a run's time limit (default 20 s): past it, a hang
#   FAULT_BLOCKED_OK=1  a run that spends a whole second idle (under 20 ms
#                    of CPU: blocked, a test waiting for a peer whose
#                    creation failed) is stopped then, counted apart and
#                    passes; a run still busy at the limit is a spin and
#                    fails (without it, any run past the limit fails)
# Ends with "NAME: N passed, N failed" and a line with the figures.
set -u
name=$1
shift
stride=${FAULT_STRIDE:-1}
ok=" ${FAULT_OK:-0} "
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0 injected=0 blocked=0 absorbed=0 known=0
limit=${FAULT_TIMEOUT:-20}
hz=$(getconf CLK_TCK)

# run_one N CMD...: runs CMD with the Nth allocation failing; rc is its
# exit status, or "hung" when it outlived the limit, with tail_ms the CPU
# it spent in its last second (a wait, or a spin).
run_one() {
    local n=$1 pid st ticks t0= i steps=$((limit * 50))
    tail_ms=0
    shift
    BL_FAULT_ALLOC=$n BL_FAULT_ALLOC_LOG=$tmp/count "$@" </dev/null >"$tmp/out" 2>&1 &
    pid=$!
    for ((i = 0; i < steps; i++)); do
        { read -r st <"/proc/$pid/stat"; } 2>/dev/null || st=
        if [ -z "$st" ] || [[ "$st" == *") Z "* ]]; then
            wait "$pid"
            rc=$?
            return
        fi
        if [ $((i % 50)) = 0 ]; then # each second: its CPU in the last one
            read -r -a f <<<"${st##*) }" # utime and stime: fields 14 and 15
            ticks=$((f[11] + f[12]))
            [ -n "$t0" ] && tail_ms=$(((ticks - t0) * 1000 / hz))
            t0=$ticks
            # Blocked may pass: a second without CPU is enough to tell.
            [ "${FAULT_BLOCKED_OK:-0}" = 1 ] && [ "$i" -gt 0 ] && [ "$tail_ms" -lt 20 ] && break
        fi
        sleep 0.02
    done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    rc=hung
}


sites=${FAULT_SITES:-0}
BL_FAULT_SITES=$sites BL_FAULT_ALLOC_LOG=$tmp/count "$@" </dev/null >"$tmp/out" 2>&1
rc=$?
# The count: from the log's "calls M" (at exit); a server stopped by a
# signal leaves none: its last site's call then.
total=$(awk '$1 == "calls" { c = $2 } $1 == "site" && $2 > s { s = $2 } END { print c ? c : s + 0 }' \
        "$tmp/count" 2>/dev/null)
if [ "$rc" != 0 ] || [ "${total:-0}" = 0 ]; then
    echo "FAIL: $name: the run without a failure exited $rc (or counted nothing):"
    tail -20 "$tmp/out"
    echo "$name: 0 passed, 1 failed"
    exit 1
fi
if [ -n "${FAULT_SAMPLES:-}" ]; then
    stride=$(((total + FAULT_SAMPLES - 1) / FAULT_SAMPLES))
    FAULT_STRIDE=$stride
fi
if [ "$sites" = 0 ]; then
    seq 1 "$stride" "$total" >"$tmp/walk"
    what="every ${stride}th N"
else
    nsites=$(grep -c '^site ' "$tmp/count")
    grep -q '^full' "$tmp/count" && echo "note: $name: more sites than failalloc.c tells apart"
    { awk '$1 == "site" { print $2 }' "$tmp/count"
      [ -n "${FAULT_STRIDE:-}" ] && seq 1 "$stride" "$total"; } | sort -nu >"$tmp/walk"
    what="the first call of each of $nsites sites (depth $sites)${FAULT_STRIDE:+ and every ${stride}th N}"
fi
runs=$(wc -l <"$tmp/walk")

while read -r n; do
    rm -f "$tmp/count"
    run_one "$n" "$@"
    # the Nth allocation failed (1), or the run ended before it (0)
    if grep -q '^injected ' "$tmp/count" 2>/dev/null; then hit=1
    elif grep -q '^calls ' "$tmp/count" 2>/dev/null; then hit=0
    else hit=?; fi
    why=
    if [ "$rc" = hung ]; then
        if [ "${FAULT_BLOCKED_OK:-0}" = 1 ] && [ "$tail_ms" -lt 20 ]; then
            blocked=$((blocked + 1))
            echo "blocked: $name: allocation $n of $total failing: waits (${tail_ms} ms of CPU in its last second)"
        else
            why="hung (killed after $limit s, ${tail_ms} ms of CPU in its last second)"
        fi
    elif [ "$rc" -ge 128 ]; then
        why="died (exit $rc)"
    elif grep -qE 'ERROR: AddressSanitizer|runtime error:|ERROR SUMMARY: [1-9]|^libbluelet: ' "$tmp/out"; then
        why="a sanitizer, valgrind or runtime report"
    elif grep -qE 'LeakSanitizer|definitely lost: [1-9]' "$tmp/out" &&
         { [ "$rc" = 0 ] || [ -z "${FAULT_LEAKS_ON_FAIL_OK:-}" ]; }; then
        why="a leak (LeakSanitizer or valgrind)"
    elif [ -n "${FAULT_KNOWN:-}" ] && [ "$rc" = "$FAULT_KNOWN" ]; then
        known=$((known + 1))
        echo "KNOWN: $name: allocation $n of $total failing: $(grep -m1 '^known: ' "$tmp/out")"
    elif [[ "$ok" != *" $rc "* ]]; then
        why="exit $rc"
    fi
    [ "$hit" = 1 ] && injected=$((injected + 1))
    if [ "$hit" = 1 ] && [ "$rc" = 0 ] && [ -z "$why" ]; then
        absorbed=$((absorbed + 1)) # the program's outcome as without a failure
        [ -n "${FAULT_VERBOSE:-}" ] && echo "absorbed: $name: allocation $n of $total"
    fi
    if [ -z "$why" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $name: allocation $n of $total failing: $why"
        tail -15 "$tmp/out" | sed 's/^/    /'
    fi
done <"$tmp/walk"
echo "$name: $total allocations, $runs runs ($what), $injected failures injected, $absorbed of them absorbed (exit 0), $blocked blocked${FAULT_KNOWN:+, $known known}"
echo "$name: $passed passed, $failed failed"
[ "$failed" = 0 ]
