#!/usr/bin/env bash
# bench/frames.sh [B] - the frame bytes of every example: sizeof each
# coroutine's frame struct in build/examples/NAME.c (made by `make`),
# one line each, "example coroutine bytes", then the total.  Each
# translation is compiled once more with a main of ours that prints them
# (its own main renamed).
set -eu
B=${1:-build}
CC=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
total=0
for c in "$B"/examples/*.c; do
    name=$(basename "$c" .c)
    case $name in *-handwritten) continue ;; esac
    frames=$(sed -n 's/^struct \([A-Za-z_0-9]*\)__frame {$/\1/p' "$c")
    [ -n "$frames" ] || continue
    {
        printf '#define main example_main\n#include "%s"\n#undef main\n' "$PWD/$c"
        printf 'int main(void)\n{\n'
        for f in $frames; do
            printf '    printf("%%-8s %%-16s %%zu\\n", "%s", "%s", sizeof(struct %s__frame));\n' \
                "$name" "$f" "$f"
        done
        printf '    return 0;\n}\n'
    } >"$tmp/$name.c"
    libs=
    [ "$name" = hiredis ] && libs=-lhiredis
    "$CC" -std=gnu11 -w -Iruntime -Iexamples "$tmp/$name.c" "$B/libbluelet.a" \
        $libs -lpthread -o "$tmp/$name" 2>/dev/null || { echo "$name: does not compile" >&2; continue; }
    "$tmp/$name" | tee -a "$tmp/all"
done
awk '{ t += $3 } END { printf "total    %-16s %d\n", "", t }' "$tmp/all"
