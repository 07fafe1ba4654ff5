# bench/lib.sh - what every bench/NAME/run.sh shares: where the programs
# are, the machine banner, medians and ratios, bounded runs, and the
# processes a benchmark starts, each killed by its pid on the way out.
#
# Sourced, not run.  Environment: B, the build directory (build, or
# build/san under SANITIZE=1; make passes it).  Run outside make, a
# benchmark first builds what it needs and checks its tools.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 1
B=${B:-build}

if [ -z "${MAKELEVEL:-}" ]; then
    make --no-print-directory -s bench-build || exit 1
    tests/deps.sh bench || exit 1
fi

# Every process we start goes here; all are killed, by pid, on exit.
BENCH_PIDS=()
BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX")
bench_cleanup() {
    local pid
    for pid in "${BENCH_PIDS[@]}"; do
        kill "$pid" 2>/dev/null
    done
    for pid in "${BENCH_PIDS[@]}"; do
        wait "$pid" 2>/dev/null
    done
    rm -rf "$BENCH_TMP"
}
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

die() {
    echo "$(basename "$(dirname "$0")"): $*" >&2
    exit 1
}

# The banner every benchmark starts with.
machine() {
    local model
    model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
    printf 'machine: %s cores (nproc), %s, Linux %s\n' "$(nproc)" "${model:-unknown CPU}" \
        "$(uname -r)"
    printf 'date: %s, load average %s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" \
        "$(cut -d' ' -f1-3 /proc/loadavg)"
}

# A program, bounded in time: killed (by its pid, by timeout) after
# SECONDS.  Pinned to a CPU when one is given: bounded CPU SECONDS CMD...
bounded() {
    local cpu=$1 secs=$2
    shift 2
    if [ -n "$cpu" ]; then
        timeout -k 2 "$secs" taskset -c "$cpu" "$@"
    else
        timeout -k 2 "$secs" "$@"
    fi
}

# The value of key=value in a line of figures: kv KEY LINE
kv() {
    printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1
}

# The median of the numbers given.
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
        END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
              printf "%.10g\n", m }'
}

# a / b with two decimals.
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "inf"; else printf "%.2f\n", a / b }'
}

# Is a <= b?  le A B
le() {
    awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'
}

# Is a at most t times b (unrounded)?  at_most A B T
at_most() {
    awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { exit !(a <= t * b) }'
}

# Is a below b?  below A B
below() {
    awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'
}

# MET or MISSED for a condition given as a command.
verdict() {
    if "$@"; then echo MET; else echo MISSED; fi
}

# The CPUs to pin to: the client (or the benchmark) on one, the server on
# the other, when there are two.
if [ "$(nproc)" -ge 2 ]; then
    CPU_A=${CPU_A:-0} CPU_B=${CPU_B:-1}
else
    CPU_A=${CPU_A:-0} CPU_B=${CPU_B:-0}
fi
