#!/usr/bin/env bash
# bench/echo/run.sh [NAME=PROGRAM ...] - echo servers under the same load:
# loadgen's connections each ping-pong SIZE-byte messages, every byte
# checked.  Client and server are pinned to different CPUs (CPU_A and
# CPU_B: 0 and 1).  For each number of connections, REPS runs of SECS
# seconds each, the servers interleaved (each repetition starts with the
# next server); reported: round trips per second and server CPU time per
# round trip (the server's on-CPU time over the timed phase, from
# /proc/PID/task/*/schedstat in ns; utime+stime from /proc/PID/stat, at
# clock-tick resolution, beside it), medians, and CPU per round trip
# against the hand-written epoll server's.  Beside each verdict, the
# paired ratio: the median over the repetitions of each one's ratio of the
# two servers (run a few seconds apart, so a load that comes and goes on a
# shared machine weighs on both alike).
#
# Targets, for each server other than the peers `epoll`, `uv` and `uring`
# (bench/echo/uring_echo.c): CPU per round trip at most 1.05x epoll's, and
# below uv's; for one on io_uring (NAME ending in -uring), at most 1.02x
# uring's.
#
# Servers: the arguments, or the Makefile's ECHO_SERVERS.  Environment:
# CONNS ("1 64 1000 64x16": a number of connections, or CxD for C
# connections each with D messages in flight, sent back to back: loadgen
# -P D), SECS (seconds per run, default 2), REPS (5), SIZE (bytes per
# message, 64).
set -u
. "$(dirname "$0")/../lib.sh"
. bench/echo/servers.sh

CONNS=${CONNS:-1 64 1000 64x16}
SECS=${SECS:-2}
REPS=${REPS:-5}
SIZE=${SIZE:-64}
TARGET=1.05
URING_TARGET=1.02
LOADGEN=$B/bench/echo/loadgen
[ -x "$LOADGEN" ] || die "$LOADGEN is not built (make bench-build)"

