" Bluelet for C sources: C11 plus `coroutine` and `yield`.
au BufNewFile,BufRead *.blc	setfiletype blc
