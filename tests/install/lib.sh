# tests/install/lib.sh - sourced by the shell suites of tests/install and
# tests/integration: counting, the closing line, the tools a suite needs.
# Set `suite` (the closing line's name) before sourcing.
passed=0 failed=0
ok()   { passed=$((passed + 1)); echo "  ok $*"; }
fail() { failed=$((failed + 1)); echo "  FAIL $*"; }
finish() {
    echo "$suite: $passed passed, $failed failed"
    [ "$failed" = 0 ]
    exit
}
# need TOOL...: each must be on PATH, or the suite ends failed.
need() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || fail "tool $tool is missing: run tests/deps.sh test"
    done
    [ "$failed" = 0 ] || finish
}
# make_tmp: $tmp, removed on exit, and $dest, a DESTDIR in it.
make_tmp() {
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    dest=$tmp/stage
    mkdir -p "$dest"
}
