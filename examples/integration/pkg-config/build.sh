#!/bin/sh
# build.sh - pingpong built by hand: blc, then cc with what pkg-config
# says.  Set PKG_CONFIG_PATH when Bluelet is installed outside
# pkg-config's search path, and PATH so that blc is found.
set -eu
cd "$(dirname "$0")"
CC=${CC:-cc}
blc $(pkg-config --cflags-only-I bluelet) pingpong.blc -o pingpong.c
$CC -std=c11 -Wall -Wextra $(pkg-config --cflags bluelet) \
    pingpong.c report.c $(pkg-config --libs bluelet) -o pingpong
