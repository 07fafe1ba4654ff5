# tests/transform/env.sh - sourced by the transform's suites (this
# directory and tests/oracle): the repository root, and the build
# directory B (default build), the blc under test BLC (default $B/blc) and
# CC, as absolute paths, since the suites run blc from other directories.
# shellcheck shell=bash
set -u
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
B=${B:-build}
case $B in /*) ;; *) B=$root/$B ;; esac
BLC=${BLC:-$B/blc}
case $BLC in /*) ;; *) BLC=$root/$BLC ;; esac
CC=${CC:-cc}
