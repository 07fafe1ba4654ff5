#!/usr/bin/env bash
# tests/install/install.sh - `make install` as a user's build sees it.
#
# Installs into a temporary DESTDIR under a non-default PREFIX, then checks
# every file, its mode and the shared library's soname; builds a small C
# program against the installed copy with nothing but
# `pkg-config --cflags --libs bluelet` (shared, run with LD_LIBRARY_PATH,
# and static) and runs it; runs the installed blc; renders the installed
# man pages; runs the editor tests on the installed editor files;
# installs a second time over the first; uninstalls and checks that only a
# file that was there before is left.  Always tests the plain build (what
# users install), also under `make check SANITIZE=1`.
set -u
cd "$(dirname "$0")/../.."
here=tests/install
make=${MAKE:-make}
version=$(sed -n 's/^#define BL_VERSION "\(.*\)"/\1/p' runtime/bluelet.h)
major=${version%%.*}

suite=install
. tests/install/lib.sh
check() { # what command...: passes when the command succeeds
    local what=$1; shift
    if out=$("$@" 2>&1); then ok "$what"; else fail "$what"; printf '%s\n' "$out" | sed 's/^/    /' | head -20; fi
}
need pkg-config readelf groff man cc
make_tmp
prefix=/opt/bluelet-$version
root=$dest$prefix

# A file of someone else's in a directory we install into, and an empty
# directory we install into: uninstall must leave both, and their parents.
mkdir -p "$root/bin" "$root/share/man/man1"
echo foreign >"$root/bin/other-tool"

# ---------------------------------------------------------------- install
run_make() { $make --no-print-directory SANITIZE= DESTDIR="$dest" PREFIX="$prefix" "$@"; }
if ! out=$(run_make install 2>&1); then
    fail "make install DESTDIR=... PREFIX=$prefix"
    printf '%s\n' "$out" | tail -20 | sed 's/^/    /'
    finish
fi
ok "make install DESTDIR=... PREFIX=$prefix"

# -------------------------------------------------------- files and modes
expected=$(cat <<EOF
$prefix/bin/blc 755 f
$prefix/bin/other-tool 644 f
$prefix/include/bluelet.h 644 f
$prefix/lib/libbluelet.a 644 f
$prefix/lib/cmake/Bluelet/BlueletConfig.cmake 644 f
$prefix/lib/cmake/Bluelet/BlueletConfigVersion.cmake 644 f
$prefix/lib/libbluelet.so.$version 755 f
$prefix/lib/libbluelet.so.$major 777 l
$prefix/lib/libbluelet.so 777 l
$prefix/lib/pkgconfig/bluelet.pc 644 f
$prefix/share/man/man1/blc.1 644 f
$prefix/share/man/man3/bluelet.3 644 f
$prefix/share/vim/vimfiles/syntax/blc.vim 644 f
$prefix/share/vim/vimfiles/ftdetect/blc.vim 644 f
$prefix/share/vim/vimfiles/ftplugin/blc.vim 644 f
$prefix/share/vim/vimfiles/indent/blc.vim 644 f
$prefix/share/bluelet/textmate/blc.tmLanguage.json 644 f
$prefix/share/bluelet/textmate/package.json 644 f
$prefix/share/bluelet/textmate/language-configuration.json 644 f
$prefix/share/bluelet/installed-dirs 644 f
$prefix/share/bluelet/gdb/bluelet.py 644 f
EOF
)
snapshot() { (cd "$dest" && find . ! -type d -printf '/%P %m %y\n' | sort); }
check "installed files, modes and types are exactly the expected" \
    diff -u <(sort <<<"$expected") <(snapshot)
check "installed bin/blc is an executable" test -x "$root/bin/blc"
check "lib/libbluelet.so.$major -> libbluelet.so.$version" \
    test "$(readlink "$root/lib/libbluelet.so.$major")" = "libbluelet.so.$version"
check "lib/libbluelet.so -> libbluelet.so.$major" \
    test "$(readlink "$root/lib/libbluelet.so")" = "libbluelet.so.$major"
