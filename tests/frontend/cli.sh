#!/usr/bin/env bash
# tests/frontend/cli.sh - blc as a command: pass-through of real files
# (the repository's own C, the generated parser), the glibc headers through
# gcc -E and clang -E, exit codes, output files, diagnostics on bad input.
#
#   BLC=build/blc tests/frontend/cli.sh
set -u
BLC=${BLC:-build/blc}
BLC=$(cd "$(dirname "$BLC")" && pwd)/$(basename "$BLC")
B=$(dirname "$BLC")
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
need() { command -v "$1" >/dev/null || { bad "missing tool: $1 (tests/deps.sh installs it)"; return 1; }; }

# pass-through: the output of a file without coroutines is the file itself
for f in compiler/*.c compiler/*.h runtime/*.c runtime/*.h "$B"/grammar/c.tab.c "$B"/grammar/c.lex.c; do
    [ -f "$f" ] || continue
    if "$BLC" -Icompiler -Iruntime -I"$B"/grammar "$f" -o "$tmp/out.c" 2>"$tmp/err" &&
       cmp -s "$f" "$tmp/out.c" && [ ! -s "$tmp/err" ]; then ok
    else bad "pass-through of $f"; head -5 "$tmp/err"; fi
done

# every glibc header of the list, preprocessed by gcc and clang, parses
headers=$(sed -e 's/#.*//' tests/frontend/headers.txt)
for cc in ${HEADER_CCS:-"gcc -std=gnu11" "gcc -std=c11" "clang -std=gnu11" "clang -std=c11"}; do
    need "${cc%% *}" || continue
    for h in $headers; do
        echo "#include <$h>" | $cc -E -x c - >"$tmp/h.i" 2>/dev/null || continue
        if "$BLC" "$tmp/h.i" -o /dev/null 2>"$tmp/err"; then ok
        else bad "$cc: <$h>"; head -3 "$tmp/err"; fi
    done
done

# expect STATUS OUTPUT-PATTERN -- blc arguments
expect() {
    local status=$1 pattern=$2; shift 3
    "$BLC" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    local got=$?
    if [ "$got" = "$status" ] && grep -qE -- "$pattern" "$tmp/stdout" "$tmp/stderr"; then ok
    else bad "blc $* -> exit $got (want $status, /$pattern/)"; head -5 "$tmp/stderr"; fi
}

printf 'int main(void) { return 0; }\n' >"$tmp/a.blc"
expect 0 '^blc [0-9]' -- --version
expect 0 '--no-line' -- --help
expect 2 'unknown option' -- --bogus "$tmp/a.blc"
expect 2 'no input file' --
expect 2 'missing argument' -- "$tmp/a.blc" -o
expect 1 "cannot open '$tmp/none.blc'" -- "$tmp/none.blc"
expect 1 "cannot write '$tmp/nodir/x.c'" -- "$tmp/a.blc" -o "$tmp/nodir/x.c"
expect 0 'return 0' -- "$tmp/a.blc" -o -
"$BLC" "$tmp/a.blc" && cmp -s "$tmp/a.blc" "$tmp/a.c" && ok || bad "default output a.c"
[ -z "$(ls "$tmp" | grep tmp)" ] && ok || bad "temporary file left behind"

: >"$tmp/empty.blc"
"$BLC" "$tmp/empty.blc" -o "$tmp/empty.c" && [ -f "$tmp/empty.c" ] && [ ! -s "$tmp/empty.c" ] &&
    ok || bad "empty file"

# errors: no output written, nothing left behind, the compilers' form
printf 'int f(void)\n{\n\treturn 1\n}\n' >"$tmp/e.blc"
expect 1 'e.blc:4:1: error: expected' -- "$tmp/e.blc" -o "$tmp/e.c"
[ ! -e "$tmp/e.c" ] && ok || bad "output written despite errors"
grep -qx ' }' "$tmp/stderr" && grep -qx ' ^' "$tmp/stderr" && ok || bad "source line and caret"
printf 'int x = 1;\n' >"$tmp/e.c"
expect 1 'error' -- "$tmp/e.blc" -o "$tmp/e.c"
[ "$(cat "$tmp/e.c")" = "int x = 1;" ] && ok || bad "old output changed despite errors"

