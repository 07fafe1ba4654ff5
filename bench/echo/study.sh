#!/usr/bin/env bash
# bench/echo/study.sh - what each io_uring feature is worth to blc's echo:
# the echo benchmark (run.sh, same load, same environment: CONNS, SECS,
# REPS, SIZE) over blc's echo on io_uring with the runtime's features
# switched on one at a time (BLUELET_URING_OFF names those still off,
# runtime/uring.c), beside the hand-written epoll and io_uring servers:
#
#   u0-none-uring       nothing: one-shot accept and recv, each submission
#                       made as it is prepared, every send at once by
#                       syscall, plain task work, the ring's fd not
#                       registered, sockets named by fd
#   u1-batch-uring      + batching: submissions made once per pass of the
#                       loop, in the io_uring_enter that waits
#   u2-msaccept-uring   + multishot accept
#   u3-msrecv-uring     + multishot recv from a provided buffer ring
#   u4-ringsend-uring   + sends prepared on the ring, made with the pass's
#                       other submissions
#   u5-defer-uring      + SINGLE_ISSUER | DEFER_TASKRUN
#   u6-regring-uring    + the ring's fd registered
#   u7-all-uring        + sockets in a registered file table (the default)
#
# Arguments NAME=PROGRAM add servers.  Each server is stopped by its pid
# (run.sh); the wrappers live in a temporary directory, removed on exit.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=${B:-build}
echo=$ROOT/$B/examples/echo
[ -x "$echo" ] || { echo "study.sh: $echo is not built (make bench-build)" >&2; exit 1; }
[ -x "$ROOT/$B/bench/echo/uring_echo" ] ||
    { echo "study.sh: $B/bench/echo/uring_echo is not built (liburing missing? make bench-build)" >&2; exit 1; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/study.XXXXXX")
trap 'rm -rf "$dir"' EXIT

# wrapper NAME FEATURES-OFF: blc's echo on io_uring with those off.
servers=()
wrapper() {
    printf '#!/bin/sh\nBLUELET_BACKEND=io_uring BLUELET_URING_OFF=%s exec "%s" "$@"\n' \
        "$2" "$echo" >"$dir/$1"
    chmod +x "$dir/$1"
    servers+=("$1=$dir/$1")
}
off=registered-ring,fixed-files
wrapper u0-none-uring batching,multishot-accept,multishot-recv,ring-send,defer-taskrun,$off
wrapper u1-batch-uring multishot-accept,multishot-recv,ring-send,defer-taskrun,$off
wrapper u2-msaccept-uring multishot-recv,ring-send,defer-taskrun,$off
wrapper u3-msrecv-uring ring-send,defer-taskrun,$off
wrapper u4-ringsend-uring defer-taskrun,$off
wrapper u5-defer-uring $off
wrapper u6-regring-uring fixed-files
wrapper u7-all-uring ""

B=$B "$ROOT/bench/echo/run.sh" epoll="$ROOT/$B/bench/echo/epoll_echo" \
    uring="$ROOT/$B/bench/echo/uring_echo" "${servers[@]}" "$@"
