#!/usr/bin/env bash
# bench/switch/run.sh - the cost of a coroutine switch: `yield bl_null()`
# through libbluelet's ready queue (switch.c) against `co_await` through a
# minimal C++20 scheduler (switch.cc), K coroutines ping-ponging.
#
# A switch is one suspension and resumption of one coroutine.  Reports
# wall-clock ns per switch (median of REPS runs, the two programs
# interleaved, pinned to one CPU) and instructions per switch (callgrind:
# the difference between two iteration counts, so start-up and tear-down
# cancel out; deterministic).  Target: libbluelet at most 1.2x C++20
# (issue 13; 1.5x before it).
#
# Environment: ITERS (per coroutine, default 5000000), K (2), REPS (5),
# CG_ITERS ("10000 110000": the two callgrind counts), CALLGRIND=no to skip
# the instruction counts (sanitized builds cannot run under valgrind).
set -u
. "$(dirname "$0")/../lib.sh"

ITERS=${ITERS:-5000000}
K=${K:-2}
REPS=${REPS:-5}
read -r CG_SMALL CG_LARGE <<<"${CG_ITERS:-10000 110000}"
TARGET=1.2

progs=(bluelet cpp)
declare -A bin=([bluelet]=$B/bench/switch/switch [cpp]=$B/bench/switch/switch-cpp)
declare -A label=([bluelet]="libbluelet (switch.c)" [cpp]="C++20 (switch.cc)")
for p in "${progs[@]}"; do
    [ -x "${bin[$p]}" ] || die "${bin[$p]} is not built (make bench-build)"
done

machine
echo "switch: $K coroutines x $ITERS yields, $REPS interleaved runs on cpu $CPU_B"

# One timed run: its ns per switch.
timed() {
    local out
    out=$(bounded "$CPU_B" 60 "${bin[$1]}" "$ITERS" "$K") || die "$1 failed: $out"
    [ "$(kv switches "$out")" = $((ITERS * K)) ] || die "$1: unexpected output: $out"
    kv ns_per_switch "$out"
}

declare -A runs med
for ((r = 0; r < REPS; r++)); do
    # Alternate which goes first, so neither always follows the other.
    if ((r % 2)); then order=(cpp bluelet); else order=(bluelet cpp); fi
    for p in "${order[@]}"; do
        runs[$p]+="$(timed "$p") "
    done
done

# Instructions: total Ir of a run, from callgrind's output file.
instructions() {
    local f=$BENCH_TMP/cg.$1.$2
    bounded "" 120 valgrind --tool=callgrind --callgrind-out-file="$f" \
        "${bin[$1]}" "$2" "$K" >/dev/null 2>"$f.log" || die "callgrind $1 $2 failed: $(cat "$f.log")"
    sed -n 's/^summary: *//p' "$f"
}
declare -A ins
if [ "${CALLGRIND:-yes}" != no ]; then
    for p in "${progs[@]}"; do
        small=$(instructions "$p" "$CG_SMALL")
        large=$(instructions "$p" "$CG_LARGE")
        ins[$p]=$(awk -v a="$small" -v b="$large" -v n=$(((CG_LARGE - CG_SMALL) * K)) \
            'BEGIN { printf "%.1f\n", (b - a) / n }')
    done
fi

printf '\n%-24s %12s %14s   %s\n' "" "ns/switch" "instr/switch" "runs (ns/switch)"
for p in "${progs[@]}"; do
    read -ra r <<<"${runs[$p]}"
    med[$p]=$(median "${r[@]}")
    printf '%-24s %12s %14s   %s\n' "${label[$p]}" "${med[$p]}" "${ins[$p]:-skipped}" "${runs[$p]}"
done
ns_ratio=$(ratio "${med[bluelet]}" "${med[cpp]}")
if [ -n "${ins[cpp]:-}" ]; then
    ins_ratio=$(ratio "${ins[bluelet]}" "${ins[cpp]}")
else
    ins_ratio=skipped
fi
printf '%-24s %11sx %13sx\n' "ratio libbluelet/C++20" "$ns_ratio" "$ins_ratio"
echo
echo "target: libbluelet at most ${TARGET}x C++20"
echo "  ns/switch:           $(verdict at_most "${med[bluelet]}" "${med[cpp]}" "$TARGET") (${ns_ratio}x)"
if [ "$ins_ratio" != skipped ]; then
    echo "  instructions/switch: $(verdict at_most "${ins[bluelet]}" "${ins[cpp]}" "$TARGET") (${ins_ratio}x)"
fi
