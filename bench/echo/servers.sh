# bench/echo/servers.sh - the echo servers the benchmark and its smoke test
# run by default, one NAME=PROGRAM per line; each program takes the port
# to listen on (127.0.0.1) as its only argument.  Sourced by run.sh and by
# bench/smoke.sh, after lib.sh (for B).
#
# A server is listed when its source exists, whether or not it is built, so
# a server that fails to build fails the smoke test instead of vanishing
# from it.  `epoll` and `uv` are the peers; every other server is held to
# the targets.  To add a server, add a line.
echo_servers() {
    [ -f examples/handwritten/echo.c ] && echo "bluelet-hand=$B/examples/echo-handwritten"
    [ -f examples/echo.blc ] && echo "bluelet-blc=$B/examples/echo"
    echo "epoll=$B/bench/echo/epoll_echo"
    echo "uv=$B/bench/echo/uv_echo"
}
