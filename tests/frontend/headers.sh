#!/usr/bin/env bash
# tests/frontend/headers.sh - blc parses every C header of the system.
#
# The headers: every *.h under /usr/include (c++/ aside) that
# `gcc -fsyntax-only` accepts when included alone, plus the C standard and
# POSIX headers by name (some, like <stddef.h>, live in gcc's own
# directory).  The accepted list is cached under $B/tests/headers/, keyed
# by the headers' names and times and the gcc version, so reruns are fast.
# A standard or POSIX header that gcc does not accept fails the suite
# loudly: the scan must cover them all.
#
# For each header H, two tests:
#   (a) a file holding `#include <H>` goes through blc unchanged (blc runs
#       the preprocessor and parses the headers for their typedef names);
#   (b) the `gcc -E` text of that file, saved as a .i, goes through blc
#       with no diagnostic and unchanged (the grammar reads all of it).
# Headers with identical bytes are tested once.  Under SANITIZE=1 blc is
# slow, so the suite samples every 4th header plus all the standard and
# POSIX ones, and says so.
# Environment: B (default build), BLC (default $B/blc), SANITIZE;
# HEADERS_JOBS (or JOBS) headers at once: the CPUs by default.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
JOBS=${HEADERS_JOBS:-${JOBS:-$(nproc 2>/dev/null || echo 2)}}
work=$B/tests/headers

die() { echo "headers: $*"; echo "headers: 0 passed, 1 failed"; exit 1; }
[ -x "$BLC" ] || die "missing $BLC (run make)"
command -v gcc >/dev/null || die "missing gcc"

# C11 and POSIX.1-2008 headers (those glibc ships), and the Linux ones the
# runtime uses.
standard="assert.h complex.h ctype.h errno.h fenv.h float.h inttypes.h
iso646.h limits.h locale.h math.h setjmp.h signal.h stdalign.h stdarg.h
stdatomic.h stdbool.h stddef.h stdint.h stdio.h stdlib.h stdnoreturn.h
string.h tgmath.h threads.h time.h uchar.h wchar.h wctype.h
aio.h arpa/inet.h cpio.h dirent.h dlfcn.h fcntl.h fmtmsg.h fnmatch.h ftw.h
glob.h grp.h iconv.h langinfo.h libgen.h monetary.h mqueue.h net/if.h
netdb.h netinet/in.h netinet/tcp.h nl_types.h poll.h pthread.h pwd.h
regex.h sched.h search.h semaphore.h spawn.h strings.h sys/ipc.h
sys/mman.h sys/msg.h sys/resource.h sys/select.h sys/sem.h sys/shm.h
sys/socket.h sys/stat.h sys/statvfs.h sys/time.h sys/times.h sys/types.h
sys/uio.h sys/un.h sys/utsname.h sys/wait.h syslog.h tar.h termios.h
ulimit.h unistd.h utime.h utmpx.h wordexp.h
sys/epoll.h sys/eventfd.h sys/timerfd.h sys/signalfd.h sys/ioctl.h
sys/sendfile.h sys/prctl.h netinet/ip.h ifaddrs.h alloca.h endian.h"

mkdir -p "$work"
# --- the accepted list, cached ---------------------------------------------
key=$({ gcc --version | head -n 1
        find /usr/include -name '*.h' -not -path '/usr/include/c++/*' \
            -printf '%P %T@\n' | LC_ALL=C sort; } | md5sum | cut -c1-16)
cache=$work/accepted-$key.list
if [ ! -s "$cache" ]; then
    rm -f "$work"/accepted-*.list
    echo "headers: scanning /usr/include for headers gcc accepts alone..."
    { find /usr/include -name '*.h' -not -path '/usr/include/c++/*' \
          -printf '%P\n'
      printf '%s\n' $standard; } | LC_ALL=C sort -u |
    xargs -d '\n' -P "$JOBS" -n 50 sh -c '
        for h; do
            printf "#include <%s>\n" "$h" |
                gcc -fsyntax-only -x c - >/dev/null 2>&1 && echo "$h"
        done' sh | LC_ALL=C sort >"$cache.tmp" && mv "$cache.tmp" "$cache"
