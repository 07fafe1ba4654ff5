#!/usr/bin/env bash
# bench/kv/run.sh - the RESP key-value example (examples/kv.blc) against
# redis-server, both driven by redis-benchmark.
#
# The servers, each on its own free port on 127.0.0.1, pinned to CPU_B
# (1): kv, and redis-server with persistence off (--save '' --appendonly
# no), one of each for the whole run.  Both are first checked with
# redis-cli (SET, GET, INCR, DEL give the same replies).  Then, for each
# pipeline depth in PIPELINES (1 and 16) and each test (SET, GET), REPS
# (3) runs of redis-benchmark pinned to CPU_A (0): CONNS (50) clients, N
# (200000) requests over RANDKEYS (100000) random keys, the servers
# interleaved (each repetition starts with the other server).  Reported,
# medians: requests per second as redis-benchmark prints it, and the
# server's CPU time per request, from /proc/PID/task/*/schedstat (on-CPU
# ns, every thread) read before and after the run, over the N requests;
# and how often the server slept, its voluntary context switches (every
# thread's, /proc/PID/task/*/status) per 1000 requests.
#
# Target: kv at least 1.0x redis-server's requests/s and at most 0.8x its
# CPU per request, at each depth, for each test.
#
# Environment: N, REPS, CONNS, RANDKEYS, PIPELINES, REDIS_SERVER,
# KV_SERVERS (kv redis; "kv kv-uring redis" adds kv on io_uring).
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/servers.sh"

N=${N:-200000}
REPS=${REPS:-3}
PIPELINES=${PIPELINES:-"1 16"}
TESTS="SET GET"

kv_need

declare -A pid port

# The same commands to both servers must get the same replies.
check_servers() {
    local name out want=
    for name in "${SERVERS[@]}"; do
        out=$(for cmd in "SET bench:k v1" "GET bench:k" "INCR bench:n" "INCR bench:n" \
                         "DEL bench:k bench:n" "GET bench:k"; do
                  # shellcheck disable=SC2086
                  timeout 5 redis-cli --no-raw -p "${port[$name]}" $cmd
              done | tr '\n' ' ')
        [ -n "$want" ] || want=$out
        [ "$out" = "$want" ] || die "$name replies '$out', redis-server '$want'"
    done
}

# On-CPU nanoseconds of every thread of the process so far.
cpu_ns() {
    local t ns=0 v
    for t in /proc/"$1"/task/*/schedstat; do
        read -r v _ <"$t" && ns=$((ns + v))
    done
    echo "$ns"
}

# Voluntary context switches of every thread of the process so far: how
# often the server slept (waiting in epoll_wait or io_uring_enter).
vcsw() {
    local t n=0 k v
    for t in /proc/"$1"/task/*/status; do
        while read -r k v; do
            [ "$k" = voluntary_ctxt_switches: ] && n=$((n + v))
        done <"$t"
    done
    echo "$n"
}

# run_one NAME TEST DEPTH: "RPS NS_PER_REQUEST SLEEPS_PER_1000_REQUESTS".
run_one() {
    local name=$1 test=$2 depth=$3 before after out rps sw0 sw1
    sw0=$(vcsw "${pid[$name]}") || die "$name died"
    before=$(cpu_ns "${pid[$name]}") || die "$name died"
    out=$(bounded "$CPU_A" 300 redis-benchmark -p "${port[$name]}" -c "$CONNS" -n "$N" \
        -P "$depth" -r "$RANDKEYS" -t "${test,,}" -q 2>&1) || die "redis-benchmark failed on $name: $out"
    after=$(cpu_ns "${pid[$name]}") || die "$name died: $(cat "$BENCH_TMP/$name.log")"
    sw1=$(vcsw "${pid[$name]}") || die "$name died"
    rps=$(printf '%s\n' "$out" | tr '\r' '\n' | sed -n "s/^$test: \([0-9.]*\) requests per second.*/\1/p" | tail -n 1)
    [ -n "$rps" ] || die "no $test figure from redis-benchmark on $name: $out"
    echo "$rps $(((after - before) / N)) $(((sw1 - sw0) * 1000 / N))"
}

