/*
 * cleanup.c - the cleanup functions of bluelet.h that need more than it
 * includes: for `__attribute__((cleanup(fn)))` locals, which in a
 * coroutine run at the end of their scope by any path and when the
 * coroutine is ended while suspended inside it (bl_coro_info.unwind).
 * Each takes the local's address and does nothing for its null value, so
 * a local still unset (or set to -1 or NULL after a hand-over) is safe.
 */
#include "internal.h"

#include <stdlib.h>
#include <unistd.h>

void bl_fdclosep(int *fd)
{
    if (*fd >= 0)
        close(*fd);
}

void bl_freep(void *p)
{
    free(*(void **)p);
}
