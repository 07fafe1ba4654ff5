#!/usr/bin/env bash
# bench/kv/profile.sh - where a request's CPU goes, in kv and in
# redis-server, at one pipeline depth (DEPTH, 1): three views of the same
# load as bench/kv/run.sh's (redis-benchmark, CONNS clients, RANDKEYS
# random keys, each GET after a SET of every key has been tried).
#
#   1. user-space instructions per request, callgrind: the server under
#      valgrind serves CG_A and then, in a second run, CG_B requests;
#      (Ir_B - Ir_A) / (CG_B - CG_A) cancels start-up and the SET that
#      fills the table.  Deterministic for a binary, whatever the load.
#   2. system calls per request, strace -c -f over N requests.
#   3. user and system CPU per request, utime and stime of
#      /proc/PID/stat (clock ticks) over N requests, the median of REPS
#      runs, the servers interleaved, pinned as in run.sh.
#   4. where the kernel's share goes: perf record -e cpu-clock (a
#      software clock, so it works in a VM without a PMU) on the server
#      for PERF_SECS seconds of load: the share of samples in the kernel,
#      and each system call's share, its callees included (the larger of
#      its __x64_sys_ and ksys_ frames: read and write show as the latter).  Where perf
#      cannot record, the reason is printed instead.
#
# No target: run.sh checks the goal; this says why it is met or not.
# Environment: DEPTH, N, REPS, CONNS, RANDKEYS, CG_A, CG_B, TESTS,
# PERF_SECS, CALLGRIND (no: leave out 1., as for a sanitized build, which
# valgrind cannot run).
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/servers.sh"

DEPTH=${DEPTH:-1}
N=${N:-100000}
REPS=${REPS:-5}
CG_A=${CG_A:-5000}
CG_B=${CG_B:-25000}
TESTS=${TESTS:-"GET SET"}
PERF_SECS=${PERF_SECS:-4}
CALLGRIND=${CALLGRIND:-yes}

kv_need strace
[ "$CALLGRIND" = no ] || kv_need valgrind

# start NAME [WRAPPER...]: kv_start, its port and pid in port and spid.
start() {
    kv_start "$@"
    port=$KV_PORT spid=$KV_PID
}

# load TEST COUNT [nofill]: redis-benchmark against $port; a GET first
# fills the table (a SET of RANDKEYS random keys, pipelined), unless told.
load() {
    local test=$1 count=$2 out
    if [ "$test" = GET ] && [ "${3:-}" != nofill ]; then
        out=$(bounded "$CPU_A" 300 redis-benchmark -p "$port" -c "$CONNS" -n "$RANDKEYS" -P 16 \
            -r "$RANDKEYS" -t set -q 2>&1) || die "redis-benchmark failed: $out"
    fi
    out=$(bounded "$CPU_A" 600 redis-benchmark -p "$port" -c "$CONNS" -n "$count" -P "$DEPTH" \
        -r "$RANDKEYS" -t "${test,,}" -q 2>&1) || die "redis-benchmark failed: $out"
}

# stop: SIGTERM to the server, and its exit waited for.
stop() {
    kill -TERM "$spid" 2>/dev/null
    wait "$spid" 2>/dev/null
}

# instructions NAME TEST COUNT: callgrind's total for the whole run.
instructions() {
    local out=$BENCH_TMP/cg.out
    rm -f "$out"
    start "$1" valgrind -q --tool=callgrind --callgrind-out-file="$out"
    load "$2" "$3"
    stop
    sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$out"
}

# syscalls NAME TEST: "name per-request ..." for the calls strace counts.
syscalls() {
    local out=$BENCH_TMP/strace.out sp
    start "$1"
    load "$2" 1000   # connections made, the table filled: not counted
    timeout 600 strace -c -f -q -p "$spid" -o "$out" &
    sp=$!
    BENCH_PIDS+=("$sp")
    sleep 1
    load "$2" "$N" nofill
    kill -INT "$sp"
    wait "$sp" 2>/dev/null
    stop
    awk -v n="$N" '$NF ~ /^[a-z_0-9]+$/ && $4 ~ /^[0-9]+$/ && $NF != "total" {
        printf "%s %.3f ", $NF, $4 / n }' "$out"
}

# times_of PID: its utime and stime so far, in clock ticks.
times_of() {
    awk '{ print $14, $15 }' "/proc/$1/stat"
}

# The host's TCP segments sent so far (/proc/net/snmp's OutSegs): on
# loopback, each request's, each reply's, and any ACK sent alone.
tcp_segments() {
    awk '$1 == "Tcp:" { if (h) { for (i = 2; i <= NF; i++) if (k[i] == "OutSegs") print $i }
                        else { h = 1; for (i = 2; i <= NF; i++) k[i] = $i } }' /proc/net/snmp
}

machine
echo "kv profile: -P $DEPTH, redis-benchmark $CONNS clients, $RANDKEYS random keys;" \
    "kv (examples/kv.blc) and $(redis-server --version | cut -d' ' -f1-3)"

