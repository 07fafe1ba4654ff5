#!/usr/bin/env bash
# tests/fault/sys.sh FAULTSYS.so CLIENT ECHO - the echo example under
# syscall fault injection (tests/fault/faultsys.c), on each backend the
# shim reaches (epoll, poll), at several seeds: the byte-exact client
# (tests/fault/echo-client.c) checks every byte; the server must not die,
# must not spin (its CPU time stays under a bound), and must hold no more
# fds after the clients than before (no leak).  Transient faults alone:
# every connection exact; with fatal faults too: cut connections allowed,
# their bytes still a correct prefix.
#   FAULT_SEEDS="1 2 3"  FAULT_RATE=50 (per mille)  FAULT_FATAL=2
suite=fault-sys
BL_PORT_BASE=${BL_PORT_BASE:-23100}
. "$(dirname "$0")/../run/lib.sh"
so=$(realpath "${1:?usage: sys.sh FAULTSYS.so CLIENT ECHO}")
client=${2:?} echo_bin=${3:?}
seeds=${FAULT_SEEDS:-1 2 3}
rate=${FAULT_RATE:-50} fatal=${FAULT_FATAL:-2}
conns=40 par=8 bytes=200000
cpu_bound=${FAULT_CPU_BOUND:-3} # seconds of CPU for the whole run at most
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
total_faults=0

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
nfds() { ls "/proc/$1/fd" | wc -l; }

# run BACKEND SEED FATAL CUT_OK
run() {
    local be=$1 seed=$2 fat=$3 cut_ok=$4 name="$1 seed $2${3:+ fatal $3}" port before after ticks hz
    local log=$tmp/faults.$be.$seed.$fat
    if ! start_server port env BLUELET_BACKEND="$be" LD_PRELOAD="$so" BL_FAULT_SEED="$seed" \
            BL_FAULT_RATE="$rate" BL_FAULT_FATAL="$fat" BL_FAULT_LOG="$log" "$echo_bin" "{PORT}"; then
        fail "$name: the server did not start"
        return
    fi
    before=$(nfds "$server_pid")
    check "$name: every byte" timeout 120 "$client" "$port" $conns $par $bytes "$seed" "$cut_ok"
    for _ in $(seq 1 100); do # the server closes its side after the client's
        after=$(nfds "$server_pid")
        [ "$after" -le "$before" ] && break
        sleep 0.02
    done
    check "$name: no fd left ($before before, $after after)" test "$after" -le "$before"
    hz=$(getconf CLK_TCK)
    ticks=$(cpu_ticks "$server_pid")
    check "$name: no spin (CPU $((ticks * 1000 / hz)) ms, bound ${cpu_bound}s)" \
        test "$ticks" -le $((cpu_bound * hz))
    kill -0 "$server_pid" 2>/dev/null
    check "$name: alive after the faults" test $? = 0
    stop_server "$server_pid"
    check "$name: faults injected" test -s "$log"
    [ -s "$log" ] && total_faults=$((total_faults + $(awk '{ s += $2 } END { print s }' "$log")))
    [ -s "$log" ] && echo "  $name: $(tr '\n' ' ' <"$log")"
}

for be in epoll poll; do
    for seed in $seeds; do
        run "$be" "$seed" 0 0
    done
    run "$be" "${seeds%% *}" "$fatal" 1
done
echo "fault-sys: $total_faults faults injected"
finish
