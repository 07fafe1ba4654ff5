#!/usr/bin/env bash
# tests/run/chat.sh BIN - the chat example against real clients: two nc
# and two socat, each sending its lines at once once all have joined;
# every client must receive every line of the others, each sender's in
# order, and none of its own; then a client that never reads is dropped
# as too slow while the others go on.
suite=chat
. "$(dirname "$0")/lib.sh"
bin=${1:?usage: chat.sh BIN}
for tool in nc socat; do
    command -v "$tool" >/dev/null || { echo "FAIL: chat.sh needs $tool (tests/deps.sh test)"; exit 1; }
done
BL_PORT_BASE=22400 start_server port "$bin" "{PORT}" || { finish; exit 1; }

K=4 M=300
# wait_for SECONDS CMD...: polls CMD every 10 ms until it passes.
wait_for() {
    local _n=$(($1 * 100)) _try
    shift
    for _try in $(seq 1 "$_n"); do "$@" && return 0; sleep 0.01; done
    return 1
}
has_lines() { [ -f "$1" ] && [ "$(grep -c "$2" "$1")" -ge "$3" ]; }

# closing_ours CMD...: runs CMD without the write ends of the clients'
# fifos this shell holds (a client holding another's would keep it open).
infd=()
closing_ours() {
    local f
    for f in "${infd[@]}"; do eval "exec $f>&-"; done
    exec "$@"
}

# Client i reads its fifo and writes what it hears to out.i.
for i in $(seq 1 $K); do
    mkfifo "$tmp/in.$i"
    if [ $((i % 2)) = 1 ]; then
        closing_ours nc -N 127.0.0.1 "$port" <"$tmp/in.$i" >"$tmp/out.$i" 2>"$tmp/err.$i" &
    else
        closing_ours socat -t 5 - "TCP:127.0.0.1:$port" <"$tmp/in.$i" >"$tmp/out.$i" 2>"$tmp/err.$i" &
    fi
    pids+=($!)
    cpid[$i]=$!
    exec {fd}>"$tmp/in.$i"
    infd[$i]=$fd
    check "client $i welcomed" wait_for 5 has_lines "$tmp/out.$i" '^\* welcome, user' 1
done
# Everyone hears everyone join after them.
check "client 1 saw the others join" wait_for 5 has_lines "$tmp/out.1" 'joined$' $((K - 1))

for i in $(seq 1 $K); do
    id[$i]=$(sed -n 's/^\* welcome, user\([0-9]*\)$/\1/p' "$tmp/out.$i")
done
for i in $(seq 1 $K); do
    for j in $(seq 1 $M); do echo "line $j from client $i"; done >&"${infd[$i]}" &
done
wait_all_lines() {
    local i
    for i in $(seq 1 $K); do
        has_lines "$tmp/out.$i" '^user[0-9]*: line ' $(((K - 1) * M)) || return 1
    done
}
check "every line delivered within 20 s" wait_for 20 wait_all_lines

for i in $(seq 1 $K); do
    grep '^user[0-9]*: line ' "$tmp/out.$i" >"$tmp/got.$i"
    : >"$tmp/want.$i"
    for s in $(seq 1 $K); do
        [ "$s" = "$i" ] && continue
        grep "^user${id[$s]}: " "$tmp/got.$i" >"$tmp/from.$i.$s"
        seq 1 $M | sed "s/.*/user${id[$s]}: line & from client $s/" >"$tmp/wantfrom.$i.$s"
        check "client $i got client $s's $M lines in order" \
            cmp -s "$tmp/from.$i.$s" "$tmp/wantfrom.$i.$s"
    done
    check "client $i got none of its own lines" \
        test "$(grep -c "^user${id[$i]}: " "$tmp/got.$i")" = 0
done

# A client that never reads: once the ring (1024 lines) has passed it,
# or it has taken no line for 2 s, the server drops it; the others still
# hear everything.
slow=$(( $(printf '%s\n' "${id[@]}" | sort -n | tail -1) + 1 ))
exec {slowfd}> >(closing_ours socat -u - "TCP:127.0.0.1:$port" 2>/dev/null)
pids+=($!)
check "the slow client joined" wait_for 5 has_lines "$tmp/out.2" "^\\* user$slow joined" 1
big=$(head -c 400 /dev/zero | tr '\0' x)
F=20000
for j in $(seq 1 $F); do echo "flood $j $big"; done >&"${infd[1]}"
check "the flood reached client 2" wait_for 30 has_lines "$tmp/out.2" "^user[0-9]*: flood $F " 1
check "the slow client was dropped" wait_for 10 has_lines "$tmp/out.2" "^\\* user$slow left" 1
for i in 2 3 4; do
    check "client $i got the whole flood" test "$(grep -c '^user[0-9]*: flood ' "$tmp/out.$i")" = $F
done
check "the server still runs" kill -0 "$server_pid"
eval "exec $slowfd>&-"

# Hang up one by one: each client ends, and those still there hear it.
for i in $(seq 1 $K); do
    eval "exec ${infd[$i]}>&-"
    wait_for 5 eval '! kill -0 ${cpid[$i]} 2>/dev/null'
    check "client $i ended" eval '! kill -0 ${cpid[$i]} 2>/dev/null'
    for j in $(seq $((i + 1)) $K); do
        check "client $j heard client $i leave" \
            wait_for 5 has_lines "$tmp/out.$j" "^\\* user${id[$i]} left" 1
    done
done
check "server exits on SIGTERM" eval 'stop_server "$server_pid"; test $? = 143'
check "nothing on the server's stderr" test ! -s "$tmp/server.log"
finish