printf 'int a;\n/* never closed\nint b;\n' >"$tmp/c.blc"
expect 1 'c.blc:2:1: error: unterminated comment' -- --no-cpp "$tmp/c.blc"
printf 'char c = \x27x;\n' >"$tmp/q.blc"
expect 1 "q.blc:1:10: error: missing terminating ' character" -- --no-cpp "$tmp/q.blc"
printf 'int a;\0int b;\n' >"$tmp/nul.blc"
expect 1 'nul.blc:1:7: error: stray byte 0x00' -- --no-cpp "$tmp/nul.blc"
for i in $(seq 1 30); do printf 'int f%d(void) { return ; + }\n' "$i"; done >"$tmp/many.blc"
expect 1 'too many errors' -- --no-cpp "$tmp/many.blc"
[ "$(grep -c ': error: ' "$tmp/stderr")" -le 21 ] && ok || bad "error cap"

# a 1 MB line, and deep nesting: a diagnostic, not a crash
{ printf 'int x[] = {'; head -c 1000000 /dev/zero | tr '\0' '1' | sed 's/1/1,/g' | head -c 1000000; printf '1};\n'; } >"$tmp/long.blc"
"$BLC" --no-cpp "$tmp/long.blc" -o "$tmp/long.c" && cmp -s "$tmp/long.blc" "$tmp/long.c" && ok || bad "1 MB line"
{ printf 'int x = '; head -c 10000 /dev/zero | tr '\0' '('; printf 1; head -c 10000 /dev/zero | tr '\0' ')'; printf ';\n'; } >"$tmp/deep.blc"
expect 1 'nesting too deep' -- --no-cpp "$tmp/deep.blc"
{ printf 'void f(void) '; head -c 10000 /dev/zero | tr '\0' '{'; head -c 10000 /dev/zero | tr '\0' '}'; echo; } >"$tmp/deepb.blc"
expect 1 'nesting too deep' -- --no-cpp "$tmp/deepb.blc"

