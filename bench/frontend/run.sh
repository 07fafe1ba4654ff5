#!/usr/bin/env bash
# bench/frontend/run.sh - how fast is blc's front end, next to gcc's?
#
#   bench/frontend/run.sh           the benchmark (make bench-frontend)
#   bench/frontend/run.sh --check   a small sample of both inputs must be
#                                   valid C and pass through blc (make check)
#   bench/frontend/run.sh --instructions   (b)'s blc under callgrind:
#                                   deterministic counts of its parts
#   BLC_B=other/blc bench/frontend/run.sh --compare
#                                   (a) and (b) for two blc binaries,
#                                   interleaved in the same runs: a
#                                   change's effect, paired
#   bench/frontend/run.sh --window  (b)'s cpp -dD, RUNS times: how long
#                                   its output of the main file's code after
#                                   the last #include takes to come, the time
#                                   a main parse following it could overlap
#
# (a) parsing: a generated fake amalgamation of LINES (250 000) lines with
#     no #include, `blc --no-cpp big.c` against `gcc -fsyntax-only big.c`;
#     target: blc's median at most 0.6 of gcc's; and blc's peak resident
#     memory on it, per input byte: target at most 10.
# (b) a typical file: a dozen system headers and some code, `blc file.c`
#     (which runs the preprocessor and parses its output) against
#     `gcc -E file.c`; target: at most 1.3 times.
# Each command runs RUNS (5) times, interleaved with its peer; the ratio is
# of the medians.  blc writes to stdout (-o -), sent to /dev/null.  The
# wall times are interleave.c's: from the spawn to the wait, no shell's
# forks around them.
# Environment: B (default build), BLC (default $B/blc), LINES, RUNS.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../tests/frontend/common.sh"
LINES=${LINES:-250000}
RUNS=${RUNS:-5}
work=$B/bench/frontend
mkdir -p "$work"

[ -x "$BLC" ] || { echo "bench-frontend: missing $BLC (run make)" >&2; exit 1; }
command -v python3 >/dev/null ||
    { echo "bench-frontend: missing python3 (tests/deps.sh test)" >&2; exit 1; }

# interleave RUNS CMD...: the commands' median wall times (interleave.c).
interleave() {
    if [ ! -x "$work/interleave" ] || [ "$here/interleave.c" -nt "$work/interleave" ]; then
        ${CC:-cc} -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra "$here/interleave.c" \
            -o "$work/interleave" || { echo "bench-frontend: cannot build interleave.c" >&2; exit 1; }
    fi
    "$work/interleave" "$@"
}

HEADERS="stdio.h stdlib.h string.h errno.h unistd.h fcntl.h signal.h
sys/types.h sys/socket.h netinet/in.h arpa/inet.h pthread.h"

# make_big FILE LINES / make_typical FILE LINES: the two inputs.
make_big() {
    python3 "$here/gencode.py" --lines "$2" --seed 42 >"$1"
}
make_typical() {
    { printf '/* A typical source file: a dozen system headers, some code. */\n'
      for h in $HEADERS; do printf '#include <%s>\n' "$h"; done
      python3 "$here/gencode.py" --lines "$2" --seed 43; } >"$1"
}

if [ "${1:-}" = --check ]; then
    passed=0 failed=0
    check() { # name file blc-args...
        local name=$1 file=$2; shift 2
        if ! gcc -std=gnu11 -fsyntax-only "$file" 2>"$work/$name.cc"; then
            failed=$((failed + 1))
            echo "FAIL $name: the generated C does not compile:"
            head -n 5 "$work/$name.cc" | sed 's/^/    /'
        else
            passed=$((passed + 1))
        fi
        if ! "$BLC" "$@" "$file" -o "$work/$name.out.c" 2>"$work/$name.err"; then
            failed=$((failed + 1))
            echo "FAIL $name: blc failed: $(head -n 1 "$work/$name.err")"
        elif ! cmp -s "$file" "$work/$name.out.c"; then
            failed=$((failed + 1))
            echo "FAIL $name: blc changed the file"
        else
            passed=$((passed + 1))
        fi
    }
    make_big "$work/sample-big.c" 2000
    make_typical "$work/sample-typical.c" 500
    check sample-big "$work/sample-big.c" --no-cpp
    check sample-typical "$work/sample-typical.c"
    echo "gencode: $passed passed, $failed failed"
    [ "$failed" = 0 ]
    exit
fi

