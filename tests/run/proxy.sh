#!/usr/bin/env bash
# tests/run/proxy.sh BIN HTTPD - the proxy example in front of real
# servers, with real clients, every byte checked by sha256:
#  - 100 MB each way at once: socat sends one file through the proxy to a
#    socat backend that sends another back meanwhile;
#  - half-close kept: a backend that answers only once the client's EOF
#    has come through the proxy;
#  - curl downloading 100 MB from the httpd example through the proxy;
#  - a backend that is not there: the client's connection is closed.
suite=proxy
. "$(dirname "$0")/lib.sh"
bin=${1:?usage: proxy.sh BIN HTTPD}
httpd=${2:?usage: proxy.sh BIN HTTPD}
for tool in socat curl sha256sum; do
    command -v "$tool" >/dev/null || { echo "FAIL: proxy.sh needs $tool (tests/deps.sh test)"; exit 1; }
done
MB=${PROXY_MB:-100}

head -c "${MB}M" /dev/urandom >"$tmp/up"
head -c "${MB}M" /dev/urandom >"$tmp/down"
sum() { sha256sum <"$1" | cut -d' ' -f1; }
up_sum=$(sum "$tmp/up")
down_sum=$(sum "$tmp/down")

# The backend: a socat that runs CMD for its one connection (stdin and
# stdout the socket), on backend_port; sets backend_pid.  Like every server
# here it is up once the port is listening (lib.sh's port_listening, no
# probe connection: it serves one).  The proxy starts first, on a port of
# its own.
pick_backend_port() {
    local _try
    for _try in $(seq 1 40); do
        backend_port=$((22600 + RANDOM % 40))
        port_listening "$backend_port" || return 0
    done
    return 1
}
start_backend() {
    socat -t 60 "TCP-LISTEN:$backend_port,bind=127.0.0.1,reuseaddr" "SYSTEM:$1" &
    backend_pid=$!
    pids+=("$backend_pid")
    local _try
    for _try in $(seq 1 200); do
        port_listening "$backend_port" && return 0
        sleep 0.01
    done
    echo "FAIL: socat did not listen on $backend_port"
    return 1
}
# The proxy in front of port $1: sets proxy_port, proxy_pid.
start_proxy() {
    BL_PORT_BASE=22650 start_server proxy_port "$bin" "{PORT}" 127.0.0.1 "$1" || return 1
    proxy_pid=$server_pid
}
client() { # client OUT: sends $tmp/up through the proxy, keeps the reply
    timeout 120 socat -t 60 -b 65536 - "TCP:127.0.0.1:$proxy_port" <"$tmp/up" >"$1"
}
# wait_pid PID SECONDS: waits for a process of ours to end.
wait_pid() {
    local _try
    for _try in $(seq 1 $(($2 * 100))); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.01; done
    return 1
}

# 1. Both ways at once.
pick_backend_port || { finish; exit 1; }
start_proxy "$backend_port" || { finish; exit 1; }
start_backend "cat '$tmp/down' & cat >'$tmp/got_up'; wait" || { finish; exit 1; }
start=$(date +%s.%N)
client "$tmp/got_down"
check "both ways: client exit status 0" test $? = 0
check "both ways: backend ended" wait_pid "$backend_pid" 10
end=$(date +%s.%N)
check "both ways: $MB MB up, sha256 matches" test "$(sum "$tmp/got_up")" = "$up_sum"
check "both ways: $MB MB down, sha256 matches" test "$(sum "$tmp/got_down")" = "$down_sum"
echo "proxy: $MB MB each way in $(echo "$end - $start" | bc -l | cut -c1-5) s"
rm -f "$tmp/got_up" "$tmp/got_down"
stop_server "$proxy_pid"
check "both ways: proxy stops on SIGTERM" test $? = 143

# 2. Half-close: the backend answers only after the client's EOF.
pick_backend_port || { finish; exit 1; }
start_proxy "$backend_port" || { finish; exit 1; }
start_backend "cat >'$tmp/got_up'; cat '$tmp/down'" || { finish; exit 1; }
client "$tmp/got_down"
check "half-close: client exit status 0" test $? = 0
check "half-close: backend ended" wait_pid "$backend_pid" 10
check "half-close: request whole" test "$(sum "$tmp/got_up")" = "$up_sum"
check "half-close: reply whole after the client's EOF" test "$(sum "$tmp/got_down")" = "$down_sum"
rm -f "$tmp/got_up" "$tmp/got_down" "$tmp/up"
stop_server "$proxy_pid"

# 3. curl through the proxy from the httpd example.
mkdir "$tmp/www"
mv "$tmp/down" "$tmp/www/big"
BL_PORT_BASE=22700 start_server http_port "$httpd" "$tmp/www" "{PORT}" || { finish; exit 1; }
httpd_pid=$server_pid
start_proxy "$http_port" || { finish; exit 1; }
timeout 120 curl -sS -o "$tmp/got_down" "http://127.0.0.1:$proxy_port/big"
check "curl: exit status 0" test $? = 0
check "curl: $MB MB, sha256 matches" test "$(sum "$tmp/got_down")" = "$down_sum"
rm -f "$tmp/got_down"
stop_server "$proxy_pid"
stop_server "$httpd_pid"

# 4. No backend (httpd is gone): the client is let go, the proxy goes on.
start_proxy "$http_port" || { finish; exit 1; }
out=$(echo hello | timeout 10 socat -t 5 - "TCP:127.0.0.1:$proxy_port" 2>&1)
check "no backend: client let go" test $? = 0
check "no backend: nothing relayed" test -z "$out"
check "no backend: proxy still runs" kill -0 "$proxy_pid"
stop_server "$proxy_pid"
finish
