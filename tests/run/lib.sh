# tests/run/lib.sh - shared by the example tests: counting checks, starting
# servers on 127.0.0.1 and stopping them by pid, whatever happens.
#
#   . tests/run/lib.sh
#   start_server PORTVAR cmd args...   # "{PORT}" in args becomes the port
#   check "name" test-command...       # counts a pass or a failure
#   finish                             # prints "NAME: N passed, N failed"

set -u
suite=${suite:-$(basename "$0" .sh)}
passed=0
failed=0
pids=()
tmp=$(mktemp -d)

cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    done
    rm -rf "$tmp"
}
trap cleanup EXIT

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# check NAME CMD...: runs CMD; a zero exit passes.
check() {
    local name=$1
    shift
    if "$@"; then pass; else fail "$name"; fi
}

# port_listening PORT: is a TCP socket listening on PORT (any address)?
# Read from the kernel's socket table, never by connecting: a probe
# connection would be the first client of the server under test (a
# one-shot server would serve it and exit).  /proc/net/tcp{,6} on Linux,
# ss elsewhere.
port_listening() {
    local hex f files=()
    printf -v hex '%04X' "$1"
    for f in /proc/net/tcp /proc/net/tcp6; do [ -r "$f" ] && files+=("$f"); done
    if [ ${#files[@]} = 0 ]; then
        ss -Hltn "sport = :$1" 2>/dev/null | grep -q .
        return
    fi
    # local_address is field 2 (ADDR:PORT in hex), st field 4 (0A: LISTEN).
    awk -v port="$hex" '$4 == "0A" && sub(/.*:/, "", $2) && $2 == port { found = 1 }
        END { exit !found }' "${files[@]}"
}

# start_server VAR CMD...: starts CMD in the background on a free port from
# the suite's range (BL_PORT_BASE, 40 ports), retrying when the port turns
# out to be taken; sets VAR to the port and server_pid to the pid once the
# port is listening (no connection is made: the server's first client is
# the test's).  The server's output goes to $tmp/server.log.
start_server() {
    local var=$1 base=${BL_PORT_BASE:-22000} try p arg args
    shift
    for try in $(seq 0 39); do
        p=$((base + (RANDOM + try) % 40))
        port_listening "$p" && continue
        args=()
        for arg in "$@"; do args+=("${arg//\{PORT\}/$p}"); done
        "${args[@]}" >"$tmp/server.log" 2>&1 &
        server_pid=$!
        pids+=("$server_pid")
        for _ in $(seq 1 200); do   # up to 2 s
            port_listening "$p" && { printf -v "$var" %s "$p"; return 0; }
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.01
        done
        kill -TERM "$server_pid" 2>/dev/null
        wait "$server_pid" 2>/dev/null
    done
    echo "FAIL: could not start: $*"
    cat "$tmp/server.log"
    return 1
}

# stop_server PID: SIGTERM, then wait at most 5 s; the exit status.
stop_server() {
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null
    for i in $(seq 1 500); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.01
    done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid"
}

finish() {
    echo "$suite: $passed passed, $failed failed"
    [ "$failed" = 0 ]
}
