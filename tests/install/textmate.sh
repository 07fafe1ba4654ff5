#!/usr/bin/env bash
# tests/install/textmate.sh BUILD_DIR [GRAMMAR_DIR] - the TextMate grammar
# (default grammar/textmate) is valid JSON and tokenises sample.blc as
# VS Code would (textmate.cjs).  The tokenizer, its regex engine and VS
# Code's C grammar come from npm at the exact versions and hashes of
# tests/install/textmate/package-lock.json, installed into
# BUILD_DIR/textmate (never committed), once per lock file.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: textmate.sh BUILD_DIR [GRAMMAR_DIR]}
grammar=$(cd "${2:-$here/../../grammar/textmate}" && pwd)
mkdir -p "$build/textmate" && deps=$(cd "$build/textmate" && pwd) || exit

passed=0 failed=0
ok()   { passed=$((passed + 1)); echo "  ok $*"; }
fail() { failed=$((failed + 1)); echo "  FAIL $*"; }
finish() { echo "textmate: $passed passed, $failed failed"; [ "$failed" = 0 ]; exit; }

for tool in jq node npm; do
    command -v $tool >/dev/null || fail "tool $tool is missing: run tests/deps.sh test"
done
[ "$failed" = 0 ] || finish

for f in "$grammar"/*.json; do
    if err=$(jq -e . "$f" 2>&1 >/dev/null); then ok "${f##*/} is valid JSON"
    else fail "${f##*/} is not valid JSON: $err"; fi
done
scope=$(jq -r .scopeName "$grammar/blc.tmLanguage.json" 2>/dev/null)
[ "$scope" = source.blc ] && ok "scopeName is source.blc" || fail "scopeName is '$scope', not source.blc"

# npm ci wipes node_modules and installs exactly the lock; skip it when
# this lock is already installed.
if ! cmp -s "$here/textmate/package-lock.json" "$deps/package-lock.json" ||
   [ ! -d "$deps/node_modules/vscode-textmate" ]; then
    cp "$here/textmate/package.json" "$here/textmate/package-lock.json" "$deps/"
    if ! log=$(cd "$deps" && npm ci --no-audit --no-fund --ignore-scripts 2>&1); then
        fail "npm ci of tests/install/textmate/package-lock.json"
        printf '%s\n' "$log" | tail -20 | sed 's/^/    /'
        rm -f "$deps/package-lock.json"
        finish
    fi
fi

out=$(node "$here/textmate.cjs" "$grammar" "$deps/node_modules" 2>&1)
echo "$out" | grep -v '^textmate: '
p=$(sed -n 's/^textmate: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' <<<"$out")
f=$(sed -n 's/^textmate: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' <<<"$out")
if [ -z "$p" ]; then
    fail "textmate.cjs reported no count"
else
    passed=$((passed + p)) failed=$((failed + f))
fi
finish
