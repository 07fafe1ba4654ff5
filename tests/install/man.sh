#!/usr/bin/env bash
# tests/install/man.sh - the man pages render without a warning (groff
# -wall, man -l, mandoc -Tlint at warning level) and keep in step with what
# they document: bluelet(3) has every public function of runtime/bluelet.h
# and a subsection per event; blc(1) has every option of DESIGN.md
# section 5 and the sections a user looks for.
set -u
cd "$(dirname "$0")/../.."
pages="compiler/blc.1 runtime/bluelet.3"

suite=man
. tests/install/lib.sh
quiet() { # what command...: passes when the command prints nothing on stderr
    local what=$1 err; shift
    err=$("$@" 2>&1 >/dev/null)
    if [ -z "$err" ]; then ok "$what"; else fail "$what"; printf '%s\n' "$err" | head -20 | sed 's/^/    /'; fi
}
has() { # page pattern what: passes when grep -E finds the pattern
    if grep -qE -- "$2" "$1"; then ok "$3"; else fail "$3: no line matches /$2/ in $1"; fi
}

need groff man mandoc

for p in $pages; do
    quiet "$p: groff -wall -mandoc" groff -wall -mandoc -Tutf8 "$p"
    quiet "$p: man -l" env MANWIDTH=80 man -l "$p"
    # STYLE-level notes (.Os with a name; pages not installed here) are fine.
    quiet "$p: mandoc -Tlint -Wwarning" sh -c "mandoc -Tlint -Wwarning '$p' 1>&2"
done

# bluelet(3): the public functions and macros of the header, not bl__*.
fns=$(grep -v '^typedef' runtime/bluelet.h | sed -n 's/.*\<\(bl_[a-z][a-z_]*\)(.*/\1/p' | sort -u)
[ "$(wc -w <<<"$fns")" -ge 20 ] && ok "bluelet.h: $(wc -w <<<"$fns") public functions found" \
    || fail "bluelet.h: found only: $fns"
for f in $fns; do
    has runtime/bluelet.3 "^\.Nm $f( ,)?\$" "bluelet.3 NAME lists $f"
    has runtime/bluelet.3 "^\.Fn $f( |\$)" "bluelet.3 SYNOPSIS declares $f()"
done
for ev in run null spawn call join kill sleep timeout signal read write connect \
          listen accept recv send sendall readline close server dump stats; do
    has runtime/bluelet.3 "^\.Ss $ev\$" "bluelet.3 has a subsection for $ev"
done
for s in Errors Ownership; do
    has runtime/bluelet.3 "^\.Ss $s\$" "bluelet.3 has a subsection $s"
done
has runtime/bluelet.3 "BLUELET_BACKEND" "bluelet.3 documents BLUELET_BACKEND"

# blc(1): the options of DESIGN.md, and the sections.
for o in "o" "I" "D" "U" "Fl cpp" "Fl no-cpp" "Fl no-line" "Fl version" "Fl help"; do
    has compiler/blc.1 "^\.It Fl $o( |\$)" "blc.1 OPTIONS describes -${o#Fl }"
done
# ... and exactly the options `blc --help` lists, one line each.
blc=${B:-build}/blc
if [ -x "$blc" ]; then
    help=$("$blc" --help | sed -n 's/^  \(-[^ ,]*\).*/\1/p' | sort)
    page=$(sed -n 's/^\.It Fl \(Fl \)\{0,1\}\([^ ]*\).*/\1\2/p' compiler/blc.1 |
           sed 's/^Fl /-/; s/^/-/' | sort)
    [ "$(wc -l <<<"$help")" -ge 17 ] && ok "blc --help: $(wc -l <<<"$help") options" \
        || fail "blc --help lists only: $help"
    if [ "$help" = "$page" ]; then ok "blc.1 OPTIONS and blc --help list the same options"
    else fail "blc.1 OPTIONS and blc --help differ:"; diff <(echo "$help") <(echo "$page") | sed 's/^/    /'; fi
else
    fail "$blc is not built"
fi
for s in NAME SYNOPSIS DESCRIPTION OPTIONS "THE LANGUAGE" MACROS DIAGNOSTICS "EXIT STATUS" FILES EXAMPLES "SEE ALSO"; do
    has compiler/blc.1 "^\.Sh $s\$" "blc.1 has a section $s"
done
has compiler/blc.1 '^%\.c: %\.blc$' "blc.1 shows the make pattern rule"

finish
