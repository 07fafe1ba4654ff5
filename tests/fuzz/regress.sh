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
for f in "$dir"/*; do
    [ -f "$f" ] || continue
    timeout 10 "$BLC" --no-cpp "$f" -o "$tmp/out.c" >/dev/null 2>"$tmp/err"
    rc=$?
    if { [ "$rc" = 0 ] || [ "$rc" = 1 ]; } && ! grep -q Sanitizer "$tmp/err"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: $f (exit $rc)"
        head -5 "$tmp/err"
    fi
done
[ $((pass + fail)) -gt 0 ] || { echo "no regression inputs in $dir"; fail=1; }
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
