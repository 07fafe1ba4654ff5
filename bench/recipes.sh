#!/usr/bin/env bash
# bench/recipes.sh - make check-bench-recipes: every benchmark recipe the
# docs print is run as printed, at a tiny size, so none can rot.
#
# A recipe is a span in backquotes in README.md or bench/README.md that is
# a command: VAR=value words, then a script bench/NAME/SCRIPT.sh, then its
# arguments.  Each distinct one is
#   - a template when it holds a placeholder ("...", "[", or an argument
#     in capitals such as DURATION): each VAR it names must be one its
#     script reads (named in the script, in a file beside it, or in
#     bench/lib.sh; a BLUELET_ one, the runtime's, in bluelet(3)), or it
#     fails;
#   - otherwise run as printed, every word kept, but with its size
#     variables (the table below: how many runs, how long, how much) set
#     to tiny values, and must exit 0 and print what its script prints
#     when it has measured (its verdict line).
# A recipe with no size table fails, so a new script cannot be printed
# untested.  What check-bench-smoke already runs (the script alone, at
# the same tiny size) is not run twice; each is named.  Run through
# valgrind (callgrind) where its script is, so not on a sanitized build:
# those say so.
#
# Environment: B (build directory).  Ends with "bench-recipes: N passed,
# N failed".
set -u
. "$(dirname "$0")/lib.sh"

passed=0 failed=0
LOG=$BENCH_TMP/recipe.log
pass() { echo "ok - $1"; passed=$((passed + 1)); }
fail() {
    echo "FAIL - $1"
    [ -s "$LOG" ] && sed 's/^/    /' "$LOG" | tail -n 20
    failed=$((failed + 1))
}
sanitized=no
case $B in */san) sanitized=yes ;; esac

# tiny SCRIPT: sets size (the size variables' tiny values, VAR=value),
# want (a line the script prints once it has measured, which may depend
# on the recipe's arguments, args) and valgrind (yes when it runs
# programs under valgrind); returns 1 for a script it does not know.
# The sizes are check-bench-smoke's (bench/smoke.sh).
tiny() {
    valgrind=no
    case $1 in
    bench/switch/run.sh)
        size=(ITERS=1000 REPS=1 "CG_ITERS=100 200" CALLGRIND=$([ $sanitized = yes ] && echo no || echo yes))
        want="target: " ;;
    bench/switch/profile.sh)
        size=("CG_ITERS=100 200") want="syscalls per switch" valgrind=yes ;;
    bench/spawn/run.sh) size=(N=1000 SLEEP=0.5 REPS=1) want="target: " ;;
    bench/chan/run.sh) size=(N=1000 REPS=1) want="target: " ;;
    bench/echo/run.sh) size=(SECS=0.2 REPS=1 "CONNS=1 4x16") want="targets" ;;
    bench/echo/study.sh) size=(SECS=0.2 REPS=1 "CONNS=1 4x16") want="-all-uring, " ;;
    bench/echo/instructions.sh) size=(RT_A=20 RT_B=60) want="instructions per round trip" valgrind=yes ;;
    bench/echo/syscalls.sh) size=("RT=100 300") want="syscalls per round trip" ;;
    bench/httpd/run.sh) size=(SECS=1 REPS=1) want="targets:" ;;
    bench/httpd/profile.sh) size=(SECS=1 "DURATIONS=1 2" SIZES=1024) want="syscalls per request" ;;
    bench/crawler/run.sh) size=(N=5 DELAY_MS=20 REPS=1) want="bluelet within" ;;
    bench/kv/run.sh) size=(N=2000 REPS=1) want="targets:" ;;
    bench/kv/profile.sh)
        size=(N=500 REPS=1 CG_A=200 CG_B=400 TESTS=GET PERF_SECS=1)
        want="system calls per request" ;;
    bench/slow/run.sh) size=(N=50 REPS=1 NORMAL=20 SECS=2) want="target at most 2x" ;;
    bench/frontend/run.sh)
        size=(LINES=2000 RUNS=1)
        case ${args[0]:-} in
        --instructions) want="main parse, overlapping the output" valgrind=yes ;;
        --window) want="to overlap" ;;
        *) want="(b) typical file" ;;
        esac ;;
    *) return 1 ;;
    esac
}

