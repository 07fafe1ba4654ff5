#!/usr/bin/env bash
# bench/echo/syscalls.sh [NAME=PROGRAM ...] - the syscalls an echo round
# trip costs each server: the server runs under strace -c, loadgen does
# SMALL and then (against a fresh server) LARGE round trips over CONNS
# connections, and per syscall the difference is divided by LARGE - SMALL,
# so start-up, accepting and closing cancel out.  Deterministic enough to
# compare designs; for reading, not a benchmark (strace slows every call).
#
# Servers: the arguments, or the Makefile's ECHO_SERVERS.  Environment:
# CONNS (1), RT ("2000 12000": SMALL and LARGE).
set -u
. "$(dirname "$0")/../lib.sh"
. bench/echo/servers.sh

CONNS=${CONNS:-1}
read -r SMALL LARGE <<<"${RT:-2000 12000}"
LOADGEN=$B/bench/echo/loadgen
command -v strace >/dev/null || die "strace is missing (tests/deps.sh bench installs it)"
if [ $# -gt 0 ]; then
    servers=("$@")
else
    mapfile -t servers < <(echo_servers)
fi
ulimit -n "$(ulimit -Hn)" 2>/dev/null

# Syscall counts of PROGRAM serving ROUNDTRIPS, "calls name" lines:
# traced PROGRAM ROUNDTRIPS OUT.  strace attaches to the running server
# (so strace is never the server's parent), and ends when the server does.
traced() {
    local prog=$1 n=$2 out=$3 port spid pid i
    port=$("$LOADGEN" --free-port) || die "no free port"
    "$prog" "$port" >"$out.server" 2>&1 &
    pid=$!
    BENCH_PIDS+=("$pid")
    for ((i = 0; i < 100; i++)); do
        "$LOADGEN" --probe "$port" && break
        kill -0 "$pid" 2>/dev/null || die "$prog exited: $(cat "$out.server")"
        sleep 0.05
    done
    # Emptied here, not only by the redirection in the background job: the
    # loop below must not read the previous server's "attached".
    : >"$out.log"
    strace -c -f -o "$out" -p "$pid" 2>"$out.log" &
    spid=$!
    BENCH_PIDS+=("$spid")
    for ((i = 0; i < 400; i++)); do # 20 s: strace starts slowly on a busy machine
        grep -q attached "$out.log" && break
        sleep 0.05
    done
    grep -q attached "$out.log" || die "strace cannot attach: $(cat "$out.log")"
    bounded "" 120 "$LOADGEN" -c "$CONNS" -n "$n" "$port" >/dev/null ||
        die "$prog: the load generator failed"
    kill -TERM "$pid"
    wait "$spid"
    awk '$NF != "total" && $NF != "syscall" && $4 ~ /^[0-9]+$/ { print $4, $NF }' "$out"
}

machine
echo "echo syscalls per round trip: $CONNS connection(s), strace -c at $SMALL and $LARGE round trips"
for s in "${servers[@]}"; do
    name=${s%%=*} prog=${s#*=}
    [ -x "$prog" ] || die "server $name: $prog is not built"
    traced "$prog" "$SMALL" "$BENCH_TMP/small.strace" >"$BENCH_TMP/small"
    traced "$prog" "$LARGE" "$BENCH_TMP/large.strace" >"$BENCH_TMP/large"
    echo
    echo "$name:"
    awk -v n=$((LARGE - SMALL)) '
        NR == FNR { small[$2] = $1; next }
        { d = ($1 - small[$2]) / n; total += d
          if (d >= 0.001 || d <= -0.001) printf "  %8.3f  %s\n", d, $2 }
        END { printf "  %8.3f  total\n", total }' "$BENCH_TMP/small" "$BENCH_TMP/large"
done
