#!/usr/bin/env bash
# bench/smoke.sh - make check-bench-smoke: every benchmark program and
# script, run at a tiny size, must work, so the benchmarks cannot rot.
# Nothing here is timed or compared: a case passes when the program exits
# as it should and says what it should (each program checks its own
# work: the pingers ran in turn, every sleeper woke, every echoed byte
# was right).  The load generator must also catch a server that corrupts,
# closes early, stays silent, or is not there.
#
# Environment: B (build directory).  Ends with "bench-smoke: N passed,
# N failed".
set -u
. "$(dirname "$0")/lib.sh"
. bench/echo/servers.sh

passed=0 failed=0
LOADGEN=$B/bench/echo/loadgen
LOG=$BENCH_TMP/case.log

pass() {
    echo "ok - $1"
    passed=$((passed + 1))
}
fail() {
    echo "FAIL - $1"
    sed 's/^/    /' "$LOG" | tail -n 20
    failed=$((failed + 1))
}

# A program that must exit 0 and print KEY=VALUE: expect NAME KEY=VALUE CMD...
expect() {
    local name=$1 want=$2
    shift 2
    if timeout -k 2 120 "$@" >"$LOG" 2>&1 && grep -q -- "$want" "$LOG"; then
        pass "$name"
    else
        fail "$name (wanted exit 0 and '$want')"
    fi
}

# A program that must fail, saying so: expect_fail NAME MESSAGE CMD...
expect_fail() {
    local name=$1 want=$2 rc
    shift 2
    timeout -k 2 30 "$@" >"$LOG" 2>&1
    rc=$?
    if [ "$rc" = 1 ] && grep -q -- "$want" "$LOG"; then
        pass "$name"
    else
        fail "$name (wanted exit 1 and '$want', got exit $rc)"
    fi
}

# Starts CMD... with the port as last argument; sets srv_pid, srv_port.
start() {
    local i
    srv_port=$("$LOADGEN" --free-port)
    "$@" "$srv_port" >"$BENCH_TMP/server.log" 2>&1 &
    srv_pid=$!
    BENCH_PIDS+=("$srv_pid")
    for ((i = 0; i < 100; i++)); do
        kill -0 "$srv_pid" 2>/dev/null || return 1
        "$LOADGEN" --probe "$srv_port" && return 0
        sleep 0.05
    done
    return 1
}

# Stops the server with SIGTERM; its exit status (124: did not stop in 5 s).
stop() {
    local i
    kill -TERM "$srv_pid" 2>/dev/null
    for ((i = 0; i < 100; i++)); do
        kill -0 "$srv_pid" 2>/dev/null || break
        sleep 0.05
    done
    kill -0 "$srv_pid" 2>/dev/null && { kill -KILL "$srv_pid"; wait "$srv_pid"; return 124; }
    wait "$srv_pid"
}

# ---- switch and spawn -------------------------------------------------

expect "switch: 1000 iterations, 2 coroutines" "switches=2000 " "$B/bench/switch/switch" 1000
expect "switch: 1000 iterations, 3 coroutines" "switches=3000 " "$B/bench/switch/switch" 1000 3
expect "switch-cpp: 1000 iterations, 2 coroutines" "switches=2000 " "$B/bench/switch/switch-cpp" 1000
expect "switch-cpp: 1000 iterations, 3 coroutines" "switches=3000 " "$B/bench/switch/switch-cpp" 1000 3
expect "spawn: 1000 sleepers" "coroutines=1000 " "$B/bench/spawn/spawn" 1000 0.5
expect "chan pingpong: 1000 round trips" "messages=2000 " "$B/bench/chan/pingpong" 1000
expect "chan pingpong-go: 1000 round trips" "messages=2000 " "$B/bench/chan/pingpong-go" 1000

# ---- echo servers, checked byte by byte by the load generator ----------

while IFS='=' read -r name prog; do
    if ! start "$prog"; then
        cp "$BENCH_TMP/server.log" "$LOG"
        fail "echo $name: starts and accepts ($prog)"
        continue
    fi
    expect "echo $name: 1 connection, 100 round trips" "roundtrips=100 " \
        "$LOADGEN" -c 1 -n 100 -p "$srv_pid" "$srv_port"
    expect "echo $name: 50 connections, 1000 round trips" "roundtrips=1000 " \
        "$LOADGEN" -c 50 -n 1000 "$srv_port"
    # Messages that come back in pieces; then messages bigger than the
    # client's (shrunk) socket buffers, so the server's writes are partial.
    expect "echo $name: 4 connections, 16 messages in flight each" "roundtrips=640 " \
        "$LOADGEN" -c 4 -P 16 -n 640 "$srv_port"
    expect "echo $name: 20 connections, 64 KiB messages" "roundtrips=100 " \
        "$LOADGEN" -c 20 -s 65536 -n 100 "$srv_port"
    expect "echo $name: 2 connections, 4 MB messages, partial writes" "roundtrips=4 " \
        "$LOADGEN" -c 2 -s 4000000 -b 4096 -n 4 "$srv_port"
    stop
    rc=$?
    cp "$BENCH_TMP/server.log" "$LOG"
    case $name in
    epoll | uv) # ours: they must end cleanly (and leak-free under ASan)
        if [ "$rc" = 0 ]; then pass "echo $name: exits 0 on SIGTERM"; else
            fail "echo $name: exits 0 on SIGTERM (exit $rc)"; fi ;;
    *)
        if [ "$rc" != 124 ]; then pass "echo $name: stops on SIGTERM"; else
            fail "echo $name: stops on SIGTERM"; fi ;;
    esac