# #if groups: the preprocessor tells which group is live
cat >"$tmp/if.blc" <<'SRC'
#include <stdio.h>
#define USE_TWO 1
#if USE_TWO
int f(int a, int b) {
#else
int f(int a) {
#endif
#ifdef __cplusplus
    this is not C
#endif
    size_t n = 0; return a + (int)n;
}
SRC
"$BLC" -DX=1 "$tmp/if.blc" -o "$tmp/if.c" 2>"$tmp/err" && cmp -s "$tmp/if.blc" "$tmp/if.c" && ok ||
    { bad "#if groups"; cat "$tmp/err"; }
# #if groups after a long run of the main file's own text that the header
# pass skips at once (lex_skip_ahead, 400 lines up to the typedef): its
# line count must come out as SKIP's, or the live lines after it are
# misplaced and the groups misjudged (an internal error: cpp's text
# differs from what blc reads; a count 2 or 5 lines off fails so)
{ echo '#include <stdio.h>'
  for i in $(seq 400); do echo "static int v$i = $i;"; done
  echo 'typedef int T;'
  for i in 1 2 3; do
      printf '#if 0\nint f%s(int a, int b) {\n#else\nint f%s(int a) {\n#endif\n' $i $i
      printf '    T n = 0; return a + n;\n}\n#if 1\nint g%s;\n#else\nint g%s = ;\n#endif\n' $i $i
  done
  echo '#include <stddef.h>'
  echo 'size_t g(T t) { return (size_t)t; }'
} >"$tmp/skip.blc"
"$BLC" "$tmp/skip.blc" -o "$tmp/skip.c" 2>"$tmp/err" && cmp -s "$tmp/skip.blc" "$tmp/skip.c" && ok ||
    { bad "#if groups after a long skip"; head -3 "$tmp/err"; }
# without a preprocessor: one warning, the standard names, still parses
CC=/nonexistent/cc "$BLC" "$tmp/if.blc" -o "$tmp/if.c" 2>"$tmp/err" && cmp -s "$tmp/if.blc" "$tmp/if.c" &&
    [ "$(grep -c warning "$tmp/err")" = 1 ] && ok || { bad "fallback without cpp"; cat "$tmp/err"; }
"$BLC" --cpp "cc -E -P" "$tmp/if.blc" -o "$tmp/if.c" 2>"$tmp/err" && cmp -s "$tmp/if.blc" "$tmp/if.c" && ok ||
    { bad "--cpp"; cat "$tmp/err"; }
# macros that are types or attributes, from the preprocessor's -dU
cat >"$tmp/m.blc" <<'SRC'
#include <stdbool.h>
_Pragma("GCC diagnostic push")
#define u8 unsigned char
#define EXPORT __attribute__((visibility("default")))
#define MAYBE_UNUSED(x) x __attribute__((unused))
typedef u8 byte;
EXPORT bool flag(u8 *p, byte b) { return p[0] == b; }
SRC
"$BLC" "$tmp/m.blc" -o "$tmp/m.c" 2>"$tmp/err" && cmp -s "$tmp/m.blc" "$tmp/m.c" && ok ||
    { bad "macro classes"; cat "$tmp/err"; }
# macros that stand for a function's header, statements, initializers
cat >"$tmp/s.blc" <<'SRC'
#include <pthread.h>
#define ZERO { 0, 0 }
#define RESET(x) do { (x) = 0; } while (0)
#define DONE return 0;
#define HEADER int g(int a, int b)
struct p { int a, b; };
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int f(void) { struct p v = ZERO; RESET(v.a); pthread_mutex_lock(&m); DONE }
HEADER { return a + b; }
SRC
"$BLC" "$tmp/s.blc" -o "$tmp/s.c" 2>"$tmp/err" && cmp -s "$tmp/s.blc" "$tmp/s.c" && ok ||
    { bad "statement and header macros"; cat "$tmp/err"; }
# the header pass leaves out the main file's own text (the main pass parses
# it), but not the typedef names that later text needs: a local header that
# uses the main file's typedef, typedefs made by a macro (which the main
# pass cannot see) from a header's typedef and from the main file's, and an
# #include inside an initializer
mkdir -p "$tmp/inc"
printf 'myint twice(myint x);\ntypedef myint other_t;\n' >"$tmp/inc/uses.h"
printf '1, 2, 3,\n' >"$tmp/inc/vals.inc"
cat >"$tmp/u.blc" <<'SRC'
#include <stddef.h>
typedef int myint;
#include "uses.h"
#define MAKE(T, N) typedef T N;
MAKE(other_t, made_t)
static int t[] = {
#include "vals.inc"
};
typedef long mylong;
MAKE(mylong, made2_t)
int f(void) { made_t * p = NULL; made2_t * q = NULL; mylong * r = NULL; return !p + !q + !r + t[0]; }
SRC
"$BLC" -I"$tmp/inc" "$tmp/u.blc" -o "$tmp/u.c" 2>"$tmp/err" && cmp -s "$tmp/u.blc" "$tmp/u.c" &&
    [ ! -s "$tmp/err" ] && ok || { bad "the main file's text in the header pass"; cat "$tmp/err"; }
# a preprocessor that fails teaches nothing, not even what it printed
# before failing: blc goes on as with --no-cpp
printf 'typedef int ok_t;\n' >"$tmp/inc/ok.h"
printf '#include "ok.h"\n#include "missing.h"\nint f(void) { ok_t * p = 0; return !p; }\n' >"$tmp/fail.blc"
expect 1 "fail.blc:3:24: error: expected" -- -I"$tmp/inc" "$tmp/fail.blc"
# old and GNU C in a header does not cost the header pass (its typedef
# names reach the main file): an attribute before a later declarator,
# implicit int, a designator without '='
cat >"$tmp/inc/oldgnu.h" <<'SRC'
int hdr_a = 1, __attribute__((unused)) hdr_b = 2;
static hdr_count = 0;
static int hdr_v[4] = { [2] 1 };
typedef int hdr_t;
SRC
printf '#include "oldgnu.h"\nint f(void) { hdr_t * p = 0; return !p + hdr_count + hdr_v[0]; }\n' >"$tmp/oldgnu.blc"
"$BLC" -I"$tmp/inc" "$tmp/oldgnu.blc" -o "$tmp/oldgnu.c" 2>"$tmp/err" &&
    cmp -s "$tmp/oldgnu.blc" "$tmp/oldgnu.c" && [ ! -s "$tmp/err" ] && ok ||
    { bad "old and GNU C in a header"; cat "$tmp/err"; }
# The compiler's flags, unchanged: each file below parses only if the
# flags reached the preprocessor (else the #else group, not C, is live), so
# each case is run with its flags (must pass: exit 0, output = input, quiet)
# and without them (must fail).
# flags_case NAME FLAGS...: $tmp/flags/NAME.blc exists
flags_case() {
    local name=$1 f=$tmp/flags/$1.blc; shift
    if (cd "$tmp/flags" && "$BLC" "$@" "$f" -o "$tmp/flags/$name.c") 2>"$tmp/err" &&
       cmp -s "$f" "$tmp/flags/$name.c" && [ ! -s "$tmp/err" ]; then ok
    else bad "flags $name: $*"; head -3 "$tmp/err"; fi
    if (cd "$tmp/flags" && "$BLC" "$f" -o /dev/null) 2>/dev/null; then
        bad "flags $name: parses without $*, so the case proves nothing"
    else ok; fi
}
mkdir -p "$tmp/flags/sys" "$tmp/flags/quote" "$tmp/flags/after" "$tmp/flags/fake"
guarded() { # CONDITION TYPE: a file that declares TYPE only when CONDITION holds
    printf '#if %s\ntypedef int %s;\n#else\nnot C: the flag did not reach cpp\n#endif\n' "$1" "$2"
    printf 'int f(void) { %s * p = 0; return !p; }\n' "$2"
}
guarded '__STDC_VERSION__ < 201112L' c99_t >"$tmp/flags/std.blc"
flags_case std -std=c99
guarded 'defined __STRICT_ANSI__ && !defined __STDC_VERSION__' ansi_t >"$tmp/flags/ansi.blc"
flags_case ansi -ansi
# Trigraphs: -trigraphs, or an ISO -std= (the last -std= decides).
printf '??=define N 2\nint a??(N??) = ??< 1, ~0 ??!??! 0 ??>;\n' >"$tmp/flags/tri.blc"
flags_case tri -trigraphs
cp "$tmp/flags/tri.blc" "$tmp/flags/tri-iso.blc"
flags_case tri-iso -std=gnu11 -std=c11
expect 1 'error' -- -std=c11 -std=gnu11 "$tmp/flags/tri.blc" -o /dev/null
guarded 'defined __OPTIMIZE__' opt_t >"$tmp/flags/opt.blc"
flags_case opt -O2
guarded 'defined __OPTIMIZE_SIZE__' size_t_ >"$tmp/flags/os.blc"
flags_case os -Os
guarded 'defined _REENTRANT' mt_t >"$tmp/flags/pthread.blc"
flags_case pthread -pthread
guarded '!defined __PIC__' nopic_t >"$tmp/flags/nopic.blc"
flags_case nopic -fno-pic -fno-pie
guarded 'defined __FAST_MATH__' fast_t >"$tmp/flags/fastmath.blc"
flags_case fastmath -ffast-math
guarded 'defined __AVX2__' avx_t >"$tmp/flags/avx.blc"
flags_case avx -mavx2
guarded 'defined FROM_WP && defined FROM_XPP' pp_t >"$tmp/flags/pp.blc"
flags_case pp -Wp,-DFROM_WP -Xpreprocessor -DFROM_XPP
printf '#define FROM_IMACROS 1\ntypedef int not_taken_t;\n' >"$tmp/flags/m.h"
guarded 'defined FROM_IMACROS' im_t >"$tmp/flags/imacros.blc"
flags_case imacros -imacros m.h
# -include, -isystem, -iquote, -idirafter, -nostdinc: headers found, and
# their typedef names learned, only through the flags
printf 'typedef int inc_t;\n' >"$tmp/flags/inc.h"
printf '#include <stddef.h>\nint f(void) { inc_t * p = NULL; return !p; }\n' >"$tmp/flags/include.blc"
flags_case include -include inc.h
printf 'typedef int sys_t;\n' >"$tmp/flags/sys/sysonly.h"
printf '#include <sysonly.h>\nint f(void) { sys_t * p = 0; return !p; }\n' >"$tmp/flags/isystem.blc"
flags_case isystem -isystem sys
printf 'typedef int quote_t;\n' >"$tmp/flags/quote/quoted.h"
printf '#include "quoted.h"\nint f(void) { quote_t * p = 0; return !p; }\n' >"$tmp/flags/iquote.blc"
flags_case iquote -iquote quote
printf 'typedef int after_t;\n' >"$tmp/flags/after/late.h"
printf '#include <late.h>\nint f(void) { after_t * p = 0; return !p; }\n' >"$tmp/flags/idirafter.blc"
flags_case idirafter -idirafter after
printf 'typedef int fake_t;\n' >"$tmp/flags/fake/stdio.h"
printf '#include <stdio.h>\nint f(void) { fake_t * p = 0; return !p; }\n' >"$tmp/flags/nostdinc.blc"
flags_case nostdinc -nostdinc -isystem fake
# realistic lines: Debian's dpkg-buildflags (CFLAGS, CPPFLAGS), a key-value
# server's, an interpreter's, with -c and -MMD as a Makefile passes them;
# every option ignored or handed on, none refused
cat >"$tmp/flags/real.blc" <<'SRC'
#include <stdio.h>
#include <pthread.h>
#if defined __OPTIMIZE__ && defined _REENTRANT
typedef pthread_mutex_t lock_t;
#else
not C: the flags did not reach cpp
#endif
static lock_t lock = PTHREAD_MUTEX_INITIALIZER;
int f(void) { lock_t * p = &lock; return printf("%p\n", (void *)p) < 0; }
SRC
flags_case real -g -O2 -ffile-prefix-map=/build/x=. -fstack-protector-strong \
    -fstack-clash-protection -Wformat -Werror=format-security -fcf-protection \
    -Wdate-time -D_FORTIFY_SOURCE=2 -pthread
flags_case real -pedantic -DREDIS_STATIC= -std=c11 -Wall -W \
    -Wno-missing-field-initializers -Werror=deprecated-declarations \
    -Wstrict-prototypes -O2 -g -ggdb -fno-omit-frame-pointer -MMD -pthread -c
flags_case real -std=gnu99 -O2 -Wall -Wextra -DLUA_COMPAT_5_3 -DLUA_USE_LINUX \
    -march=x86-64 -mtune=generic -pipe -w -pedantic-errors -Wl,-E -x c -pthread \
    -D_FORTIFY_SOURCE=2 -fPIC -g3 -Xlinker -export-dynamic -lm -L /usr/lib --param ssp-buffer-size=4
[ -f "$tmp/flags/real.d" ] && ok || bad "flags: -MMD wrote no real.d"
expect 2 'missing argument to .-include' -- "$tmp/a.blc" -include
expect 2 'blc translates C only, not .c\+\+' -- -x c++ "$tmp/a.blc"
# a file that includes nothing itself learns the typedef names of a
# header -include gives it
printf 'typedef int cli_type;\n' >"$tmp/cli_type.h"
printf 'cli_type v;\ncli_type *p, q;\n' >"$tmp/inc-only.blc"
"$BLC" -include "$tmp/cli_type.h" "$tmp/inc-only.blc" -o "$tmp/inc-only.c" 2>"$tmp/err" &&
    cmp -s "$tmp/inc-only.blc" "$tmp/inc-only.c" && ok || { bad "-include without #include"; head -3 "$tmp/err"; }
# every flag reaches cpp, however many: the 100th -D decides the #if
many=()
for i in $(seq 1 100); do many+=("-DCLI_FLAG_$i=$i"); done
printf '#if CLI_FLAG_100 != 100
#error lost
}
#endif
int ok;
' >"$tmp/many.blc"
"$BLC" "${many[@]}" "$tmp/many.blc" -o "$tmp/many.c" 2>"$tmp/err" &&
    cmp -s "$tmp/many.blc" "$tmp/many.c" && ok || { bad "100 -D flags"; head -3 "$tmp/err"; }