soname=$(readelf -d "$root/lib/libbluelet.so.$version" 2>&1 | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
check "SONAME of libbluelet.so.$version is libbluelet.so.$major (got '$soname')" \
    test "$soname" = "libbluelet.so.$major"
check "libbluelet.a is an archive defining bl__run" \
    sh -c "nm -g --defined-only '$root/lib/libbluelet.a' | grep -qw bl__run"
check "libbluelet.so exports bl__run" \
    sh -c "nm -D --defined-only '$root/lib/libbluelet.so.$version' | grep -qw bl__run"
check "installed bluelet.h is runtime/bluelet.h" cmp runtime/bluelet.h "$root/include/bluelet.h"

# ------------------------------------------------------------- pkg-config
pc() {
    PKG_CONFIG_PATH=$root/lib/pkgconfig PKG_CONFIG_LIBDIR=$root/lib/pkgconfig \
    PKG_CONFIG_SYSROOT_DIR=$dest pkg-config "$@" bluelet
}
check "pkg-config --validate" pc --validate
check "pkg-config --modversion is $version" test "$(pc --modversion)" = "$version"
check "bluelet.pc says prefix=$prefix" grep -qx "prefix=$prefix" "$root/lib/pkgconfig/bluelet.pc"
check "pkg-config prefix, under the DESTDIR as sysroot" test "$(pc --variable=prefix)" = "$root"
check "pkg-config --variable=blc names the installed blc" \
    test "$(pc --variable=blc)" = "$root/bin/blc"
check "pkg-config --cflags is -I<include dir>" test "$(pc --cflags | xargs)" = "-I$root/include"
check "pkg-config --libs is -L<lib dir> -lbluelet" test "$(pc --libs | xargs)" = "-L$root/lib -lbluelet"

cat >"$tmp/hello.c" <<'EOF'
/* A coroutine written by hand, as blc would write it: sleeps once. */
#include <bluelet.h>
#include <stdio.h>

static void hello_resume(bl_coro *co);
static const unsigned hello_lines[] = {1, 2};
static const bl_coro_info hello_info = {
    "hello", "hello.c", hello_resume, sizeof(bl_coro), 2, hello_lines, NULL,
};

static void hello_resume(bl_coro *co)
{
    switch (co->state) { case 0: break; case 1: goto resume_1; }
    BL_AWAIT(co, 1, bl_sleep(0.001));
resume_1:
    printf("slept: %d\n", BL_RESULT(co, bl_sleep(0)));
    BL_END(co);
}

int main(void)
{
    bl_coro *co = bl__frame_new(&hello_info);
    if (co == NULL || bl_run(co) != 0) {
        perror("hello");
        return 1;
    }
    printf("%s %s\n", BL_VERSION, bl_backend());
    return 0;
}
EOF
want="slept: 0
$version $(uname -s | sed 's/Linux/epoll/;s/.*BSD\|Darwin/kqueue/')"
cflags="-std=c11 -Wall -Wextra -Werror"
# shellcheck disable=SC2046,SC2086
check "cc hello.c \$(pkg-config --cflags --libs bluelet)" \
    cc $cflags "$tmp/hello.c" $(pc --cflags --libs) -o "$tmp/hello-shared"
check "hello (shared) needs libbluelet.so.$major" \
    sh -c "readelf -d '$tmp/hello-shared' | grep -q 'NEEDED.*\[libbluelet.so.$major\]'"
check "hello (shared) loads the installed library" \
    sh -c "LD_LIBRARY_PATH='$root/lib' ldd '$tmp/hello-shared' | grep -q '=> $root/lib/libbluelet.so.$major '"
check "hello (shared) runs and prints the version" \
    test "$(env -u BLUELET_BACKEND LD_LIBRARY_PATH="$root/lib" "$tmp/hello-shared" 2>&1)" = "$want"
# shellcheck disable=SC2046,SC2086
check "cc -static hello.c \$(pkg-config --static --cflags --libs bluelet)" \
    cc -static $cflags "$tmp/hello.c" $(pc --static --cflags --libs) -o "$tmp/hello-static"
check "hello (static) has no dynamic section" \
    sh -c "readelf -d '$tmp/hello-static' | grep -q 'no dynamic section'"
check "hello (static) runs and prints the version" \
    test "$(env -u BLUELET_BACKEND "$tmp/hello-static" 2>&1)" = "$want"

# -------------------------------------------------------------------- blc
v=$("$root/bin/blc" --version 2>&1); rc=$?
check "installed blc --version exits 0 and prints 'blc ... $version' (got '$(head -1 <<<"$v")', exit $rc)" \
    sh -c "[ $rc = 0 ] && head -1 <<'EOF' | grep -q '^blc.* $version\$'
$v
EOF"

# Every option blc(1) describes is in `blc --help`, and every option that
# starts a line of --help (its option list) is in blc(1).
help=$("$root/bin/blc" --help 2>&1)
man_opts=$(awk '$1 == ".It" && $2 == "Fl" { print ($3 == "Fl" ? "--" $4 : "-" $3) }' compiler/blc.1 | sort -u)
help_opts=$(sed -n 's/^[[:space:]]*\(--*[A-Za-z][A-Za-z0-9-]*\).*/\1/p' <<<"$help" | sort -u)
for o in $man_opts; do
    check "blc --help mentions $o (blc.1 describes it)" grep -qe "$o\>" <<<"$help"
done
check "blc --help lists options" test -n "$help_opts"
for o in $help_opts; do
    check "blc.1 describes $o (blc --help lists it)" grep -qx -e "$o" <<<"$man_opts"
done

# The man pages' examples, built the way they say, with the installed blc
# and nothing but pkg-config: blc(1)'s echo.blc with its Makefile (the
# pattern rule), bluelet(3)'s client.blc with its cc line.
example() { # page n: the nth literal display of the EXAMPLES section
    awk -v n="$2" '/^\.Sh / { ex = ($2 == "EXAMPLES") } ex && /^\.Bd -literal/ { k++; on = (k == n); next }
         /^\.Ed/ { on = 0 } on' "$1" | sed 's/\\e/\\/g'
}
mkdir -p "$tmp/ex"
example "$root/share/man/man1/blc.1" 1 >"$tmp/ex/echo.blc"
example "$root/share/man/man1/blc.1" 3 >"$tmp/ex/Makefile"
example "$root/share/man/man3/bluelet.3" 1 >"$tmp/ex/client.blc"
example "$root/share/man/man1/blc.1" 2 | sed -n 's/^\$ \(blc\|cc\) /\1 /p' >"$tmp/ex/echo.sh"
example "$root/share/man/man3/bluelet.3" 2 | sed -n 's/^\$ \(blc\|cc\) /\1 /p' >"$tmp/ex/client.sh"
export_pc() { PATH=$root/bin:$PATH PKG_CONFIG_PATH=$root/lib/pkgconfig \
    PKG_CONFIG_LIBDIR=$root/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$dest "$@"; }
check "blc.1's example commands build its echo.blc" \
    export_pc sh -c 'cd "$0" && [ "$(grep -c . echo.sh)" = 2 ] && sh -ex echo.sh && test -x echo && rm echo echo.c' "$tmp/ex"
check "blc.1's example Makefile builds its echo.blc (-Wall -Wextra -Werror)" \
    export_pc env CFLAGS="-Wall -Wextra -Werror" $make -C "$tmp/ex" echo
check "... into a program that needs libbluelet.so.$major" \
    sh -c "readelf -d '$tmp/ex/echo' | grep -q 'NEEDED.*\[libbluelet.so.$major\]'"
check "bluelet.3's example commands build its client.blc" \
    export_pc sh -c 'cd "$0" && [ "$(grep -c . client.sh)" = 2 ] && sh -ex client.sh && test -x client' "$tmp/ex"
check "... warning-free under -Wall -Wextra" \
    export_pc sh -c 'cd "$0" && cc -std=c11 -Wall -Wextra -Werror client.c $(pkg-config --cflags --libs bluelet) -o client' "$tmp/ex"

# -------------------------------------------------------------- man pages
for page in man1/blc.1 man3/bluelet.3; do
    f=$root/share/man/$page
    check "$page renders with groff -wall without a warning" \
        sh -c "groff -wall -mandoc -Tutf8 '$f' 2>&1 >/dev/null | awk '{ print } END { exit NR > 0 }'"
    check "$page renders with man -l without a warning" \
        sh -c "MANWIDTH=80 man -l '$f' 2>&1 >/dev/null | awk '{ print } END { exit NR > 0 }'"
    check "$page names the installed header and the version" \
        sh -c "MANWIDTH=200 man -l '$f' 2>/dev/null | grep -q '$prefix/include/bluelet.h' &&
               MANWIDTH=200 man -l '$f' 2>/dev/null | tail -1 | grep -q 'Bluelet $version'"
    check "man -M finds $page" \
        test "$(man -M "$root/share/man" -w "${page:3:1}" "$(basename "${page%.*}")" 2>&1)" = "$f"
done
check "the installed man pages name no /usr/local path" \
    sh -c "! grep -v '^\.\\\\\"' '$root/share/man/man3/bluelet.3' '$root/share/man/man1/blc.1' | grep /usr/local"

# ---------------------------------------------------------------- editors
check "vim support works from the install tree" "$here/vim.sh" "$root/share/vim/vimfiles"
check "the TextMate grammar works from the install tree" \
    "$here/textmate.sh" build "$root/share/bluelet/textmate"
for f in "$root"/share/bluelet/textmate/*.json; do
    check "textmate/${f##*/} is valid JSON" jq -e . "$f"
