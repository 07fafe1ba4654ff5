#!/usr/bin/env bash
# tests/frontend/badinput.sh - blc against hostile input and misuse that
# golden files cannot hold: inputs generated at test time (a 1 MB line,
# 10 000 nested parentheses, blocks and statements; flat chains of 100 000
# terms), missing and unwritable files,
# usage errors, and the promise that a failed run leaves no file behind
# (not even a temporary) and keeps an older output untouched.
#
# Every case runs under a time limit; an exit status >= 128 (a signal: a
# crash or a stack overflow) is always a failure.
# Environment: B (default build), BLC (default $B/blc).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
work=$B/tests/badinput
passed=0 failed=0

if [ ! -x "$BLC" ]; then
    echo "badinput: missing $BLC (run make)"
    echo "badinput: 0 passed, 1 failed"
    exit 1
fi

fail() { # case message
    failed=$((failed + 1))
    printf 'FAIL %s: %s\n' "$1" "$2"
    if [ -s "$dir/stderr" ]; then
        head -c 600 "$dir/stderr" | head -n 6 | sed 's/^/    /'
    fi
}

# blc_in CASE ARGS...: runs blc in a fresh directory $dir (which holds the
# case's input files, made by the caller after `fresh`), bounded in time.
fresh() { dir=$work/$1; rm -rf "$dir" && mkdir -p "$dir"; }
blc_in() {
    (cd "$dir" && exec timeout 30 "$BLC" "$@") >"$dir/stdout" 2>"$dir/stderr"
    rc=$?
}

# expect CASE RC FILES: blc's exit status must be RC and the directory must
# hold exactly FILES (plus its own stdout and stderr captures).
expect() {
    local case=$1 want=$2 files=$3 have
    if [ "$rc" = 124 ]; then
        fail "$case" "blc did not finish within 30 s"; return 1
    elif [ "$rc" -ge 128 ]; then
        fail "$case" "blc crashed (exit $rc)"; return 1
    elif [ "$rc" != "$want" ]; then
        fail "$case" "blc exited $rc, expected $want"; return 1
    fi
    have=$(cd "$dir" && ls -A | grep -vxE 'stdout|stderr' | sort | tr '\n' ' ')
    if [ "$have" != "$files" ]; then
        fail "$case" "directory holds '$have', expected '$files'"; return 1
    fi
}

# A diagnostic in the compilers' form: the first error line of stderr.
first_error() { grep -a -m 1 ': error: ' "$dir/stderr"; }
expect_diag() { # case file line col
    local first
    first=$(first_error)
    case $first in
    "$2:$3:$4: error: "?*) return 0 ;;
    esac
    fail "$1" "expected '$2:$3:$4: error: ...', got '${first:0:200}'"
    return 1
}

ok() { passed=$((passed + 1)); }

# --- huge inputs ---------------------------------------------------------

# A valid line of 1 MB: an initialiser list, passed through byte for byte.
fresh long-line-valid
awk 'BEGIN { printf "int big[] = {"; for (i = 0; i < 220000; i++)
             printf "%d, ", i % 997; print "0};" }' >"$dir/long.blc"
[ "$(wc -c <"$dir/long.blc")" -gt 1000000 ] || fail long-line-valid "the generated line is under 1 MB"
blc_in long.blc -o long.c
if expect long-line-valid 0 "long.blc long.c "; then
    if [ -s "$dir/stderr" ]; then fail long-line-valid "blc wrote to stderr"
    elif ! cmp -s "$dir/long.blc" "$dir/long.c"; then
        fail long-line-valid "output differs from input"
    else ok; fi
fi

# The same line with a stray '@' at its very end: the column is exact.
fresh long-line-error
awk 'BEGIN { printf "int big[] = {"; for (i = 0; i < 220000; i++)
             printf "%d, ", i % 997; print "0 @};" }' >"$dir/long.blc"
col=$(( $(head -n 1 "$dir/long.blc" | wc -c) - 3 ))
blc_in long.blc -o long.c
expect long-line-error 1 "long.blc " &&
    expect_diag long-line-error long.blc 1 "$col" && ok

