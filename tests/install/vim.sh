#!/usr/bin/env bash
# tests/install/vim.sh [VIMFILES] - highlights tests/install/sample.blc in
# a headless Vim with the Bluelet support in VIMFILES (default grammar/vim;
# an installed share/vim/vimfiles works too) and asserts the syntax group
# under each probe: the two keywords get ours, C gets C's, text in comments
# and strings stays there; and .blc is detected, indented and commented
# like C.
set -u
here=$(cd "$(dirname "$0")" && pwd)
vimfiles=$(cd "${1:-$here/../../grammar/vim}" && pwd)
if ! vim --version 2>/dev/null | grep -q '+syntax'; then
    echo "vim.sh: no vim with +syntax (vim-tiny has none): run tests/deps.sh test"
    echo "vim: 0 passed, 1 failed"
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A probe is a pattern whose \zs marks the column, and what must hold
# there: the syntax group's name ('' for plain text).
cat >"$tmp/probe.vim" <<'VIM'
let s:probes = [
  \ ['^\zscoroutine int fetch', 'blcCoroutine'],
  \ ['^\zscoroutine void echoer', 'blcCoroutine'],
  \ ['n = \zsyield bl_recv', 'blcYield'],
  \ ['if ((\zsyield bl_sendall', 'blcYield'],
  \ ['#define AWAIT(e) (\zsyield', 'blcYield'],
  \ ['A \zsyield in a comment', 'cComment'],
  \ ['"no \zsyield here', 'cString'],
  \ ['int \zsyielded', ''],
  \ ['^\zs#include <bluelet', 'cInclude'],
  \ ['^\zsstatic inline', 'cStorageClass'],
  \ ['^static \zsinline', 'cStorageClass'],
  \ ['^coroutine \zsint fetch', 'cType'],
  \ ['^coroutine \zsvoid echoer', 'cType'],
  \ ['{ \zsreturn 2', 'cStatement'],
  \ ['^\s*\zsreturn;', 'cStatement'],
  \ ['^\s*\zsfor (;;)', 'cRepeat'],
  \ ['^\s*\zsif (n', 'cConditional'],
  \ ['^\s*\zsbreak', 'cStatement'],
  \ ['buf\[\zs1024', 'cNumber'],
  \ ]
let s:log = []
function! s:Check(what, got, want) abort
  call add(s:log, (a:got ==# a:want ? 'ok ' : 'FAIL ') . a:what
        \ . ': got "' . a:got . '", want "' . a:want . '"')
endfunction
for [s:pat, s:want] in s:probes
  call cursor(1, 1)
  let [s:l, s:c] = searchpos(s:pat, 'cW')
  if s:l == 0
    call add(s:log, 'FAIL ' . s:pat . ': pattern not found in sample.blc')
    continue
  endif
  call s:Check(s:pat, synIDattr(synID(s:l, s:c, 1), 'name'), s:want)
endfor
call s:Check('filetype', &filetype, 'blc')
call s:Check('b:current_syntax', get(b:, 'current_syntax', ''), 'blc')
call s:Check('ftplugin: commentstring', &l:commentstring, '/*%s*/')
call s:Check('indent: cindent', &l:cindent ? 'on' : 'off', 'on')
function! s:LinkOf(group) abort
  return matchstr(execute('highlight ' . a:group), 'links to \zs\S\+')
endfunction
call s:Check('blcYield links to', s:LinkOf('blcYield'), 'Statement')
call s:Check('blcCoroutine links to', s:LinkOf('blcCoroutine'), 'StorageClass')
call writefile(s:log, g:out)
qall!
VIM

# Only the plugin dir under test and Vim's own runtime: no user vimrc.
vim -Nu NONE -i NONE -es \
    --cmd "set rtp=$vimfiles,\$VIMRUNTIME,$vimfiles/after" \
    -c 'filetype plugin indent on' -c 'syntax on' \
    -c "edit $here/sample.blc" -c "let g:out = '$tmp/log'" \
    -c "source $tmp/probe.vim" </dev/null >"$tmp/vim.err" 2>&1
rc=$?
if [ ! -s "$tmp/log" ]; then
    echo "vim.sh: vim wrote no results (exit $rc):"
    cat "$tmp/vim.err"
    echo "vim: 0 passed, 1 failed"
    exit 1
fi
sed 's/^/  /' "$tmp/log"
passed=$(grep -c '^ok ' "$tmp/log")
failed=$(grep -c '^FAIL ' "$tmp/log")
echo "vim: $passed passed, $failed failed"
[ "$failed" = 0 ]
