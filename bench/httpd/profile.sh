#!/usr/bin/env bash
# bench/httpd/profile.sh - where each server's time goes, per request, for
# the owner of examples/httpd.blc to act on; bench/httpd/run.sh measures,
# this explains.
#
#   1. One connection, one request at a time (wrk -c 1 for SECS seconds):
#      requests per second, so the mean time per request; a server that
#      waits on something other than the CPU (Nagle's algorithm against
#      delayed ACKs: 40 ms a request on Linux) shows here.
#   2. Syscalls per request, by name (strace -f -c around the server).
#   3. User-space instructions per request (valgrind --tool=callgrind),
#      and httpd's and nginx's ten costliest functions (self cost).
#
# 2 and 3 run each server anew for each of two durations of wrk (DURATIONS,
# "1 3" seconds; CONNS 16 connections) and divide the difference of the
# totals by the difference of the requests wrk completed, so start-up and
# shutdown cancel out.  Servers and files as in
# run.sh (bench/httpd/servers.sh).
#
# Environment: SECS (2), DURATIONS, CONNS, CALLGRIND (yes; no skips 3), and
# servers.sh's SIZES and NGINX.
set -u
export LC_ALL=C
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../cg.sh"

SECS=${SECS:-2}
DURATIONS=${DURATIONS:-1 3}
CONNS=${CONNS:-16}
CALLGRIND=${CALLGRIND:-yes}
# One loop or process each (run.sh compares the two-loop servers).
HTTPD_SERVERS=${HTTPD_SERVERS:-httpd nginx nginx-sendfile}
. bench/httpd/servers.sh
read -r secs_a secs_b <<<"$DURATIONS"
[ -n "$secs_b" ] && [ "$secs_b" -gt "$secs_a" ] || die "DURATIONS wants two, rising"
for tool in strace valgrind callgrind_annotate; do
    command -v "$tool" >/dev/null || die "$tool is missing (tests/deps.sh bench installs it)"
done

# Stops server NAME (started under a wrapper or not) with SIGTERM to the
# server itself, and waits until what was started has exited.
stop_server() {
    local p=${pid[$1]} target child i
    target=$p
    child=$(cat "/proc/$p/task/$p/children" 2>/dev/null)
    [ -n "$child" ] && target=${child%% *}
    kill -TERM "$target" 2>/dev/null
    for ((i = 0; i < 600; i++)); do
        kill -0 "$p" 2>/dev/null || break
        sleep 0.05
    done
    kill -0 "$p" 2>/dev/null && { kill -KILL "$p"; echo "  ($1 did not stop in 30 s: killed)" >&2; }
    wait "$p" 2>/dev/null
}

# Server NAME under WRAPPER..., wrk for SECONDS on file SIZE; sets
# req[SECONDS] to the requests wrk completed: under NAME SIZE SECONDS WRAPPER...
req=()
under() {
    local name=$1 size=$2 secs=$3 line
    shift 3
    start_server "$name" "$@"
    line=$(wrk_run "$name" "$size" $((secs + 30)) -c "$CONNS" -d "${secs}s") || exit 1
    stop_server "$name"
    req[$secs]=$(kv requests "$line")
}

# "CALLS NAME" lines from an strace -c summary.
strace_calls() {
    awk '$1 ~ /^[0-9.]+$/ && $NF != "total" { print $4, $NF }' "$1"
}

# Each syscall's calls per request, "NAME CALLS" lines, largest first
# (those under 0.01 left out): per_request STRACE_A STRACE_B REQUESTS
per_request() {
    join -j 2 -a 1 -a 2 -e 0 -o 0,1.1,2.1 <(strace_calls "$1" | sort -k 2) \
        <(strace_calls "$2" | sort -k 2) |
        awk -v d="$3" '{ per = ($3 - $2) / d; if (per >= 0.01) printf "%s %.2f\n", $1, per }' |
        sort -k 2,2gr
}

# Callgrind's total instructions in an output file.
cg_total() {
    sed -n 's/^summary: *//p;s/^totals: *//p' "$1" | head -n 1 | cut -d' ' -f1
}