# A line of 23 MB in the preprocessor's output (gcc's pr46534.c: six
# levels of macros make a million string literals on one line).  The
# header pass skips the main file's text a line at a time; flex rescanned
# that line after each 8 KiB read (quadratic: minutes).  Linear, it takes
# well under a second; 10 s is a loose bound that the quadratic misses by
# far.  -O2 -w are the flags gcc's testsuite gives the file.
fresh long-cpp-line
{
    echo 'extern int printf (const char *, ...);'
    echo '#define S1 "                    "'
    for i in 2 3 4 5 6 7; do
        printf '#define S%d' $i
        for _ in 1 2 3 4 5 6 7 8 9 10; do printf ' S%d' $((i - 1)); done
        echo
    done
    printf 'void foo (void)\n{\n  printf (S7 "\\n");\n}\n'
} >"$dir/big.c"
start=$(date +%s)
(cd "$dir" && exec timeout 10 "$BLC" -O2 -w big.c -o big.out.c) >"$dir/stdout" 2>"$dir/stderr"
rc=$? secs=$(( $(date +%s) - start ))
if [ "$rc" = 124 ]; then
    fail long-cpp-line "blc took over 10 s on a 23 MB line of the preprocessor's output"
elif expect long-cpp-line 0 "big.c big.out.c "; then
    if ! cmp -s "$dir/big.c" "$dir/big.out.c"; then
        fail long-cpp-line "output differs from input"
    else ok; fi
fi
[ "$secs" -gt 5 ] && echo "long-cpp-line: note: took $secs s (linear takes under 1 s)"

# 10 000 nested parentheses and 10 000 nested blocks: too deep for any
# compiler to promise, so blc must say so (a diagnostic on the file, exit
# 1), not overflow its stack.
nest() { # open close count
    awk -v o="$1" -v c="$2" -v n="$3" 'BEGIN {
        printf "int f(int x)\n{\n    return ";
        for (i = 0; i < n; i++) printf "%s", o; printf "x";
        for (i = 0; i < n; i++) printf "%s", c; print ";\n}" }'
}
fresh nested-parens
nest '(' ')' 10000 >"$dir/deep.blc"
blc_in deep.blc -o deep.c
if expect nested-parens 1 "deep.blc "; then
    case $(first_error) in              # the column is blc's choice
    "deep.blc:3:"[0-9]*": error: "?*) ok ;;
    *) fail nested-parens "no diagnostic in the form deep.blc:3:COL: error:" ;;
    esac
fi

fresh nested-blocks
awk 'BEGIN { print "void f(void)"; for (i = 0; i < 10000; i++) print "{";
             print ";"; for (i = 0; i < 10000; i++) print "}" }' >"$dir/deep.blc"
blc_in deep.blc -o deep.c
if expect nested-blocks 1 "deep.blc "; then
    case $(first_error) in
    "deep.blc:"[0-9]*:[0-9]*": error: "?*) ok ;;
    *) fail nested-blocks "no diagnostic in the form deep.blc:LINE:COL: error:" ;;
    esac
fi

# 10 000 nested statements without a bracket between them: nesting too.
fresh nested-statements
awk 'BEGIN { print "void f(int x)\n{"; for (i = 0; i < 10000; i++) print "if (x)";
             print "x++;\n}" }' >"$dir/deep.blc"
blc_in deep.blc -o deep.c
if expect nested-statements 1 "deep.blc "; then
    case $(first_error) in
    "deep.blc:"[0-9]*:[0-9]*": error: "?*) ok ;;
    *) fail nested-statements "no diagnostic in the form deep.blc:LINE:COL: error:" ;;
    esac
fi