# a yield outside a coroutine is refused
printf 'int g(void);\nint f(void) { return yield g(); }\n' >"$tmp/y.blc"
expect 1 "y.blc:2:22: error: 'yield' outside" -- --no-cpp "$tmp/y.blc"

# The check: blc's own expansion must be what the compiler reads.  A
# preprocessor whose -dD list says one definition and whose text expands
# another (a wrong -D between the two views) is blc's internal error,
# naming the line, never a translation of the wrong program.
printf '#define N 42\nint x = N;\nint y = N + 1;\n' >"$tmp/skew.blc"
cat >"$tmp/skew-cc" <<'SKEW'
#!/bin/sh
cc "$@" | sed 's/^#define N 42$/#define N 43/'
SKEW
chmod +x "$tmp/skew-cc"
CC="$tmp/skew-cc" "$BLC" "$tmp/skew.blc" -o "$tmp/skew.c" >"$tmp/stdout" 2>"$tmp/stderr"
st=$?
if [ $st = 1 ] && grep -q "skew.blc:2:9: error: internal error: blc's expansion of the macros here differs from the preprocessor's: '43', where it printed '42" "$tmp/stderr" &&
   [ ! -e "$tmp/skew.c" ]; then ok
else bad "a -dD list that disagrees with cpp's text -> exit $st"; head -5 "$tmp/stderr"; fi
CC=cc "$BLC" "$tmp/skew.blc" -o "$tmp/skew.c" 2>"$tmp/stderr" && cmp -s "$tmp/skew.blc" "$tmp/skew.c" &&
    ok || bad "the same file with an honest preprocessor"

