# bench/kv/servers.sh - sourced by bench/kv/run.sh and profile.sh (after
# bench/lib.sh): the two servers they compare.
#
# kv_start NAME [WRAPPER...]: NAME (kv: examples/kv.blc; kv-uring: the
# same on the io_uring backend; redis: redis-server with persistence off)
# on a free port on 127.0.0.1, pinned
# to CPU_B, under WRAPPER if one is given (valgrind), answering PING; sets
# KV_PORT and KV_PID (added to BENCH_PIDS, killed on the way out).
# kv_need TOOL...: dies naming what is missing of the tools and the kv
# binary.  The load both scripts put on them: CONNS clients over RANDKEYS
# random keys.  KV_SERVERS (kv redis) names the servers compared; kv and
# redis must be among them.

CONNS=${CONNS:-50}
RANDKEYS=${RANDKEYS:-100000}
REDIS_SERVER=${REDIS_SERVER:-redis-server}
read -ra SERVERS <<<"${KV_SERVERS:-kv redis}"

kv_need() {
    local tool
    for tool in "$REDIS_SERVER" redis-benchmark redis-cli taskset "$@"; do
        command -v "$tool" >/dev/null || die "$tool is missing (tests/deps.sh bench installs it)"
    done
    [ -x "$B/examples/kv" ] || die "$B/examples/kv is missing (make $B/examples/kv)"
}

kv_start() {
    local name=$1 i
    shift
    KV_PORT=$("$B/bench/echo/loadgen" --free-port) || die "no free port"
    case $name in
    kv) taskset -c "$CPU_B" "$@" "$B/examples/kv" "$KV_PORT" >"$BENCH_TMP/$name.log" 2>&1 & ;;
    kv-uring) BLUELET_BACKEND=io_uring taskset -c "$CPU_B" "$@" "$B/examples/kv" "$KV_PORT" \
                  >"$BENCH_TMP/$name.log" 2>&1 & ;;
    redis) taskset -c "$CPU_B" "$@" "$REDIS_SERVER" --port "$KV_PORT" \
               --bind 127.0.0.1 --save '' --appendonly no --daemonize no --dir "$BENCH_TMP" \
               >"$BENCH_TMP/$name.log" 2>&1 & ;;
    *) die "no server named $name (kv, kv-uring, redis)" ;;
    esac
    KV_PID=$!
    BENCH_PIDS+=("$KV_PID")
    for ((i = 0; i < 500; i++)); do # up to 10 s: valgrind starts slowly
        [ "$(timeout 2 redis-cli -p "$KV_PORT" PING 2>/dev/null)" = PONG ] && return 0
        kill -0 "$KV_PID" 2>/dev/null || break
        sleep 0.02
    done
    die "$name does not answer on port $KV_PORT: $(cat "$BENCH_TMP/$name.log")"
}