machine
echo "kv: RESP key-value server; redis-benchmark (1 thread, $CONNS clients, $N requests," \
    "$RANDKEYS random keys) on cpu $CPU_A, servers on cpu $CPU_B; $REPS interleaved runs per test; medians"
echo "  $("$REDIS_SERVER" --version | cut -d' ' -f1-3), persistence off (--save '' --appendonly no)"
for name in "${SERVERS[@]}"; do
    kv_start "$name"
    pid[$name]=$KV_PID port[$name]=$KV_PORT
    echo "  $name: pid ${pid[$name]}, port ${port[$name]}"
done
check_servers
echo "  correctness: SET, GET, INCR, DEL give redis-server's replies"

declare -A rps ns sw
for depth in $PIPELINES; do
    for test in $TESTS; do
        for ((r = 0; r < REPS; r++)); do
            for ((i = 0; i < ${#SERVERS[@]}; i++)); do
                name=${SERVERS[$(((i + r) % ${#SERVERS[@]}))]}
                read -r x y z <<<"$(run_one "$name" "$test" "$depth")" || exit 1
                rps[$depth,$test,$name]+="$x "
                ns[$depth,$test,$name]+="$y "
                sw[$depth,$test,$name]+="$z "
            done
        done
    done
done

verdicts=()
for depth in $PIPELINES; do
    printf '\n-P %s\n' "$depth"
    printf '  %-4s %-8s %11s %12s %9s   %s\n' test server "req/s" "cpu ns/req" "sleeps/1k" \
        "runs: req/s; cpu ns/req; sleeps per 1000 req"
    for test in $TESTS; do
        declare -A m_rps=() m_ns=() m_sw=()
        for name in "${SERVERS[@]}"; do
            read -ra v <<<"${rps[$depth,$test,$name]}"
            m_rps[$name]=$(median "${v[@]}")
            read -ra v <<<"${ns[$depth,$test,$name]}"
            m_ns[$name]=$(median "${v[@]}")
            read -ra v <<<"${sw[$depth,$test,$name]}"
            m_sw[$name]=$(median "${v[@]}")
            printf '  %-4s %-8s %11.0f %12.0f %9.0f   %s; %s; %s\n' "$test" "$name" "${m_rps[$name]}" \
                "${m_ns[$name]}" "${m_sw[$name]}" "${rps[$depth,$test,$name]% }" \
                "${ns[$depth,$test,$name]% }" "${sw[$depth,$test,$name]% }"
        done
        for name in "${SERVERS[@]}"; do
            [ "$name" = redis ] && continue
            printf '  %-17s req/s %sx, cpu/req %sx\n' "$test $name/redis:" \
                "$(ratio "${m_rps[$name]}" "${m_rps[redis]}")" "$(ratio "${m_ns[$name]}" "${m_ns[redis]}")"
        done
        r=$(ratio "${m_rps[kv]}" "${m_rps[redis]}")
        c=$(ratio "${m_ns[kv]}" "${m_ns[redis]}")
        met=MISSED
        if le "${m_rps[redis]}" "${m_rps[kv]}" && at_most "${m_ns[kv]}" "${m_ns[redis]}" 0.8; then
            met=MET
        fi
        verdicts+=("-P $depth $test, kv >= 1.0x redis-server's req/s and <= 0.8x its cpu/req: $met (req/s ${r}x, cpu/req ${c}x)")
    done
done

echo
echo "targets:"
printf '  %s\n' "${verdicts[@]}"

# Stop the servers politely; the exit trap kills any that linger.
for name in "${SERVERS[@]}"; do
    kill -TERM "${pid[$name]}" 2>/dev/null
done