# The main parse overlaps cpp's output of the main file's code past its
# last #include (cpp.c): what it gives must be the serial parse's.  A
# preprocessor that pauses as it writes makes the parse wait for the lines
# it needs (its macros, the check's text), and the diagnostics must be
# the same as with one that does not pause; one that fails after printing
# everything makes blc translate again serially, saying so once; and a
# macro that makes a typedef past the last #include (which the header pass
# declares for the whole file, so `myint early;` parses) too.
cat >"$tmp/ov.blc" <<'OV'
#include <stddef.h>
#define TWICE(x) ((x) * 2)
#define NAME(a, b) a##b
int NAME(val, ue) = TWICE(21);
size_t n = sizeof(int);
int f(int x) { return TWICE(x) + __LINE__; }
#define LATE 7
int g(void) { return LATE; }
int h(void) { return 1 +; }
int k(void) { return LATE +; }
#define LATER ;
int m(void) { return 2 + LATER }
OV
cat >"$tmp/slow-cc" <<'SLOW'
#!/bin/sh
cc "$@" | awk '{ print; fflush() } /^# [0-9]+ ".*ov2?\.blc" 2$/ || /^int [fh]/ { system("sleep 0.1") }'
SLOW
chmod +x "$tmp/slow-cc"
"$BLC" "$tmp/ov.blc" -o "$tmp/ov.c" >/dev/null 2>"$tmp/ov.fast"
st=$?
CC="$tmp/slow-cc" "$BLC" "$tmp/ov.blc" -o "$tmp/ov.c" >/dev/null 2>"$tmp/ov.slow"
st2=$?
if [ $st = 1 ] && [ $st2 = 1 ] && cmp -s "$tmp/ov.fast" "$tmp/ov.slow" &&
   grep -q "ov.blc:9:25: error: unexpected ';'" "$tmp/ov.slow" &&
   grep -q "ov.blc:10:28: error: unexpected ';'" "$tmp/ov.slow" &&
   grep -q "ov.blc:12:26: error: unexpected ';'" "$tmp/ov.slow"; then ok
