/*
 * arena.c - memory: one arena per translation (every node and name of a
 * run lives in it and is freed in one go), and growable byte buffers.
 *
 * The arena is a list of blocks; an allocation that does not fit in the
 * current block starts a new one at least twice as big as the request, so
 * a huge object costs one block and never makes the arena quadratic.
 * A mark remembers the arena's top; releasing it frees everything
 * allocated since, so the parser can drop an external declaration's nodes
 * once it knows they will not be needed (parse.c, add_external).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "blc.h"

enum {
    BLOCK_SIZE = 256 * 1024,    // the first block
    MAX_BLOCK = 64 << 20,       // blocks double up to this size
    MAP_BLOCK = 2 << 20,        // from this size, mmap'd (huge pages)
};

typedef struct Block {
    struct Block *prev;         // the block filled before this one
    size_t used, size;          // bytes of data[] used / available
    bool mapped;                // from mmap, not calloc
    max_align_t data[];
} Block;

struct Arena {
    Block *top;                 // the block being filled
    Block *spare;               // the last one released, zeroed: kept for
                                // the next new_block (a parse that
                                // releases each declaration would else
                                // make and zero a block at each boundary)
};

static void out_of_memory(void)
{
    fputs("blc: error: out of memory\n", stderr);
    exit(1);
}

Arena *arena_new(void)
{
    Arena *a = calloc(1, sizeof *a);
    if (!a)
        out_of_memory();
    return a;
}

static void free_block(Block *b)
{
    if (b->mapped)
        munmap(b, sizeof *b + b->size);
    else
        free(b);
}

void arena_free(Arena *a)
{
    if (!a)
        return;
    for (Block *b = a->top, *prev; b; b = prev) {
        prev = b->prev;
        free_block(b);
    }
    if (a->spare)
        free_block(a->spare);
    free(a);
}

ArenaMark arena_mark(Arena *a)
{
    return (ArenaMark){a->top, a->top ? a->top->used : 0};
}

/* Frees the blocks started after the mark and zeroes what the mark's block
 * handed out since (arena_alloc relies on zeros). */
void arena_release(Arena *a, ArenaMark m)
{
    while (a->top && a->top != m.block) {
        Block *b = a->top;
        a->top = b->prev;
        if (a->top == m.block && (!a->spare || a->spare->size < b->size)) {
            memset(b->data, 0, b->used);        // zeroed, as new
            b->used = 0;
            if (a->spare)
                free_block(a->spare);
            a->spare = b;
        } else {
            free_block(b);
        }
    }
    if (a->top) {
        memset((char *)a->top->data + m.used, 0, a->top->used - m.used);
        a->top->used = m.used;
    }
}

/* Big blocks are mapped with huge pages where the kernel allows, and
 * populated at once: a big parse takes far fewer page faults. */
static Block *map_block(size_t size)
{
    size_t len = sizeof(Block) + size;
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, len, MADV_HUGEPAGE);
#endif
    Block *b = p;
    b->mapped = true;
    return b;
}

static Block *new_block(Arena *a, size_t need)
{
    size_t size = a->top ? a->top->size * 2 : BLOCK_SIZE;
    if (size > MAX_BLOCK)
        size = MAX_BLOCK;
    if (size < need * 2)
        size = need * 2;
    Block *b = a->spare;
    if (b && b->size >= need) {         // zeroed when it was released
        a->spare = NULL;
        size = b->size;
    } else {
        b = size >= MAP_BLOCK ? map_block(size) : calloc(1, sizeof *b + size);
    }
    if (!b)
        out_of_memory();
    b->prev = a->top;
    b->used = 0;
    b->size = size;
    a->top = b;
    return b;
}

/* Blocks are zeroed when made (and when reset), so memory is handed out
 * zeroed without touching it twice. */
void *arena_alloc(Arena *a, size_t size)
{
    size = (size + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
    Block *b = a->top;
    if (!b || b->size - b->used < size)
        b = new_block(a, size);
    void *p = (char *)b->data + b->used;
    b->used += size;
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    return p;
}

static void buf_reserve(Buf *b, size_t n)
{
    if (b->cap - b->len >= n)
        return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap - b->len < n)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        out_of_memory();
    b->data = p;
    b->cap = cap;
}

void buf_put(Buf *b, const void *p, size_t n)
{
    if (n == 0)
        return;
    buf_reserve(b, n);
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

void buf_puts(Buf *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

void buf_printf(Buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    buf_reserve(b, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void buf_free(Buf *b)
{
    free(b->data);
    *b = (Buf){0};
}

void *xmalloc(size_t n)
{
    return xrealloc(NULL, n);
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fputs("blc: error: out of memory\n", stderr);
        exit(1);
    }
    return p;
}
