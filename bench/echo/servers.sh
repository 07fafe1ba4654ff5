# bench/echo/servers.sh - the echo servers to run, one NAME=PROGRAM per
# line; each program takes the port to listen on (127.0.0.1) as its only
# argument.  The list is ECHO_SERVERS in the Makefile's bench section
# (make passes it in the environment; run outside make, we ask make), so a
# server is added in one place and bench-build builds it.  Sourced by
# run.sh, syscalls.sh and bench/smoke.sh, after lib.sh (for B).
echo_servers() {
    local list=${ECHO_SERVERS-}
    [ -n "$list" ] || list=$(make --no-print-directory -s bench-echo-servers) || return 1
    printf '%s\n' $list
}
