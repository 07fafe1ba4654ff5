#!/usr/bin/env bash
# tests/frontend/expand.sh - blc's macro expander spells what the
# compiler's preprocessor prints, token for token (expand_check.c).
#
# The files: the expander's own cases (tests/frontend/expand/), the
# front end's corpus, every golden translation and example that the
# preprocessor accepts (they include bluelet.h), the acceptance corpus
# with its flags (its idioms, Duktape, gcc's torture tests), and each C
# standard and POSIX header of headers.txt as a main file of its own.
# expand.pending lists the known gaps, each with its cause.  A file the
# preprocessor refuses is no test of the expander and is left out, except
# the expander's own cases, which must all preprocess.
# Environment: B (default build), CC (default cc), JOBS (2), SANITIZE
# (1: every 4th of gcc's torture tests, as the checker is slow; it says so).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
JOBS=${JOBS:-2}
check=$B/tests/frontend/expand_check
[ -x "$check" ] || { echo "expand: missing $check (make $check)"; echo "expand: 0 passed, 1 failed"; exit 1; }
cd "$root" || exit 1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# flags_of PATH: its flags in the acceptance corpus (acceptance/FLAGS).
acc=tests/frontend/acceptance
flags_of() {
    local glob flags
    while read -r glob flags; do
        case $glob in ''|'#'*) continue ;; esac
        # shellcheck disable=SC2254  # the glob is meant
        case $1 in $glob) echo "$flags"; return ;; esac
    done <"$acc/FLAGS"
    echo "-std=gnu11"
}
# The known gaps (expand.pending): shown, not counted.
pending() {
    grep -v '^#' "$here/expand.pending" | awk '{print $1}' | grep -qxF "$1"
}

# One line per test: the expander's flags and file.
{
    for f in tests/frontend/expand/*.c; do echo "-std=gnu11 $f"; done
    for f in tests/frontend/corpus/*.c; do echo "-std=gnu11 $f"; done
    for f in tests/translate/*.blc examples/*.blc; do
        ${CC:-cc} -E -x c -Iruntime -Itests/translate "$f" >/dev/null 2>&1 &&
            echo "-x c -Iruntime -Itests/translate $f"
    done
    i=0
    for f in "$acc"/idioms/*.c "$acc"/debian/*/*.c "$acc"/debian/*/*/*.c; do
        rel=${f#"$acc"/}
        pending "$rel" && continue
        # Under SANITIZE=1 the checker is slow: every 4th torture test.
        case $rel in debian/gcc-torture/*) i=$((i + 1))
            [ "${SANITIZE:-}" = 1 ] && [ $((i % 4)) != 0 ] && continue ;; esac
        echo "$(flags_of "$rel") $f"
    done
    grep -v '^#' "$here/headers.txt" | while read -r h; do
        printf '#include <%s>\n' "$h" >"$work/${h//\//_}.c"
        echo "$work/${h//\//_}.c"
    done
} >"$work/list"

# shellcheck disable=SC2016
xargs -P "$JOBS" -I{} sh -c '"$0" {} >"$1/$$.$(date +%s%N).out" 2>&1 || echo fail' \
    "$check" "$work" <"$work/list" >"$work/fails"
cat "$work"/*.out | grep -v '^ok: ' || true
[ "${SANITIZE:-}" = 1 ] && echo "expand: SANITIZE=1, every 4th of gcc's torture tests"
known=$(grep -vc '^#' "$here/expand.pending")
echo "expand: $known known gaps in expand.pending, not run"
total=$(wc -l <"$work/list")
failed=$(wc -l <"$work/fails")
echo "expand: $((total - failed)) passed, $failed failed"
[ "$failed" = 0 ]