# (b)'s parts, in instructions (callgrind: blc's own, not cpp's): the
# header pass, which reads cpp's output as it streams in, on the other
# core while cpp works; the learning left after the output ends; and the
# main file's parse: serial after the output ends (a file with an #if),
# or inside the header pass, following cpp's output past the file's last
# #include (cpp.c; under callgrind blc is so slow that the output has
# ended by then: the overlap in time is the wall clock's, and --window's).
if [ "${1:-}" = --instructions ]; then
    . "$here/../cg.sh"
    command -v valgrind >/dev/null ||
        { echo "bench-frontend: missing valgrind (tests/deps.sh bench)" >&2; exit 1; }
    make_typical "$work/typical.c" 1500
    valgrind --tool=callgrind --separate-callers=2 --callgrind-out-file="$work/cg.out" \
        "$BLC" "$work/typical.c" -o /dev/null 2>"$work/stderr" ||
        { echo "bench-frontend: failed: blc under callgrind" >&2; cat "$work/stderr" >&2; exit 1; }
    total=$(sed -n 's/^summary: *//p' "$work/cg.out")
    printf 'bench-frontend: (b) blc in all: %s instructions\n' "$total"
    printf 'bench-frontend: (b) header pass, overlapping cpp: %s\n' \
        "$(cg_inclusive "$work/cg.out" "cpp_learn_typedefs'main")"
    printf 'bench-frontend: (b) learning left after the output ends: %s\n' \
        "$(cg_inclusive "$work/cg.out" "expand_learn_more'cpp_learn_typedefs'main")"
    printf 'bench-frontend: (b) main parse, after the output ends: %s\n' \
        "$(cg_inclusive "$work/cg.out" "parse_source'main'")"
    printf 'bench-frontend: (b) main parse, overlapping the output past the last #include: %s\n' \
        "$(cg_inclusive "$work/cg.out" "parse_source'cpp_overlap_main")"
    exit
fi

# The window a main parse that followed cpp's stream after the main file's
# last #include could overlap (window.py; wall-clock, so noisy when shared).
if [ "${1:-}" = --window ]; then
    make_typical "$work/typical.c" 1500
    python3 "$here/window.py" --runs "$RUNS" "$work/typical.c"
    exit
fi

verdict() { # ratio target
    awk -v r="$1" -v t="$2" 'BEGIN { print (r <= t) ? "met" : "NOT met" }'; }

echo "bench-frontend: machine: $(nproc) CPUs," \
     "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo "bench-frontend: gcc: $(gcc --version | head -n 1)"

big=$work/big.c typical=$work/typical.c
make_big "$big" "$LINES"
make_typical "$typical" 1500
echo "bench-frontend: (a) $(wc -l <"$big") lines, $(wc -c <"$big") bytes;" \
     "(b) $(wc -l <"$typical") lines and $(echo $HEADERS | wc -w) headers"
cmp -s "$big" <("$BLC" --no-cpp "$big" -o -) ||
    { echo "bench-frontend: blc changed big.c" >&2; exit 1; }

# ms N: the median wall time, in milliseconds, of interleave's Nth command.
ms() { echo "$times" | sed -n "${1}p" | awk '{ print $1 }'; }
report() { # label blc-ms peer-label peer-ms target
    local ratio
    ratio=$(awk -v a="$2" -v b="$4" 'BEGIN { printf "%.6f", a / b }')
    printf 'bench-frontend: %s: %s %s ms, %s %s ms (medians of %d): ratio %.2f, target <= %s: %s\n' \
        "$1" "${6:-blc}" "$2" "$3" "$4" "$RUNS" "$ratio" "$5" "$(verdict "$ratio" "$5")"
}

# --compare: (a) and (b) for blc and $BLC_B, in the same rounds as gcc.
if [ "${1:-}" = --compare ]; then
    [ -x "${BLC_B:-}" ] || { echo "bench-frontend: --compare: set BLC_B to another blc" >&2; exit 1; }
    times=$(interleave "$RUNS" "gcc -fsyntax-only $big" "$BLC --no-cpp $big -o -" \
                       "$BLC_B --no-cpp $big -o -" "gcc -E $typical -o /dev/null" \
                       "$BLC $typical -o -" "$BLC_B $typical -o -") || exit 1
    report "(a) parse" "$(ms 2)" "gcc -fsyntax-only" "$(ms 1)" 0.6 "blc ($BLC)"
    report "(a) parse" "$(ms 3)" "gcc -fsyntax-only" "$(ms 1)" 0.6 "blc ($BLC_B)"
    report "(b) typical file" "$(ms 5)" "gcc -E" "$(ms 4)" 1.3 "blc ($BLC)"
    report "(b) typical file" "$(ms 6)" "gcc -E" "$(ms 4)" 1.3 "blc ($BLC_B)"
    awk -v a="$(ms 3)" -v b="$(ms 2)" -v c="$(ms 6)" -v d="$(ms 5)" \
        'BEGIN { printf "bench-frontend: BLC_B / BLC: (a) %.3f, (b) %.3f\n", a / b, c / d }'
    exit
fi

times=$(interleave "$RUNS" "$BLC --no-cpp $big -o -" "gcc -fsyntax-only $big" \
                   "$BLC $typical -o -" "gcc -E $typical -o /dev/null") || exit 1
report "(a) parse" "$(ms 1)" "gcc -fsyntax-only" "$(ms 2)" 0.6
report "(b) typical file" "$(ms 3)" "gcc -E" "$(ms 4)" 1.3

# peak_rss_kb CMD...: the peak resident set size of CMD, in kB, from GNU
# time (python's count would include its own copy before the exec).
peak_rss_kb() {
    if [ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1; then
        /usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null && cat "$work/rss"
    else
        echo "bench-frontend: no GNU time; python's count, high by its own size" >&2
        python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
    fi
}
rss=$(peak_rss_kb "$BLC" --no-cpp "$big" -o -)
per=$(awk -v k="$rss" -v b="$(wc -c <"$big")" 'BEGIN { printf "%.2f", k * 1024 / b }')
printf 'bench-frontend: (a) memory: blc peak RSS %d kB: %s bytes per input byte, target <= 10: %s\n' \
    "$rss" "$per" "$(verdict "$per" 10)"
