#!/usr/bin/env bash
# tests/fault/sys.sh FAULTSYS.so CLIENT ECHO PROXY HTTPD KV FECHO FPROXY FHTTPD FKV
# - the examples under syscall fault injection (tests/fault/faultsys.c,
# preloaded into the server under test only), on epoll, poll and
# io_uring, at several seeds.  On io_uring the examples are the fault
# build's (FECHO...: build/fault, whose runtime/uring.c asks the shim
# about each operation it submits to the ring, which libc never sees);
# each of those runs must have injected ring faults (the backend really
# ran: no io_uring here fails it, saying so).  io_uring/one-shot is
# io_uring with its multishot recv and accept and its file table off
# (BLUELET_URING_OFF): every recv and accept a submission of its own,
# cut short or failed, each socket named by its fd.
# Clients that check every byte: echo-client (tests/fault/echo-client.c)
# straight to echo and through proxy (to an echo without faults), curl's
# bodies compared with the files httpd serves, redis-cli's GETs compared
# with the binary values SET in kv.
# The server must not die, must not spin (its CPU time stays under a
# bound), and must hold no more fds after the clients than before (no
# leak).  Transient faults alone: every transfer exact; with fatal faults
# too: a transfer may fail, but what arrives is never wrong.
#   FAULT_SEEDS="1 2 3"  FAULT_RATE=50 (per mille)  FAULT_FATAL=2
#   FAULT_BACKENDS="epoll poll io_uring io_uring/one-shot"
# (httpd and kv make few calls per request: they get 6 times the rates.)
suite=fault-sys
BL_PORT_BASE=${BL_PORT_BASE:-23100}
. "$(dirname "$0")/../run/lib.sh"
so=$(realpath "${1:?usage: sys.sh FAULTSYS.so CLIENT ECHO PROXY HTTPD KV FECHO FPROXY FHTTPD FKV}")
client=${2:?} echo_bin=${3:?} proxy_bin=${4:?} httpd_bin=${5:?} kv_bin=${6:?}
fecho_bin=${7:?} fproxy_bin=${8:?} fhttpd_bin=${9:?} fkv_bin=${10:?}
for tool in curl redis-cli cmp; do
    command -v $tool >/dev/null || {
        echo "FAIL: $tool is missing (tests/deps.sh test installs it: apt-get install curl redis-tools)"
        finish
        exit 1
    }
done
seeds=${FAULT_SEEDS:-1 2 3}
rate=${FAULT_RATE:-50} fatal=${FAULT_FATAL:-2}
conns=24 par=8 bytes=200000
cpu_bound=${FAULT_CPU_BOUND:-3} # seconds of CPU for the whole run at most
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
total_faults=0 total_ring=0

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
nfds() { ls "/proc/$1/fd" | wc -l; }

# The clients: each PORT FATAL, exit 0 when every byte that came is right
# (and, with FATAL 0, every transfer came whole).
client_echo() { timeout 120 "$client" "$1" $conns $par $bytes "$seed" "$2"; }
client_proxy() { client_echo "$@"; }
client_httpd() {
    local f i rc
    for i in $(seq 1 2); do
        for f in small mid big; do
            timeout 20 curl -sf --max-time 15 -o "$tmp/got" "http://127.0.0.1:$1/$f"
            rc=$?
            if [ $rc = 0 ]; then
                cmp -s "$tmp/www/$f" "$tmp/got" || { echo "httpd: $f: a wrong body"; return 1; }
            elif [ "$2" = 0 ]; then
                echo "httpd: $f: curl exit $rc with no fatal fault"; return 1
            fi
        done
    done
}
client_kv() {
    local i got
    for i in $(seq 1 6); do
        if ! timeout 10 redis-cli -p "$1" -x SET "k$i" <"$tmp/www/small" >"$tmp/set" 2>&1 ||
           ! grep -qx OK "$tmp/set"; then
            [ "$2" = 0 ] && { echo "kv: SET k$i: $(cat "$tmp/set")"; return 1; }
            continue
        fi
        timeout 10 redis-cli -p "$1" --raw GET "k$i" >"$tmp/got" 2>&1
        head -c "$(stat -c %s "$tmp/www/small")" "$tmp/got" >"$tmp/got1"
        if ! cmp -s "$tmp/www/small" "$tmp/got1"; then
            [ "$2" != 0 ] && [ ! -s "$tmp/got1" ] && continue # the GET's connection died
            grep -q "Could not connect\|Connection reset\|Error" "$tmp/got" && [ "$2" != 0 ] && continue
            echo "kv: GET k$i: a wrong value"; return 1
        fi
    done
}

mkdir -p "$tmp/www"
head -c 1000 /dev/urandom >"$tmp/www/small"
head -c 200000 /dev/urandom >"$tmp/www/mid"
head -c 2000000 /dev/urandom >"$tmp/www/big"
start_server echo_port "$echo_bin" "{PORT}" || { finish; exit 1; } # proxy's target

# run PROGRAM BACKEND SEED FATAL
run() {
    local prog=$1 be=$2 seed=$3 fat=$4 name="$1 on $2, seed $3${4:+, fatal $4}" port before after ticks hz
    local log=$tmp/faults.$prog.${be//\//-}.$seed.$fat args f=
    local off=
    case $be in io_uring*) f=f ;; esac # the fault build's, whose ring asks the shim
    [ "$be" = io_uring/one-shot ] && off=multishot-recv,multishot-accept,fixed-files
    local -n bin=${f}${prog}_bin
    case $prog in
    echo) args=("$bin" "{PORT}") ;;
    proxy) args=("$bin" "{PORT}" 127.0.0.1 "$echo_port") ;;
    httpd) args=("$bin" "$tmp/www" "{PORT}") ;;
    kv) args=("$bin" "{PORT}") ;;
    esac
    local k=1
    case $prog in httpd|kv) k=6 ;; esac
    if ! start_server port env BLUELET_BACKEND="${be%/*}" BLUELET_URING_OFF="$off" \
            LD_PRELOAD="$so" BL_FAULT_SEED="$seed" BL_FAULT_RATE="$((rate * k))" \
            BL_FAULT_FATAL="$((fat * k))" BL_FAULT_LOG="$log" "${args[@]}"; then
        fail "$name: the server did not start"
        return
    fi
    before=$(nfds "$server_pid")
    check "$name: every byte" "client_$prog" "$port" "$fat"
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
    local n ring
    n=$(awk '{ s += $2 } END { print s + 0 }' "$log" 2>/dev/null)
    ring=$(awk '/^ring-/ { s += $2 } END { print s + 0 }' "$log" 2>/dev/null)
    check "$name: faults injected ($n)" test "${n:-0}" -gt 0
    if [ -n "$f" ]; then
        local why="none: io_uring did not run here, or the shim found no hook"
        check "$name: faults injected into the ring ($ring; $why)" test "${ring:-0}" -gt 0
        total_ring=$((total_ring + ${ring:-0}))
    fi
    total_faults=$((total_faults + ${n:-0}))
    [ -s "$log" ] && echo "  $name: $(grep -v ' 0$' "$log" | tr '\n' ' ')"
}

for prog in echo proxy httpd kv; do
    for be in ${FAULT_BACKENDS:-epoll poll io_uring io_uring/one-shot}; do
        for seed in $seeds; do
            run "$prog" "$be" "$seed" 0
        done
        run "$prog" "$be" "${seeds%% *}" "$fatal"
    done
done
echo "fault-sys: $total_faults faults injected, $total_ring of them into io_uring's ring"
finish