if [ $# -gt 0 ]; then
    servers=("$@")
else
    mapfile -t servers < <(echo_servers)
fi
names=()
declare -A prog port pid
for s in "${servers[@]}"; do
    name=${s%%=*}
    prog[$name]=${s#*=}
    [ -n "$name" ] && [ "$name" != "$s" ] || die "want NAME=PROGRAM, got '$s'"
    [ -x "${prog[$name]}" ] || die "server $name: ${prog[$name]} is not built"
    names+=("$name")
done

# 1000 connections need more than the usual 1024 fds, on both sides.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 4096 || die "cannot raise the fd limit"

# Starts a server on a free port, pinned, and waits until it accepts.
start_server() {
    local name=$1 i
    port[$name]=$("$LOADGEN" --free-port) || die "no free port"
    taskset -c "$CPU_B" "${prog[$name]}" "${port[$name]}" >"$BENCH_TMP/$name.log" 2>&1 &
    pid[$name]=$!
    BENCH_PIDS+=("${pid[$name]}")
    for ((i = 0; i < 100; i++)); do
        kill -0 "${pid[$name]}" 2>/dev/null ||
            die "server $name exited: $(cat "$BENCH_TMP/$name.log")"
        "$LOADGEN" --probe "${port[$name]}" && return 0
        sleep 0.05
    done
    die "server $name does not accept on 127.0.0.1:${port[$name]} after 5 s"
}

machine
echo "echo: ${SIZE}-byte ping-pong; client on cpu $CPU_A, servers on cpu $CPU_B;" \
    "$REPS interleaved runs of ${SECS} s per server and connection count; medians"
for name in "${names[@]}"; do
    start_server "$name"
    echo "  $name: ${prog[$name]} (pid ${pid[$name]}, port ${port[$name]})"
done

declare -A rt cpu tick
limit=$(awk -v s="$SECS" 'BEGIN { printf "%d\n", 3 * s + 30 }')
for c in $CONNS; do
    for ((r = 0; r < REPS; r++)); do
        n=${#names[@]}
        for ((i = 0; i < n; i++)); do
            name=${names[$(((i + r) % n))]}
            depth=1
            [ "${c#*x}" = "$c" ] || depth=${c#*x}
            out=$(bounded "$CPU_A" "$limit" "$LOADGEN" -c "${c%x*}" -P "$depth" \
                -d "$SECS" -s "$SIZE" -p "${pid[$name]}" "${port[$name]}" 2>&1) ||
                die "$name, $c connections: $out"
            kill -0 "${pid[$name]}" 2>/dev/null ||
                die "server $name died: $(cat "$BENCH_TMP/$name.log")"
            rt[$c,$name]+="$(kv rt_per_s "$out") "
            cpu[$c,$name]+="$(kv server_ns_per_rt "$out") "
            tick[$c,$name]+="$(kv server_stat_ns_per_rt "$out") "
        done
    done
done

# The median over the repetitions of NAME's CPU per round trip over
# PEER's in the same repetition: paired NAME PEER CONNS.
paired() {
    local -a a b q=()
    local i
    read -ra a <<<"${cpu[$3,$1]}"
    read -ra b <<<"${cpu[$3,$2]}"
    for ((i = 0; i < ${#a[@]}; i++)); do
        q+=("$(awk -v x="${a[$i]}" -v y="${b[$i]}" 'BEGIN { print (y > 0 ? x / y : 0) }')")
    done
    printf '%.2f\n' "$(median "${q[@]}")"
}

declare -A med
verdicts=()
for c in $CONNS; do
    printf '\n%s connection(s)\n' "$c"
    printf '  %-14s %10s %10s %12s %9s   %s\n' server "rt/s" "cpu ns/rt" "(stat ns/rt)" \
        "vs epoll" "runs: cpu ns/rt"
    for name in "${names[@]}"; do
        read -ra v <<<"${cpu[$c,$name]}"
        med[$c,$name]=$(median "${v[@]}")
    done
    for name in "${names[@]}"; do
        read -ra v <<<"${rt[$c,$name]}"
        rate=$(median "${v[@]}")
        read -ra v <<<"${tick[$c,$name]}"
        stat=$(median "${v[@]}")
        vs=-
        [ -n "${med[$c,epoll]:-}" ] && vs="$(ratio "${med[$c,$name]}" "${med[$c,epoll]}")x"
        printf '  %-14s %10.0f %10.0f %12.0f %9s   %s\n' "$name" "$rate" "${med[$c,$name]}" \
            "$stat" "$vs" "${cpu[$c,$name]}"
    done
    for name in "${names[@]}"; do
        case $name in epoll | uv | uring) continue ;; esac
        if [ "${name%-uring}" != "$name" ] && [ -n "${med[$c,uring]:-}" ]; then
            x=$(ratio "${med[$c,$name]}" "${med[$c,uring]}")
            verdicts+=("$name, $c conn: cpu/rt at most ${URING_TARGET}x uring: $(verdict at_most "${med[$c,$name]}" "${med[$c,uring]}" "$URING_TARGET") (${x}x; paired $(paired "$name" uring "$c")x)")
        fi
        if [ -n "${med[$c,epoll]:-}" ]; then
            x=$(ratio "${med[$c,$name]}" "${med[$c,epoll]}")
            verdicts+=("$name, $c conn: cpu/rt at most ${TARGET}x epoll: $(verdict at_most "${med[$c,$name]}" "${med[$c,epoll]}" "$TARGET") (${x}x; paired $(paired "$name" epoll "$c")x)")
        fi
        if [ -n "${med[$c,uv]:-}" ]; then
            x=$(ratio "${med[$c,$name]}" "${med[$c,uv]}")
            verdicts+=("$name, $c conn: cpu/rt below uv: $(verdict below "${med[$c,$name]}" "${med[$c,uv]}") (${x}x uv; paired $(paired "$name" uv "$c")x)")
        fi
    done
done

echo
if [ ${#verdicts[@]} = 0 ]; then
    echo "targets: no server to hold to them (only the peers ran)"
else
    echo "targets:"
    printf '  %s\n' "${verdicts[@]}"
fi

# Stop the servers politely; the exit trap kills any that linger.
for name in "${names[@]}"; do
    kill -TERM "${pid[$name]}" 2>/dev/null
done
