# bench/httpd/servers.sh - the web servers bench/httpd measures, started
# the same way by run.sh and profile.sh.  Sourced after lib.sh (for B,
# BENCH_TMP, BENCH_PIDS, CPU_B, die).
#
#   httpd           $B/examples/httpd DOCS PORT
#   nginx           one process (daemon off, master_process off), its own
#                   generated config under a temporary prefix, access_log
#                   off, error_log in it, sendfile off (nginx's default:
#                   read + write)
#   nginx-sendfile  the same with sendfile on (as Debian's shipped config)
#   httpd-2         httpd with two loops (`httpd DOCS PORT 2`), pinned to
#                   CPU_A and CPU_B
#   nginx-sendfile-2  nginx-sendfile with a master and two workers, pinned
#                   to CPU_A and CPU_B
#   httpd-nodelay   httpd with TCP_NODELAY set on every accepted connection
#                   (LD_PRELOAD=$B/bench/httpd/nodelay.so), a diagnostic:
#                   what Nagle's algorithm costs it; not in the default list
#   floor           $B/bench/httpd/floor DOCS PORT (bench/httpd/floor.c): the
#                   least work a server can do for these requests (replies
#                   made at start, files opened once), a bound for any
#                   design; not in the default list
#
# Both nginx configs raise keepalive_requests so that, like httpd, nginx
# never closes a connection the client keeps alive.
#
# Environment: SIZES (file sizes in bytes, "1024 102400"), NGINX (the
# binary; nginx on PATH or /usr/sbin/nginx), HTTPD_SERVERS (the servers to
# run, "httpd nginx nginx-sendfile httpd-2 nginx-sendfile-2").

SIZES=${SIZES:-1024 102400}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
HTTPD=$B/examples/httpd
LOADGEN=$B/bench/echo/loadgen
NODELAY=$B/bench/httpd/nodelay.so
FLOOR=$B/bench/httpd/floor
read -ra SERVERS <<<"${HTTPD_SERVERS:-httpd nginx nginx-sendfile httpd-2 nginx-sendfile-2}"
for prog in "$HTTPD" "$LOADGEN" "$NODELAY" "$FLOOR"; do
    [ -x "$prog" ] || die "$prog is not built (make bench-build)"
done
[ -x "$NGINX" ] || die "nginx is missing (tests/deps.sh bench installs it)"
for tool in wrk curl taskset; do
    command -v "$tool" >/dev/null || die "$tool is missing (tests/deps.sh bench installs it)"
done

# The files, SIZE.bin, one document root for every server.
DOCS=$BENCH_TMP/docs
mkdir -p "$DOCS"
for size in $SIZES; do
    head -c "$size" /dev/urandom >"$DOCS/$size.bin"
done

# nginx's whole configuration, in DIR: nginx_conf DIR PORT SENDFILE
# [WORKERS] (1: one process, no master; more: a master and its workers,
# run as the user running the benchmark)
nginx_conf() {
    local dir=$1 port=$2 sendfile=$3 workers=${4:-1} master=off user=
    if [ "$workers" -gt 1 ]; then
        master=on
        [ "$(id -u)" = 0 ] && user="user root;"
    fi
    cat <<EOF
daemon off;
master_process $master;
worker_processes $workers;
$user
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

declare -A port pid

# Starts server NAME on a free port, pinned to CPU_B, under WRAPPER (a
# command that runs its arguments, such as strace; none by default), and
# waits until it accepts: start_server NAME [WRAPPER...].  Sets
# port[NAME] and pid[NAME], the pid of what was started (the wrapper's).
start_server() {
    local name=$1 dir=$BENCH_TMP/$1 i
    shift
    mkdir -p "$dir"
    port[$name]=$("$LOADGEN" --free-port) || die "no free port"
    case $name in
    httpd)
        taskset -c "$CPU_B" "$@" "$HTTPD" "$DOCS" "${port[$name]}" >"$dir/log" 2>&1 & ;;
    httpd-nodelay) # (ASan wants to be first of the libraries; here it is not)
        taskset -c "$CPU_B" env LD_PRELOAD="$NODELAY" \
            ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
            "$@" "$HTTPD" "$DOCS" "${port[$name]}" >"$dir/log" 2>&1 & ;;
    httpd-2)
        taskset -c "$CPU_A,$CPU_B" "$@" "$HTTPD" "$DOCS" "${port[$name]}" 2 >"$dir/log" 2>&1 & ;;
    floor)
        taskset -c "$CPU_B" "$@" "$FLOOR" "$DOCS" "${port[$name]}" >"$dir/log" 2>&1 & ;;
    nginx | nginx-sendfile | nginx-sendfile-2)
        local sendfile=off cpus=$CPU_B workers=1
        [ "$name" = nginx ] || sendfile=on
        [ "$name" = nginx-sendfile-2 ] && cpus=$CPU_A,$CPU_B workers=2
        nginx_conf "$dir" "${port[$name]}" "$sendfile" "$workers" >"$dir/nginx.conf"
        taskset -c "$cpus" "$@" "$NGINX" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" \
            >"$dir/log" 2>&1 & ;;
    *) die "no server $name" ;;
    esac
    pid[$name]=$!
    BENCH_PIDS+=("${pid[$name]}")
    for ((i = 0; i < 600; i++)); do
        kill -0 "${pid[$name]}" 2>/dev/null ||
            die "server $name exited: $(cat "$dir/log" "$dir/error.log" 2>/dev/null)"
        "$LOADGEN" --probe "${port[$name]}" && return 0
        sleep 0.05
    done
    die "server $name does not accept on 127.0.0.1:${port[$name]} after 30 s"
}

# Every file from server NAME, twice over one connection (keep-alive),
# must equal the original, byte for byte: check_files NAME
check_files() {
    local name=$1 size url
    for size in $SIZES; do
        url=http://127.0.0.1:${port[$name]}/$size.bin
        curl -sf --max-time 30 -o "$BENCH_TMP/got1" "$url" -o "$BENCH_TMP/got2" "$url" ||
            die "$name: GET /$size.bin failed"
        cmp -s "$BENCH_TMP/got1" "$DOCS/$size.bin" && cmp -s "$BENCH_TMP/got2" "$DOCS/$size.bin" ||
            die "$name: /$size.bin differs from the file"
    done
}

# wrk against server NAME for file SIZE, pinned to CPU_A, WRK_ARGS... as
# given (-d is required; -t1 and the report script are added); prints
# wrk's exact totals, "wrk: requests=... bytes=... ...", after checking
# that wrk counted no error and that every response carried the file.
# wrk_run NAME SIZE LIMIT_SECONDS WRK_ARGS...
wrk_run() {
    local name=$1 size=$2 limit=$3 out line req e
    shift 3
    out=$(bounded "$CPU_A" "$limit" wrk -t1 -s bench/httpd/report.lua "$@" \
        "http://127.0.0.1:${port[$name]}/$size.bin" 2>&1) ||
        die "$name, /$size.bin: wrk failed: $out"
    line=$(grep '^wrk: ' <<<"$out") || die "$name, /$size.bin: no summary from wrk: $out"
    for e in connect_errors read_errors write_errors status_errors timeouts; do
        [ "$(kv "$e" "$line")" = 0 ] || die "$name, /$size.bin: $e: $line"
    done
    req=$(kv requests "$line")
    [ "$req" -gt 0 ] || die "$name, /$size.bin: no request completed"
    [ "$(kv bytes "$line")" -ge $((req * size)) ] ||
        die "$name, /$size.bin: fewer bytes than requests x file size: $line"
    echo "$line"
}
