#!/usr/bin/env bash
# tests/run/echo-handwritten.sh BIN - runs the hand-written echo server on
# each backend, on a free port of 127.0.0.1, talks to it with real clients
# (socat, nc, and a byte-exact check of a 1 MB payload through socat), then
# kills it by its pid.  Ends with "echo-handwritten: N passed, N failed".
set -u
bin=${1:-build/examples/echo-handwritten}
passed=0 failed=0 pid=
tmp=$(mktemp -d)
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

ok() { echo "ok: $*"; passed=$((passed + 1)); }
bad() { echo "FAILED: $*"; failed=$((failed + 1)); }
for tool in socat nc cmp head; do
    command -v $tool >/dev/null || { bad "missing tool: $tool (tests/deps.sh test)"; }
done

# Starts the server on the first port of 20000-20999 it can bind: sets
# pid and port.
start() { # backend
    for port in $(shuf -i 20000-20999 -n 20); do
        BLUELET_BACKEND=$1 "$bin" "$port" >/dev/null 2>"$tmp/err" &
        pid=$!
        for _ in $(seq 50); do # up to 1 s for it to listen
            kill -0 "$pid" 2>/dev/null || break
            nc -z 127.0.0.1 "$port" 2>/dev/null && return 0
            sleep 0.02
        done
        kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=
    done
    return 1
}

for be in epoll poll; do
    if ! start $be; then
        bad "$be: the server did not start: $(cat "$tmp/err")"
        continue
    fi

    got=$(printf 'hello\nworld\n' | timeout 5 socat -t 1 - TCP:127.0.0.1:$port)
    [ "$got" = $'hello\nworld' ] && ok "$be: socat line echo" || bad "$be: socat got '$got'"

    got=$(printf 'ping' | timeout 5 nc -q 1 127.0.0.1 $port)
    [ "$got" = "ping" ] && ok "$be: nc echo" || bad "$be: nc got '$got'"

    head -c 1048576 /dev/urandom >"$tmp/in"
    timeout 10 socat -t 2 - TCP:127.0.0.1:$port <"$tmp/in" >"$tmp/out"
    cmp -s "$tmp/in" "$tmp/out" && ok "$be: 1 MB byte-exact" ||
        bad "$be: 1 MB payload came back as $(wc -c <"$tmp/out") different bytes"

    # Several clients at once.
    for i in 1 2 3 4 5; do
        (printf "client $i\n" | timeout 5 socat -t 1 - TCP:127.0.0.1:$port >"$tmp/c$i") &
    done
    for j in $(jobs -p); do [ "$j" = "$pid" ] || wait "$j"; done
    n=0
    for i in 1 2 3 4 5; do [ "$(cat "$tmp/c$i")" = "client $i" ] && n=$((n + 1)); done
    [ $n = 5 ] && ok "$be: 5 concurrent clients" || bad "$be: $n of 5 concurrent clients echoed"

    kill "$pid"
    wait "$pid" 2>/dev/null
    pid=
done
echo "echo-handwritten: $passed passed, $failed failed"
[ "$failed" = 0 ]
