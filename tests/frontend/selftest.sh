#!/usr/bin/env bash
# tests/frontend/selftest.sh - the front-end suites can fail.
#
# Runs the golden runner, the corpus and the bad-input suite against
# broken stand-ins for blc and checks that each one reports failures and
# exits non-zero:
#   adds-newline  copies the input and appends a newline (a pass-through
#                 that is almost right)
#   accepts-all   copies the input and exits 0 whatever it holds (a blc
#                 that never diagnoses)
# The suites' own closing lines are kept out of this output, so that
# tests/check.sh counts only this suite's verdicts.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
work=$B/tests/selftest
rm -rf "$work" && mkdir -p "$work"
passed=0 failed=0

# stand_in NAME SUFFIX-COMMAND: writes a blc that parses -o and the input
# like blc and then runs "cat input; SUFFIX" into the output.
stand_in() {
    cat >"$work/$1" <<EOF
#!/bin/sh
out= in=
while [ \$# -gt 0 ]; do
    case \$1 in
    -o) out=\$2; shift 2 ;;
    -I|-D|-U|--cpp) shift 2 ;;
    -*) shift ;;
    *) in=\$1; shift ;;
    esac
done
[ -n "\$in" ] || exit 2
[ -n "\$out" ] || out=\${in%.*}.c
{ cat "\$in" && $2; } >"\$out.tmp" && mv "\$out.tmp" "\$out"
EOF
    chmod +x "$work/$1"
}
stand_in adds-newline "echo"
stand_in accepts-all ":"

# must_fail SUITE STAND-IN [ARGS]: the suite must exit non-zero and count
# at least one failure.
must_fail() {
    local suite=$1 blc=$2 log counts
    shift 2
    log=$work/${suite##*/}-$blc.log
    B=$B BLC=$work/$blc "$root/$suite" "$@" >"$log" 2>&1 </dev/null
    local rc=$?
    counts=$(sed -n -E 's/^[a-z]+: ([0-9]+) passed, ([0-9]+) failed$/\2/p' "$log")
    if [ "$rc" != 0 ] && [ -n "$counts" ] && [ "$counts" -gt 0 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL $suite with the '$blc' stand-in: exit $rc, failures '${counts:-none}'"
    fi
}

# One golden of each kind is enough to show the runner fails (.c, .err,
# .c with .out), and keeps this quick under SANITIZE=1.
goldens=(empty-file error-nul-byte typedef-name-as-label)
must_fail tests/translate/run.sh adds-newline "${goldens[@]}"
must_fail tests/translate/run.sh accepts-all "${goldens[@]}"
must_fail tests/frontend/corpus.sh adds-newline
must_fail tests/frontend/badinput.sh adds-newline
must_fail tests/frontend/badinput.sh accepts-all

echo "selftest: $passed passed, $failed failed"
[ "$failed" = 0 ]
