/*
 * timer.c - the timer heap, bl_sleep() and bl_timeout().
 *
 * One 4-ary min-heap of timers ordered by (deadline, start sequence), so
 * equal deadlines fire in the order they were started.  Deadlines are
 * monotonic nanoseconds computed from the loop's cached clock, read once
 * per pass (as libuv does).  Each timer knows its heap index, so a kill or
 * a completed guarded event removes it in O(log n).
 *
 * bl_timeout(s, e) hangs a deadline timer off e (e->aw.next, flag
 * BL_F_DEADLINE); it is armed only if e does not complete at once, and
 * dropped when e completes.  If it fires first, e is withdrawn and
 * completes with -1 / NULL / a zero result and ETIMEDOUT.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define L bl__L
#define ARITY 4

uint64_t bl__clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t deadline_after(double seconds)
{
    uint64_t now = L.running ? bl__now() : bl__clock();
    if (!(seconds > 0)) /* negative or NaN: now */
        return now;
    if (seconds > 1e9) /* about 31 years: forever enough */
        seconds = 1e9;
    return now + (uint64_t)(seconds * 1e9 + 0.5);
}

/* ------------------------------------------------------------------ */
/* The heap                                                           */
/* ------------------------------------------------------------------ */

/* While in the heap a timer keeps its start sequence number in aw.err. */
static bool before(const bl__timer *a, const bl__timer *b)
{
    if (a->deadline != b->deadline)
        return a->deadline < b->deadline;
    return (int32_t)((uint32_t)a->aw.err - (uint32_t)b->aw.err) < 0;
}

static void put(uint32_t i, bl__timer *t)
{
    L.heap[i] = t;
    t->hidx = i;
}

static void sift_up(uint32_t i, bl__timer *t)
{
    while (i > 0) {
        uint32_t parent = (i - 1) / ARITY;
        if (!before(t, L.heap[parent]))
            break;
        put(i, L.heap[parent]);
        i = parent;
    }
    put(i, t);
}

static void sift_down(uint32_t i, bl__timer *t)
{
    for (;;) {
        uint32_t first = i * ARITY + 1, best = i;
        bl__timer *min = t;
        for (uint32_t c = first; c < first + ARITY && c < L.nheap; c++) {
            if (before(L.heap[c], min)) {
                best = c;
                min = L.heap[c];
            }
        }
        if (best == i)
            break;
        put(i, min);
        i = best;
    }
    put(i, t);
}

/* 0, or -1 with ENOMEM when the heap cannot grow (the timer's event then
 * fails with ENOMEM: sleep_start(), bl__deadline_arm()). */
int bl__timer_add(bl__timer *t)
{
    if (L.nheap == L.heapcap) {
        uint32_t cap = L.heapcap ? 2 * L.heapcap : 64;
        bl__timer **h = bl__array_grow(L.heap, L.heapcap * sizeof *h, cap * sizeof *h);
        if (!h) {
            errno = ENOMEM;
            return -1;
        }
        L.heap = h;
        L.heapcap = cap;
    }
    t->aw.err = (int)L.tseq++;
    sift_up(L.nheap++, t);
    L.pass_end = true;
    return 0;
}

void bl__timer_del(bl__timer *t)
{
    uint32_t i = t->hidx;
    bl__timer *last = L.heap[--L.nheap];
    t->aw.err = 0;
    if (i == L.nheap)
        return;
    if (i > 0 && before(last, L.heap[(i - 1) / ARITY]))
        sift_up(i, last);
    else
        sift_down(i, last);
}

static void fire(bl__timer *t);

int bl__timers_run(void)
{
    int n = 0;
    while (L.nheap && L.heap[0]->deadline <= bl__now()) {
        bl__timer *t = L.heap[0];
        bl__timer_del(t);
        t->aw.flags &= (uint8_t)~BL_F_PENDING;
        fire(t);
        n++;
    }
    return n;
}

int bl__timers_wait_ms(void)
{
    if (!L.nheap)
        return -1;
    uint64_t d = L.heap[0]->deadline, now = bl__now();
    if (d <= now)
        return 0;
    uint64_t ms = (d - now + 999999) / 1000000; /* round up: never early */
    return ms > INT32_MAX ? INT32_MAX : (int)ms;
}

void bl__timers_free(void)
{
    bl__array_free(L.heap, L.heapcap * sizeof *L.heap);
    L.heap = NULL;
    L.nheap = L.heapcap = 0;
}

/* ------------------------------------------------------------------ */
/* bl_sleep                                                           */
/* ------------------------------------------------------------------ */

static bl_ev_int failed_sleep = {{.kind = BL_K_FAILED, .err = ENOMEM}, -1};

bl_ev_int *bl_sleep(double seconds)
{
    bl__timer *t = bl__ev_new(BL_K_SLEEP);
    if (!t)
        return &failed_sleep;
    t->deadline = deadline_after(seconds);
    return (bl_ev_int *)t;
}

static int sleep_start(bl__ev *ev)
{
    if (bl__timer_add((bl__timer *)ev) == 0)
        return 0;
    ev->r.i = -1;
    ev->aw.err = ENOMEM;
    return 1;
}

static void timer_cancel(bl__ev *ev)
{
    bl__timer_del((bl__timer *)ev);
}

