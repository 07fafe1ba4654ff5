#!/usr/bin/env bash
# bench/spawn/run.sh - what a sleeping coroutine costs: N tasks spawned,
# each in `yield bl_sleep(SLEEP)` (spawn.c).  Reports spawns per second
# (from the first spawn until every task has reached its sleep), resident
# memory per sleeping task (smaps_rollup Rss, read before the first spawn
# and while all sleep), and the frame size, each the median of REPS runs.
# Target: memory per coroutine at most its frame size + 64 bytes (so no
# fixed per-coroutine stack).
#
# Environment: N (default 1000000), SLEEP (seconds, default 2: longer than
# spawning takes, which the program checks), REPS (3).
set -u
. "$(dirname "$0")/../lib.sh"

N=${N:-1000000}
SLEEP=${SLEEP:-2}
REPS=${REPS:-3}
SLACK=64
prog=$B/bench/spawn/spawn
[ -x "$prog" ] || die "$prog is not built (make bench-build)"

machine
echo "spawn: $N coroutines, each asleep for $SLEEP s, $REPS runs on cpu $CPU_B"

per=() rate=() frame=
for ((r = 0; r < REPS; r++)); do
    out=$(bounded "$CPU_B" 60 "$prog" "$N" "$SLEEP") || die "run $((r + 1)) failed: $out"
    [ "$(kv coroutines "$out")" = "$N" ] || die "unexpected output: $out"
    echo "  run $((r + 1)): $out"
    per+=("$(kv rss_bytes_per_coroutine "$out")")
    rate+=("$(kv spawns_per_s "$out")")
    frame=$(kv frame_bytes "$out")
done

per_med=$(median "${per[@]}")
rate_med=$(median "${rate[@]}")
limit=$((frame + SLACK))
echo
printf '%-34s %s\n' "spawns per second (median)" "$rate_med" \
    "RSS bytes per sleeping coroutine" "$per_med (runs: ${per[*]})" \
    "frame size (sizeof the frame)" "$frame" \
    "RSS per coroutine / frame size" "$(ratio "$per_med" "$frame")x"
echo
echo "target: RSS per coroutine at most frame + $SLACK = $limit bytes:" \
    "$(verdict le "$per_med" "$limit") ($per_med bytes)"