echo
echo "1. user-space instructions per request (callgrind, ($CG_B - $CG_A) requests)"
[ "$CALLGRIND" = no ] && echo "  not measured (CALLGRIND=no)" && TESTS_CG= || TESTS_CG=$TESTS
declare -A ir
for test in $TESTS_CG; do
    for name in "${SERVERS[@]}"; do
        a=$(instructions "$name" "$test" "$CG_A")
        b=$(instructions "$name" "$test" "$CG_B")
        [ -n "$a" ] && [ -n "$b" ] || die "no callgrind total for $name"
        ir[$test,$name]=$(awk -v a="$a" -v b="$b" -v n=$((CG_B - CG_A)) 'BEGIN { printf "%.0f", (b - a) / n }')
    done
    printf '  %-4s kv %6s   redis %6s   kv/redis %sx\n' "$test" "${ir[$test,kv]}" \
        "${ir[$test,redis]}" "$(ratio "${ir[$test,kv]}" "${ir[$test,redis]}")"
done

echo
echo "2. system calls per request (strace -c -f, $N requests)"
for test in $TESTS; do
    for name in "${SERVERS[@]}"; do
        printf '  %-4s %-6s %s\n' "$test" "$name" "$(syscalls "$name" "$test")"
    done
done

echo
echo "3. CPU per request, user and system (utime, stime; $N requests, median of $REPS);"
echo "   TCP segments per request, the host's (/proc/net/snmp OutSegs: 2 is a request and its reply)"
tck=$(getconf CLK_TCK)
for test in $TESTS; do
    declare -A pids=() ports=() us=() sy=() sg=()
    for name in "${SERVERS[@]}"; do
        start "$name"
        pids[$name]=$spid ports[$name]=$port
        load "$test" 1000
    done
    for ((r = 0; r < REPS; r++)); do
        for ((i = 0; i < ${#SERVERS[@]}; i++)); do
            name=${SERVERS[$(((i + r) % ${#SERVERS[@]}))]}
            port=${ports[$name]}
            read -r u0 s0 <<<"$(times_of "${pids[$name]}")"
            g0=$(tcp_segments)
            load "$test" "$N" nofill
            g1=$(tcp_segments)
            read -r u1 s1 <<<"$(times_of "${pids[$name]}")"
            sg[$name]+="$(awk -v g=$((g1 - g0)) -v n="$N" 'BEGIN { printf "%.3f", g / n }') "
            us[$name]+="$(awk -v t=$((u1 - u0)) -v k="$tck" -v n="$N" 'BEGIN { printf "%.3f", t / k / n * 1e6 }') "
            sy[$name]+="$(awk -v t=$((s1 - s0)) -v k="$tck" -v n="$N" 'BEGIN { printf "%.3f", t / k / n * 1e6 }') "
        done
    done
    for name in "${SERVERS[@]}"; do
        read -ra u <<<"${us[$name]}"
        read -ra s <<<"${sy[$name]}"
        read -ra g <<<"${sg[$name]}"
        printf '  %-4s %-6s user %6.2f us  system %6.2f us  segments %5.3f   runs: %s; %s; %s\n' \
            "$test" "$name" "$(median "${u[@]}")" "$(median "${s[@]}")" "$(median "${g[@]}")" \
            "${us[$name]% }" "${sy[$name]% }" "${sg[$name]% }"
        spid=${pids[$name]}
        stop
    done
done

echo
echo "4. the kernel's share of the CPU (perf record -e cpu-clock, $PERF_SECS s of -P $DEPTH load)"
for test in $TESTS; do
    for name in "${SERVERS[@]}"; do
        start "$name"
        load "$test" 1000
        data=$BENCH_TMP/perf.data
        bounded "$CPU_A" 120 redis-benchmark -p "$port" -c "$CONNS" -n 100000000 -P "$DEPTH" \
            -r "$RANDKEYS" -t "${test,,}" -q >/dev/null 2>&1 &
        lp=$!
        BENCH_PIDS+=("$lp")
        sleep 0.5
        if ! err=$(timeout 60 perf record -q -e cpu-clock -F 2000 -g -p "$spid" -o "$data" \
                       -- sleep "$PERF_SECS" 2>&1); then
            kill "$lp" 2>/dev/null
            stop
            echo "  perf cannot record here: ${err:-perf is missing (apt-get install linux-perf)}"
            break 2
        fi
        kill "$lp" 2>/dev/null
        wait "$lp" 2>/dev/null
        stop
        kernel=$(perf report -i "$data" --no-children -g none --sort dso -q 2>/dev/null |
            awk '$2 == "[kernel.kallsyms]" { sub(/%/, "", $1); print $1 }')
        calls=$(perf report -i "$data" --children -g none --sort symbol -q 2>/dev/null |
            awk '$1 ~ /%$/ && $4 ~ /^(__x64_sys_|ksys_)/ { c = $4; sub(/^(__x64_sys_|ksys_)/, "", c)
                     v = $1; sub(/%/, "", v); if (!(c in s) || v > s[c]) s[c] = v }
                 END { for (c in s) printf "%s %s%% ", c, s[c] }')
        printf '  %-4s %-6s kernel %s%%: %s\n' "$test" "$name" "${kernel:-0}" "$calls"
    done
done
