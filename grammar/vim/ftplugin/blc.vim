" Vim filetype plugin: Bluelet for C (.blc) edits like C.
if exists("b:did_ftplugin")
  finish
endif
runtime! ftplugin/c.vim