else bad "a preprocessor that pauses: not the same diagnostics"; diff "$tmp/ov.fast" "$tmp/ov.slow" | head -5; fi
head -n 8 "$tmp/ov.blc" >"$tmp/ov2.blc"
CC="$tmp/slow-cc" "$BLC" "$tmp/ov2.blc" -o "$tmp/ov2.c" 2>"$tmp/stderr" &&
    cmp -s "$tmp/ov2.blc" "$tmp/ov2.c" && [ ! -s "$tmp/stderr" ] && ok ||
    { bad "a preprocessor that pauses: not passed through"; head -3 "$tmp/stderr"; }
printf '#!/bin/sh\ncc "$@"\nexit 3\n' >"$tmp/fail-cc"
chmod +x "$tmp/fail-cc"
CC="$tmp/fail-cc" "$BLC" "$tmp/ov2.blc" -o "$tmp/ov2.c" 2>"$tmp/stderr"
if [ "$(grep -c 'failed (exit status 3)' "$tmp/stderr")" = 1 ] &&
   cmp -s "$tmp/ov2.blc" "$tmp/ov2.c"; then ok
else bad "a preprocessor that fails at its end: not said once"; head -3 "$tmp/stderr"; fi
printf '#include <stddef.h>\n#define T(x) typedef int x;\nmyint early;\nT(myint)\nint f(void) { myint v = 0; return v; }\n' >"$tmp/made.blc"
"$BLC" "$tmp/made.blc" -o "$tmp/made.c" 2>"$tmp/stderr" && cmp -s "$tmp/made.blc" "$tmp/made.c" &&
    [ ! -s "$tmp/stderr" ] && ok || { bad "a typedef a macro makes past the last #include"; head -3 "$tmp/stderr"; }

