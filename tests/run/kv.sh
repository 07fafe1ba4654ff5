#!/usr/bin/env bash
# tests/run/kv.sh BIN - the RESP key-value example against redis-cli and
# redis-benchmark: every command and its errors, binary-safe and 1 MB
# values, inline commands and a protocol error over nc, pipelines from
# concurrent clients (their INCRs all counted), random pipelines whose
# replies must be redis-server's byte for byte (tests/run/kv_oracle.py,
# whole and cut into pieces anywhere), and a clean stop on SIGTERM.
suite=kv
BL_PORT_BASE=22300
. "$(dirname "$0")/lib.sh"
bin=${1:?usage: kv.sh BIN}
for tool in redis-cli redis-benchmark redis-server nc python3; do
    command -v $tool >/dev/null || {
        echo "FAIL: $tool is missing (tests/deps.sh test installs it: apt-get install redis-tools redis-server netcat-openbsd python3)"
        finish
        exit 1
    }
done

start_server port "$bin" "{PORT}" || { finish; exit 1; }
cli() { timeout 10 redis-cli -p "$port" "$@"; }
# raw BYTES: sends them over nc, the replies on stdout.
raw() { printf "$1" | timeout 5 nc -q 1 127.0.0.1 "$port"; }

check "PING" test "$(cli PING)" = PONG
check "PING message" test "$(cli PING hello)" = hello
check "SET" test "$(cli SET greeting 'hello world')" = OK
check "GET" test "$(cli GET greeting)" = 'hello world'
check "GET missing: nil" test "$(cli --no-raw GET nothing)" = '(nil)'
check "SET again" test "$(cli SET greeting bye)" = OK
check "GET the new value" test "$(cli GET greeting)" = bye
check "INCR new key" test "$(cli INCR counter)" = 1
check "INCR again" test "$(cli INCR counter)" = 2
check "INCR of a number SET" sh -c "[ \"\$(timeout 5 redis-cli -p $port SET n 41)\" = OK ] && [ \"\$(timeout 5 redis-cli -p $port INCR n)\" = 42 ]"
check "INCR of text: error" sh -c "timeout 5 redis-cli -p $port INCR greeting | grep -q 'ERR value is not an integer'"
check "INCR past int64: error" sh -c "timeout 5 redis-cli -p $port SET big 9223372036854775807 >/dev/null && timeout 5 redis-cli -p $port INCR big | grep -q overflow"
check "DEL counts" test "$(cli DEL greeting counter n big absent)" = 4
check "DEL'd is gone" test "$(cli --no-raw GET greeting)" = '(nil)'
check "wrong arity" sh -c "timeout 5 redis-cli -p $port GET | grep -q 'wrong number of arguments'"
check "unknown command" sh -c "timeout 5 redis-cli -p $port FLY away | grep -q \"unknown command 'FLY'\""
check "case-insensitive" test "$(cli set Key v)" = OK

# Binary values: NUL, CR, LF, every byte, and 1 MB.
printf 'a\0b\r\nc' > "$tmp/bin"
for i in $(seq 0 255); do printf "\\$(printf %03o "$i")"; done >> "$tmp/bin"
check "binary SET" test "$(cli -x SET binkey < "$tmp/bin")" = OK
cli --raw GET binkey | head -c "$(stat -c %s "$tmp/bin")" > "$tmp/bin.back"
check "binary GET" cmp -s "$tmp/bin" "$tmp/bin.back"
head -c 1048576 /dev/urandom > "$tmp/mb"
check "1 MB SET" test "$(cli -x SET mb < "$tmp/mb")" = OK
cli --raw GET mb | head -c 1048576 > "$tmp/mb.back"
check "1 MB GET" cmp -s "$tmp/mb" "$tmp/mb.back"

# Inline commands, and a pipeline of three in one write.
check "inline PING" test "$(raw 'PING\r\n' | tr -d '\r')" = '+PONG'
check "pipelined" test "$(raw '*3\r\n$3\r\nSET\r\n$1\r\np\r\n$2\r\n10\r\n*2\r\n$4\r\nINCR\r\n$1\r\np\r\n*2\r\n$3\r\nGET\r\n$1\r\np\r\n' | tr -d '\r' | tr '\n' ' ')" = '+OK :11 $2 11 '
check "a command split over writes" sh -c "{ printf '*2\r\n\$3\r\nGE'; sleep 0.2; printf 'T\r\n\$1\r\np\r\n'; } | timeout 5 nc -q 1 127.0.0.1 $port | tr -d '\r' | tr '\n' ' ' | grep -qx '\\\$2 11 '"
check "protocol error: reply and close" sh -c "printf '*1\r\n\$x\r\nPING\r\n' | timeout 5 nc -q 3 127.0.0.1 $port | grep -q 'Protocol error'"
check "QUIT" test "$(raw 'QUIT\r\nPING\r\n' | tr -d '\r')" = '+OK'

# Concurrent clients, pipelined: every INCR counted exactly once.
cli DEL 'counter:__rand_int__' >/dev/null
check "redis-benchmark: 20 clients, -P 16" timeout 60 redis-benchmark -p "$port" -q \
    -c 20 -n 4000 -P 16 -t set,get,incr,ping >"$tmp/bench.log" 2>&1
check "redis-benchmark: every INCR counted" test "$(cli GET 'counter:__rand_int__')" = 4000
check "redis-benchmark: all tests reported" test "$(grep -c 'requests per second' "$tmp/bench.log")" -ge 4

# The oracle: the same random pipelines to redis-server (persistence off),
# the same replies, to the byte.
kv_pid=$server_pid
start_server redis_port redis-server --port "{PORT}" --bind 127.0.0.1 --save '' \
    --appendonly no --daemonize no --dir "$tmp" || { finish; exit 1; }
redis_pid=$server_pid
oracle=$(dirname "$0")/kv_oracle.py
for seed in 1 2 3; do
    for chunks in 0 300; do
        "$oracle" "$port" "$seed" 2000 "$chunks" >"$tmp/kv.$seed.$chunks"
        "$oracle" "$redis_port" "$seed" 2000 "$chunks" >"$tmp/redis.$seed.$chunks"
        check "oracle seed $seed, $chunks pieces: replies end with QUIT's" \
            sh -c "tail -c 5 '$tmp/redis.$seed.$chunks' | grep -q '^+OK'"
        check "oracle seed $seed, $chunks pieces: redis-server's replies" \
            cmp "$tmp/kv.$seed.$chunks" "$tmp/redis.$seed.$chunks"
    done
done
stop_server "$redis_pid"

check "still serves" test "$(cli PING)" = PONG
stop_server "$kv_pid"
check "exits 0 on SIGTERM" test $? = 0
finish
