/*
 * erased.h - what <bluelet.h> means once a .blc program is erased to plain
 * C (DESIGN.md section 2, "Erasure"): no scheduler, coroutines are plain
 * functions, `yield bl_null()` is 0, running a coroutine is calling it.
 * The erasure oracle compiles programs against this header.
 */
#ifndef ERASED_H
#define ERASED_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

struct bl_stats {
    size_t frames, events, tasks, fds;
};

static inline void bl_stats(struct bl_stats *out)
{
    memset(out, 0, sizeof *out);
}

#define bl_run(call) ((void)(call), 0)
#define bl_null() 0

#endif
