#!/bin/sh
# tests/oracle/erase.sh FILE.blc - prints FILE's erasure (DESIGN.md section 2):
# `coroutine` deleted, `yield` deleted, `yield bl_null()` and
# <bluelet.h> mapped by erased.h.  Programs given to it yield only coroutine
# calls and bl_null().
exec sed -e 's/\<coroutine\>//g' -e 's/\<yield\>//g' \
    -e 's|#include <bluelet.h>|#include "erased.h"|' "$1"
