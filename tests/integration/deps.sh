#!/usr/bin/env bash
# tests/integration/deps.sh - blc's -M family against gcc's.
#
# A .blc with a coroutine includes system headers, user headers found
# through -I, one only under a -D, one twice (guarded), and two whose
# paths have a space, '$', '#' and a backslash.  For each flag the rule
# blc writes must be byte for byte the rule `gcc -x c` writes for the same
# file with the same -I/-D (its target renamed: gcc's default is the .o,
# blc's the .c), and -MD/-MMD must still translate.  Then the cases gcc has no twin for: no
# preprocessor (--no-cpp), a failing one, a missing option value.
set -u
cd "$(dirname "$0")/../.."
blc=$PWD/${B:-build}/blc

suite=deps
. tests/install/lib.sh
need gcc
[ -x "$blc" ] || { fail "$blc is not built"; finish; }
make_tmp
cd "$tmp"
mkdir -p inc "odd dir" out
cat >inc/proto.h <<'H'
#ifndef PROTO_H
#define PROTO_H
#include <bluelet.h>
typedef struct { int n; } msg_t;
#endif
H
printf '#define EXTRA 1\n' >inc/extra.h
printf 'typedef int odd_t;\n' >'odd dir/h$x#.h'
: >'odd dir/back\ slash.h'
cat >main.blc <<'H'
#include <stdio.h>
#include "proto.h"
#include "proto.h"
#ifdef WITH_EXTRA
#include "extra.h"
#endif
#include "odd dir/h$x#.h"
#include "odd dir/back\ slash.h"

coroutine int count(int n)
{
    for (int i = 0; i < n; i++)
        yield bl_sleep(0);
    return n;
}

int main(void)
{
    odd_t x = 1;
    msg_t m = {x};
    printf("%d\n", m.n);
    return 0;
}
H
flags="-Iinc -I'$OLDPWD/runtime' -DWITH_EXTRA"

# same WHAT "blc args" "gcc args": stdout of both, gcc's main.o -> main.c
same() {
    local what=$1 b=$2 g=$3
    eval "\"$blc\" $b" >b.out 2>b.err; local brc=$?
    eval "gcc $g" 2>g.err | sed 's/^main\.o:/main.c:/' >g.out
    if [ $brc = 0 ] && [ -s g.out ] && cmp -s b.out g.out; then ok "$what"
    else fail "$what (exit $brc)"; diff b.out g.out | head -8 | sed 's/^/    /'; head -3 b.err g.err | sed 's/^/    /'; fi
}
same "-M lists system headers too"  "-M $flags main.blc"       "-M $flags -x c main.blc"
same "-MM leaves them out"          "-MM $flags main.blc"      "-MM $flags -x c main.blc"
same "-MM -MP adds phony headers"   "-MM -MP $flags main.blc"  "-MM -MP $flags -x c main.blc"
same "-M -MP"                       "-M -MP $flags main.blc"   "-M -MP $flags -x c main.blc"
same "-D changes the header list"   "-MM ${flags% *} main.blc" "-MM ${flags% *} -x c main.blc"
same "-MT is verbatim, -MQ quoted"  "-MM -MT 'a b\$' -MQ 'c d\$' -MT t2 $flags main.blc" \
                                    "-MM -MT 'a b\$' -MQ 'c d\$' -MT t2 $flags -x c main.blc"
same "-o names the target"          "-MM -o 'gen dir/m.c' $flags main.blc" \
                                    "-MM -MQ 'gen dir/m.c' $flags -x c main.blc"
same "-MF joined, rule to the file" "-MM -MFrule.d $flags main.blc && cat rule.d" \
                                    "-MM $flags -x c main.blc"

# -MD / -MMD: translate, and write the .d gcc -MD writes for the object.
md() { # what "blc args" blc-d-file "gcc args" gcc-target
    local what=$1 b=$2 bd=$3 g=$4 gt=$5
    rm -f out/* main.c main.d g.d
    eval "\"$blc\" $b" >b.out 2>b.err; local brc=$?
    eval "gcc $g -c -x c main.blc -o /dev/null -MF g.d -MQ '$gt'" 2>/dev/null
    if [ $brc = 0 ] && [ -f "$bd" ] && cmp -s "$bd" g.d; then ok "$what"
    else fail "$what (exit $brc)"; diff "$bd" g.d 2>&1 | head -8 | sed 's/^/    /'; head -3 b.err; fi
}
md "-MD writes main.d beside main.c"  "-MD $flags main.blc"                  main.d      "-MD $flags" main.c
md "-MMD -MP with -o out/x.c"         "-MMD -MP $flags -o out/x.c main.blc"  out/x.d     "-MMD -MP $flags" out/x.c
md "-MMD -MF -MT"                     "-MMD -MF out/r.dep -MT tgt $flags -o out/y.c main.blc" out/r.dep "-MMD $flags" tgt
md "-MMD with -o -: main.d in ."      "-MMD $flags -o - main.blc"            main.d      "-MMD $flags" main.c
[ -s out/y.c ] || { rm -f out/*; eval "\"$blc\" -MMD -MF out/r.dep -MT tgt $flags -o out/y.c main.blc"; }
if eval "gcc -std=gnu11 -Wall -Wextra -Werror -I. $flags -c" -x c out/y.c -o out/y.o 2>b.err; then
    ok "-MMD still translates (the .c compiles warning-free)"
else fail "-MMD still translates"; head -5 b.err | sed 's/^/    /'; fi

# No preprocessor: the rule names the input alone.
if [ "$("$blc" -M --no-cpp -Iinc main.blc)" = "main.c: main.blc" ]; then ok "--no-cpp: the input alone"
else fail "--no-cpp: the input alone"; fi
# A failing preprocessor: an error, and neither the .c nor the .d.
rm -f main.c main.d
"$blc" -MD --cpp false -Iinc main.blc 2>b.err; rc=$?
if [ $rc = 1 ] && [ ! -e main.c ] && [ ! -e main.d ] && grep -q 'error: cannot list the dependencies' b.err
then ok "a failed preprocessor: exit 1, no output"
else fail "a failed preprocessor: exit $rc, $(ls main.* | tr '\n' ' ')"; cat b.err; fi
"$blc" -M main.blc -MF 2>b.err; rc=$?
if [ $rc = 2 ] && grep -q "missing argument to '-MF'" b.err; then ok "-MF without a value: usage error"
else fail "-MF without a value: exit $rc"; cat b.err; fi
"$blc" -Mx main.blc 2>b.err; rc=$?
if [ $rc = 2 ] && grep -q "unknown option '-Mx'" b.err; then ok "-Mx: unknown option"
else fail "-Mx: exit $rc"; cat b.err; fi
finish