static void describe_timer(bl__ev *ev, FILE *out)
{
    bl__timer *t = (bl__timer *)ev;
    fprintf(out, " (due in %.3fs)", ((double)t->deadline - (double)bl__now()) / 1e9);
}

const bl__kind bl__kind_sleep = {
    "sleep", sizeof(bl__timer), sleep_start, timer_cancel, describe_timer, BL_R_INT,
};

/* ------------------------------------------------------------------ */
/* bl_timeout                                                         */
/* ------------------------------------------------------------------ */

/* A bl_timeout() timer: a timer that knows what it guards. */
typedef struct deadline {
    bl__timer t;
    bl_aw *target;
} deadline;

/* What a guarded awaitable that could not get its timer becomes: one
 * static failure per result shape, big enough for any coroutine result. */
static union {
    bl_aw aw;
    bl_ev_int i;
    bl_ev_ssize n;
    bl_ev_conn c;
    bl_ev_task t;
    char zero[512];
} failed_deadline[] = {
    [BL_R_INT] = {.i = {{.kind = BL_K_FAILED, .err = ENOMEM}, -1}},
    [BL_R_SSIZE] = {.n = {{.kind = BL_K_FAILED, .err = ENOMEM}, -1}},
    [BL_R_PTR] = {.c = {{.kind = BL_K_FAILED, .err = ENOMEM}, NULL}},
    [BL_R_TASK] = {.t = {{.kind = BL_K_FAILED, .err = ENOMEM}, 0}},
    [BL_R_CORO] = {.aw = {.kind = BL_K_FAILED, .err = ENOMEM}},
};

bl_aw *bl__timeout(double seconds, bl_aw *aw)
{
    /* Failed and static awaitables complete at once: nothing to guard. */
    if (aw->kind == BL_K_FAILED || (aw->flags & BL_F_STATIC))
        return aw;
    bl__deadline_drop(aw); /* a second bl_timeout() replaces the first */
    deadline *d = bl__ev_new(BL_K_DEADLINE);
    if (!d) {
        unsigned shape = bl__rtype(aw);
        if (aw->kind == BL_K_CORO) {
            bl__end_chain((bl_coro *)aw, false);
        } else {
            if (aw->kind == BL_K_IO)
                bl__io_abandon((bl__io *)aw);
            bl__ev_free(aw);
        }
        return &failed_deadline[shape].aw;
    }
    d->t.deadline = deadline_after(seconds);
    d->target = aw;
    aw->flags |= BL_F_DEADLINE;
    aw->next = &d->t.aw;
    return aw;
}

static void deadline_fail(bl__timer *t, int err);

void bl__deadline_arm(bl_aw *aw, bl_coro *co)
{
    if (!(aw->flags & BL_F_DEADLINE))
        return;
    bl__timer *t = (bl__timer *)aw->next;
    t->co = co;
    if (bl__timer_add(t) == 0) {
        t->aw.flags |= BL_F_PENDING;
        return;
    }
    if (L.tramp == (bl_coro *)aw) /* a callee not started yet: it never will */
        L.tramp = NULL;
    deadline_fail(t, ENOMEM); /* no timer, no deadline: as if it passed */
}

void bl__deadline_drop(bl_aw *aw)
{
    if (!(aw->flags & BL_F_DEADLINE))
        return;
    bl__timer *t = (bl__timer *)aw->next;
    if (t->aw.flags & BL_F_PENDING)
        bl__timer_del(t);
    aw->flags &= (uint8_t)~BL_F_DEADLINE;
    aw->next = NULL;
    bl__ev_free(&t->aw);
}

/* The deadline passed first (ETIMEDOUT), or could not be armed (ENOMEM):
 * the guarded awaitable is withdrawn and completes as a failure. */
static void deadline_fail(bl__timer *t, int err)
{
    bl_aw *aw = ((deadline *)t)->target;
    bl_coro *co = t->co;
    aw->flags &= (uint8_t)~BL_F_DEADLINE;
    aw->next = NULL;
    bl__ev_free(&t->aw);
    if (aw->kind == BL_K_CORO) {
        bl__end_chain((bl_coro *)aw, true);
        /* Cut short: its result (and all else past the header) reads 0. */
        memset((char *)aw + sizeof(bl_coro), 0,
               ((bl_coro *)aw)->info->frame_size - sizeof(bl_coro));
    } else {
        bl__ev *ev = (bl__ev *)aw;
        bl__cancel(aw);
        switch (bl__rtype(aw)) {
        case BL_R_INT: ev->r.i = -1; break;
        case BL_R_SSIZE: ev->r.n = -1; break;
        case BL_R_PTR: ev->r.p = NULL; break;
        case BL_R_TASK: ev->r.t = 0; break;
        }
    }
    aw->err = err;
    bl__wake_from(co, aw);
}

static void fire(bl__timer *t)
{
    if (t->aw.kind == BL_K_DEADLINE) {
        deadline_fail(t, ETIMEDOUT);
        return;
    }
    bl__complete((bl__ev *)t);
}

static int deadline_start(bl__ev *ev)
{
    (void)ev;
    errno = EINVAL;
    return 1;
}

const bl__kind bl__kind_deadline = {
    "deadline", sizeof(deadline), deadline_start, timer_cancel, describe_timer, BL_R_INT,
};