done
check "textmate/package.json has version $version" \
    test "$(jq -r .version "$root/share/bluelet/textmate/package.json")" = "$version"

# -------------------------------------------------------------------- gdb
check "the installed gdb extension loads and defines info coroutines" \
    sh -c "gdb -q -batch -nx -x '$root/share/bluelet/gdb/bluelet.py' -ex 'help info coroutines' 2>&1 |
           grep -q 'Every live coroutine'"

# -------------------------------------------------- reinstall, uninstall
before=$(snapshot)
check "make install a second time" run_make install
check "a second install leaves the same files" diff -u <(echo "$before") <(snapshot)
check "make uninstall" run_make uninstall
check "uninstall leaves only what was there before" \
    diff -u <(printf '%s\n' "${prefix%/*}" "$prefix" "$prefix/bin" "$prefix/bin/other-tool" \
                "$prefix/share" "$prefix/share/man" "$prefix/share/man/man1" | sort) \
            <(cd "$dest" && find . -mindepth 1 -printf '/%P\n' | sort)
rm -rf "$dest" && mkdir "$dest"
check "install into an empty DESTDIR" run_make install
check "... and uninstall" run_make uninstall
check "uninstall leaves the DESTDIR empty" \
    sh -c "[ -z \"\$(find '$dest' -mindepth 1 -print -quit)\" ] || { find '$dest' -mindepth 1; exit 1; }"

finish
