#!/usr/bin/env bash
# bench/httpd/run.sh - the httpd example (examples/httpd.blc) against
# nginx, serving the same static files to wrk over keep-alive connections.
#
# The servers (bench/httpd/servers.sh), each on its own free port on
# 127.0.0.1, pinned to CPU_B (1): httpd, nginx (sendfile off, nginx's
# default) and nginx-sendfile (sendfile on), nginx as one process with
# its own generated config, access_log off; and on both CPUs, httpd-2
# (two loops, `httpd DOCS PORT 2`) and nginx-sendfile-2 (a master and two
# workers).  A server's CPU counts its child processes' (nginx's workers).
#
# Before measuring, each file is fetched from each server with curl and
# compared byte for byte with the original.  Then, for each file (1 KB and
# 100 KB), REPS (3) runs of wrk, one thread pinned to CPU_A (0), CONNS (16)
# connections for SECS (3) seconds, the servers interleaved (each
# repetition starts with the next server).  Reported, medians: requests
# per second, and the server's CPU time per request: utime+stime from
# /proc/PID/stat (clock ticks) read before and after wrk, over the
# requests wrk completed; and the same from /proc/PID/schedstat (on-CPU
# ns, finer) beside it.  Any error wrk counts (a status other than 2xx or
# 3xx, a failed read, write or connect, a timeout) fails the benchmark.
#
# Targets: httpd ahead of nginx: at least its requests per second, and at
# most its CPU per request, for each file, against each nginx; at least
# 1.5x nginx-sendfile's requests per second; httpd-2 ahead of
# nginx-sendfile-2 in requests per second (wrk stays on CPU_A, so the
# two-loop servers share a CPU with it).
#
# Environment: SECS (3, whole seconds: wrk's unit), REPS (3), CONNS (16),
# and servers.sh's SIZES (bytes, "1024 102400"), NGINX and HTTPD_SERVERS
# (add httpd-nodelay to see what TCP_NODELAY alone changes).
set -u
. "$(dirname "$0")/../lib.sh"

SECS=${SECS:-3}
REPS=${REPS:-3}
CONNS=${CONNS:-16}
. bench/httpd/servers.sh
HZ=$(getconf CLK_TCK)

