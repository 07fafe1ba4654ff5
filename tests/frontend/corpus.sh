#!/usr/bin/env bash
# tests/frontend/corpus.sh - real-looking C passes through blc unchanged.
#
# The corpus, at least 20 000 lines, all made or found by this script:
#  - tests/frontend/corpus/*.c: hand-written GNU C, K&R definitions, deep
#    declarators, lexical corners;
#  - zlib's examples, from the Debian package zlib1g-dev;
#  - two files from bench/frontend/gencode.py (GNU C with the standard
#    headers; strict C11 without them);
#  - the project's own C: compiler/, runtime/, examples/, tests/, and the
#    bison and flex output in $B/grammar/.
# Each file must come out of blc byte for byte, with an empty stderr, and
# the output must still compile (gcc -fsyntax-only; strict files with clang
# too).  Environment: B (default build), BLC (default $B/blc), CC.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
work=$B/tests/corpus
passed=0 failed=0 lines=0

die() { echo "corpus: $*"; echo "corpus: $passed passed, $((failed + 1)) failed"
        exit 1; }
[ -x "$BLC" ] || die "missing $BLC (run make)"
command -v python3 >/dev/null || die "missing python3 (tests/deps.sh test)"
command -v clang >/dev/null || die "missing clang (tests/deps.sh test)"

rm -rf "$work" && mkdir -p "$work/gen" "$work/out"
python3 "$root/bench/frontend/gencode.py" --lines 16000 --seed 7 --includes \
    >"$work/gen/generated-gnu.c" || die "gencode.py failed"
python3 "$root/bench/frontend/gencode.py" --lines 3000 --seed 8 --no-gnu \
    >"$work/gen/generated-c11.c" || die "gencode.py failed"

# Real code from a Debian package: zlib's examples (Mark Adler's C, in its
# own style).  tests/deps.sh installs zlib1g-dev; where dpkg was told to
# leave /usr/share/doc out, the package is downloaded and unpacked under
# $B instead (once).
zdoc=/usr/share/doc/zlib1g-dev/examples
if [ ! -f "$zdoc/gun.c" ]; then
    zdoc=$B/tests/corpus-pkg/usr/share/doc/zlib1g-dev/examples
    if [ ! -f "$zdoc/gun.c" ]; then
        rm -rf "$B/tests/corpus-pkg" && mkdir -p "$B/tests/corpus-pkg"
        (cd "$B/tests/corpus-pkg" && apt-get download zlib1g-dev >/dev/null &&
         dpkg-deb -x zlib1g-dev_*.deb .) ||
            die "no zlib examples: install zlib1g-dev (tests/deps.sh test)"
    fi
fi
mkdir -p "$work/zlib"
shopt -s nullglob
for f in "$zdoc"/*.c "$zdoc"/*.c.gz "$zdoc"/*.h; do  # .h: zran.c and gzlog.c include them
    case $f in
    *infcover.c*) ;;            # needs zlib's private headers
    *.gz) zcat "$f" >"$work/zlib/$(basename "$f" .gz)" ;;
    *) cp "$f" "$work/zlib/" ;;
    esac
done

# The flags each file is compiled with; blc gets the same -I and -D so its
# preprocessor run finds the same typedef names.
inc=(-D_GNU_SOURCE -I"$root/runtime" -I"$root/compiler" -I"$root/examples" -I"$B/grammar")
files=() strict=()
add() { local f; for f in "$@"; do [ -f "$f" ] && files+=("$f"); done; }
add "$here"/corpus/*.c "$work/gen/generated-gnu.c" "$work"/zlib/*.c
add "$root"/compiler/*.[ch] "$root"/runtime/*.[ch] "$root"/examples/*/*.c
add "$root"/tests/*/*.c "$B/grammar/c.tab.c" "$B/grammar/c.lex.c"
strict=("$work/gen/generated-c11.c")

# corpus.pending lists files (or globs) that fail because of a known blc bug (named
# in /work/wt/BUGS-frontend.md): they still run, and the result is shown,
# but is not counted until the bug is fixed.
pending_bug() { # name -> the bug, if the name ends with a listed path
    local path bug
    while read -r path bug; do
        case $path in ''|'#'*) continue ;; esac
        # shellcheck disable=SC2254  # the path may be a glob
        case /$1 in */$path) echo "$bug"; return 0 ;; esac
    done <"$here/corpus.pending"
    return 1
}
known=0

# pass_through FILE OUT: blc must copy FILE to OUT byte for byte, quietly;
# prints why not.
pass_through() {
    timeout 60 "$BLC" "${inc[@]}" "$1" -o "$2" 2>"$2.err"
    local rc=$?
    if [ "$rc" != 0 ]; then echo "blc exited $rc: $(grep -a -m 1 error "$2.err")"
    elif [ -s "$2.err" ]; then echo "blc wrote to stderr: $(head -n 1 "$2.err")"
    elif ! cmp -s "$1" "$2"; then
        echo "output differs from input:"
        diff -u "$1" "$2" | head -n 20 | sed 's/^/    /'
    else return 0; fi
    return 1
}

check() { # file strict?
    local f=$1 name out why bug
    name=${f#"$root"/}
    out=$work/out/$(printf '%s' "$name" | tr '/' '_')
    why=$(pass_through "$f" "$out")
    if bug=$(pending_bug "$name"); then
        if [ -n "$why" ]; then
            known=$((known + 1))
            echo "known failure ($bug) $name: $why" | head -n 3
        else
            echo "note: $name passes now: take it out of corpus.pending"
        fi
        return
    fi
    lines=$((lines + $(wc -l <"$f")))
    if [ -n "$why" ]; then
        failed=$((failed + 1))
        echo "FAIL $name: $why"
        return
    fi
    passed=$((passed + 1))
    local compilers=(gcc)
    [ "$2" = strict ] && compilers=(gcc clang)
    for cc in "${compilers[@]}"; do
        local std=-std=gnu11
        [ "$2" = strict ] && std=-std=c11
        # -x c: a header is checked as C too; -iquote: its "" includes are
        # found beside the original
        if $cc $std "${inc[@]}" -iquote "$(dirname "$f")" -fsyntax-only \
            -x c "$out" >"$out.cc" 2>&1; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
            echo "FAIL $name: blc's output does not compile with $cc:"
            head -n 5 "$out.cc" | sed 's/^/    /'
        fi
    done
}

for f in "${files[@]}"; do check "$f" gnu; done
for f in "${strict[@]}"; do check "$f" strict; done

if [ "$lines" -lt 20000 ]; then
    failed=$((failed + 1))
    echo "FAIL corpus: only $lines lines checked, 20000 wanted"
fi
echo "corpus: ${#files[@]} + ${#strict[@]} files, $lines lines checked" \
     "($known known failures in corpus.pending, not counted)"
echo "corpus: $passed passed, $failed failed"
[ "$failed" = 0 ]