machine
echo "httpd profile: servers on cpu $CPU_B, wrk on cpu $CPU_A; wrk runs of $secs_a and" \
    "$secs_b s per server and file (the difference counts), $CONNS connections"

echo
echo "1. one connection, one request at a time, $SECS s"
printf '  %-15s %-12s %9s %12s\n' server file "req/s" "ms/request"
for name in "${SERVERS[@]}"; do
    start_server "$name"
    check_files "$name"
    for size in $SIZES; do
        line=$(wrk_run "$name" "$size" $((SECS + 30)) -c 1 -d "${SECS}s") || exit 1
        awk -v n="$name" -v f="$size.bin" -v r="$(kv requests "$line")" \
            -v us="$(kv duration_us "$line")" \
            'BEGIN { printf "  %-15s %-12s %9.0f %12.3f\n", n, f, r * 1e6 / us, us / r / 1000 }'
    done
    stop_server "$name"
done

echo
echo "2. syscalls per request (strace -f -c): total, then each"
for size in $SIZES; do
    for name in "${SERVERS[@]}"; do
        for c in "$secs_a" "$secs_b"; do
            under "$name" "$size" "$c" strace -f -c -o "$BENCH_TMP/strace.$c"
        done
        calls=$(per_request "$BENCH_TMP/strace.$secs_a" "$BENCH_TMP/strace.$secs_b" \
            $((req[$secs_b] - req[$secs_a])))
        printf '  %-15s /%-11s %6.2f:' "$name" "$size.bin" \
            "$(awk '{ t += $2 } END { print t + 0 }' <<<"$calls")"
        printf ' %s %s' $calls
        echo
    done
done

[ "$CALLGRIND" = yes ] || exit 0
echo
echo "3. user-space instructions per request (callgrind)"
declare -A ir
for size in $SIZES; do
    for name in "${SERVERS[@]}"; do
        for c in "$secs_a" "$secs_b"; do
            out=$BENCH_TMP/cg.$name.$size.$c
            under "$name" "$size" "$c" valgrind -q --tool=callgrind --callgrind-out-file="$out"
        done
        ir[$size,$name]=$(awk -v a="$(cg_total "$BENCH_TMP/cg.$name.$size.$secs_a")" \
            -v b="$(cg_total "$BENCH_TMP/cg.$name.$size.$secs_b")" \
            -v d=$((req[$secs_b] - req[$secs_a])) 'BEGIN { printf "%.0f", (b - a) / d }')
        printf '  %-15s /%s.bin: %s instructions per request\n' "$name" "$size" "${ir[$size,$name]}"
        # Valgrind (3.19, Debian 12) does not know openat2 (ENOSYS), so
        # under it httpd opens each file by its fallback, realpath(3),
        # which it never takes outside valgrind (strace, section 2).
        [ "$name" = httpd ] || continue
        awk -v a="$(cg_inclusive "$BENCH_TMP/cg.$name.$size.$secs_a" canonicalize.c:realpath)" \
            -v b="$(cg_inclusive "$BENCH_TMP/cg.$name.$size.$secs_b" canonicalize.c:realpath)" \
            -v d=$((req[$secs_b] - req[$secs_a])) -v all="${ir[$size,$name]}" \
            'BEGIN { f = (b - a) / d; printf "    of which %.0f in the realpath fallback that valgrind forces" \
                     " (it does not know openat2): %.0f without it\n", f, all - f }'
    done
done
size=${SIZES%% *}
for name in httpd nginx; do
    [ -f "$BENCH_TMP/cg.$name.$size.$secs_b" ] || continue
    echo
    echo "  $name, /$size.bin, the $secs_b s run: the ten costliest functions (self, whole run)"
    callgrind_annotate "$BENCH_TMP/cg.$name.$size.$secs_b" 2>/dev/null |
        grep -E '^ *[0-9,]+ \(' | grep -v 'PROGRAM TOTALS' | head -n 10 | sed 's/^ */    /'
done
