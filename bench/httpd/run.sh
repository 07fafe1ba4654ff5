#!/usr/bin/env bash
# bench/httpd/run.sh - the httpd example (examples/httpd.blc) against
# nginx, serving the same static files to wrk over keep-alive connections.
#
# Servers, each on its own free port on 127.0.0.1, pinned to CPU_B (1):
#   httpd           $B/examples/httpd ROOT PORT
#   nginx           one process (daemon off, master_process off), its own
#                   generated config under a temporary prefix, access_log
#                   off, sendfile off (nginx's default: read + write)
#   nginx-sendfile  the same with sendfile on (Debian's shipped config)
# Both nginx configs raise keepalive_requests so that, like httpd, nginx
# never closes a connection wrk keeps alive.
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
# Target: httpd ahead of nginx: at least its requests per second, and at
# most its CPU per request, for each file, against each nginx.
#
# Environment: SECS (3, whole seconds: wrk's unit), REPS (3), CONNS (16),
# SIZES (bytes, "1024 102400"), NGINX (the binary; nginx on PATH or
# /usr/sbin/nginx).
set -u
. "$(dirname "$0")/../lib.sh"

SECS=${SECS:-3}
REPS=${REPS:-3}
CONNS=${CONNS:-16}
SIZES=${SIZES:-1024 102400}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
HTTPD=$B/examples/httpd
LOADGEN=$B/bench/echo/loadgen
REPORT=bench/httpd/report.lua
for prog in "$HTTPD" "$LOADGEN"; do
    [ -x "$prog" ] || die "$prog is not built (make bench-build)"
done
[ -x "$NGINX" ] || die "nginx is missing (tests/deps.sh bench installs it)"
for tool in wrk curl taskset; do
    command -v "$tool" >/dev/null || die "$tool is missing (tests/deps.sh bench installs it)"
done
HZ=$(getconf CLK_TCK)

# The files, one document root for every server.
DOCS=$BENCH_TMP/docs
mkdir -p "$DOCS"
for size in $SIZES; do
    head -c "$size" /dev/urandom >"$DOCS/$size.bin"
done

# nginx's whole configuration, in DIR: nginx_conf DIR PORT SENDFILE
nginx_conf() {
    local dir=$1 port=$2 sendfile=$3
    cat <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events {
    worker_connections 1024;
}
http {
    access_log off;
    sendfile $sendfile;
    keepalive_requests 100000000;
    default_type application/octet-stream;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    server {
        listen 127.0.0.1:$port;
        root $DOCS;
    }
}
EOF
}

names=(httpd nginx nginx-sendfile)
declare -A port pid

# Starts server NAME on a free port, pinned, and waits until it accepts.
start_server() {
    local name=$1 dir=$BENCH_TMP/$1 i
    mkdir -p "$dir"
    port[$name]=$("$LOADGEN" --free-port) || die "no free port"
    case $name in
    httpd)
        taskset -c "$CPU_B" "$HTTPD" "$DOCS" "${port[$name]}" >"$dir/log" 2>&1 & ;;
    nginx | nginx-sendfile)
        local sendfile=off
        [ "$name" = nginx-sendfile ] && sendfile=on
        nginx_conf "$dir" "${port[$name]}" "$sendfile" >"$dir/nginx.conf"
        taskset -c "$CPU_B" "$NGINX" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" \
            >"$dir/log" 2>&1 & ;;
    esac
    pid[$name]=$!
    BENCH_PIDS+=("${pid[$name]}")
    for ((i = 0; i < 100; i++)); do
        kill -0 "${pid[$name]}" 2>/dev/null ||
            die "server $name exited: $(cat "$dir/log" "$dir/error.log" 2>/dev/null)"
        "$LOADGEN" --probe "${port[$name]}" && return 0
        sleep 0.05
    done
    die "server $name does not accept on 127.0.0.1:${port[$name]} after 5 s"
}

