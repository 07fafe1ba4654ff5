" Vim syntax file
" Language:	Bluelet for C (.blc): C11 plus `coroutine` and `yield`
" Maintainer:	the Bluelet for C project
"
" A .blc file is C with two more keywords, so this is C's own syntax with
" two groups added.  They are top-level (not `contained`), so C's regions
" that contain ALLBUT... -- blocks, parentheses, brackets, #define bodies --
" pick them up without our naming them.

if exists("b:current_syntax")
  finish
endif

runtime! syntax/c.vim
unlet! b:current_syntax

" `coroutine` is a function specifier, like `inline` (C's cStorageClass).
syn keyword	blcCoroutine	coroutine
" `yield E` suspends until E completes, like a call that returns later.
syn keyword	blcYield	yield

hi def link blcCoroutine	StorageClass
hi def link blcYield		Statement

let b:current_syntax = "blc"