# Flat chains of any length are not nesting: 100 000 terms of +, || and
# comma, 100 000 adjacent string literals, a 20 000-long else-if ladder and
# 20 000 stacked case labels pass through byte for byte.
# Then the same in a file with a coroutine, so that the analysis walks it,
# and with f itself a coroutine that yields, so that the lowering does.
# All under a stack of 1 MB, an eighth of the usual: a walk recursing
# along a chain would overflow it.
small_stack_blc() { # file
    (ulimit -s 1024 && blc_in "$1" -o "${1%.blc}.c" && exit "$rc")
    rc=$?
}
flat() { # case awk-program
    fresh "$1"
    awk "BEGIN { $2 }" >"$dir/flat.blc"
    small_stack_blc flat.blc
    if expect "$1" 0 "flat.blc flat.c "; then
        if [ -s "$dir/stderr" ]; then fail "$1" "blc wrote to stderr"
        elif ! cmp -s "$dir/flat.blc" "$dir/flat.c"; then
            fail "$1" "the output differs from the input"
        else ok; fi
    fi
    { cat "$dir/flat.blc"; echo "coroutine void g(void) { yield g(); }"; } >"$dir/analyzed.blc"
    sed -e 's/^int f(int x)$/coroutine int f(int x)/' -e '2s/^{$/{ yield f(x);/' \
        "$dir/flat.blc" >"$dir/lowered.blc"
    rm -f "$dir/flat.c"
    small_stack_blc analyzed.blc
    expect "$1-analyzed" 0 "analyzed.blc analyzed.c flat.blc lowered.blc " && ok
    small_stack_blc lowered.blc
    expect "$1-lowered" 0 "analyzed.blc analyzed.c flat.blc lowered.blc lowered.c " && ok
}
chain='n = 100000; printf "int f(int x)\n{\n    return x"; for (i = 0; i < n; i++)'
flat flat-plus "$chain printf \" + x\"; print \";\n}\""
flat flat-or "$chain printf \" ||\n x\"; print \";\n}\""
flat flat-comma "$chain printf \", x\"; print \";\n}\""
flat flat-strings 'printf "const char *s = \"a\""; for (i = 0; i < 100000; i++)
                   printf " \"b\""; print ";"'
flat flat-else-if 'print "int f(int x)\n{\n    if (x == 0)\n        return 0;";
                   for (i = 1; i < 20000; i++)
                       printf "    else if (x == %d)\n        return %d;\n", i, i;
                   print "    return -1;\n}"'
flat flat-case-labels 'printf "int f(int x)\n{\n    switch (x) {\n";
                       for (i = 0; i < 20000; i++) printf "    case %d:\n", i;
                       print "        return 1;\n    }\n    return 0;\n}"'

# The deepest nesting allowed (just under 2000 levels: unary operators, an
# if in an if) in a coroutine, around a yield, translates within 6 MB of
# stack (the usual is 8), ASan builds included.
deepest() { # case awk-program
    fresh "$1"
    awk "BEGIN { print \"#include <bluelet.h>\";
                 print \"coroutine int id(int v) { yield bl_null(); return v; }\";
                 $2 }" >"$dir/deep.blc"
    (ulimit -s 6144 && blc_in -I"$root/runtime" deep.blc -o deep.c && exit "$rc")
    rc=$?
    expect "$1" 0 "deep.blc deep.c " && ok
}
deepest deepest-unary 'printf "coroutine int f(void) { return ";
                       for (i = 0; i < 1990; i++) printf "- "; print "(yield id(1)); }"'
deepest deepest-if 'printf "coroutine int f(int x) { int r = 0; ";
                    for (i = 0; i < 1990; i++) printf "if (x) ";
                    print "r = yield id(1); return r; }"'

# 300 damaged copies of real inputs (a fixed seed): each gets exit 0 or 1,
# in time, and leaves an output only on success, equal to the input when
# there is no coroutine in it.  Under SANITIZE=1 this is
# where a memory error on bad input shows.
fresh mutants
python3 "$here/mutate.py" 1 300 "$dir/in" "$root"/tests/translate/*.blc \
    "$here/corpus/gnu-extensions.c" || fail mutants "mutate.py failed"
bad=0
for m in "$dir"/in/m*.blc; do
    out=$dir/out.c
    rm -f "$out"
    timeout 30 "$BLC" -I"$root/runtime" "$m" -o "$out" >/dev/null 2>"$dir/stderr"
    rc=$?
    why=
    if [ "$rc" = 124 ]; then why="did not finish within 30 s"
    elif [ "$rc" -ge 128 ]; then why="crashed (exit $rc)"
    elif [ "$rc" = 1 ] && [ -e "$out" ]; then why="wrote an output despite errors"
    elif [ "$rc" = 1 ] && ! grep -aq ': error: ' "$dir/stderr"; then
        why="exit 1 without an error message"
    elif [ "$rc" != 0 ] && [ "$rc" != 1 ]; then why="exit $rc"
    elif [ "$rc" = 0 ] && ! grep -aq coroutine "$m" && ! cmp -s "$m" "$out"; then
        why="no coroutine, yet the output differs from the input"
    fi
    if [ -n "$why" ]; then
        bad=$((bad + 1))
        cp "$m" "$work/mutant-failed-${m##*/}"
        fail "mutant ${m##*/}" "$why (input kept as $work/mutant-failed-${m##*/})"
    fi
