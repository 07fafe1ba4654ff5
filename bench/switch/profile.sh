#!/usr/bin/env bash
# bench/switch/profile.sh - where a switch's instructions go: callgrind
# runs of switch.c and switch.cc at two iteration counts, and per function
# the difference divided by the extra switches (so start-up cancels out).
# Then the syscalls a switch makes (strace -c, the same difference);
# callgrind counts user-space instructions only.  Deterministic; for
# reading, not a benchmark.
#
# Environment: K (2), CG_ITERS ("10000 110000"), TOP (15 functions each),
# LINES=1 to list the runtime's costliest source lines too.
set -u
. "$(dirname "$0")/../lib.sh"

K=${K:-2}
read -r SMALL LARGE <<<"${CG_ITERS:-10000 110000}"
TOP=${TOP:-15}
command -v callgrind_annotate >/dev/null || die "callgrind_annotate is missing (valgrind)"

. "$(dirname "$0")/../cg.sh"

# Instructions per function, "count function" lines: per_function PROG ITERS
per_function() {
    local f=$BENCH_TMP/cg.$(basename "$1").$2
    bounded "" 120 valgrind --tool=callgrind --callgrind-out-file="$f" "$1" "$2" "$K" \
        >/dev/null 2>"$f.log" || die "callgrind $1 failed: $(cat "$f.log")"
    cg_functions "$f"
}

machine
for prog in "$B/bench/switch/switch" "$B/bench/switch/switch-cpp"; do
    [ -x "$prog" ] || die "$prog is not built (make bench-build)"
    per_function "$prog" "$SMALL" >"$BENCH_TMP/small"
    per_function "$prog" "$LARGE" >"$BENCH_TMP/large"
    echo
    echo "$(basename "$prog"): instructions per switch, by function ($K coroutines," \
        "callgrind at $SMALL and $LARGE iterations)"
    cg_per_unit "$BENCH_TMP/small" "$BENCH_TMP/large" $(((LARGE - SMALL) * K)) "$TOP"
done

# Syscalls per switch, by name: strace -c at the two counts.
syscalls() {
    local f=$BENCH_TMP/st.$(basename "$1").$2
    bounded "" 120 strace -c -f -o "$f" "$1" "$2" "$K" >/dev/null 2>&1 ||
        die "strace $1 failed"
    awk '$NF != "total" && $NF != "syscall" && $4 ~ /^[0-9]+$/ { print $4, $NF }' "$f"
}
command -v strace >/dev/null || die "strace is missing (tests/deps.sh bench installs it)"
for prog in "$B/bench/switch/switch" "$B/bench/switch/switch-cpp"; do
    syscalls "$prog" "$SMALL" >"$BENCH_TMP/small"
    syscalls "$prog" "$LARGE" >"$BENCH_TMP/large"
    echo
    echo "$(basename "$prog"): syscalls per switch (strace -c)"
    awk -v n=$(((LARGE - SMALL) * K)) '
        NR == FNR { small[$2] = $1; next }
        { d = ($1 - small[$2]) / n; total += d
          if (d >= 0.001) printf "  %8.3f  %s\n", d, $2 }
        END { printf "  %8.3f  total\n", total }' "$BENCH_TMP/small" "$BENCH_TMP/large"
done

# With LINES=1: the runtime's source lines that cost half an instruction
# per switch or more, from the larger callgrind run (start-up included,
# which the hot lines make negligible).
if [ "${LINES:-0}" = 1 ]; then
    echo
    echo "switch: runtime source lines, instructions per switch (callgrind, $LARGE iterations)"
    callgrind_annotate --auto=yes --show-percs=no "$BENCH_TMP/cg.switch.$LARGE" 2>/dev/null |
        awk -v n=$((LARGE * K)) '
            /^-- Auto-annotated source: / { file = $NF; sub(/^.*\/runtime\//, "runtime/", file); next }
            /^-- line [0-9]+ / { ln = $3; next }
            /^-+$/ || / events annotated$/ { next }
            file != "" && /^ *([0-9,]+|\.) / {
                if ($2 == "=>") next
                c = $1; text = $0; sub(/^ *[0-9,.]+ +/, "", text)
                if (c != ".") { gsub(",", "", c)
                    if (file ~ /^runtime\// && c / n >= 0.5)
                        printf "  %6.1f  %s:%d  %s\n", c / n, file, ln, text }
                ln++ }'
fi
