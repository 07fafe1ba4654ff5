#!/usr/bin/env bash
# bench/slow/run.sh - httpd's normal requests while 5 000 slow-header
# clients hang on: the median latency of plain requests (a connection
# each, HTTP/1.0, a 13-byte file, one each 10 ms) with the slow clients
# open, against the same requests just before they opened, in one run of
# tests/hostile/slow.c; REPS (3) runs, the median of their ratios.  The
# slow clients send one byte a second each, spread over the second, of a
# head that never ends; httpd runs with -c 6000 -t 60 so that all are
# held (the run checks they were).  Target: at most 2x.
#   N=5000 REPS=3 NORMAL=200 SECS=5 bench/slow/run.sh
set -u
. "$(dirname "$0")/../lib.sh"
N=${N:-5000} REPS=${REPS:-3} NORMAL=${NORMAL:-200} SECS=${SECS:-5}
SLOW=$B/tests/hostile/slow
[ -z "${MAKELEVEL:-}" ] && { make --no-print-directory -s "$SLOW" || exit 1; }
machine
echo "slow: $N slow-header clients, $NORMAL timed requests before and while they are open, $REPS runs"
mkdir -p "$BENCH_TMP/root"
printf 'hello, world\n' >"$BENCH_TMP/root/hello.txt"
port=$((24000 + RANDOM % 1000))
"$B/examples/httpd" -c $((N + 1000)) -t 60 "$BENCH_TMP/root" "$port" 2>"$BENCH_TMP/httpd.log" &
BENCH_PIDS+=($!)
for _ in $(seq 1 100); do
    curl -s --max-time 1 -o /dev/null "http://127.0.0.1:$port/hello.txt" && break
    sleep 0.05
done
ratios=()
for r in $(seq 1 "$REPS"); do
    line=$(bounded "" $((SECS + 60)) "$SLOW" "$port" "$N" "$SECS" http "$NORMAL" /hello.txt) ||
        die "the slow client failed"
    echo "run $r: $line"
    [ "$(kv held "$line")" = "$N" ] || die "not every slow client was held: $line"
    ratios+=("$(kv ratio "$line")")
    sleep 2   # the closes of the last run seen
done
m=$(median "${ratios[@]}")
echo "slow: median latency ratio, with $N slow clients / without: ${m}x (runs: ${ratios[*]}); target at most 2x: $(verdict le "$m" 2)"