# gcc's -ftrack-macro-expansion=0 (cpp.c, gnu_options): given to a command
# named gcc, before the user's flags; not to another (clang refuses it); a
# command named gcc that refuses it (clang behind a script) is run again
# without it, and the translation is as good, with no warning.
mkdir -p "$tmp/gnu" "$tmp/other"
printf '#!/bin/sh\necho "$*" >>"%s/gnu.log"\nexec gcc "$@"\n' "$tmp" >"$tmp/gnu/x86_64-linux-gnu-gcc-12"
printf '#!/bin/sh\necho "$*" >>"%s/other.log"\nexec gcc "$@"\n' "$tmp" >"$tmp/other/mycc"
chmod +x "$tmp/gnu/x86_64-linux-gnu-gcc-12" "$tmp/other/mycc"
ln -s x86_64-linux-gnu-gcc-12 "$tmp/gnu/cc"
printf '#include <stdio.h>\nint main(void) { char *p = NULL; return p == NULL ? EOF : 0; }\n' >"$tmp/sys.blc"
PATH="$tmp/gnu:$PATH" CC=cc "$BLC" -ftrack-macro-expansion=2 "$tmp/sys.blc" -o "$tmp/sys.c" 2>"$tmp/stderr" &&
    cmp -s "$tmp/sys.blc" "$tmp/sys.c" && [ ! -s "$tmp/stderr" ] &&
    grep -q -- '-E -ftrack-macro-expansion=0 -ftrack-macro-expansion=2 -dD' "$tmp/gnu.log" && ok ||
    { bad "gcc (cc on PATH, a link to it): -ftrack-macro-expansion=0 first"; cat "$tmp/gnu.log" "$tmp/stderr"; }
CC="$tmp/other/mycc" "$BLC" "$tmp/sys.blc" -o "$tmp/sys.c" 2>"$tmp/stderr" &&
    cmp -s "$tmp/sys.blc" "$tmp/sys.c" && [ ! -s "$tmp/stderr" ] &&
    ! grep -q -- 'track-macro' "$tmp/other.log" && ok ||
    { bad "a command not named gcc: no gcc option"; cat "$tmp/other.log" "$tmp/stderr"; }
if need clang; then
    printf '#!/bin/sh\necho "$*" >>"%s/refuse.log"\nexec clang "$@"\n' "$tmp" >"$tmp/other/gcc"
    chmod +x "$tmp/other/gcc"
    CC="$tmp/other/gcc" "$BLC" "$tmp/sys.blc" -o "$tmp/sys.c" 2>"$tmp/stderr" &&
        cmp -s "$tmp/sys.blc" "$tmp/sys.c" && [ ! -s "$tmp/stderr" ] &&
        [ "$(grep -c -- '-ftrack-macro-expansion=0' "$tmp/refuse.log")" = 1 ] &&
        [ "$(wc -l <"$tmp/refuse.log")" = 2 ] && ok ||
        { bad "a clang named gcc: run again without the option, no warning"; cat "$tmp/refuse.log" "$tmp/stderr"; }
