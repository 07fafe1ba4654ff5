#!/usr/bin/env bash
# tests/frontend/acceptance.sh - every file that gcc accepts, blc accepts
# with the same flags and writes unchanged.
#
# The corpus, tests/frontend/acceptance/:
#  - idioms/*.c: one idiom of real C each (macros that give types,
#    statements, definitions, list elements; X-macros; queue.h loops;
#    token pasting; old and GNU C...), written for this suite; *.h, *.def
#    and *.inc beside them are included, not checked on their own;
#  - debian/PACKAGE/: real C copied verbatim from Debian packages, each
#    with its copyright file (README names the packages and versions).
# FLAGS says which flags each file is compiled with (the first line whose
# glob matches the file's path under acceptance/).
#
# For each .c file: `gcc -fsyntax-only FLAGS file` must succeed (else the
# corpus is wrong, and that fails too), then `blc FLAGS file -o out` must
# exit 0, print nothing and write out byte for byte equal to the file.
# Both run in the file's directory.  Prints one line per failing file,
# then "acceptance: N passed, N failed".  Files are checked two at a time.
#
# Environment: B (default build), BLC (default $B/blc), CC for blc's
# preprocessor (default gcc: the compiler the corpus was checked with).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
corpus=$here/acceptance
work=$B/tests/acceptance
export BLC work CC=${CC:-gcc}
MIN_IDIOMS=300 MIN_LINES=100000

[ -x "$BLC" ] || { echo "acceptance: missing $BLC (run make)"
                   echo "acceptance: 0 passed, 1 failed"; exit 1; }
rm -rf "$work" && mkdir -p "$work"

# flags_of PATH: the flags of the first FLAGS line whose glob matches PATH
# (relative to acceptance/); lines are "GLOB FLAGS...", # starts a comment.
flags_of() {
    local glob flags
    while read -r glob flags; do
        case $glob in ''|'#'*) continue ;; esac
        # shellcheck disable=SC2254  # the glob is meant
        case $1 in $glob) echo "$flags"; return ;; esac
    done <"$corpus/FLAGS"
    echo "-std=gnu11"
}

# check_one PATH FLAGS...: one file; prints PASS, FAIL or CORPUS and why.
check_one() {
    local rel=$1 f=$corpus/$1; shift
    local out rc
    out=$work/$(printf "%s" "$rel" | tr "/" "_")
    cd "$(dirname "$f")" || return
    if ! gcc "$@" -fsyntax-only "$f" >"$out.gcc" 2>&1; then
        echo "CORPUS $rel: gcc $* rejects it: $(grep -m 1 -a 'error' "$out.gcc")"
        return
    fi
    timeout 10 "$BLC" "$@" "$f" -o "$out" 2>"$out.err"
    rc=$?
    if [ "$rc" = 124 ]; then echo "FAIL $rel: blc timed out (10 s)"
    elif [ "$rc" -gt 128 ]; then echo "FAIL $rel: blc crashed (signal $((rc - 128)))"
    elif [ "$rc" != 0 ]; then
        echo "FAIL $rel: $(grep -m 1 -a 'error' "$out.err" | sed "s|^$f:||")"
    elif [ -s "$out.err" ]; then echo "FAIL $rel: blc wrote: $(head -n 1 "$out.err")"
    elif ! cmp -s "$f" "$out"; then
        echo "FAIL $rel: output differs: $(cmp "$f" "$out" 2>&1 | head -n 1)"
    else echo "PASS $rel"; fi
}
export -f check_one
export corpus

jobs=$work/jobs
(cd "$corpus" && find idioms debian -name '*.c' | LC_ALL=C sort) |
    while read -r rel; do printf '%s %s\n' "$rel" "$(flags_of "$rel")"; done >"$jobs"
# one line per file: its path, then its flags (split at blanks)
xargs -P 2 -L 1 bash -c 'check_one "$@"' _ <"$jobs" >"$work/results"

passed=$(grep -c '^PASS ' "$work/results")
failed=$(grep -vc '^PASS ' "$work/results")
grep -v '^PASS ' "$work/results" | LC_ALL=C sort
idioms=$(grep -c '^PASS idioms/\|^FAIL idioms/\|^CORPUS idioms/' "$work/results")
lines=$(cd "$corpus" && find idioms debian -name '*.c' -exec cat {} + | wc -l)
if [ "$idioms" -lt "$MIN_IDIOMS" ] || [ "$lines" -lt "$MIN_LINES" ]; then
    failed=$((failed + 1))
    echo "FAIL corpus: $idioms idiom cases and $lines lines, want $MIN_IDIOMS and $MIN_LINES"
fi
echo "acceptance: $(wc -l <"$jobs") files ($idioms idiom cases), $lines lines"
echo "acceptance: $passed passed, $failed failed"
[ "$failed" = 0 ]
