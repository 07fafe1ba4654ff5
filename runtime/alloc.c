/*
 * alloc.c - frames and events from size-class free lists.
 *
 * Sizes are rounded up to 8 bytes; each class carves its objects from
 * 64 KiB chunks with a bump pointer (pages never used are never touched,
 * so they cost no memory) and recycles them through a free list threaded
 * through the objects themselves.  A coroutine therefore costs its frame,
 * rounded to 8, and nothing more.  (A class of a size that is a multiple
 * of 16 hands out 16-aligned objects: chunks are 16-aligned, so frames
 * with 16-aligned members stay aligned.)  Objects bigger than BL_SLAB_MAX come
 * from malloc.  Chunks go back to the system when bl_run() ends with
 * nothing live.  The lists are per thread, like the loop.
 */
#include "internal.h"

#include <stdlib.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#define BL_SLAB_ALIGN 8
#define BL_SLAB_MAX 2048
#define BL_CHUNK (64 * 1024)
#define BL_NCLASS (BL_SLAB_MAX / BL_SLAB_ALIGN)

struct bl__chunk {
    struct bl__chunk *next;
    char *bump, *end;     /* objects not yet handed out */
    max_align_t pad[];    /* objects follow, aligned */
};

_Static_assert(BL_SLAB_ALIGN == BL__SLAB_ALIGN && BL_NCLASS == BL__NCLASS,
               "internal.h's inline fast path agrees");

_Thread_local struct bl__slabs bl__S;
#define S bl__S
_Thread_local size_t bl__nframes, bl__nevents; /* per thread, like the loop */

static size_t class_of(size_t size)
{
    return (size + BL_SLAB_ALIGN - 1) / BL_SLAB_ALIGN - 1;
}

static void *carve(size_t c)
{
    size_t size = (c + 1) * BL_SLAB_ALIGN;
    struct bl__chunk *k = S.chunks[c];
    if (!k || (size_t)(k->end - k->bump) < size) {
        k = malloc(BL_CHUNK);
        if (!k)
            return NULL;
        k->next = S.chunks[c];
        k->bump = (char *)k->pad;
        k->end = (char *)k + BL_CHUNK;
        S.chunks[c] = k;
    }
    void *p = k->bump;
    k->bump += size;
    return p;
}

static void *alloc_unslabbed(size_t size);

void *bl__alloc_slow(size_t size)
{
    if (size == 0)
        size = 1;
    if (size > S.slab_max)
        return alloc_unslabbed(size);
    size_t c = class_of(size);
    void *p = S.free[c];
    if (p)
        S.free[c] = *(void **)p;
    else if (!(p = carve(c)))
        return NULL;
    S.live++;
    return p;
}

/* An object the slabs do not serve (bigger than slab_max), or the first
 * of the thread, which decides whether they serve any (BLUELET_DEBUG). */
static __attribute__((noinline)) void *alloc_unslabbed(size_t size)
{
    if (!S.decided) {
        S.decided = true;
        S.slab_max = bl__debug_init() ? 0 : BL_SLAB_MAX;
        if (size <= S.slab_max)
            return bl__alloc_slow(size);
    }
    return malloc(size);
}

static __attribute__((noinline)) void free_unslabbed(void *p, size_t size)
{
    if (bl__debug) { /* poisoned, kept a while: misuse is recognised */
        bl_aw *aw = p;
        const bl_coro_info *frame = aw->kind == BL_K_CORO ? ((bl_coro *)p)->info : NULL;
        memset(p, BL_POISON, size);
        aw->kind = BL_K_NONE;
        bl__debug_retire(p, size, frame);
    } else {
        free(p);
    }
}

void bl__free_slow(void *p, size_t size)
{
    if (!p)
        return;
    if (size == 0)
        size = 1;
    if (size > S.slab_max) {
        free_unslabbed(p, size);
        return;
    }
    size_t c = class_of(size);
    *(void **)p = S.free[c];
    S.free[c] = p;
    S.live--;
}

void bl__alloc_release(void)
{
    bl__debug_flush();
    if (S.live)
        return;
    for (size_t c = 0; c < BL_NCLASS; c++) {
        for (struct bl__chunk *k = S.chunks[c], *next; k; k = next) {
            next = k->next;
            free(k);
        }
        S.chunks[c] = NULL;
        S.free[c] = NULL;
    }
}

/* ------------------------------------------------------------------ */
/* Growing arrays (tasks, timers)                                     */
/* ------------------------------------------------------------------ */

/* Big arrays that double live in their own mappings, grown by mremap: no
 * copy, and no freed old copy left behind in the heap, still resident.
 * (realloc() gives that only above glibc's mmap threshold, which moves
 * up as big blocks are freed.)  Elsewhere: realloc. */
#define BL_ARRAY_MAP (64 * 1024)

void *bl__array_grow(void *p, size_t old, size_t size)
{
#ifdef __linux__
    if (size >= BL_ARRAY_MAP) {
        void *q;
        if (p && old >= BL_ARRAY_MAP) {
            q = mremap(p, old, size, MREMAP_MAYMOVE);
            return q == MAP_FAILED ? NULL : q;
        }
        q = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (q == MAP_FAILED)
            return NULL;
        if (p)
            memcpy(q, p, old);
        free(p);
        return q;
    }
#endif
    (void)old;
    return realloc(p, size);
}

void bl__array_free(void *p, size_t size)
{
#ifdef __linux__
    if (p && size >= BL_ARRAY_MAP) {
        munmap(p, size);
        return;
    }
#endif
    (void)size;
    free(p);
}

/* ------------------------------------------------------------------ */
/* Frames and events                                                  */
/* ------------------------------------------------------------------ */

void *bl__frame_new(const bl_coro_info *info)
{
    bl_coro *co = bl__alloc(info->frame_size);
    if (!co)
        return NULL;
    /* The header only (bluelet.h: the rest is undefined, as C leaves
     * locals): a frame can be large (buffers), and allocation is hot. */
    memset(co, 0, sizeof *co);
    co->aw.kind = BL_K_CORO;
    co->info = info;
    bl__nframes++;
    return co;
}

void *bl__ev_new(unsigned kind)
{
    bl__ev *ev = bl__alloc(bl__kinds[kind]->size);
    if (!ev)
        return NULL;
    memset(ev, 0, sizeof *ev);
    ev->aw.kind = (uint8_t)kind;
    bl__nevents++;
    return ev;
}

void bl__ev_free(bl_aw *aw)
{
    if (!aw || (aw->flags & BL_F_STATIC) || aw->kind == BL_K_FAILED)
        return;
    if (aw->kind == BL_K_CORO) {
        bl_coro *co = (bl_coro *)aw;
        bl__free(co, co->info->frame_size);
        bl__nframes--;
        return;
    }
    bl__free(aw, bl__kinds[aw->kind]->size);
    bl__nevents--;
}