# The server's CPU time so far: "TICKS NS" (utime+stime in clock ticks
# from /proc/PID/stat; on-CPU ns summed over its threads' schedstat).
cpu_of() {
    local p=$1 stat ns=0 t
    stat=$(cat "/proc/$p/stat") || return 1
    stat=${stat##*) }   # the fields after the command name, from field 3
    read -ra f <<<"$stat"
    for t in /proc/"$p"/task/*/schedstat; do
        read -r t _ <"$t" && ns=$((ns + t))
    done
    echo "$((f[11] + f[12])) $ns"
}

machine
echo "httpd: static files over keep-alive; wrk (1 thread, $CONNS connections) on cpu $CPU_A," \
    "servers on cpu $CPU_B; $REPS interleaved runs of $SECS s per server and file; medians"
echo "  nginx: $("$NGINX" -v 2>&1 | sed 's/^nginx version: //'), wrk: $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)"
for name in "${names[@]}"; do
    start_server "$name"
    echo "  $name: pid ${pid[$name]}, port ${port[$name]}"
done

# Correctness first: every file from every server, byte for byte, twice
# over one connection (keep-alive).
for name in "${names[@]}"; do
    for size in $SIZES; do
        url=http://127.0.0.1:${port[$name]}/$size.bin
        curl -sf --max-time 10 -o "$BENCH_TMP/got1" "$url" -o "$BENCH_TMP/got2" "$url" ||
            die "$name: GET /$size.bin failed"
        cmp -s "$BENCH_TMP/got1" "$DOCS/$size.bin" && cmp -s "$BENCH_TMP/got2" "$DOCS/$size.bin" ||
            die "$name: /$size.bin differs from the file"
    done
done
echo "  correctness: every file from every server, fetched twice with curl, equals the original"

declare -A rps tick ns util
limit=$((SECS + 30))
for size in $SIZES; do
    for ((r = 0; r < REPS; r++)); do
        n=${#names[@]}
        for ((i = 0; i < n; i++)); do
            name=${names[$(((i + r) % n))]}
            p=${pid[$name]}
            before=$(cpu_of "$p") || die "server $name died"
            out=$(bounded "$CPU_A" "$limit" wrk -t1 -c "$CONNS" -d "${SECS}s" -s "$REPORT" \
                "http://127.0.0.1:${port[$name]}/$size.bin" 2>&1) ||
                die "$name, /$size.bin: wrk failed: $out"
            after=$(cpu_of "$p") || die "server $name died: $(cat "$BENCH_TMP/$name/log")"
            line=$(grep '^wrk: ' <<<"$out") || die "$name, /$size.bin: no summary from wrk: $out"
            req=$(kv requests "$line")
            for e in connect_errors read_errors write_errors status_errors timeouts; do
                [ "$(kv "$e" "$line")" = 0 ] || die "$name, /$size.bin: $e: $line"
            done
            [ "$req" -gt 0 ] || die "$name, /$size.bin: no request completed"
            # Each response carries the whole file.
            [ "$(kv bytes "$line")" -ge $((req * size)) ] ||
                die "$name, /$size.bin: fewer bytes than requests x file size: $line"
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
    for name in "${names[@]}"; do
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
    for peer in nginx nginx-sendfile; do
        r=$(ratio "${m_rps[$size,httpd]}" "${m_rps[$size,$peer]}")
        c=$(ratio "${m_cpu[$size,httpd]}" "${m_cpu[$size,$peer]}")
        printf '  httpd/%-14s req/s %sx, cpu/req %sx\n' "$peer:" "$r" "$c"
        ahead=MISSED
        if le "${m_rps[$size,$peer]}" "${m_rps[$size,httpd]}" &&
            le "${m_cpu[$size,httpd]}" "${m_cpu[$size,$peer]}"; then
            ahead=MET
        fi
        verdicts+=("/$size.bin, httpd ahead of $peer (req/s >= and cpu/req <=): $ahead (req/s ${r}x, cpu/req ${c}x)")
    done
done

echo
echo "targets:"
printf '  %s\n' "${verdicts[@]}"

# Stop the servers politely; the exit trap kills any that linger.
for name in "${names[@]}"; do
    kill -TERM "${pid[$name]}" 2>/dev/null
done
