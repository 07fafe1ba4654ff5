#!/usr/bin/env bash
# tests/fault/serve.sh KIND SERVER [ECHO-CLIENT PLAIN-ECHO] - one run of
# tests/fault/walk.sh's walk of an example server (KIND: echo, kv, httpd,
# proxy or chat; SERVER its build on the failing allocator, which reads
# BL_FAULT_ALLOC from the environment): starts it on 127.0.0.1, serves a
# real client twice, stops it by its pid.
#
# The clients check every byte: tests/fault/echo-client.c for echo and
# through proxy (to the plain build's echo), redis-cli's binary GET of a
# SET for kv, curl's body against the file for httpd, two clients of chat
# (bash's /dev/tcp) each reading what the other said.
#
# Exit 0: both rounds exact (a failed allocation that the server got over
# unseen by the client, e.g. an accept retried after its pause).  Exit 1:
# failed cleanly: a round failed without a wrong byte (the first, or the
# second after an exact first: below), and then either the server, still
# alive, served the next round exactly (one failed allocation cost one
# connection or one request, no more), or it
# ended with an exit status of 1..127 after saying "Cannot allocate
# memory" (the ENOMEM reached the code that reports it).  Exit 3: anything
# else: a wrong byte; silence (a client cut off or hung and then the
# server dead without a word, or exiting 0); a server that stays up but
# serves no one again; an fd or a connection left open after its clients
# are gone; a crash.  Exit 4: exit 3 under a failure tests/fault/known.txt
# names (a function on the failing allocation's stack).  The server's output goes to stderr, where walk.sh
# looks for sanitizer and valgrind reports.
suite=fault-serve
BL_PORT_BASE=${BL_PORT_BASE:-23200}
. "$(dirname "$0")/../run/lib.sh"
kind=${1:?usage: serve.sh KIND SERVER [ECHO-CLIENT PLAIN-ECHO]} server=${2:?}
client=${3:-} plain_echo=${4:-}
case $kind in httpd) need=curl ;; kv) need=redis-cli ;; *) need= ;; esac
for tool in $need addr2line; do
    command -v "$tool" >/dev/null || {
        echo "serve.sh: $tool is missing (tests/deps.sh test installs it: apt-get install curl redis-tools binutils)" >&2
        exit 3
    }
done
export BL_FAULT_BACKTRACE=1 # the failing allocation's stack, for known.txt
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0

nfds() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
# alive PID: running (an ended child stays a zombie, which kill -0 finds)
alive() { [ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* (.*) Z ' "/proc/$1/stat"; }
known=$(dirname "$0")/known.txt
bad() {
    echo "serve: $kind: $*" >&2
    echo "--- the server's output:" >&2
    grep -v '(+0x[0-9a-f]*)\[0x' "$tmp/server.log" >&2
    # The failing allocation's stack, by function; under a known failure
    # (known.txt: a function on that stack): exit 4, named.
    local f why stack
    stack=$(sed -n "s|^$server(+\\(0x[0-9a-f]*\\)).*|\\1|p" "$tmp/server.log" | head -12 |
        xargs -r addr2line -f -i -e "$server" 2>/dev/null | awk 'NR % 2' | tr '\n' ' ')
    echo "the failing allocation: ${stack:-(not injected)}" >&2
    while IFS=$'\t' read -r f why; do
        [[ "$f" == "#"* || -z "$f" ]] && continue
        if [[ " $stack " == *" $f "* ]]; then
            echo "known: $f: $why" >&2
            exit 4
        fi
    done <"$known"
    exit 3
}

mkdir -p "$tmp/www"
head -c 100000 /dev/urandom >"$tmp/www/f"

# expect FD PATTERN: reads lines from FD (5 at most, 5 s each) until one
# matches the glob PATTERN, left in $line; 1 when none does.
expect() {
    local i
    for i in 1 2 3 4 5; do
        read -r -t 5 line <&"$1" || return 1
        [[ "$line" == $2 ]] && return 0
    done
    return 1
}

# round N: 0 when the client's exchange was exact, 1 when it failed with
# no wrong byte, 2 when a byte was wrong.
round() {
    case $kind in
    echo | proxy)
        timeout 20 "$client" "$port" 2 2 20000 "$1" 1 >"$tmp/client" 2>&1 || return 2
        grep -q ' 0 cut' "$tmp/client" && return 0
        return 1 ;;
    kv)
        timeout 5 redis-cli -p "$port" -x SET k"$1" <"$tmp/www/f" >"$tmp/got" 2>&1 &&
            grep -qx OK "$tmp/got" || return 1
        timeout 5 redis-cli -p "$port" --raw GET k"$1" >"$tmp/got" 2>&1 || return 1
        head -c 100000 "$tmp/got" >"$tmp/got1"
        cmp -s "$tmp/www/f" "$tmp/got1" && return 0
        [ "$(stat -c %s "$tmp/got")" -le 1 ] && return 1 # nothing (an error)
        grep -q 'Error\|ERR\|reset' "$tmp/got" && return 1
        return 2 ;;
    httpd)
        timeout 10 curl -s --max-time 5 -o "$tmp/got" -w '%{http_code}' \
            "http://127.0.0.1:$port/f" >"$tmp/code" 2>/dev/null
        local rc=$? code
        code=$(cat "$tmp/code")
        [ "$rc" = 0 ] && [ "$code" = 200 ] && { cmp -s "$tmp/www/f" "$tmp/got"; return $((2 * $?)); }
        [ "$rc" = 0 ] && [ "${code:0:1}" = 5 ] && return 1 # an error answered
        [ "$rc" = 0 ] && return 2                          # any other answer: wrong
        return 1 ;;                                         # cut off
    chat)
        local a b
        exec {a}<>"/dev/tcp/127.0.0.1/$port" || return 1
        expect $a "\\* welcome, user*" || { exec {a}>&-; return 1; }
        if ! exec {b}<>"/dev/tcp/127.0.0.1/$port"; then exec {a}>&-; return 1; fi
        expect $b "\\* welcome, user*" || { exec {a}>&- {b}>&-; return 1; }
        local ub=${line#\* welcome, }
        expect $a "\\* $ub joined" || { exec {a}>&- {b}>&-; return 1; }
        echo "hello $1" >&$a
        expect $b "user*: hello $1"
        local rc=$?
        exec {a}>&- {b}>&-
        return $rc ;;
    esac
}

