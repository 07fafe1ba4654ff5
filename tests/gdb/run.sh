#!/usr/bin/env bash
# tests/gdb/run.sh PROG - the gdb extension, runtime/gdb/bluelet.py, on
# PROG, tests/gdb/demo.blc as built by make (plain, with -g):
#   live: gdb runs it to the .blc line marked "gdb: break here";
#   core: PROG runs alone until it says "ready", gcore dumps it, it is
#         killed by its pid, and gdb reads the core.
# Each time `info coroutines` must say what bl_dump said (the demo writes
# bl_dump to stdout just before the marked line): the same tasks, numbers,
# names, .blc lines and waits, line for line (gdb adds ids and frame
# addresses in brackets, and the sleeps' "due in" differ: both dropped);
# and `coroutine print` must find locals by their source names, a
# shadowed one too.  gdb and gcore are installed by tests/deps.sh when run
# as root; otherwise it says what is missing.
# Ends with "gdb: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
prog=${1:-build/tests/gdb/demo}
py=runtime/gdb/bluelet.py
src=tests/gdb/demo.blc
passed=0 failed=0 pid=
tmp=$(mktemp -d)
cleanup() {
    [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
ok() { echo "ok: $*"; passed=$((passed + 1)); }
bad() { echo "FAILED: $*"; failed=$((failed + 1)); }
finish() { echo "gdb: $passed passed, $failed failed"; [ "$failed" = 0 ]; exit; }

tests/deps.sh gdb || { bad "gdb and gcore are needed (tests/deps.sh gdb says how)"; finish; }
[ -x "$prog" ] || { bad "no $prog (make $prog)"; finish; }
marker=$(grep -n 'gdb: break here' "$src" | cut -d: -f1)

# The lines of a dump, or of info coroutines, that name tasks and
# coroutines, with what may differ taken out.
norm() {
    sed -n -e '/^task /p' -e '/^  /p' "$1" |
        sed -E -e 's/  \[(id|frame) [^]]*\]$//' -e 's/ \(due in [^)]*\)$//'
}
# The output of one command of a gdb run: between "@@NAME" and the next "@@".
part() { # file name
    awk -v n="@@$2" '$0 == n { on = 1; next } /^@@/ { on = 0 } on' "$1"
}
gdb_cmds=(-ex 'echo @@info\n' -ex 'info coroutines'
          -ex 'echo @@leaf_local\n' -ex 'coroutine print 2 leaf_local'
          -ex 'echo @@depth\n' -ex 'coroutine print 2 depth'
          -ex 'echo @@x\n' -ex 'coroutine print 4 x'
          -ex 'echo @@buf\n' -ex 'coroutine print 3 buf'
          -ex 'echo @@locals\n' -ex 'coroutine locals 2'
          -ex 'echo @@none\n' -ex 'coroutine print 9 x'
          -ex 'echo @@end\n')

# The checks on one gdb run's output ($1), against the dump ($2), with
# the root's line as it must be ($3: at the breakpoint it is where bl_dump
# saw it; in the core it sleeps on the next line).
check_run() { # label out dump root-line
    local label=$1 out=$2 dump=$3 root=$4
    norm "$dump" | sed "2s|.*|$root|" >"$tmp/want"
    part "$out" info >"$tmp/info"
    norm "$tmp/info" >"$tmp/got"
    if [ -s "$tmp/want" ] && diff -u "$tmp/want" "$tmp/got"; then
        ok "$label: info coroutines says what bl_dump said"
    else
        bad "$label: info coroutines differs from bl_dump (diff above)"; cat "$out"
    fi
    grep -q '^task 1 (root)  \[id [0-9]*\]$' "$tmp/info" &&
        grep -q '^    leaf (tests/gdb/demo.blc:[0-9]*) waits on sleep .*\[frame 0x[0-9a-f]*\]$' "$tmp/info" &&
        ok "$label: task ids and frame addresses shown" ||
        bad "$label: no task id or frame address in: $(cat "$tmp/info")"
    local at='\(tests/gdb/demo\.blc:[0-9]+\)'
    part "$out" leaf_local | grep -Eqx "leaf $at: leaf_local = 1001" &&
        ok "$label: coroutine print, a local of the innermost coroutine" ||
        bad "$label: coroutine print 2 leaf_local: $(part "$out" leaf_local)"
    [ "$(part "$out" depth | sed -E "s| $at||")" = $'leaf: depth = 1\nmiddle: depth = 0' ] &&
        ok "$label: coroutine print, a parameter along the chain, innermost first" ||
        bad "$label: coroutine print 2 depth: $(part "$out" depth)"
    [ "$(part "$out" x | sed -E "s| $at||")" = $'shadow: x = 1\nshadow: x (x__2) = 2' ] &&
        ok "$label: coroutine print, a shadowed local and its shadow" ||
        bad "$label: coroutine print 4 x: $(part "$out" x)"
    part "$out" buf | grep -Eq "^reader $at: buf = \"unread" &&
        ok "$label: coroutine print, an array" ||
        bad "$label: coroutine print 3 buf: $(part "$out" buf)"
    part "$out" locals | grep -qx '  got = [0-9-]*' &&
        part "$out" locals | grep -qx '  leaf_local = 1001' &&
        ok "$label: coroutine locals, every frame of the chain" ||
        bad "$label: coroutine locals 2: $(part "$out" locals)"
    part "$out" none | grep -q 'bluelet: no live task 9' &&
        ok "$label: a task that does not exist is an error that says so" ||
        bad "$label: coroutine print 9 x: $(part "$out" none)"
}

# ------------------------------------------------------------------ live
timeout 120 gdb -q -batch -nx -x "$py" -ex "break demo.blc:$marker" \
    -ex "run >$tmp/live.dump" "${gdb_cmds[@]}" -ex 'kill' "$prog" >"$tmp/live.out" 2>&1
grep -q "^Breakpoint 1, demo__resume .* at .*demo.blc:$marker" "$tmp/live.out" &&
    ok "live: stopped at the breakpoint on demo.blc:$marker" ||
    bad "live: no stop at demo.blc:$marker: $(head -20 "$tmp/live.out")"
check_run live "$tmp/live.out" "$tmp/live.dump" \
    "$(norm "$tmp/live.dump" | sed -n 2p)"

# ------------------------------------------------------------------ core
"$prog" >"$tmp/core.dump" 2>&1 &
pid=$!
for _ in $(seq 1 500); do # up to 5 s
    grep -qx ready "$tmp/core.dump" && break
    sleep 0.01
done
if grep -qx ready "$tmp/core.dump" && sleep 0.2 &&
   timeout 60 gcore -o "$tmp/core" "$pid" >"$tmp/gcore.out" 2>&1 &&
   [ -s "$tmp/core.$pid" ]; then
    ok "core: gcore dumped the running demo"
else
    bad "core: no core of pid $pid: $(cat "$tmp/gcore.out" 2>/dev/null)"
fi
{ kill -KILL "$pid"; wait "$pid"; } 2>/dev/null # (bash's "Killed" too)
core=$tmp/core.$pid
pid=
if [ -s "$core" ]; then
    timeout 120 gdb -q -batch -nx -x "$py" "${gdb_cmds[@]}" "$prog" "$core" >"$tmp/core.out" 2>&1
    check_run core "$tmp/core.out" "$tmp/core.dump" \
        "  demo (tests/gdb/demo.blc:$((marker + 1))) waits on sleep"
fi

# ------------------------------------------------------ no loop, no process
timeout 60 gdb -q -batch -nx -x "$py" -ex 'info coroutines' "$prog" >"$tmp/none.out" 2>&1
grep -q 'bluelet: no loop is running (no process, or bl_run has not started or has returned)' \
    "$tmp/none.out" && ok "without a process or core: it says so" ||
    bad "without a process: $(cat "$tmp/none.out")"
finish
