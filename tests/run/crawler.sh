#!/usr/bin/env bash
# tests/run/crawler.sh BIN - the crawler example: its four strategies all
# fetch every page right, and the coroutine one overlaps its requests.
suite=crawler
. "$(dirname "$0")/lib.sh"
bin=${1:?usage: crawler.sh BIN}
n=20 delay=50
for try in 1 2 3; do  # the port may be taken: try another
    port=$((22200 + RANDOM % 100))
    timeout 60 "$bin" "$port" "$n" "$delay" > "$tmp/out" 2>&1
    status=$?
    grep -q 'did not start' "$tmp/out" || break
done
cat "$tmp/out"
check "exit status 0 ($status)" test "$status" = 0
for way in sequential threads processes bluelet; do
    check "$way: $n/$n ok" grep -qE "^$way +[0-9.]+ s .* $n/$n ok\$" "$tmp/out"
done
# Sequential takes at least n * delay; overlapping coroutines must not
# (a property of the program, not a timing target: the bound is 5x loose).
bl=$(awk '$1 == "bluelet" { print $2 }' "$tmp/out")
check "bluelet requests overlap ($bl s for $n x $delay ms)" \
    awk -v t="$bl" -v n="$n" -v d="$delay" 'BEGIN { exit !(t < n * d / 1000 / 5) }'
finish
