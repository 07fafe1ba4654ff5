#!/usr/bin/env bash
# bench/chan/run.sh - the cost of a message through a channel: a
# ping-pong between two coroutines over two rendezvous bl_chans
# (pingpong.blc) against two goroutines over two unbuffered Go channels
# on one thread (pingpong.go), in the same run.
#
# Reports wall-clock ns per message (one send met by one receive), the
# median of REPS runs, the two programs interleaved and pinned to one CPU.
# Target: libbluelet at most 0.5x Go.
#
# Environment: N (round trips per run, default 2000000), REPS (5).
set -u
. "$(dirname "$0")/../lib.sh"

N=${N:-2000000}
REPS=${REPS:-5}
TARGET=0.5

progs=(bluelet go)
declare -A bin=([bluelet]=$B/bench/chan/pingpong [go]=$B/bench/chan/pingpong-go)
declare -A label=([bluelet]="libbluelet bl_chan" [go]="Go chan (GOMAXPROCS=1)")
for p in "${progs[@]}"; do
    [ -x "${bin[$p]}" ] || die "${bin[$p]} is not built (make bench-build)"
done

machine
echo "chan: $N round trips ($((2 * N)) messages), $REPS interleaved runs on cpu $CPU_B"

# One timed run: its ns per message.
timed() {
    local out
    out=$(bounded "$CPU_B" 120 "${bin[$1]}" "$N") || die "$1 failed: $out"
    [ "$(kv messages "$out")" = $((2 * N)) ] || die "$1: unexpected output: $out"
    kv ns_per_message "$out"
}

declare -A runs med
for ((r = 0; r < REPS; r++)); do
    if ((r % 2)); then order=(go bluelet); else order=(bluelet go); fi
    for p in "${order[@]}"; do
        runs[$p]+="$(timed "$p") "
    done
done

printf '\n%-26s %12s   %s\n' "" "ns/message" "runs (ns/message)"
for p in "${progs[@]}"; do
    read -ra r <<<"${runs[$p]}"
    med[$p]=$(median "${r[@]}")
    printf '%-26s %12s   %s\n' "${label[$p]}" "${med[$p]}" "${runs[$p]}"
done
printf '%-26s %11sx\n' "ratio libbluelet/Go" "$(ratio "${med[bluelet]}" "${med[go]}")"
echo
echo "target: libbluelet at most ${TARGET}x Go"
echo "  ns/message: $(verdict at_most "${med[bluelet]}" "${med[go]}" "$TARGET")"