case $kind in
echo) args=("$server" "{PORT}") ;;
kv) args=("$server" "{PORT}") ;;
httpd) args=("$server" "$tmp/www" "{PORT}") ;;
chat) args=("$server" "{PORT}") ;;
proxy)
    BL_FAULT_ALLOC= BL_PORT_BASE=$((BL_PORT_BASE + 40)) start_server echo_port "$plain_echo" "{PORT}" ||
        bad "the plain echo did not start"
    echo_pid=$server_pid
    cp "$tmp/server.log" "$tmp/echo.log"
    args=("$server" "{PORT}" 127.0.0.1 "$echo_port") ;;
*) echo "serve.sh: unknown KIND $kind" >&2; exit 2 ;;
esac

# Started once (a failed allocation fails the same way at each try):
# listening within 3 s, or ended out of memory, saying so.
for _ in $(seq 1 40); do
    port=$((BL_PORT_BASE + RANDOM % 40))
    port_listening "$port" || break
done
"${args[@]//\{PORT\}/$port}" >"$tmp/server.log" 2>&1 &
server_pid=$!
pids+=("$server_pid")
for _ in $(seq 1 150); do
    port_listening "$port" && break
    alive "$server_pid" || break
    sleep 0.02
done
if ! port_listening "$port"; then
    alive "$server_pid" && bad "alive but not listening on $port after 3 s"
    wait "$server_pid" 2>/dev/null
    rc=$?
    cat "$tmp/server.log" >&2
    grep -q 'Cannot allocate memory' "$tmp/server.log" && [ "$rc" -ge 1 ] && [ "$rc" -lt 128 ] && exit 1
    bad "did not listen, exit $rc, and said nothing of ENOMEM"
fi
before=$(nfds "$server_pid")

# ended_out_of_memory N: the server, after round N failed, has ended:
# exit 1 if it said ENOMEM with an exit status of 1..127, else bad.
ended_out_of_memory() {
    wait "$server_pid" 2>/dev/null
    local rc=$?
    cat "$tmp/server.log" >&2
    grep -q 'Cannot allocate memory' "$tmp/server.log" && [ "$rc" -ge 1 ] && [ "$rc" -lt 128 ] && exit 1
    bad "round $1 cut off, then the server ended (exit $rc) without a word of ENOMEM"
}

# The failed allocation costs at most the round it falls in, and the round
# after that one must be exact.  Which round that is, is the timing's: a
# receive that must wait allocates, one that finds its bytes already there
# does not, so the walk's Nth allocation, counted in another run, may come
# in round 1 or in round 2.  Round 3 is played only after a failed round 2.
outcome=0
for r in 1 2 3; do
    round "$r"
    got=$?
    [ "$got" = 2 ] && bad "round $r: a wrong byte or a hang: $(cat "$tmp/client" 2>/dev/null)"
    if [ "$got" = 1 ]; then
        # A server that ends on the failure may still be ending (a
        # sanitizer's leak check at exit takes a while): up to 2 s.
        for _ in $(seq 1 100); do
            alive "$server_pid" || break
            sleep 0.02
        done
        alive "$server_pid" || ended_out_of_memory "$r"
        [ "$outcome" = 1 ] && bad "round $r (after round $((r - 1)) failed) not exact: $got"
        outcome=1
        continue
    fi
    [ "$outcome" = 1 ] || [ "$r" = 2 ] && break # exact after the failed one, or twice
done

# Nothing left open once the clients are gone (the server closes its side
# after the client's).
for _ in $(seq 1 100); do
    after=$(nfds "$server_pid")
    [ "$after" -le "$before" ] && break
    sleep 0.02
done
[ "$after" -le "$before" ] || bad "$((after - before)) fds left open ($before before the clients, $after after)"

kill -TERM "$server_pid"
for _ in $(seq 1 250); do
    alive "$server_pid" || break
    sleep 0.02
done
if alive "$server_pid"; then
    kill -KILL "$server_pid"
    bad "still running 5 s after SIGTERM"
fi
wait "$server_pid" 2>/dev/null
rc=$?
cat "$tmp/server.log" >&2
case $kind in
proxy | chat) [ "$rc" = 143 ] || bad "exit $rc on SIGTERM (no handler: 143 expected)" ;;
*) [ "$rc" = 0 ] || bad "exit $rc on SIGTERM (a clean stop: 0 expected)" ;;
esac
exit $outcome
