# tests/frontend/common.sh - sourced by the front-end suites and benchmark:
# finds the repository root and resolves the build directory B (default
# build) and the blc under test BLC (default $B/blc) to absolute paths,
# since the suites run blc from other directories.
# shellcheck shell=bash
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
B=${B:-build}
case $B in /*) ;; *) B=$root/$B ;; esac
BLC=${BLC:-$B/blc}
case $BLC in /*) ;; *) BLC=$root/$BLC ;; esac
