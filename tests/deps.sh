#!/usr/bin/env bash
# tests/deps.sh GROUP... - makes sure the tools a make target needs are
# here.  When something is missing and we run as root, it is installed with
# apt-get (Debian package names below); otherwise we stop and print the
# exact command to run.
#
#   build  what `make` needs        test   what `make check` needs
#   bench  what bench/ needs        fuzz   what `make fuzz` needs
#   bench-smoke  what building bench/ needs (make check runs it)
#   gdb    what tests/gdb/run.sh needs (gdb and its gcore)
set -eu

# what -> how to detect it -> Debian package
need() {
    case $1 in
    build) echo "flex:cmd:flex bison:cmd:bison cc:cmd:gcc liburing:hdr:liburing-dev" ;;
    test)  echo "cmocka:hdr:libcmocka-dev curl:cmd:curl socat:cmd:socat \
nc:cmd:netcat-openbsd valgrind:cmd:valgrind clang:cmd:clang \
g++:cmd:g++ gdb:cmd:gdb \
vim:cmd:vim groff:cmd:groff-base man:cmd:man-db mandoc:cmd:mandoc \
pkg-config:cmd:pkgconf readelf:cmd:binutils jq:cmd:jq node:cmd:nodejs \
cmake:cmd:cmake ninja:cmd:ninja-build \
npm:cmd:npm python3:cmd:python3 zlib:hdr:zlib1g-dev \
hiredis/async:hdr:libhiredis-dev redis-server:cmd:redis-server \
redis-cli:cmd:redis-tools redis-benchmark:cmd:redis-tools \
ab:cmd:apache2-utils h2load:cmd:nghttp2-client wrk:cmd:wrk" ;;
    # nginx is bench/httpd's peer, redis-server bench/kv's (the smoke test
    # runs them too); their packages would start daemons (nginx on port
    # 80), which the policy-rc.d below prevents.
    bench) echo "g++:cmd:g++ uv:hdr:libuv1-dev valgrind:cmd:valgrind \
wrk:cmd:wrk taskset:cmd:util-linux strace:cmd:strace nginx:sbin:nginx \
curl:cmd:curl go:cmd:golang-go \
redis-server:cmd:redis-server redis-benchmark:cmd:redis-tools" ;;
    bench-smoke) echo "g++:cmd:g++ uv:hdr:libuv1-dev wrk:cmd:wrk nginx:sbin:nginx \
curl:cmd:curl strace:cmd:strace valgrind:cmd:valgrind go:cmd:golang-go \
redis-server:cmd:redis-server redis-benchmark:cmd:redis-tools" ;;
    fuzz)  echo "clang:cmd:clang fuzzer:lib:libclang-rt-14-dev" ;;
    gdb)   echo "gdb:cmd:gdb gcore:cmd:gdb" ;;
    *) echo "deps.sh: unknown group '$1'" >&2; exit 2 ;;
    esac
}

present() { # name kind
    case $2 in
    cmd) command -v "$1" >/dev/null 2>&1 ;;
    sbin) [ -x "/usr/sbin/$1" ] ;;
    hdr) [ -f "/usr/include/$1.h" ] ;;
    lib) ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.$1-x86_64.a \
            >/dev/null 2>&1 ;;
    esac
}

missing=()
for group in "$@"; do
    for item in $(need "$group"); do
        IFS=: read -r name kind pkg <<<"$item"
        present "$name" "$kind" || missing+=("$pkg")
    done
done
[ ${#missing[@]} = 0 ] && exit 0

# Keep the list unique and in order.
pkgs=$(printf '%s\n' "${missing[@]}" | awk '!seen[$0]++' | tr '\n' ' ')
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "deps.sh: installing $pkgs"
    export DEBIAN_FRONTEND=noninteractive
    # No package may start a daemon (nginx's would listen on port 80): a
    # policy-rc.d that refuses every start, for the installation only,
    # unless the machine has its own.
    policy=/usr/sbin/policy-rc.d
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        trap 'rm -f "$policy"' EXIT
    fi
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
    # Should a system nginx have started anyway, stop it: by its pid.
    if [ -s /run/nginx.pid ] && kill -0 "$(cat /run/nginx.pid)" 2>/dev/null; then
        echo "deps.sh: stopping the nginx daemon the package started"
        kill -QUIT "$(cat /run/nginx.pid)"
    fi
    if [ -s /run/redis/redis-server.pid ] && kill -0 "$(cat /run/redis/redis-server.pid)" 2>/dev/null; then
        echo "deps.sh: stopping the redis-server daemon the package started"
        kill -TERM "$(cat /run/redis/redis-server.pid)"
    fi
else
    echo "deps.sh: missing packages: $pkgs" >&2
    echo "deps.sh: install them with: sudo apt-get install $pkgs" >&2
    exit 1
fi
