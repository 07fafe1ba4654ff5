#!/usr/bin/env bash
# tests/run/hiredis.sh BIN - the hiredis example against a real
# redis-server, started on 127.0.0.1 on a free port and stopped by its pid:
# every reply right on each backend, the ticker running meanwhile, and a
# refused connection reported, not hung on.
suite=hiredis
. "$(dirname "$0")/lib.sh"
bin=${1:?usage: hiredis.sh BIN}
redis=$(command -v redis-server || echo /usr/bin/redis-server)
if [ ! -x "$redis" ]; then
    echo "FAIL: hiredis.sh needs redis-server (Debian: redis-server; tests/deps.sh test)"
    exit 1
fi

BL_PORT_BASE=22500 start_server port "$redis" --port "{PORT}" --bind 127.0.0.1 \
    --save '' --appendonly no --daemonize no || { finish; exit 1; }
redis_pid=$server_pid

rounds=2000
cat >"$tmp/want" <<OUT
8 workers x $rounds rounds: every reply right
counter: $((8 * rounds))
the ticker ran meanwhile: yes
OUT
for be in epoll poll; do
    BLUELET_BACKEND=$be timeout 60 "$bin" "$port" "$rounds" >"$tmp/out.$be" 2>"$tmp/err.$be"
    status=$?
    check "$be: exit status 0 ($status)" test "$status" = 0
    check "$be: every reply right" diff -u "$tmp/want" "$tmp/out.$be"
    check "$be: nothing on stderr" test ! -s "$tmp/err.$be"
done

check "redis-server stops on SIGTERM" stop_server "$redis_pid"

# Nobody listens now: the connection is refused, said, and the program ends.
timeout 10 "$bin" "$port" 10 >"$tmp/out.refused" 2>"$tmp/err.refused"
status=$?
check "refused: exit status 1 ($status)" test "$status" = 1
check "refused: said so" grep -q 'refused' "$tmp/err.refused"
finish