fi
[ -s "$cache" ] || die "no header accepted by gcc (is libc6-dev installed?)"

missing=$(printf '%s\n' $standard | LC_ALL=C sort | comm -23 - "$cache")
if [ -n "$missing" ]; then
    echo "headers: FAIL: standard or POSIX headers gcc does not accept alone:"
    printf '    %s\n' $missing
    die "the scan must cover every standard and POSIX header"
fi

# Headers with the same bytes (node/ carries copies of openssl/, uv/, ...)
# are the same test: each content is tested once, under its first name;
# the standard and POSIX headers always under their own.
distinct=$work/distinct-$key.list
if [ ! -s "$distinct" ]; then
    { printf '%s\n' $standard
      while read -r h; do
          [ -f "/usr/include/$h" ] &&
              printf '%s %s\n' "$(md5sum <"/usr/include/$h" | cut -c1-32)" "$h"
      done <"$cache" | awk '!seen[$1]++ { print $2 }'; } |
        LC_ALL=C sort -u >"$distinct.tmp" && mv "$distinct.tmp" "$distinct"
fi
list=$work/run.list
if [ "${SANITIZE:-}" = 1 ]; then
    { awk 'NR % 4 == 1' "$distinct"; printf '%s\n' $standard; } |
        LC_ALL=C sort -u >"$list"
    note="SANITIZE=1: a sample: every 4th, and all standard and POSIX ones"
else
    cp "$distinct" "$list"
    note="all of them"
fi
echo "headers: $(wc -l <"$cache") headers accepted by gcc," \
     "$(wc -l <"$distinct") distinct by content; testing $(wc -l <"$list") ($note)"

# --- the tests, on JOBS workers -----------------------------------------------
rm -rf "$work/t" && mkdir -p "$work/t"
export BLC work
# Prints one line per test: "pass H (a)" or "FAIL H (a): first error".
# A crash (exit >= 128) or a time-out is reported as such.
# shellcheck disable=SC2016
xargs -d '\n' -P "$JOBS" -n 25 bash -c '
    verdict() { # header test rc input output errfile
        if [ "$3" = 124 ]; then echo "FAIL $1 ($2): blc timed out"
        elif [ "$3" -ge 128 ]; then echo "FAIL $1 ($2): blc crashed (exit $3)"
        elif [ "$3" != 0 ]; then
            echo "FAIL $1 ($2): blc exited $3: $(grep -m1 "error" "$6")"
        elif [ -s "$6" ]; then echo "FAIL $1 ($2): blc wrote: $(head -n1 "$6")"
        elif ! cmp -s "$4" "$5"; then echo "FAIL $1 ($2): output differs"
        else echo "pass $1 ($2)"; return 0; fi
        return 1
    }
    for h; do
        t=$work/t/$(printf "%s" "$h" | tr "/" "_")
        printf "#include <%s>\n" "$h" >"$t.c"
        timeout 60 "$BLC" "$t.c" -o "$t.out.c" 2>"$t.err"
        verdict "$h" a $? "$t.c" "$t.out.c" "$t.err" && rm -f "$t.out.c" "$t.err"
        if gcc -E "$t.c" -o "$t.i" 2>/dev/null; then
            timeout 60 "$BLC" "$t.i" -o "$t.i.c" 2>"$t.i.err"
            verdict "$h" b $? "$t.i" "$t.i.c" "$t.i.err" &&
                rm -f "$t.i" "$t.i.c" "$t.i.err"
        else
            echo "FAIL $h (b): gcc -E failed"
        fi
        rm -f "$t.c"
    done' bash <"$list" >"$work/results"

passed=$(grep -c '^pass ' "$work/results")
failed=$(grep -c '^FAIL ' "$work/results")
want=$(( $(wc -l <"$list") * 2 ))
grep '^FAIL ' "$work/results" | head -n 100
[ "$failed" -le 100 ] || echo "headers: ... $((failed - 100)) more in $work/results"
if [ $((passed + failed)) != "$want" ]; then
    echo "headers: FAIL: $((passed + failed)) results for $want tests"
    failed=$((failed + 1))
fi
echo "headers: $passed passed, $failed failed"
[ "$failed" = 0 ]