done < <(echo_servers)

# ---- the load generator catches bad servers ----------------------------

# A socat server on PORT whose connections run CMD (exec'd, so that $! is
# socat's own pid): bad_server CMD PORT
bad_server() {
    exec socat "TCP-LISTEN:$2,bind=127.0.0.1,reuseaddr,fork" "SYSTEM:$1"
}

# expect_caught NAME MESSAGE CMD: the load generator must fail against a
# server running CMD per connection, saying MESSAGE.
expect_caught() {
    if start bad_server "$3"; then
        expect_fail "loadgen catches $1" "$2" "$LOADGEN" -c 2 -n 20 -T 1 "$srv_port"
    else
        cp "$BENCH_TMP/server.log" "$LOG"
        fail "loadgen catches $1: socat server starts"
    fi
    stop
}

if command -v socat >/dev/null; then
    expect_caught "a corrupting server" "byte" "dd bs=1 conv=ucase status=none"
    expect_caught "an early close" "closed the connection" "dd bs=1 count=70 status=none"
    expect_caught "a silent server" "no echo for" "cat >/dev/null"
else
    echo "FAIL - loadgen catches bad servers: socat is missing (tests/deps.sh test installs it)"
    failed=$((failed + 1))
fi
expect_fail "loadgen fails with nobody listening" "refused" \
    "$LOADGEN" -c 1 -n 1 "$("$LOADGEN" --free-port)"

# ---- the benchmark scripts themselves, at tiny sizes --------------------

# Valgrind cannot run sanitized programs.
callgrind=yes
case $B in */san) callgrind=no ;; esac
expect "bench/switch/run.sh, tiny" "target: " \
    env ITERS=1000 REPS=1 CG_ITERS="100 200" CALLGRIND=$callgrind bench/switch/run.sh
expect "bench/spawn/run.sh, tiny" "target: " env N=1000 SLEEP=0.5 REPS=1 bench/spawn/run.sh
expect "bench/chan/run.sh, tiny" "target: " env N=1000 REPS=1 bench/chan/run.sh
expect "bench/echo/run.sh, tiny" "targets" env CONNS="1 20 4x16" SECS=0.2 REPS=1 bench/echo/run.sh
expect "bench/echo/study.sh, tiny" "-all-uring, 4x16 conn" \
    env CONNS="1 4x16" SECS=0.2 REPS=1 bench/echo/study.sh
if [ $callgrind = yes ]; then
    expect "bench/echo/instructions.sh, tiny, by function" "  total" \
        env RT_A=20 RT_B=60 TOP=3 B="$B" bench/echo/instructions.sh
    expect "bench/frontend/run.sh --instructions" "main parse, overlapping the output past the last #include: [1-9]" \
        env B="$B" bench/frontend/run.sh --instructions
else
    echo "(bench/echo/instructions.sh and bench/frontend/run.sh --instructions are not run on a sanitized build: valgrind cannot run one)"
fi
# These also check every response: httpd's and nginx's files with curl
# and cmp, and wrk's errors; the crawler's pages (the program checks).
expect "bench/httpd/run.sh, tiny" "targets:" env SECS=1 REPS=1 \
    HTTPD_SERVERS="httpd httpd-nodelay nginx nginx-sendfile httpd-2 nginx-sendfile-2 floor" bench/httpd/run.sh
expect "bench/httpd/profile.sh, tiny" "$([ $callgrind = yes ] && echo 'instructions per request' || echo 'syscalls per request')" \
    env SECS=1 DURATIONS="1 2" SIZES=1024 CALLGRIND=$callgrind bench/httpd/profile.sh
expect "bench/crawler/run.sh, tiny" "bluelet within" env N=5 DELAY_MS=20 REPS=1 bench/crawler/run.sh
expect "bench/kv/run.sh, tiny" "targets:" env N=2000 REPS=1 bench/kv/run.sh
expect "bench/kv/profile.sh, tiny" "system calls per request" env N=500 REPS=1 CG_A=200 CG_B=400 \
    TESTS=GET PERF_SECS=1 CALLGRIND=$callgrind bench/kv/profile.sh
expect "bench/slow/run.sh, tiny" "target at most 2x" env N=50 REPS=1 NORMAL=20 SECS=2 bench/slow/run.sh

echo "bench-smoke: $passed passed, $failed failed"
[ "$failed" = 0 ]
