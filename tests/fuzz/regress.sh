#!/usr/bin/env bash
# tests/fuzz/regress.sh - replays the inputs that once crashed or hung the
# front end (found by make fuzz, kept in tests/fuzz/regress/) through blc:
# each must end within 10 s with status 0 or 1 (a diagnostic), never a
# signal or a sanitizer report.
#
#   BLC=build/blc tests/fuzz/regress.sh
set -u
BLC=${BLC:-build/blc}
dir=$(dirname "$0")/regress
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# replay WHAT MAXRC FILE CMD...: CMD must end within 10 s with a status
# of at most MAXRC, and no sanitizer report.
replay() {
    local what=$1 max=$2 f=$3 rc
    shift 3
    timeout 10 "$@" >/dev/null 2>"$tmp/err"
    rc=$?
    if [ "$rc" -le "$max" ] && ! grep -q Sanitizer "$tmp/err"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: $what on $f (exit $rc)"
        head -5 "$tmp/err"
    fi
}

# blc: 0, or 1 with a diagnostic.
for f in "$dir"/*; do
    [ -f "$f" ] && replay blc 1 "$f" "$BLC" --no-cpp "$f" -o "$tmp/out.c"
done
[ $((pass + fail)) -gt 0 ] || { echo "no regression inputs in $dir"; fail=1; }

# The expander's target (compiler/fuzz_expand.c) through REPLAY_EXPAND
# (tests/fuzz/replay.c), on its kept inputs and its seeds: status 0.
if [ -n "${REPLAY_EXPAND:-}" ]; then
    ls "$dir-expand"/* >/dev/null 2>&1 ||
        { echo "no regression inputs in $dir-expand"; fail=$((fail + 1)); }
    for f in "$dir-expand"/* "$(dirname "$0")"/../frontend/expand/*.c; do
        [ -f "$f" ] && replay expander 0 "$f" "$REPLAY_EXPAND" "$f"
    done
fi
# The runtime's targets (tests/fuzz/readline_fuzz.blc, httpd_fuzz.c)
# through REPLAY_READLINE and REPLAY_HTTPD, on what they kept: status 0
# (a mismatch with the reference aborts).  bl_readline on every backend.
replay_runtime() { # NAME REPLAY [BACKENDS]
    local name=$1 bin=$2 be f
    ls "$dir-$name"/* >/dev/null 2>&1 ||
        { echo "no regression inputs in $dir-$name"; fail=$((fail + 1)); }
    for be in ${3:-default}; do
        for f in "$dir-$name"/*; do
            [ -f "$f" ] && BLUELET_BACKEND=${be#default} replay "$name ($be)" 0 "$f" "$bin" "$f"
        done
    done
}
[ -n "${REPLAY_READLINE:-}" ] && replay_runtime readline "$REPLAY_READLINE" "epoll poll io_uring"
[ -n "${REPLAY_HTTPD:-}" ] && replay_runtime httpd "$REPLAY_HTTPD"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