done
[ "$bad" = 0 ] && ok

# --- files ---------------------------------------------------------------

fresh missing-input
blc_in nowhere.blc
expect missing-input 1 "" &&
    { grep -q 'nowhere\.blc' "$dir/stderr" && ok ||
      fail missing-input "the message does not name the file"; }

fresh output-in-missing-directory
printf 'int x;\n' >"$dir/in.blc"
blc_in in.blc -o no/such/dir/out.c
expect output-in-missing-directory 1 "in.blc " &&
    { grep -q 'no/such/dir/out\.c' "$dir/stderr" && ok ||
      fail output-in-missing-directory "the message does not name the output"; }

fresh output-under-a-file
printf 'int x;\n' >"$dir/in.blc"
printf 'a file\n' >"$dir/plain"
blc_in in.blc -o plain/out.c
expect output-under-a-file 1 "in.blc plain " &&
    { grep -q 'plain/out\.c' "$dir/stderr" && ok ||
      fail output-under-a-file "the message does not name the output"; }

# An error keeps an older output as it was: the write is all or nothing.
fresh error-keeps-old-output
printf 'int x = ;\n' >"$dir/in.blc"
printf 'old\n' >"$dir/in.c"
blc_in in.blc
expect error-keeps-old-output 1 "in.blc in.c " &&
    { [ "$(cat "$dir/in.c")" = old ] && ok ||
      fail error-keeps-old-output "the old in.c was changed"; }

# The default output name is the input's with .c.
fresh default-output-name
printf 'int x;\n' >"$dir/in.blc"
blc_in in.blc
expect default-output-name 0 "in.blc in.c " &&
    { cmp -s "$dir/in.blc" "$dir/in.c" && ok ||
      fail default-output-name "in.c differs from in.blc"; }

# Output to a device (as in `-o /dev/null`) writes to it: an atomic
# rename would replace the device node by a regular file, which, on the
# real /dev/null and as root, breaks the machine.  A private node stands in.
fresh output-to-device
printf 'int x;\n' >"$dir/in.blc"
if mknod "$dir/null" c 1 3 2>/dev/null; then
    blc_in in.blc -o null
    expect output-to-device 0 "in.blc null " &&
        { [ -c "$dir/null" ] && ok ||
          fail output-to-device "the device node was replaced by a file"; }
else
    echo "badinput: note: not root, -o DEVICE not tested (mknod failed)"
fi

# .i input and --no-cpp skip the preprocessor: an #include of a missing
# file is then only a directive line, passed through with no warning (the
# preprocessor would fail on it and blc would warn).
no_cpp() { # case input args...
    local case=$1 in=$2; shift 2
    fresh "$case"
    printf '#include "does-not-exist.h"\ntypedef int T;\nT * x;\n' >"$dir/$in"
    blc_in "$@"
    expect "$case" 0 "$in out.c " || return
    if [ -s "$dir/stderr" ]; then fail "$case" "blc wrote to stderr"
    elif ! cmp -s "$dir/$in" "$dir/out.c"; then fail "$case" "output differs"
    else ok; fi
}
no_cpp dot-i-input in.i in.i -o out.c
no_cpp no-cpp-option in.blc --no-cpp in.blc -o out.c

# --- usage ---------------------------------------------------------------

usage() { # case args...
    local case=$1; shift
    fresh "$case"
    printf 'int x;\n' >"$dir/in.blc"
    blc_in "$@"
    expect "$case" 2 "in.blc " &&
        { [ -s "$dir/stderr" ] && ok || fail "$case" "no message on stderr"; }
}
usage unknown-option --no-such-option in.blc
usage missing-option-argument in.blc -o
usage no-input-file -o out.c
usage two-input-files in.blc in.blc

for opt in --version --help; do
    fresh "option$opt"
    blc_in "$opt"
    expect "option$opt" 0 "" &&
        { [ -s "$dir/stdout" ] && ok || fail "option$opt" "nothing on stdout"; }
done

echo "badinput: $passed passed, $failed failed"
[ "$failed" = 0 ]
