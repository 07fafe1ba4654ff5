#!/usr/bin/env bash
# bench/soak/run.sh DURATION - the soak: the echo, httpd and kv examples
# under mixed load (bench/soak/load.c: exchanges checked byte for byte,
# half-closes, keep-alive GETs, RESP pipelines, requests cut off by a
# reset, idle connections held and dropped), DURATION seconds, on
# 127.0.0.1.  Every 10 s (SOAK_INTERVAL) it prints each server's RSS (kB),
# open fds and ESTABLISHED connections (the kernel's socket table: the
# alive-count), and decides from those numbers:
#   - flat: after the warm-up (the first third of the run, at most 60 s),
#     no sample's RSS exceeds the warm-up's highest by more than
#     SOAK_RSS_SLACK kB (default 2048), nor its fds the warm-up's highest
#     by more than the client's concurrency can explain (SOAK_FD_SLACK, 80);
#   - back to rest: once the load has stopped, every server's fds equal
#     what they were before it began, and no connection is left;
#   - the client saw every byte right (load exits 0), every server is
#     still alive, and each stops on SIGTERM (httpd and kv with status 0, the
#     echo, which has no handler, by the signal).
# The servers run under the syscall fault shim (tests/fault/faultsys.c,
# SOAK_SHIM, default $B/fault/faultsys.so; empty: none), its transient
# faults only (short counts, EINTR, EAGAIN storms, an interrupted poller)
# at SOAK_FAULT_RATE per mille (5), which must cost the client no byte;
# the resets and half-closes come from the client.  Ends with "soak: PASS"
# or "soak: FAIL (why)", then "soak: N passed, M failed" (the checks
# made: each sample's, each server's); exit status 0 or 1.
set -u
cd "$(dirname "$0")/../.." || exit 1
DURATION=${1:?usage: bench/soak/run.sh DURATION (seconds)}
B=${B:-build}
INTERVAL=${SOAK_INTERVAL:-10}
RSS_SLACK=${SOAK_RSS_SLACK:-2048}
FD_SLACK=${SOAK_FD_SLACK:-80}
FILE_BYTES=20000
SHIM=${SOAK_SHIM-$B/fault/faultsys.so}
FAULT_RATE=${SOAK_FAULT_RATE:-5}
if [ -z "${MAKELEVEL:-}" ]; then
    make --no-print-directory -s "$B/examples/echo" "$B/examples/httpd" "$B/examples/kv" \
        "$B/bench/soak/load" ${SHIM:+"$SHIM"} || exit 1
fi
if [ -n "$SHIM" ] && [ ! -f "$SHIM" ]; then
    echo "soak: FAIL (missing the fault shim $SHIM: make $SHIM, or SOAK_SHIM= for none)"
    exit 1
fi
# An ASan build wants its runtime first; the shim only wraps libc's calls.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0

PIDS=()
TMP=$(mktemp -d "${TMPDIR:-/tmp}/soak.XXXXXX")
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

printf 'machine: %s cores, %s, Linux %s\n' "$(nproc)" \
    "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" "$(uname -r)"
printf 'date: %s, load average %s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$SHIM" ]; then
    echo "soak: $DURATION s, samples every $INTERVAL s, transient syscall faults at $FAULT_RATE per mille ($SHIM)"
else
    echo "soak: $DURATION s, samples every $INTERVAL s, no injected faults (SOAK_SHIM empty)"
fi
# Under ASan (SANITIZE=1) freed memory waits in its quarantine, so RSS
# grows by design: it is printed, not judged; LeakSanitizer judges leaks
# at each server's exit (a leak makes the exit status non-zero).
[ "${SANITIZE:-}" = 1 ] && echo "soak: SANITIZE=1: RSS not judged (ASan's quarantine); leaks by LeakSanitizer at exit"

# A free port: one nobody listens on (the kernel's table, no probe).
listening() {
    local hex
    printf -v hex '%04X' "$1"
    awk -v port="$hex" '$4 == "0A" && sub(/.*:/, "", $2) && $2 == port { f = 1 } END { exit !f }' \
        /proc/net/tcp /proc/net/tcp6
}
NEXT_PORT=$((23000 + RANDOM % 500))
# start NAME CMD...: "{PORT}" in CMD becomes the port; sets port_NAME, pid_NAME.
start() {
    local name=$1 p arg args
    shift
    for _ in $(seq 1 20); do
        p=$NEXT_PORT
        NEXT_PORT=$((NEXT_PORT + 1))
        listening "$p" && continue
        args=()
        for arg in "$@"; do args+=("${arg//\{PORT\}/$p}"); done
        if [ -n "$SHIM" ]; then
            env LD_PRELOAD="$SHIM" BL_FAULT_SEED=$((RANDOM + 1)) BL_FAULT_RATE="$FAULT_RATE" \
                BL_FAULT_FATAL=0 BL_FAULT_LOG="$TMP/$name.faults" "${args[@]}" >"$TMP/$name.log" 2>&1 &
        else
            "${args[@]}" >"$TMP/$name.log" 2>&1 &
        fi
        local pid=$!
        PIDS+=("$pid")
        for _ in $(seq 1 200); do
            if listening "$p"; then
                printf -v "port_$name" %s "$p"
                printf -v "pid_$name" %s "$pid"
                return 0
            fi
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.01
        done
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    echo "soak: FAIL (cannot start $name)"
    exit 1
}

mkdir -p "$TMP/root"
awk -v n=$FILE_BYTES 'BEGIN { for (i = 0; i < n; i++) printf "%c", 97 + i % 26 }' >"$TMP/root/file"
start echo "$B/examples/echo" "{PORT}"
start httpd "$B/examples/httpd" "$TMP/root" "{PORT}"
start kv "$B/examples/kv" "{PORT}"
SERVERS="echo httpd kv"

rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
fds() { find "/proc/$1/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l; }
# ESTABLISHED sockets whose local port is PORT.
conns() {
    local hex
    printf -v hex '%04X' "$1"
    awk -v port="$hex" '$4 == "01" && sub(/.*:/, "", $2) && $2 == port { n++ } END { print n + 0 }' \
        /proc/net/tcp /proc/net/tcp6
}
declare -A rest_fds
# crit REASON CMD...: one check made; CMD's failure is a failure, REASON.
checks=0 failed=0
crit() {
    local reason=$1
    shift
    checks=$((checks + 1))
    "$@" && return 0
    failed=$((failed + 1))
    why="$why; $reason"
    return 1
}
lacks() { ! grep -q "$1" "$2"; }
for s in $SERVERS; do
    pid_var=pid_$s
    rest_fds[$s]=$(fds "${!pid_var}")
done

# The load runs 5 s past the last sample, so that every sample is under load.
"$B/bench/soak/load" $((DURATION + 5)) "$port_echo" "$port_httpd" "$port_kv" $FILE_BYTES \
    >"$TMP/load.log" 2>&1 &
load_pid=$!
PIDS+=("$load_pid")

warmup=$((DURATION / 3 < 60 ? DURATION / 3 : 60))
warmup=$((warmup < INTERVAL ? INTERVAL : warmup))
declare -A warm_rss warm_fds
why=""
printf '%6s' "t(s)"
for s in $SERVERS; do printf ' | %-26s' "$s: rss_kB fds conns"; done
echo
# Samples at INTERVAL, INTERVAL * 2, ... seconds after the load began, by
# the clock (a busy machine delays a sample; it never shifts the next).
began=$(date +%s)
for ((k = 1; k * INTERVAL <= DURATION; k++)); do
    while [ $(($(date +%s) - began)) -lt $((k * INTERVAL)) ]; do sleep 0.2; done
    t=$(($(date +%s) - began))
    printf '%6d' "$t"
    for s in $SERVERS; do
        pid_var=pid_$s port_var=port_$s
        pid=${!pid_var}
        if ! crit "$s died" kill -0 "$pid" 2>/dev/null; then
            printf ' | %-26s' "dead"
            continue
        fi
        r=$(rss "$pid") f=$(fds "$pid") c=$(conns "${!port_var}")
        printf ' | %8s %8s %8s' "$r" "$f" "$c"
        if [ "$t" -le "$warmup" ]; then
            [ "$r" -gt "${warm_rss[$s]:-0}" ] && warm_rss[$s]=$r
            [ "$f" -gt "${warm_fds[$s]:-0}" ] && warm_fds[$s]=$f
        else
            [ "${SANITIZE:-}" != 1 ] &&
                crit "$s rss $r kB at $t s > warm-up ${warm_rss[$s]} + $RSS_SLACK" \
                    [ "$r" -le $((warm_rss[$s] + RSS_SLACK)) ]
            crit "$s fds $f at $t s > warm-up ${warm_fds[$s]} + $FD_SLACK" \
                [ "$f" -le $((warm_fds[$s] + FD_SLACK)) ]
        fi
    done
    echo
done

crit "the client saw errors" wait "$load_pid"
sed 's/^/  /' "$TMP/load.log"

# At rest: every fd the load made is closed again, no connection is left.
sleep 1
for s in $SERVERS; do
    pid_var=pid_$s port_var=port_$s
    pid=${!pid_var}
    crit "$s died" kill -0 "$pid" 2>/dev/null || continue
    for _ in $(seq 1 50); do
        [ "$(fds "$pid")" -eq "${rest_fds[$s]}" ] && [ "$(conns "${!port_var}")" -eq 0 ] && break
        sleep 0.1
    done
    f=$(fds "$pid") c=$(conns "${!port_var}")
    echo "at rest: $s fds $f (before the load: ${rest_fds[$s]}), connections $c, rss $(rss "$pid") kB"
    crit "$s holds $f fds at rest, not ${rest_fds[$s]}" [ "$f" -eq "${rest_fds[$s]}" ]
    crit "$s keeps $c connections at rest" [ "$c" -eq 0 ]
    kill -TERM "$pid"
    wait "$pid"
    st=$?
    # The echo example has no handler: SIGTERM's default ends it (143).
    crit "$s exited $st on SIGTERM" [ "$st" -eq 0 -o \( "$s" = echo -a "$st" -eq 143 \) ]
    crit "$s: $(grep -m1 Sanitizer "$TMP/$s.log")" lacks Sanitizer "$TMP/$s.log"
done
PIDS=("$load_pid")

# The faults each server met (the shim's log, rewritten at each fault):
# none injected would make the run a soak without faults.
if [ -n "$SHIM" ]; then
    for s in $SERVERS; do
        n=$(awk '{ n += $2 } END { print n + 0 }' "$TMP/$s.faults" 2>/dev/null || echo 0)
        echo "faults: $s met $n ($(tr '\n' ' ' <"$TMP/$s.faults" 2>/dev/null))"
        crit "no fault was injected into $s" [ "$n" -gt 0 ]
    done
fi

# The checks made (crit): each sample's RSS and fds of each server after
# the warm-up, each server alive at each sample, the client's bytes, each
# server's fds and connections at rest, its exit and its sanitizer log,
# the faults each met.
if [ -z "$why" ]; then
    echo "soak: PASS"
else
    echo "soak: FAIL (${why#; })"
fi
echo "soak: $((checks - failed)) passed, $failed failed"
[ -z "$why" ]
