#!/usr/bin/env bash
# tests/check.sh - runs each test suite (a make target) to the end, even
# after a failure, and sums their counts into one closing line.
#
# A suite reports with a line "N passed, N failed" (our runners) or with
# CMocka's "[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s)".  A suite
# that exits non-zero without reporting a failure counts as one failure; a
# suite that reports nothing at all counts as a failure too, so a runner
# that silently ran no test cannot pass.
set -u
make=${MAKE:-make}
passed=0 failed=0 bad=()
for suite in "$@"; do
    printf '== %s\n' "$suite"
    t0=$(date +%s)
    log=$(mktemp)
    $make --no-print-directory "$suite" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    p=0 f=0 seen=0
    while read -r a b; do
        p=$((p + a)) f=$((f + b)) seen=1
    done < <(sed -n -E \
        -e 's/^([A-Za-z-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\2 \3/p' \
        -e 's/^\[  PASSED  \] ([0-9]+) test\(s\)\..*/\1 0/p' \
        -e 's/^\[  FAILED  \] ([0-9]+) test\(s\), listed below:.*/0 \1/p' "$log")
    rm -f "$log"
    echo "check.sh: $suite took $(($(date +%s) - t0)) s"  # the 15-minute budget
    if [ "$seen" = 0 ]; then
        echo "check.sh: suite '$suite' reported no test count"
        f=$((f + 1))
    elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then
        echo "check.sh: suite '$suite' exited $rc"
        f=$((f + 1))
    fi
    passed=$((passed + p)) failed=$((failed + f))
    [ "$f" = 0 ] || bad+=("$suite")
done
[ ${#bad[@]} = 0 ] || echo "failing suites: ${bad[*]}"
echo "check: $passed passed, $failed failed"
[ "$failed" = 0 ]
