/*
 * debug.c - BLUELET_DEBUG=1: misuse found at once, named by its .blc line.
 *
 * Key decisions:
 *  - The mode is read from the environment once per thread, when the
 *    runtime first allocates there (the first coroutine handle made, which
 *    is before bl_run()), because frames allocated before the choice would
 *    otherwise be freed the other way.
 *  - In debug mode every frame and event is its own malloc (alloc.c), so
 *    ASan and valgrind see each one.  A freed one is not given back at
 *    once: it is poisoned (its kind becomes BL_K_NONE, the rest 0xdb) and
 *    waits in a quarantine of the last BL_QUARANTINE freed objects, so a
 *    handle or event used again is recognised for certain and reported
 *    with the line of the yield, not read as whatever reused the memory.
 *    Older ones are freed, for the memory checkers to watch; a frame is
 *    first checked to be still all poison, or a pointer into it outlived
 *    it and was written through (the frame's coroutine is named).  A
 *    connection closed by bl_close() is quarantined the same way (net.c).
 *  - Misuse aborts with "bluelet: FILE.blc:LINE: what (in coroutine NAME)":
 *    the line is the resume point the coroutine set just before it handed
 *    the awaitable over (BL_AWAIT), which is the line of its yield.
 *  - Without debug mode none of this costs an instruction on the hot paths:
 *    the checks sit where the code was already slow or cold.
 */
#include "internal.h"

#include <stdlib.h>

enum { BL_QUARANTINE = 4096 };

_Thread_local int bl__debug;

/* An object in quarantine.  A frame is checked when it leaves: its
 * poison must be intact, or something wrote into it after it was freed
 * (a pointer to one of its locals outlived it). */
typedef struct qent {
    void *p;
    size_t size;                /* poisoned bytes to check; 0: none */
    const bl_coro_info *frame;  /* the coroutine whose frame it was */
} qent;

static _Thread_local struct {
    qent *ring;        /* BL_QUARANTINE objects, oldest at head */
    size_t head, len;
} Q;

bool bl__debug_init(void)
{
    const char *v = getenv("BLUELET_DEBUG");
    bl__debug = v && *v && strcmp(v, "0") != 0;
    return bl__debug;
}

/* Frees the oldest object of the quarantine, checking its poison. */
static void release_oldest(void)
{
    qent e = Q.ring[Q.head];
    Q.head = (Q.head + 1) % BL_QUARANTINE;
    Q.len--;
    const unsigned char *b = e.p;
    for (size_t i = 1; i < e.size; i++) {
        if (b[i] != BL_POISON) {
            fprintf(stderr, "bluelet: %s:%u: a frame of coroutine %s was written to "
                    "after it ended (a pointer to one of its locals outlived it)\n",
                    e.frame->file ? e.frame->file : "?",
                    e.frame->lines ? e.frame->lines[0] : 0, e.frame->name);
            fflush(stderr);
            abort();
        }
    }
    free(e.p);
}

void bl__debug_retire(void *p, size_t size, const bl_coro_info *frame)
{
    if (!Q.ring && !(Q.ring = malloc(BL_QUARANTINE * sizeof *Q.ring))) {
        free(p); /* no quarantine: the memory checkers still see it */
        return;
    }
    if (Q.len == BL_QUARANTINE)
        release_oldest();
    Q.ring[(Q.head + Q.len) % BL_QUARANTINE] = (qent){p, frame ? size : 0, frame};
    Q.len++;
}

void bl__debug_flush(void)
{
    while (Q.len)
        release_oldest();
    free(Q.ring);
    Q.ring = NULL;
    Q.head = 0;
}

void bl__misuse(const bl_coro *co, const char *what)
{
    const bl_coro_info *in = co ? co->info : NULL;
    unsigned line = 0;
    if (in && in->lines && co->state >= 0 && (unsigned)co->state < in->nstates)
        line = in->lines[co->state];
    fprintf(stderr, "bluelet: %s:%u: %s (in coroutine %s)\n",
            in && in->file ? in->file : "?", line, what, in ? in->name : "?");
    fflush(stderr);
    abort();
}

void bl__debug_check_fresh(const bl_coro *co, const bl_coro *h)
{
    if (h->state != 0 || h->caller || bl__task_root(h))
        bl__misuse(co, "a coroutine handle used twice (awaited or spawned already)");
}

void bl__debug_check_spawn(const bl_coro *co, const bl_aw *h)
{
    if (h->kind == BL_K_NONE)
        bl__misuse(co, "spawn of a handle that was freed (used again)");
    if (h->kind == BL_K_CORO)
        bl__debug_check_fresh(co, (const bl_coro *)h);
}

void bl__debug_reused(const bl_coro *co)
{
    if (bl__debug)
        bl__misuse(co, "an event or handle yielded twice");
}
