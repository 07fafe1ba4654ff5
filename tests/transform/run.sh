#!/usr/bin/env bash
# tests/transform/run.sh - end-to-end tests of the coroutine transform that
# the golden runner cannot express:
#   - the examples built by make (examples/*.blc) run: sleepy and
#     delegation print their .out, echo answers a real client (socat, nc);
#   - #line: a C compiler's errors in a translated coroutine name the .blc
#     lines of the statements, also after lines blc generated; gdb stops
#     at a .blc line; the directives about the output name the right line;
#   - coroutines across units, through a header of prototypes.
# Prints "transform: N passed, N failed".
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../transform/env.sh"
work=$B/tests/transform
SAN=()
[ "${SANITIZE:-}" = 1 ] && SAN=(-fsanitize=address,undefined
                               -fno-sanitize-recover=all -fno-omit-frame-pointer)
rm -rf "$work" && mkdir -p "$work"
passed=0 failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$1"
         [ $# -ge 2 ] && [ -s "$2" ] && sed 's/^/    /' "$2" | head -n 30; }

for tool in socat nc gdb "$BLC"; do
    command -v "$tool" >/dev/null 2>&1 ||
        { echo "transform: missing $tool (tests/deps.sh test, make)"
          echo "transform: 0 passed, 1 failed"; exit 1; }
done

# The examples with an expected output.
for out in "$root"/examples/*.out; do
    name=$(basename "$out" .out)
    prog=$B/examples/$name
    if [ ! -x "$prog" ]; then
        fail "example $name: $prog not built"
    elif ! timeout 20 "$prog" >"$work/$name.got" 2>&1; then
        fail "example $name: exited non-zero" "$work/$name.got"
    elif ! diff -u "$out" "$work/$name.got" >"$work/$name.diff"; then
        fail "example $name: output differs" "$work/$name.diff"
    else
        pass
    fi
done

# echo, with real clients.  It listens on a port of our range (22000-22999);
# a port in use is skipped for the next.
echo_client() { # name command...
    local name=$1; shift
    printf 'hello, bluelet\nsecond line\n' >"$work/echo.in"
    if "$@" <"$work/echo.in" >"$work/echo.got" 2>"$work/echo.err" &&
       cmp -s "$work/echo.in" "$work/echo.got"; then
        pass
    else
        fail "echo with $name" "$work/echo.err"
    fi
}
started=
for port in $(seq 22100 22120); do
    "$B/examples/echo" "$port" 2>"$work/echo.log" &
    pid=$!
    for _ in $(seq 50); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            started=$port; break
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    [ -n "$started" ] && break
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
done
if [ -z "$started" ]; then
    fail "echo: did not start" "$work/echo.log"
else
    echo_client socat timeout 20 socat -t 10 - "TCP:127.0.0.1:$started"
    echo_client nc timeout 20 nc -N 127.0.0.1 "$started"
    # Many clients at once, each echoed whole.
    for i in $(seq 20); do
        (seq "$i" 2000 | timeout 20 socat -t 10 - "TCP:127.0.0.1:$started" \
            >"$work/many.$i" 2>/dev/null) &
    done
    wait $(jobs -p | grep -vx "$pid") 2>/dev/null
    bad=0
    for i in $(seq 20); do
        seq "$i" 2000 | cmp -s - "$work/many.$i" || bad=$((bad + 1))
    done
    [ "$bad" = 0 ] && pass || fail "echo: $bad of 20 concurrent clients got wrong data"
    kill "$pid"; wait "$pid" 2>/dev/null
fi

# Coroutines in another unit: a header of prototypes translated by blc,
# included by the unit that defines them and by the one that uses them.
m=$work/multi
mkdir -p "$m"
multi_ok=1
for f in counter.blh:counter.h counter.blc:counter.c main.blc:main.c; do
    (cd "$here/multi" && "$BLC" -I"$root/runtime" -I"$m" "${f%%:*}" -o "$m/${f#*:}") \
        2>>"$m/blc.err" || multi_ok=0
done
if [ "$multi_ok" = 0 ]; then
    fail "multi-unit: blc failed" "$m/blc.err"
elif ! "$CC" -std=c11 -Wall -Wextra -Werror "${SAN[@]}" -I"$root/runtime" -I"$m" \
        "$m/counter.c" "$m/main.c" "$B/libbluelet.a" -o "$m/prog" >"$m/cc.log" 2>&1; then
    fail "multi-unit: does not compile" "$m/cc.log"
elif ! timeout 20 "$m/prog" >"$m/got" 2>&1 ||
     ! printf 'counted to 5\nrc 0, frames 0, events 0\n' | diff -u - "$m/got" >"$m/diff"; then
    cat "$m/got" >>"$m/diff"
    fail "multi-unit: wrong run" "$m/diff"
else
    pass
fi

# #line: each error names its .blc line.
(cd "$here" && "$BLC" -I"$root/runtime" line-errors.blc -o "$work/line-errors.c") \
    2>"$work/blc.err" || fail "line-errors: blc failed" "$work/blc.err"
"$CC" -std=c11 -I"$root/runtime" -fsyntax-only "$work/line-errors.c" \
    >"$work/cc.err" 2>&1
# Every name error_* in the file is undeclared: one error each, at its line.
for want in $(grep -o '\<error_[a-z_]*' "$here/line-errors.blc" | sort -u); do
    line=$(grep -n "\<$want\>" "$here/line-errors.blc" | cut -d: -f1)
    if grep -q "^line-errors.blc:$line:[0-9]*: error: .*$want" "$work/cc.err"; then
        pass
    else
        fail "line-errors: $want not reported at line-errors.blc:$line" "$work/cc.err"
    fi
done

# gdb: a breakpoint on a .blc line after a yield stops there, in the
# resume function, and the locals are reachable through the frame.
g=$work/gdb
mkdir -p "$g"
src=$root/tests/translate/yield-statement.blc
line=$(grep -n 'printf("twice' "$src" | cut -d: -f1)
if ! (cd "$root/tests/translate" && "$BLC" -I"$root/runtime" yield-statement.blc -o "$g/ys.c") 2>"$g/log" ||
   ! "$CC" -std=c11 -g -O0 "${SAN[@]}" -I"$root/runtime" "$g/ys.c" "$B/libbluelet.a" -o "$g/ys" 2>>"$g/log"; then
    fail "gdb: the program does not build" "$g/log"
else
    timeout 60 gdb -nx -batch -ex "break yield-statement.blc:$line" -ex run \
        -ex "print self->r" -ex kill "$g/ys" >"$g/out" 2>&1 </dev/null
    if grep -q "^Breakpoint 1, start__resume .* at .*yield-statement.blc:$line" "$g/out" &&
       grep -q '^\$1 = 42$' "$g/out"; then
        pass
    else
        fail "gdb: no stop at yield-statement.blc:$line with self->r = 42" "$g/out"
    fi
fi

# #line about the output itself: `#line N "out.c"` stands on line N - 1.
for out in "$work/line-errors.c" "$m/counter.c" "$m/main.c"; do
    name=${out##*/}
    if [ ! -s "$out" ]; then
        fail "#line in $name: no output"
    elif awk -v f="\"$out\"" '$1 == "#line" && $3 == f && $2 != NR + 1 { bad = 1 }
                             $1 == "#line" && $3 == f { seen = 1 }
                             END { exit !(seen && !bad) }' "$out"; then
        pass
    else
        fail "#line in $name: a directive about the output names the wrong line"
    fi
done

echo "transform: $passed passed, $failed failed"
[ "$failed" = 0 ]
