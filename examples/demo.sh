#!/usr/bin/env bash
# examples/demo.sh B - what `make demo` shows: blc translating the echo
# server of the README, the state machine it wrote, and the server
# answering a scripted client (one connection, then five at once).  The
# server listens on 127.0.0.1 only and is stopped by its pid.
suite=demo
BL_PORT_BASE=22600
. "$(dirname "$0")/../tests/run/lib.sh"
B=${1:-build}
out=$B/demo
mkdir -p "$out"

echo "\$ $B/blc -Iruntime examples/echo.blc -o $out/echo.c"
"$B/blc" -Iruntime examples/echo.blc -o "$out/echo.c" || exit 1
echo "  $(wc -l < examples/echo.blc) lines of .blc became $(wc -l < "$out/echo.c") lines of C;" \
     "the coroutine became a frame, a constructor and a state machine:"
echo
sed -n '/^struct echoer__frame {/,/^}$/p;/^static void echoer__resume(bl_coro \*co)$/,/^}$/p' "$out/echo.c" |
    grep -v '^#line' | sed 's/^/    /'
echo
echo "\$ cc -std=c11 -Wall -Wextra -Iruntime $out/echo.c $B/libbluelet.a -o $out/echo"
${CC:-cc} -std=c11 -Wall -Wextra -Werror -Iruntime "$out/echo.c" "$B/libbluelet.a" -o "$out/echo" || exit 1

start_server port "$out/echo" "{PORT}" || exit 1
echo "\$ $out/echo $port &        # pid $server_pid"
echo

# talk LINE: one connection; sends LINE, prints what comes back.
talk() {
    local reply
    exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
    printf '%s\n' "$1" >&3
    IFS= read -r -t 5 reply <&3
    exec 3<&-
    printf 'client> %-28s server> %s\n' "$1" "$reply"
    [ "$reply" = "$1" ]
}
check "one client" talk "hello, bluelet"
echo "five clients at once:"
clients=()
for i in 1 2 3 4 5; do
    talk "client $i says hi" > "$tmp/talk$i" &
    clients+=($!)
done
wait "${clients[@]}"
cat "$tmp"/talk*
check "five clients at once" test "$(grep -c 'server> client' "$tmp"/talk* | awk -F: '{s+=$2} END {print s}')" = 5

stop_server "$server_pid"
echo
echo "stopped the server (pid $server_pid)"
finish
