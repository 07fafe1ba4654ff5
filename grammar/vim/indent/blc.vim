" Vim indent file: Bluelet for C (.blc) indents like C.
if exists("b:did_indent")
  finish
endif
runtime! indent/c.vim
