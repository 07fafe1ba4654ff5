#!/usr/bin/env bash
# tests/run/lib-selftest.sh - lib.sh itself: start_server waits for the
# port to listen without connecting to it, so a one-shot server (socat
# serving one connection, then exiting) still has its one connection for
# the test; port_listening says no for a closed port and yes for a bound
# listener, on 127.0.0.1 and on ::1.  Every process started is stopped by
# its pid (lib.sh's cleanup).
. "$(dirname "$0")/lib.sh"

for tool in socat; do
    command -v $tool >/dev/null || fail "missing tool: $tool (tests/deps.sh test)"
done

BL_PORT_BASE=22800 start_server port \
    socat TCP-LISTEN:{PORT},bind=127.0.0.1,reuseaddr SYSTEM:'echo one-shot' ||
    { finish; exit 1; }
check "start_server returns with the server still waiting for its client" \
    kill -0 "$server_pid"
got=$(timeout 5 socat -t 2 - TCP:127.0.0.1:"$port" </dev/null)
check "the one-shot server's one connection is the test's (got '$got')" \
    test "$got" = one-shot
stop_server "$server_pid"
check "port_listening: no once the server has gone" eval '! port_listening "$port"'

if grep -qs . /proc/net/if_inet6; then
    BL_PORT_BASE=22840 start_server port6 \
        socat TCP6-LISTEN:{PORT},bind=[::1],reuseaddr SYSTEM:true ||
        { finish; exit 1; }
    check "port_listening: yes for a listener on ::1" port_listening "$port6"
    stop_server "$server_pid"
fi
finish
