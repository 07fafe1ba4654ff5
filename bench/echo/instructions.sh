#!/usr/bin/env bash
# bench/echo/instructions.sh [NAME=PROGRAM ...] - user-space instructions
# per 64-byte echo round trip, counted by callgrind: deterministic for a
# given binary, whatever else the machine is doing.  Each server runs under
# callgrind while loadgen makes RT_A and then (in a second run) RT_B round
# trips on one connection; (Ir_B - Ir_A) / (RT_B - RT_A) cancels start-up
# and shutdown.  Default servers: the blc-translated echo and the same
# program written by hand in the translator's form.  TOP=N also splits
# each server's figure by function, its N costliest (the same
# difference, per function).  Everything on 127.0.0.1; each server is
# stopped by its pid.
set -eu
B=${B:-build}
RT_A=${RT_A:-2000}
RT_B=${RT_B:-12000}
TOP=${TOP:-0}
. "$(dirname "$0")/../cg.sh"
servers=("$@")
[ ${#servers[@]} -gt 0 ] ||
    servers=(bluelet-blc="$B/examples/echo" bluelet-hand="$B/examples/echo-handwritten")
loadgen=$B/bench/echo/loadgen
for tool in valgrind "$loadgen" $([ "$TOP" -gt 0 ] && echo callgrind_annotate); do
    command -v "$tool" >/dev/null || { echo "instructions.sh: $tool is missing (make bench-build; tests/deps.sh bench)" >&2; exit 1; }
done
tmp=$(mktemp -d)
pid=
# stop: the server asked to end (SIGTERM, so that callgrind writes its
# counts), and killed if it has not within 10 s.
stop() {
    local i
    kill -TERM "$pid" 2>/dev/null
    for ((i = 0; i < 200; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    pid=
}
cleanup() { [ -z "$pid" ] || stop; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# ir PROGRAM ROUNDTRIPS: sets count to the instructions the server executed
# in all (callgrind's output kept in $tmp/cg.ROUNDTRIPS).  Run in this
# shell, not in $(...), so that the exit trap knows the server's pid.
ir() {
    local prog=$1 n=$2 port out=$tmp/cg.$2
    port=$("$loadgen" --free-port)
    valgrind -q --tool=callgrind --callgrind-out-file="$out" "$prog" "$port" \
        >/dev/null 2>"$tmp/server.err" &
    pid=$!
    for _ in $(seq 1 500); do   # up to 10 s: valgrind starts slowly
        "$loadgen" --probe "$port" 2>/dev/null && break
        sleep 0.02
    done
    # A server silent for 10 s fails the run rather than hang it.
    "$loadgen" -c 1 -n "$n" -T 10 "$port" >/dev/null || {
        stop; echo "instructions.sh: $prog: the load failed (above)" >&2; return 1; }
    stop
    [ -s "$out" ] || {
        echo "instructions.sh: $prog wrote no counts (did not end on SIGTERM?)" >&2; return 1; }
    count=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$out")
}

echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "instructions per round trip (callgrind, ($RT_B - $RT_A) round trips, 1 connection, 64 bytes)"
first=
for s in "${servers[@]}"; do
    name=${s%%=*} prog=${s#*=}
    ir "$prog" "$RT_A" || exit 1
    a=$count
    ir "$prog" "$RT_B" || exit 1
    b=$count
    per=$(awk -v a="$a" -v b="$b" -v n=$((RT_B - RT_A)) 'BEGIN { printf "%.1f", (b - a) / n }')
    ratio=
    if [ -z "$first" ]; then first=$per; else
        ratio=$(awk -v x="$first" -v y="$per" 'BEGIN { printf "  (%s is %.3fx this)", "'"${servers[0]%%=*}"'", x / y }')
    fi
    printf '  %-14s %8s%s\n' "$name" "$per" "$ratio"
    if [ "$TOP" -gt 0 ]; then
        cg_functions "$tmp/cg.$RT_A" >"$tmp/small"
        cg_functions "$tmp/cg.$RT_B" >"$tmp/large"
        cg_per_unit "$tmp/small" "$tmp/large" $((RT_B - RT_A)) "$TOP"
    fi
done
