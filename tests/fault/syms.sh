#!/bin/sh
# tests/fault/syms.sh OBJ... - the failing allocator's by-construction
# check: the objects, renamed for tests/fault/failalloc.c, call no
# allocator of the C library directly.  Every name below that allocates
# either is renamed (FAULT_RENAME in the Makefile) or must not be called
# by the code under test; a call to one fails the build, naming it.
bad=$(nm -u "$@" | awk '
    $2 ~ /^(malloc|calloc|realloc|reallocarray|strdup|strndup|posix_memalign|aligned_alloc|memalign|valloc|pvalloc|mmap|mmap64|mremap|asprintf|vasprintf|open_memstream|getline|getdelim|realpath|scandir|get_current_dir_name)$/ { print $2 }' | sort -u)
if [ -n "$bad" ]; then
    echo "tests/fault/syms.sh: these objects still call the allocator directly: $bad" >&2
    echo "(add each to FAULT_RENAME in the Makefile and to tests/fault/failalloc.c)" >&2
    exit 1
fi
