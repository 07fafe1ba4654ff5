#!/usr/bin/env bash
# bench/crawler/run.sh - the crawler example (examples/crawler.blc): N
# pages from its own slow server, each answered after DELAY_MS, fetched
# four ways (sequential, threads, processes, bluelet coroutines).  REPS
# runs; for each strategy the median time and its ratio to the floor,
# DELAY_MS (the least any strategy can take: every answer waits that
# long).  A run fails when the program does (any wrong response).
#
# Target: the coroutine version (bluelet) within 1.1x the floor.
#
# Environment: N (100), DELAY_MS (100), REPS (3).
set -u
. "$(dirname "$0")/../lib.sh"

N=${N:-100}
DELAY_MS=${DELAY_MS:-100}
REPS=${REPS:-3}
TARGET=1.1
CRAWLER=$B/examples/crawler
LOADGEN=$B/bench/echo/loadgen
for prog in "$CRAWLER" "$LOADGEN"; do
    [ -x "$prog" ] || die "$prog is not built (make bench-build)"
done
ways=(sequential threads processes bluelet)

# Sequential takes N x DELAY_MS; the rest, about DELAY_MS each.
limit=$(awk -v n="$N" -v d="$DELAY_MS" 'BEGIN { printf "%d\n", n * d / 1000 * 2 + 30 }')

machine
echo "crawler: $N pages, each answered after $DELAY_MS ms (the floor), $REPS runs; medians"

declare -A secs
for ((r = 1; r <= REPS; r++)); do
    port=$("$LOADGEN" --free-port) || die "no free port"
    out=$(bounded "" "$limit" "$CRAWLER" "$port" "$N" "$DELAY_MS" 2>&1) ||
        die "run $r failed: $out"
    echo "  run $r: $(tail -n +2 <<<"$out" | awk '{ printf "%s%s %s s", (NR > 1 ? ", " : ""), $1, $2 }')"
    # One line per way: "NAME  SECONDS s  (RATIO x the floor)  OK/N ok"
    for way in "${ways[@]}"; do
        line=$(grep -E "^$way " <<<"$out") || die "run $r: no line for $way: $out"
        read -r _ t _ <<<"$line"
        grep -qE " $N/$N ok\$" <<<"$line" || die "run $r, $way: not every page was right: $line"
        secs[$way]+="$t "
    done
done

floor=$(awk -v d="$DELAY_MS" 'BEGIN { print d / 1000 }')
echo
printf '  %-11s %9s %9s   %s\n' strategy "median s" "x floor" "runs (s)"
declare -A med
for way in "${ways[@]}"; do
    read -ra v <<<"${secs[$way]}"
    med[$way]=$(median "${v[@]}")
    printf '  %-11s %9.3f %8sx   %s\n' "$way" "${med[$way]}" "$(ratio "${med[$way]}" "$floor")" \
        "${secs[$way]% }"
done

echo
echo "targets:"
echo "  bluelet within ${TARGET}x the ${DELAY_MS} ms floor:" \
    "$(verdict at_most "${med[bluelet]}" "$floor" "$TARGET") ($(ratio "${med[bluelet]}" "$floor")x)"