# The server's CPU time so far: "TICKS NS" (utime+stime in clock ticks
# from /proc/PID/stat; on-CPU ns summed over its threads' schedstat), its
# child processes' added (nginx's workers, under a master).
cpu_of() {
    local p=$1 stat ns=0 t ticks c
    stat=$(cat "/proc/$p/stat") || return 1
    stat=${stat##*) }   # the fields after the command name, from field 3
    read -ra f <<<"$stat"
    ticks=$((f[11] + f[12]))
    for t in /proc/"$p"/task/*/schedstat; do
        read -r t _ <"$t" && ns=$((ns + t))
    done
    for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do
        read -r t c <<<"$(cpu_of "$c")" || continue
        ticks=$((ticks + t)) ns=$((ns + c))
    done
    echo "$ticks $ns"
}

machine
echo "httpd: static files over keep-alive; wrk (1 thread, $CONNS connections) on cpu $CPU_A," \
    "servers on cpu $CPU_B; $REPS interleaved runs of $SECS s per server and file; medians"
echo "  nginx: $("$NGINX" -v 2>&1 | sed 's/^nginx version: //'), wrk: $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)"
for name in "${SERVERS[@]}"; do
    start_server "$name"
    echo "  $name: pid ${pid[$name]}, port ${port[$name]}"
done

# Correctness first.
for name in "${SERVERS[@]}"; do
    check_files "$name"
done
echo "  correctness: every file from every server, fetched twice with curl, equals the original"

declare -A rps tick ns util
limit=$((SECS + 30))
for size in $SIZES; do
    for ((r = 0; r < REPS; r++)); do
        n=${#SERVERS[@]}
        for ((i = 0; i < n; i++)); do
            name=${SERVERS[$(((i + r) % n))]}
            p=${pid[$name]}
            before=$(cpu_of "$p") || die "server $name died"
            line=$(wrk_run "$name" "$size" "$limit" -c "$CONNS" -d "${SECS}s") || exit 1
            after=$(cpu_of "$p") || die "server $name died: $(cat "$BENCH_TMP/$name/log")"
            req=$(kv requests "$line")
            read -r t0 n0 <<<"$before"
            read -r t1 n1 <<<"$after"
            us=$(kv duration_us "$line")
            rps[$size,$name]+="$(awk -v r="$req" -v us="$us" 'BEGIN { printf "%.0f", r * 1e6 / us }') "
            tick[$size,$name]+="$(awk -v t=$((t1 - t0)) -v hz="$HZ" -v r="$req" \
                'BEGIN { printf "%.3f", t * 1e6 / hz / r }') "
            ns[$size,$name]+="$(awk -v d=$((n1 - n0)) -v r="$req" 'BEGIN { printf "%.0f", d / r }') "
            util[$size,$name]+="$(awk -v d=$((n1 - n0)) -v us="$us" 'BEGIN { printf "%.0f", d / us / 10 }') "
        done
    done
done

declare -A m_rps m_cpu
verdicts=()
for size in $SIZES; do
    printf '\n/%s.bin (%s bytes)\n' "$size" "$size"
    printf '  %-15s %9s %12s %11s %9s   %s\n' server "req/s" "cpu us/req" "(sched ns)" \
        "cpu busy" "runs: req/s; cpu us/req"
    for name in "${SERVERS[@]}"; do
        read -ra v <<<"${rps[$size,$name]}"
        m_rps[$size,$name]=$(median "${v[@]}")
        read -ra v <<<"${tick[$size,$name]}"
        m_cpu[$size,$name]=$(median "${v[@]}")
        read -ra v <<<"${ns[$size,$name]}"
        sched=$(median "${v[@]}")
        read -ra v <<<"${util[$size,$name]}"
        busy=$(median "${v[@]}")
        printf '  %-15s %9.0f %12.2f %11.0f %8.0f%%   %s; %s\n' "$name" "${m_rps[$size,$name]}" \
            "${m_cpu[$size,$name]}" "$sched" "$busy" "${rps[$size,$name]% }" "${tick[$size,$name]% }"
    done
    for peer in nginx nginx-sendfile nginx-sendfile-2; do
        [ -n "${m_rps[$size,$peer]:-}" ] || continue
        for name in "${SERVERS[@]}"; do
            case $name/$peer in httpd-2/nginx-sendfile-2) ;; httpd-2/* | */*-2) continue ;;
                httpd* | floor/*) ;; *) continue ;; esac
            r=$(ratio "${m_rps[$size,$name]}" "${m_rps[$size,$peer]}")
            c=$(ratio "${m_cpu[$size,$name]}" "${m_cpu[$size,$peer]}")
            printf '  %-29s req/s %sx, cpu/req %sx\n' "$name/$peer:" "$r" "$c"
            if [ "$name" = httpd-2 ]; then
                ahead=MISSED
                le "${m_rps[$size,$peer]}" "${m_rps[$size,$name]}" && ahead=MET
                verdicts+=("/$size.bin, two loops ahead of two nginx workers (req/s >=): $ahead (req/s ${r}x)")
                continue
            fi
            [ "$name" = httpd ] || continue
            if [ "$peer" = nginx-sendfile ]; then
                goal=MISSED
                le "$(awk -v p="${m_rps[$size,$peer]}" 'BEGIN { print 1.5 * p }')" \
                    "${m_rps[$size,httpd]}" && goal=MET
                verdicts+=("/$size.bin, httpd at least 1.5x nginx-sendfile's req/s: $goal (${r}x)")
            fi
            ahead=MISSED
            if le "${m_rps[$size,$peer]}" "${m_rps[$size,httpd]}" &&
                le "${m_cpu[$size,httpd]}" "${m_cpu[$size,$peer]}"; then
                ahead=MET
            fi
            verdicts+=("/$size.bin, httpd ahead of $peer (req/s >= and cpu/req <=): $ahead (req/s ${r}x, cpu/req ${c}x)")
        done
    done
done

echo
if [ ${#verdicts[@]} = 0 ]; then
    echo "targets: none to judge (httpd and an nginx must both run)"
else
    echo "targets:"
    printf '  %s\n' "${verdicts[@]}"
fi

# Stop the servers politely; the exit trap kills any that linger.
for name in "${SERVERS[@]}"; do
    kill -TERM "${pid[$name]}" 2>/dev/null
done