fi
# The main file's raw tokens are lexed while cpp starts (lex_prelex) for
# the overlapped main parse, which reads them and lexes on from where that
# stopped; they must be the serial parse's.  Each file is translated as it
# is and with two comment lines made `#if 1` and `#endif` (no overlap: the
# serial parse), in directories of their own so the diagnostics name the
# same file: the outputs must differ by those lines only, and the
# diagnostics not at all.  Coroutines with macros, an #include inside an
# enum and one inside parentheses (not the last #include: else the main
# parse does not overlap), a UTF-8 name; a file longer than the record can be (65 536
# tokens; this one has about 92 000: the rest lexed on); a lexer
# diagnostic that cpp only warns of (the record is then not used: said
# once, by the parse, in order with the parser's).
blc_abs=$(cd "$(dirname "$BLC")" && pwd)/$(basename "$BLC")
same_as_serial() { # what name
    local what=$1 name=$2
    mkdir -p "$tmp/pre" "$tmp/ser"
    cp "$tmp/$name" "$tmp/pre/$name"
    sed 's|^/\* serial \*/$|#if 1|; s|^/\* end \*/$|#endif|' "$tmp/$name" >"$tmp/ser/$name"
    cp "$tmp/tok.def" "$tmp/one.def" "$tmp/pre/"; cp "$tmp/tok.def" "$tmp/one.def" "$tmp/ser/"
    (cd "$tmp/pre" && "$blc_abs" -I"$here_abs/runtime" "$name" -o out.c 2>err; echo $? >st)
    (cd "$tmp/ser" && "$blc_abs" -I"$here_abs/runtime" "$name" -o out.c 2>err; echo $? >st)
    [ -e "$tmp/pre/out.c" ] &&
        sed 's|^/\* serial \*/$|#if 1|; s|^/\* end \*/$|#endif|' "$tmp/pre/out.c" >"$tmp/pre/out.sed"
    if cmp -s "$tmp/pre/st" "$tmp/ser/st" && cmp -s "$tmp/pre/err" "$tmp/ser/err" &&
       { [ ! -e "$tmp/pre/out.c" ] && [ ! -e "$tmp/ser/out.c" ] ||
         cmp -s "$tmp/pre/out.sed" "$tmp/ser/out.c"; }; then ok
    else bad "$what: lexed ahead, not as the serial parse"; diff "$tmp/pre/err" "$tmp/ser/err" | head -5
         diff "$tmp/pre/out.sed" "$tmp/ser/out.c" | head -5; fi
    rm -rf "$tmp/pre" "$tmp/ser"
}
here_abs=$(pwd)
printf 'TOK_A,\nTOK_B,\n' >"$tmp/tok.def"
printf '1 + 2\n' >"$tmp/one.def"
cat >"$tmp/pl.blc" <<'PL'
#include <bluelet.h>
/* serial */
enum tok {
#include "tok.def"
    TOK_LAST
};
int x = (
#include "one.def"
);
#include <stddef.h>
#define TWICE(x) ((x) * 2)
#define LOOP(i, n) for (i = 0; i < (n); i++)
static int café = TOK_B;
coroutine int num(int v) { yield bl_null(); return TWICE(v) + café + x; }
coroutine void f(int n) { int sum = 0, i; LOOP(i, n) sum += yield num(i); (void)sum; }
int g(void) { return TWICE(__LINE__); }
/* end */
PL
same_as_serial "coroutines, macros, an #include in an enum" pl.blc
if [ -n "${PYTHON:-python3}" ] && command -v python3 >/dev/null; then
    { printf '#include <bluelet.h>\n#include <stdlib.h>\n/* serial */\n'
      python3 bench/frontend/gencode.py --lines 8000 --seed 7
      printf 'coroutine int tail(int v) { yield bl_null(); return v; }\n'
      printf 'int bad(void) { return 1 +; }\n/* end */\n'; } >"$tmp/long.blc"
    same_as_serial "a file longer than the record" long.blc
else bad "python3 missing: the long file's test cannot run"; fi
printf '#include <stddef.h>\n/* serial */\nint f(void) { return 1 +; }\nint c = '"'"'x;\n/* end */\nint g(void) { return 2 +; }\n' >"$tmp/pd.blc"
same_as_serial "a lexer diagnostic" pd.blc
"$BLC" "$tmp/pd.blc" -o "$tmp/pd.c" 2>"$tmp/stderr"
[ "$(grep -c "missing terminating ' character" "$tmp/stderr")" = 1 ] &&
    [ "$(grep -c 'error:' "$tmp/stderr")" = 4 ] && ! grep -q 'preprocessor' "$tmp/stderr" && ok ||
    { bad "a lexer diagnostic lexed ahead: not said once"; head -5 "$tmp/stderr"; }

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