# What check-bench-smoke runs: a script alone at its tiny size.  (The
# soak is check-soak's: bench/soak/run.sh 30, under the same shim.)
in_smoke() {
    case $1 in
    bench/switch/run.sh | bench/spawn/run.sh | bench/chan/run.sh | bench/echo/run.sh | \
        bench/echo/instructions.sh | bench/httpd/run.sh | bench/httpd/profile.sh | \
        bench/crawler/run.sh | bench/kv/run.sh | bench/kv/profile.sh | bench/slow/run.sh) return 0 ;;
    esac
    return 1
}

# Files sourced, named in the docs as files, not run.
library() {
    case $1 in bench/lib.sh | bench/cg.sh | bench/*/servers.sh | bench/*/server.h) return 0 ;; esac
    return 1
}

recipe_re='^([A-Z_][A-Z0-9_]*=("[^"]*"|[^ "]+) )*bench/[a-z]+/[a-z_]+\.sh( |$)'
mapfile -t recipes < <(grep -ohE '`[^`]*`' README.md bench/README.md |
    sed 's/^`//; s/`$//' | grep -E "$recipe_re" | sort -u)
[ ${#recipes[@]} -gt 0 ] || { echo "FAIL - no recipe found in the docs"; failed=1; }

for r in "${recipes[@]}"; do
    : >"$LOG"
    # Only these characters, so the words can be split as the shell would.
    if ! [[ $r =~ ^[A-Za-z0-9_=\"\ ./:,-]+$ ]]; then
        fail "'$r': characters this test does not read"
        continue
    fi
    eval "words=($r)"
    vars=() args=() script=
    for w in "${words[@]}"; do
        if [ -z "$script" ] && [[ $w =~ ^[A-Z_][A-Z0-9_]*= ]]; then vars+=("$w")
        elif [ -z "$script" ]; then script=$w
        else args+=("$w"); fi
    done
    if library "$script"; then
        [ -f "$script" ] && pass "'$r': a file that exists" || fail "'$r': no such file"
        continue
    fi
    if [ ! -x "$script" ]; then
        fail "'$r': $script is not an executable script"
        continue
    fi
    if [[ $r == *...* || $r == *'['* ]] || printf '%s\n' "${args[@]}" | grep -qE '^[A-Z]+$'; then
        bad=
        for v in "${vars[@]}"; do
            v=${v%%=*}
            case $v in
            BLUELET_*) # the runtime's, read by the programs: bluelet(3)
                grep -qw -- "$v" runtime/bluelet.3 || bad+=" $v (nor bluelet(3))" ;;
            *) grep -qw -- "$v" "$script" "$(dirname "$script")"/* bench/lib.sh || bad+=" $v" ;;
            esac
        done
        [ -z "$bad" ] && pass "'$r': a template; the script reads each variable it names" ||
            fail "'$r': $script reads no$bad"
        continue
    fi
    if [ "$script" = bench/soak/run.sh ]; then
        echo "-- '$r': check-soak runs it, for 30 s"
        continue
    fi
    if ! tiny "$script"; then
        fail "'$r': no tiny size for $script here (add one to tiny())"
        continue
    fi
    if [ ${#vars[@]} = 0 ] && [ ${#args[@]} = 0 ] && in_smoke "$script"; then
        echo "-- '$r': check-bench-smoke runs it at this size"
        continue
    fi
    if [ $valgrind = yes ] && [ $sanitized = yes ]; then
        echo "-- '$r': not on a sanitized build (valgrind cannot run one)"
        continue
    fi
    # Printed words first, the sizes after, so the sizes win; the printed
    # words that are no size stay as printed.
    env_words=("${vars[@]}")
    for s in "${size[@]}"; do
        keep=yes
        for v in "${vars[@]}"; do
            # CONNS is a size only where the recipe does not print one.
            [ "${s%%=*}" = CONNS ] && [ "${v%%=*}" = CONNS ] && keep=no
        done
        [ $keep = yes ] && env_words+=("$s")
    done
    # A program path printed under build/ is under $B here.
    for i in "${!args[@]}"; do args[$i]=${args[$i]/=build\//=$B/}; done
    t0=$SECONDS
    if timeout -k 2 300 env B="$B" "${env_words[@]}" "$script" "${args[@]}" >"$LOG" 2>&1 &&
        grep -qF -- "$want" "$LOG"; then
        pass "'$r' ($((SECONDS - t0)) s)"
    else
        fail "'$r' (ran: ${env_words[*]} $script ${args[*]}; wanted exit 0 and '$want')"
    fi
done

echo "bench-recipes: $passed passed, $failed failed"
[ "$failed" = 0 ]
