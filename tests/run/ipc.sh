#!/usr/bin/env bash
# tests/run/ipc.sh BIN - the ipc example: two processes, two loops, the
# seed's message exchange, in the order the messages force.
suite=ipc
. "$(dirname "$0")/lib.sh"
bin=${1:?usage: ipc.sh BIN}
cat > "$tmp/want" <<'OUT'
endpoint 2 got: hello!
endpoint 2 got: 123
endpoint 2 got: {"foo": "bar"}
endpoint 1 got: ["test", 1234, "foo"]
OUT
for try in 1 2 3; do
    port=$((22300 + RANDOM % 100))
    timeout 20 "$bin" "$port" > "$tmp/out" 2> "$tmp/err"
    status=$?
    grep -q 'listen' "$tmp/err" || break
done
check "exit status 0 ($status)" test "$status" = 0
check "messages in order" diff -u "$tmp/want" "$tmp/out"
check "nothing on stderr" test ! -s "$tmp/err"
finish
