#!/usr/bin/env bash
# tests/run/threads.sh ECHO HTTPD - the echo and httpd examples with two
# loops (`echo PORT 2`, `httpd ROOT PORT 2`) against real clients: two
# listeners on the port (SO_REUSEPORT), every connection's bytes checked,
# then a SIGTERM by pid: exit status 0 means every loop's thread ended
# (bl_run_threads joins them) and, under valgrind (plain builds; ASan's
# leak check in SANITIZE=1 builds; ThreadSanitizer in SANITIZE=thread
# ones), that nothing leaked (and no race was seen).
suite=threads
BL_PORT_BASE=22300
. "$(dirname "$0")/lib.sh"
echo_bin=${1:?usage: threads.sh ECHO HTTPD}
httpd_bin=${2:?usage: threads.sh ECHO HTTPD}
for tool in socat curl cmp; do
    command -v $tool >/dev/null || { fail "$tool is missing (tests/deps.sh test)"; finish; exit 1; }
done
wrap=()
if [ -z "${SANITIZE:-}" ]; then
    command -v valgrind >/dev/null || { fail "valgrind is missing (apt-get install valgrind)"; finish; exit 1; }
    wrap=(valgrind -q --error-exitcode=99 --leak-check=full
          --errors-for-leak-kinds=definite,indirect)
fi

# listeners PORT: sockets listening on PORT (each loop has its own).
listeners() {
    local hex
    printf -v hex '%04X' "$1"
    awk -v port="$hex" '$4 == "0A" && sub(/.*:/, "", $2) && $2 == port { n++ }
        END { print n + 0 }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# until_listeners PORT N: waits up to 10 s for N listeners (valgrind is slow).
until_listeners() {
    for _ in $(seq 1 1000); do
        [ "$(listeners "$1")" -ge "$2" ] && return 0
        sleep 0.01
    done
    return 1
}

# --- echo, two loops ---------------------------------------------------
start_server port "${wrap[@]}" "$echo_bin" "{PORT}" 2 || { finish; exit 1; }
check "echo: two listeners on the port" until_listeners "$port" 2
for i in $(seq 1 24); do
    head -c $((4096 * i)) /dev/urandom > "$tmp/in$i"
done
for i in $(seq 1 24); do
    timeout 30 socat -t 5 - "TCP:127.0.0.1:$port" <"$tmp/in$i" >"$tmp/out$i" &
done
wait_clients() { local p; for p in $(jobs -p); do [ "$p" = "$server_pid" ] || wait "$p"; done; }
wait_clients
ok=0
for i in $(seq 1 24); do cmp -s "$tmp/in$i" "$tmp/out$i" && ok=$((ok + 1)); done
check "echo: 24 concurrent clients, every byte back ($ok of 24)" test "$ok" = 24
stop_server "$server_pid"
status=$?
check "echo: SIGTERM ends every loop, nothing leaked (exit $status)" test "$status" = 0
[ "$status" = 0 ] || cat "$tmp/server.log"

# --- httpd, two loops --------------------------------------------------
root=$tmp/root
mkdir -p "$root"
head -c 1024 /dev/urandom > "$root/1k.bin"
head -c 300000 /dev/urandom > "$root/big.bin"
start_server port "${wrap[@]}" "$httpd_bin" "$root" "{PORT}" 2 || { finish; exit 1; }
check "httpd: two listeners on the port" until_listeners "$port" 2
url=http://127.0.0.1:$port
cat "$root/1k.bin" "$root/1k.bin" > "$tmp/twice"
seq 1 16 | xargs -P 16 -I{} sh -c \
    "curl -s --max-time 30 $url/big.bin | cmp -s - '$root/big.bin' && \
     curl -s --max-time 30 $url/1k.bin $url/1k.bin | cmp -s - '$tmp/twice' && echo ok" \
    > "$tmp/many" 2>/dev/null
check "httpd: 16 concurrent clients, every byte ($(grep -c ok "$tmp/many") of 16)" \
    test "$(grep -c ok "$tmp/many")" = 16
stop_server "$server_pid"
status=$?
check "httpd: SIGTERM ends every loop, nothing leaked (exit $status)" test "$status" = 0
[ "$status" = 0 ] || cat "$tmp/server.log"

check "httpd: a bad thread count is a usage error" \
    sh -c "'$httpd_bin' '$root' 8080 0 2>/dev/null; test \$? = 2"
finish
