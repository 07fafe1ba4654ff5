/*
 * sched.c - the loop: tasks, call/return, spawn, join, kill, null.
 *
 * Key decisions:
 *  - A task is a slot: roots[i] is its root coroutine and gens[i] its
 *    generation, odd while alive.  A task id is gen << 32 | i, so an id
 *    outlives its task safely: a stale id names no live task.
 *  - The ready queue is a power-of-two ring of coroutines with free-running
 *    head and tail.  A coroutine in it is marked (BL_F_QUEUED), and only a
 *    marked one that is ended early (kill, timeout) makes the queue be
 *    searched, to withdraw it.  An entry's low bit asks for errno to be
 *    restored at resume, set by a wake whose awaitable failed; a success
 *    (and bl_null(), the hot path) has none.
 *  - A pass of the loop ends where the queue ended when it began; when
 *    there is nothing else to do (no timer, no fd waited on), the next pass
 *    begins at once, without a trip through the poller.
 *  - bl__await() (inline in bluelet.h) queues a bl_null() after a bl_null()
 *    itself; bl__await_slow() does the rest: it completes what it can at
 *    once (the fast path) and runs a callee directly on the C stack, up to
 *    BL_DEPTH_MAX nested callees; a deeper one suspends the chain, which
 *    unwinds, and step_tramp() starts it at the bottom of the stack (a
 *    trampoline: a marker at the ready queue's head, taken next), so
 *    recursion cannot overflow the stack and costs no trip through the
 *    loop's other work.  After BL_FAST_MAX fast completions in a row the
 *    coroutine goes to the back of the ready queue, so others still run.
 *  - When a coroutine ends (BL_END: bl__ended()), an entry at the ready
 *    queue's head says so, and its caller continues at once (step_more()),
 *    with no trip through the queue; so the loop looks at nothing after a
 *    resume.  Whoever else resumed it (a caller on the C stack, step_more()
 *    itself) takes that entry back and goes on (took_end()).
 */
#include "internal.h"

#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

enum {
    BL_DEPTH_MAX = 16, /* callees run directly on the C stack */
};

_Thread_local bl__loop bl__L;
__thread struct bl__ready bl__ready;
#define L bl__L
#define R bl__ready

static _Thread_local int root_status; /* bl_run's result, and its errno */
static _Thread_local int root_errno;

bl__loop *bl__loops;
static pthread_mutex_t loops_mu = PTHREAD_MUTEX_INITIALIZER;

/* ------------------------------------------------------------------ */
/* The ready queue                                                    */
/* ------------------------------------------------------------------ */

enum { RQ_MIN = 64, RQ_KEEP = 1024 }; /* ring slots: at first, kept after a burst */

#define RQ_RESTORE BL_RQ_RESTORE /* entry tag: restore errno at resume */
#define RQ_ENDED BL_RQ_ENDED /* entry tag: the coroutine ended (bl__ended()) */
#define RQ_TAGS (RQ_RESTORE | RQ_ENDED)
#define RQ_GONE ((bl_coro *)RQ_RESTORE) /* a withdrawn entry */
#define RQ_STEP ((bl_coro *)RQ_TAGS) /* L.tramp was set: step_tramp() */

/* Moves the ring into an array of cap slots (a power of two, at least the
 * number of entries).  The indices run on unchanged: only the slots move. */
static int rq_resize(size_t cap)
{
    bl_coro **q = malloc(cap * sizeof *q);
    if (!q)
        return -1;
    for (size_t i = R.head; i != R.tail; i++)
        q[i & (cap - 1)] = R.ring[i & R.mask];
    free(R.ring);
    R.ring = q;
    R.mask = cap - 1;
    L.ring_big = cap > RQ_KEEP;
    if (L.ring_big)
        L.pass_end = true; /* for rq_shrink() */
    return 0;
}

/* Slides the live entries to the ring's tail end, in order, dropping the
 * withdrawn ones: the head moves on, the tail stays (run_ready() reads the
 * head afresh each turn).  Frees a slot whenever a withdrawn entry is in
 * the ring. */
static void rq_compact(void)
{
    size_t to = R.tail;
    for (size_t i = R.tail; i != R.head;) {
        bl_coro *e = R.ring[--i & R.mask];
        if (e != RQ_GONE)
            R.ring[--to & R.mask] = e;
    }
    R.head = to;
}

/* The ring is full.  Out of memory, the withdrawn entries make room: a
 * task holds one live entry at most, and task_new() keeps the ring at
 * least two slots bigger than the number of tasks (rq_reserve()), so the
 * push never fails. */
__attribute__((noinline, cold)) void bl__rq_grow(void)
{
    if (rq_resize(2 * (R.mask + 1)) < 0)
        rq_compact();
}

/* The ring keeps room for every task's entry and the running one's: a
 * new task that would not fit gets ENOMEM here, at its spawn. */
static int rq_reserve(size_t ntasks)
{
    size_t cap = R.mask + 1;
    while (cap < ntasks + 2)
        cap *= 2;
    return cap == R.mask + 1 ? 0 : rq_resize(cap);
}

/* After a burst (a million spawns), give the ring's memory back, down to
 * what rq_reserve() keeps. */
static void rq_shrink(void)
{
    size_t cap = R.mask + 1, len = R.tail - R.head;
    if (cap <= RQ_KEEP || len > cap / 8)
        return;
    while (cap > RQ_KEEP && len <= cap / 8 && cap / 2 >= L.ntasks + 2)
        cap /= 2;
    if (cap < R.mask + 1)
        rq_resize(cap); /* on failure the big ring simply stays */
}

/* The push needs no BL_F_QUEUED mark for a bl_null() after a bl_null():
 * the mark stays from its last bl_null() (only bl__await_slow() and
 * rq_purge() clear it), nor an errno tag: null's event never fails. */
#define rq_push bl__rq_push

/* Puts entry at the queue's head, to be taken next: after the running
 * coroutine, in the same pass (the head only moves back). */
static void rq_push_front(bl_coro *entry)
{
    if (R.tail - R.head >= R.mask)
        bl__rq_grow();
    R.ring[--R.head & R.mask] = entry;
}

/* Withdraws co from the ready queue, if it is there: it is about to be
 * freed, or ended early. */
static void rq_purge(bl_coro *co)
{
    if (!(co->aw.flags & BL_F_QUEUED))
        return;
    co->aw.flags &= (uint8_t)~BL_F_QUEUED;
    for (size_t i = R.head; i != R.tail; i++) {
        bl_coro **r = &R.ring[i & R.mask];
        if ((bl_coro *)((uintptr_t)*r & ~RQ_TAGS) == co)
            *r = RQ_GONE;
    }
}

/* ------------------------------------------------------------------ */
/* Tasks                                                              */
/* ------------------------------------------------------------------ */

static bool slot_alive(uint32_t slot)
{
    return slot < L.nslots && (L.gens[slot] & 1);
}

/* The slot of a live task t, or -1. */
static int64_t task_slot(bl_task t)
{
    uint32_t slot = (uint32_t)t;
    if (!slot_alive(slot) || bl__task_id(slot) != t)
        return -1;
    return slot;
}

/* Grows *a, of *cap entries, to cap entries (if it has fewer). */
static int grow_u32(uint32_t **a, uint32_t *cap, uint32_t want)
{
    if (*cap >= want)
        return 0;
    uint32_t *p = bl__array_grow(*a, *cap * sizeof *p, want * sizeof *p);
    if (!p)
        return -1;
    *a = p;
    *cap = want;
    return 0;
}

static int task_new(bl_coro *root)
{
    uint32_t slot;
    if (rq_reserve(L.ntasks + 1) < 0)
        return -1;
    if (L.freeslot) {
        slot = L.freeslot - 1;
        L.freeslot = (uint32_t)(uintptr_t)L.roots[slot];
    } else {
        if (L.nslots == L.slotcap) {
            uint32_t cap = L.slotcap ? 2 * L.slotcap : 64;
            if (grow_u32(&L.gens, &L.gencap, cap) < 0 ||
                grow_u32(&L.nums, &L.numcap, cap) < 0)
                return -1;
            bl_coro **r = bl__array_grow(L.roots, L.slotcap * sizeof *r, cap * sizeof *r);
            if (!r)
                return -1;
            L.roots = r;
            L.slotcap = cap;
        }
        slot = L.nslots++;
        L.gens[slot] = 0;
    }
    L.gens[slot]++; /* odd: alive */
    L.nums[slot] = ++L.lastnum;
    L.roots[slot] = root;
    L.ntasks++;
    root->task = slot;
    root->caller = NULL;
    return (int)slot;
}

struct bl__join {
    bl__ev ev;             /* r.t: the task awaited, then the result */
    struct bl__join *next; /* L.joins */
};

/* The root task's end, read from its frame (before a kill frees it). */
static void root_end(const bl_coro *co)
{
    root_status = bl__net_status(co);
    root_errno = co->aw.err;
    L.root_ended = true;
    L.pass_end = true;
}

/* The task in slot ends: its slot is recycled, its joiners wake. */
static void task_end(uint32_t slot)
{
    bl_task id = bl__task_id(slot);
    if (slot == L.root && !L.root_ended)
        root_end(L.roots[slot]);
    L.gens[slot]++; /* even: dead */
    L.roots[slot] = (bl_coro *)(uintptr_t)L.freeslot;
    L.freeslot = slot + 1;
    L.ntasks--;
    for (struct bl__join **p = &L.joins; *p;) {
        struct bl__join *j = *p;
        if (j->ev.r.t != id) {
            p = &j->next;
            continue;
        }
        *p = j->next;
        j->ev.r.t = 0;
        bl__complete(&j->ev);
    }
}

static void task_kill(uint32_t slot)
{
    bl_coro *root = L.roots[slot];
    if (slot == L.root)
        root_end(root);
    bl__end_chain(root, false);
    task_end(slot);
}

/* ------------------------------------------------------------------ */
/* Call and return                                                    */
/* ------------------------------------------------------------------ */

bl_coro *bl__leaf(bl_coro *co)
{
    for (;;) {
        bl_aw *aw = co->awaited;
        if (!aw || aw->kind != BL_K_CORO || ((bl_coro *)aw)->state == BL_DONE)
            return co;
        co = (bl_coro *)aw;
    }
}

/* Withdraws a pending awaitable from wherever it waits. */
void bl__cancel(bl_aw *aw)
{
    if (!aw || !(aw->flags & BL_F_PENDING))
        return;
    aw->flags &= (uint8_t)~BL_F_PENDING;
    bl__deadline_drop(aw);
    const bl__kind *k = bl__kinds[aw->kind];
    if (k && k->cancel)
        k->cancel((bl__ev *)aw);
}

/* Ends the call chain from top down to its innermost callee: the pending
 * event is withdrawn, every frame freed, innermost first, and the
 * runtime's own coroutines release what they hold.  With `keep_top` (a
 * timed-out callee) the top frame stays, ended, for its caller to read. */
void bl__end_chain(bl_coro *top, bool keep_top)
{
    bl_coro *co = bl__leaf(top);
    bl__io_drop_result(co->awaited); /* gone through, never read */
    bl__cancel(co->awaited);
    bl__ev_free(co->awaited);
    co->awaited = NULL;
    for (;;) {
        bl_coro *up = co->caller;
        if (co->state != BL_DONE) { /* the runtime's own coroutines */
            bl__net_cleanup(co);
            bl__group_member_end(co);
        }
        if (co->aw.flags & BL_F_GROUPS)
            bl__groups_end(co); /* its tasks, which may point into it, first */
        if (co->state != BL_DONE && co->info->unwind)
            co->info->unwind(co); /* then its cleanup locals, innermost first */
        rq_purge(co);
        if (co == top) {
            if (keep_top) {
                co->state = BL_DONE;
                co->awaited = NULL;
            } else {
                bl__ev_free(&co->aw);
            }
            return;
        }
        bl__deadline_drop(&co->aw);
        bl__ev_free(&co->aw);
        up->awaited = NULL;
        co = up;
    }
}

/* A coroutine ended: its last result is freed.  A callee's frame lives on
 * until its caller has read the result; a task ends.  Its caller, or NULL. */
static bl_coro *coro_end(bl_coro *co)
{
    if (co->aw.flags & BL_F_GROUPS)
        bl__groups_end(co);
    bl__ev_free(co->awaited);
    co->awaited = NULL;
    if (co->caller)
        return co->caller;
    task_end(co->task);
    bl__ev_free(&co->aw);
    return NULL;
}

/* BL_END: the coroutine co ended.  An entry at the ready queue's head says
 * so to whoever resumed it: the loop, which thus looks at nothing after a
 * resume, takes it next; a resume from here takes it back (took_end()). */
void bl__ended(bl_coro *co)
{
    rq_push_front((bl_coro *)((uintptr_t)co | RQ_ENDED));
}

/* Whether co, just resumed here, ended; then its bl__ended() entry, at the
 * queue's head, is taken back, and the caller goes on with its end. */
static bool took_end(const bl_coro *co)
{
    if (co->state != BL_DONE)
        return false;
    R.head++;
    return true;
}

/* Resumes co, with errno as its completed awaitable left it.  true: it
 * ended (took_end()). */
static bool resume(bl_coro *co)
{
    if (co->awaited && co->awaited->err)
        errno = co->awaited->err;
    co->info->resume(co);
    return took_end(co);
}

static bl_coro kill_mark; /* L.tramp: the running task killed itself */

/* Sets L.tramp.  When it was empty, a marker (RQ_STEP) goes in at the
 * ready queue's head, so the loop takes the trampoline as soon as the
 * running chain has unwound, and checks for none after each resume. */
static void tramp_set(bl_coro *t)
{
    if (!L.tramp)
        rq_push_front(RQ_STEP);
    L.tramp = t;
}

/* The rest of a step whose coroutine co ended (its bl__ended() entry
 * taken): its caller continues at once, and so on up the chain. */
static __attribute__((noinline)) void step_more(bl_coro *co)
{
    for (;;) {
        bl_coro *caller = coro_end(co);
        if (!caller) {
            L.budget = BL_FAST_MAX; /* (the task ended: see run_ready()) */
            return;
        }
        bl__deadline_drop(&co->aw);
        co = caller;
        if (!resume(co))
            return;
    }
}

/* The loop met the marker of tramp_set(): a callee too deep to start on
 * the C stack starts here, at the bottom of the stack, or a task that
 * yielded bl_kill(bl_self()) ends.  L.tramp may have been emptied since
 * (bl__deadline_arm()): then nothing. */
static __attribute__((noinline)) void step_tramp(void)
{
    bl_coro *t = L.tramp;
    if (!t)
        return;
    L.tramp = NULL;
    if (t == &kill_mark) {
        if (slot_alive(L.cur))
            task_kill(L.cur);
        L.budget = BL_FAST_MAX;
        return;
    }
    if (resume(t))
        step_more(t);
}

/* Awaiting a callee: it runs here, on our stack, unless that is already
 * deep; then the chain unwinds and step_tramp() starts it.  1: it ended. */
static int call(bl_coro *co, bl_coro *callee)
{
    if (bl__debug)
        bl__debug_check_fresh(co, callee);
    callee->caller = co;
    callee->task = co->task;
    if (L.depth >= BL_DEPTH_MAX) {
        if (!L.tramp) /* (a kill mark stays: the task ends unwinding) */
            tramp_set(callee);
        return 0;
    }
    L.depth++;
    callee->info->resume(callee);
    L.depth--;
    if (!took_end(callee))
        return 0;
    coro_end(callee);
    return 1;
}

/* Everything bl__await() (bluelet.h) leaves to the general path: the
 * previous result freed, the awaitable started, and finished at once when
 * it completed, within the fairness budget. */
int bl__await_slow(bl_coro *co, bl_aw *aw)
{
    bl_aw *prev = co->awaited; /* the previous result has been read */
    co->awaited = aw;
    co->aw.flags &= (uint8_t)~(BL_F_QUEUED | BL_F_AT_NULL); /* it runs: it
                                                             was taken off */
    if (__builtin_expect(prev && prev->kind == BL_K_IO && prev != aw, 1)) {
        bl__ev_release(prev); /* (the common case: an operation, never static) */
    } else if (prev && prev->kind > BL_K_FAILED && !(prev->flags & BL_F_STATIC)) {
        if (__builtin_expect(prev != aw, 1))
            bl__ev_release(prev);
        else
            bl__debug_reused(co);
    }
    int done;
    if (__builtin_expect(aw->kind == BL_K_IO, 1)) { /* first: the I/O path */
        bl__io *io = (bl__io *)aw; /* (bl__kind_io's start, without the detour) */
        io->ev.co = co;
        if (L.ready_ops && (unsigned)io->fd < (unsigned)L.nfds)
            done = bl__start_known(io); /* bl__ready_start(), inline */
        else
            done = L.be->start(io);
        if (!done)
            aw->flags |= BL_F_PENDING;
    } else switch (aw->kind) {
    case BL_K_NULL:
        rq_push(co);
        co->aw.flags |= BL_F_QUEUED | BL_F_AT_NULL;
        L.budget = BL_FAST_MAX;
        return 1;
    case BL_K_FAILED:
        done = 1;
        break;
    case BL_K_CORO:
        done = call(co, (bl_coro *)aw);
        break;
    default:
        ((bl__ev *)aw)->co = co;
        done = bl__kinds[aw->kind]->start((bl__ev *)aw);
        if (!done)
            aw->flags |= BL_F_PENDING;
        break;
    }
    if (!done) {
        if (aw->flags & BL_F_DEADLINE)
            bl__deadline_arm(aw, co);
        L.budget = BL_FAST_MAX;
        return 1;
    }
    if (aw->flags & BL_F_DEADLINE)
        bl__deadline_drop(aw);
    if (--L.budget <= 0) { /* fair: let the others run first */
        bl__wake_from(co, aw);
        L.budget = BL_FAST_MAX;
        return 1;
    }
    if (aw->err)
        errno = aw->err;
    return 0;
}

/* ------------------------------------------------------------------ */
/* null, spawn, join, kill                                            */
/* ------------------------------------------------------------------ */

bl_ev_int bl__null_ev = {{.kind = BL_K_NULL, .flags = BL_F_STATIC}, 0};
static bl_ev_int failed_int = {{.kind = BL_K_FAILED, .err = ENOMEM}, -1};
static bl_ev_task failed_task = {{.kind = BL_K_FAILED, .err = ENOMEM}, 0};

bl_ev_task *bl__spawn(bl_aw *h)
{
    bl__ev *ev = bl__ev_new(BL_K_SPAWN);
    if (!ev) {
        if (h->kind == BL_K_CORO)
            bl__ev_free(h);
        return &failed_task;
    }
    ev->r.p = h;
    return (bl_ev_task *)ev;
}

bl_task bl__task_start(bl_coro *root)
{
    int slot = task_new(root);
    if (slot < 0)
        return 0;
    bl__wake(root);
    return bl__task_id((uint32_t)slot);
}

static int spawn_start(bl__ev *ev)
{
    bl_aw *h = ev->r.p;
    ev->r.t = 0;
    if (bl__debug)
        bl__debug_check_spawn(ev->co, h);
    if (h->kind != BL_K_CORO) {
        ev->aw.err = h->kind == BL_K_FAILED ? h->err : EINVAL;
        return 1;
    }
    ev->r.t = bl__task_start((bl_coro *)h);
    if (!ev->r.t) {
        bl__ev_free(h);
        ev->aw.err = ENOMEM;
    }
    return 1;
}

static bl_ev_int *target_ev(unsigned kind, bl_task t)
{
    bl__ev *ev = bl__ev_new(kind);
    if (!ev)
        return &failed_int;
    ev->r.t = t;
    return (bl_ev_int *)ev;
}

bl_ev_int *bl_join(bl_task t)
{
    return target_ev(BL_K_JOIN, t);
}

/* A kill done at once (its event could not be allocated): result 0. */
static bl_ev_int killed_int = {{.kind = BL_K_FAILED, .err = 0}, 0};

bl_ev_int *bl_kill(bl_task t)
{
    bl_ev_int *ev = target_ev(BL_K_KILL, t);
    if (ev != &failed_int)
        return ev;
    /* Out of memory, a kill still kills (a server stopped by a signal
     * must end): another task at once, as kill_start would at the yield;
     * only the caller's own end needs the event, and fails with ENOMEM. */
    int64_t slot = task_slot(t);
    if (slot >= 0 && (uint32_t)slot == L.cur)
        return ev;
    if (slot >= 0)
        task_kill((uint32_t)slot);
    return &killed_int;
}

static int join_start(bl__ev *ev)
{
    int64_t slot = task_slot(ev->r.t);
    if (slot < 0) {
        ev->r.t = 0;
        return 1;
    }
    if ((uint32_t)slot == L.cur) {
        ev->r.t = 0;
        ev->r.i = -1;
        ev->aw.err = EDEADLK;
        return 1;
    }
    struct bl__join *j = (struct bl__join *)ev, **p = &L.joins;
    while (*p) /* joiners wake in the order they joined */
        p = &(*p)->next;
    j->next = NULL;
    *p = j;
    return 0;
}

static void join_cancel(bl__ev *ev)
{
    for (struct bl__join **p = &L.joins; *p; p = &(*p)->next) {
        if (*p == (struct bl__join *)ev) {
            *p = (*p)->next;
            return;
        }
    }
}

static int kill_start(bl__ev *ev)
{
    int64_t slot = task_slot(ev->r.t);
    ev->r.t = 0;
    if (slot < 0)
        return 1;
    if ((uint32_t)slot == L.cur) {
        tramp_set(&kill_mark); /* ended by the loop once it is back */
        return 0;
    }
    task_kill((uint32_t)slot);
    return 1;
}

void bl__task_cancel(bl_task t)
{
    int64_t slot = task_slot(t);
    if (slot < 0)
        return;
    if ((uint32_t)slot == L.cur) {
        tramp_set(&kill_mark); /* ended by the loop once it is back */
        return;
    }
    task_kill((uint32_t)slot);
}

bool bl__task_root(const bl_coro *co)
{
    return slot_alive(co->task) && L.roots[co->task] == co;
}

bl_coro *bl__running(void)
{
    return L.running && slot_alive(L.cur) ? bl__leaf(L.roots[L.cur]) : NULL;
}

/* The task joined, by its number (as bl_dump numbers tasks). */
static void describe_task(bl__ev *ev, FILE *out)
{
    int64_t slot = task_slot(ev->r.t);
    if (slot >= 0)
        fprintf(out, " task %lu", (unsigned long)L.nums[slot]);
    else
        fputs(" a task that ended", out);
}

/* An awaitable freed and poisoned (debug mode's quarantine) and yielded
 * again. */
static int freed_start(bl__ev *ev)
{
    bl__misuse(ev->co, "an awaitable that was freed (a handle or event used again)");
}

static const bl__kind kind_freed = {"freed", 0, freed_start, NULL, NULL, BL_R_INT};
static const bl__kind kind_spawn = {"spawn", sizeof(bl__ev), spawn_start, NULL, NULL, BL_R_TASK};
static const bl__kind kind_join = {"join", sizeof(struct bl__join), join_start, join_cancel, describe_task, BL_R_INT};
static const bl__kind kind_kill = {"kill", sizeof(bl__ev), kill_start, NULL, NULL, BL_R_INT};
static const bl__kind kind_null = {"null", 0, NULL, NULL, NULL, BL_R_INT};
static const bl__kind kind_coro = {"coroutine", 0, NULL, NULL, NULL, BL_R_CORO};

const bl__kind *const bl__kinds[BL_K_COUNT] = {
    [BL_K_NONE] = &kind_freed,
    [BL_K_CORO] = &kind_coro,
    [BL_K_NULL] = &kind_null,
    [BL_K_SPAWN] = &kind_spawn,
    [BL_K_JOIN] = &kind_join,
    [BL_K_KILL] = &kind_kill,
    [BL_K_SLEEP] = &bl__kind_sleep,
    [BL_K_DEADLINE] = &bl__kind_deadline,
    [BL_K_IO] = &bl__kind_io,
    [BL_K_SIGNAL] = &bl__kind_signal,
    [BL_K_CHAN] = &bl__kind_chan,
    [BL_K_COND] = &bl__kind_cond,
    [BL_K_WAITFD] = &bl__kind_waitfd,
    [BL_K_GROUP_ANY] = &bl__kind_group_any,
    [BL_K_GROUP_ALL] = &bl__kind_group_all,
    [BL_K_GROUP_SPAWN] = &bl__kind_group_spawn,
    [BL_K_WORK] = &bl__kind_work,
};

bl_task bl_self(void)
{
    return L.running && slot_alive(L.cur) ? bl__task_id(L.cur) : 0;
}

/* ------------------------------------------------------------------ */
/* The loop                                                           */
/* ------------------------------------------------------------------ */

/* Resumes every coroutine that was ready when the pass began; those that
 * become ready meanwhile wait for the next pass, after the poller.  When
 * the next pass would only run the queue again (no timer, no fd waited
 * on, bl_run's task alive), it begins here at once.
 * Each resume starts with the fairness budget full (BL_FAST_MAX), not by a
 * store here but because every way back to this loop fills it: a suspension
 * in bl__await_slow(), a task's end in step_more() or step_tramp(); the
 * one that does not, bl__await()'s inline bl_null() after a bl_null(),
 * comes from a coroutine that has made no await since it was resumed
 * (its awaited is still bl_null()'s: BL_F_AT_NULL), so none was spent. */
static void run_ready(void)
{
    size_t stop = R.tail; /* the head moves on here and in rq_compact(), and
                             back in rq_push_front() (within the pass) */
    for (;;) {
        size_t h = R.head;
        if (__builtin_expect((ptrdiff_t)(h - stop) >= 0, 0)) {
            stop = R.tail; /* a new pass, here when the clock was not read
                              in this one (bl__now() ends it) */
            if (h == stop || L.pass_end)
                return;
        }
        R.head = h + 1;
        bl_coro *co = R.ring[h & R.mask];
        if ((uintptr_t)co & RQ_TAGS) {
            if ((uintptr_t)co & RQ_ENDED) { /* a marker, not a wake */
                if (co == RQ_STEP)
                    step_tramp();
                else /* the last one resumed ended */
                    step_more((bl_coro *)((uintptr_t)co & ~RQ_TAGS));
                continue;
            }
            co = (bl_coro *)((uintptr_t)co & ~RQ_RESTORE);
            if (!co)
                continue; /* withdrawn */
            if (co->awaited && co->awaited->err)
                errno = co->awaited->err;
        }
        L.cur = co->task; /* (still marked queued: see rq_push()) */
        co->info->resume(co); /* (with L.budget full: see below) */
    }
}

/* Waits for fds: up to the next timer, not at all when coroutines are
 * ready (and then not even a syscall when no fd is waited on).  0, or -1
 * when nothing could ever wake anyone (a deadlock). */
static int run_poll(void)
{
    bool ready = R.tail != R.head;
    if (ready && !L.nwait)
        return 0;
    int timeout = ready ? 0 : L.nheap ? bl__timers_wait_ms() : -1;
    if (L.nwait == 0) {
        if (timeout < 0)
            return -1;
        if (timeout == 0)
            return 0;
    }
    L.be->poll(L.bes, timeout, bl__fd_ready);
    L.now_valid = false; /* time passed */
    return 0;
}

/* The loop, in the order things happen (compare libuv's uv_run). */
static void loop_run(void)
{
    while (!L.root_ended) {
        L.now_valid = false;    /* the clock is read when first needed */
        if (L.nheap) {
            L.cur = BL_NO_TASK; /* (no task runs while timers fire) */
            bl__timers_run();   /* 1. due timers complete their events */
        }
        L.pass_end = L.nheap || L.nwait || L.ring_big;
        run_ready();            /* 2. ready coroutines run, in order  */
        if (__builtin_expect(L.ring_big, 0))
            rq_shrink();
        if (L.root_ended)
            break;
        if (run_poll() < 0) {   /* 3. wait for fds, complete their events */
            root_status = -1;
            root_errno = EDEADLK;
            break;
        }
    }
}

static const bl__backend *backend_choose(void)
{
    static const bl__backend *const all[] = {
#if defined(__linux__)
        &bl__epoll,
#endif
#if defined(__linux__) && defined(BL_HAVE_URING)
        &bl__uring,
#endif
#if defined(__APPLE__) || defined(__FreeBSD__) || defined(__OpenBSD__) ||     \
    defined(__NetBSD__) || defined(__DragonFly__)
        &bl__kqueue,
#endif
        &bl__poll,
    };
    const char *want = getenv("BLUELET_BACKEND");
    if (!want || !*want)
        return all[0];
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(all[i]->name, want) == 0)
            return all[i];
#if defined(__linux__)
    if (strcmp(want, "io_uring") == 0) /* built without liburing */
        return &bl__epoll;
#endif
    return NULL;
}

const char *bl_backend(void)
{
    const bl__backend *be = L.running ? L.be : backend_choose();
    return be ? be->name : "none";
}

/* SIGPIPE is the process's: the first loop to start sets it to SIG_IGN
 * (if it was SIG_DFL), the last to end restores it (loops_mu). */
static struct sigaction old_sigpipe;
static unsigned sigpipe_loops;

static void sigpipe_ignore(void)
{
    pthread_mutex_lock(&loops_mu);
    if (sigpipe_loops++ == 0) {
        struct sigaction ign = {.sa_handler = SIG_IGN};
        sigaction(SIGPIPE, NULL, &old_sigpipe);
        if (old_sigpipe.sa_handler == SIG_DFL)
            sigaction(SIGPIPE, &ign, NULL);
    }
    pthread_mutex_unlock(&loops_mu);
}

static void sigpipe_restore(void)
{
    pthread_mutex_lock(&loops_mu);
    if (--sigpipe_loops == 0 && old_sigpipe.sa_handler == SIG_DFL)
        sigaction(SIGPIPE, &old_sigpipe, NULL);
    pthread_mutex_unlock(&loops_mu);
}

static int loop_init(void)
{
    L.be = backend_choose();
    if (!L.be) {
        errno = EINVAL;
        return -1;
    }
    R.ring = malloc(RQ_MIN * sizeof *R.ring);
    if (!R.ring)
        return -1;
    R.mask = RQ_MIN - 1;
    int rc = L.be->init(&L.bes);
#if defined(__linux__) && defined(BL_HAVE_URING)
    if (rc < 0 && L.be == &bl__uring) { /* a kernel without what it needs */
        L.be = &bl__epoll;
        rc = L.be->init(&L.bes);
    }
#endif
    if (rc < 0) {
        int e = errno;
        free(R.ring);
        R = (struct bl__ready){0};
        errno = e;
        return -1;
    }
    L.ready_ops = L.be->start == bl__ready_start;
    L.budget = BL_FAST_MAX; /* the first resume's (run_ready()) */
    L.sent.aw = (bl_aw){.kind = BL_K_FAILED, .flags = BL_F_STATIC};
    L.running = true;
    pthread_mutex_lock(&loops_mu);
    L.next_loop = bl__loops;
    bl__loops = &L;
    pthread_mutex_unlock(&loops_mu);
    /* Writes to a closed pipe fail with EPIPE instead of killing us. */
    sigpipe_ignore();
    return 0;
}

static void loop_free(void)
{
    pthread_mutex_lock(&loops_mu);
    for (bl__loop **p = &bl__loops; *p; p = &(*p)->next_loop)
        if (*p == &L) {
            *p = L.next_loop;
            break;
        }
    pthread_mutex_unlock(&loops_mu);
    R.head = R.tail; /* every task ends: nothing to withdraw one by one */
    L.cur = BL_NO_TASK;
    for (uint32_t i = 0; i < L.nslots; i++)
        if (slot_alive(i))
            task_kill(i);
    bl__work_free();
    bl__signal_free();
    bl__io_free();
    bl__timers_free();
    L.be->free(L.bes);
    sigpipe_restore();
    free(R.ring);
    bl__array_free(L.roots, L.slotcap * sizeof *L.roots);
    bl__array_free(L.gens, L.gencap * sizeof *L.gens);
    bl__array_free(L.nums, L.numcap * sizeof *L.nums);
    L = (bl__loop){0};
    R = (struct bl__ready){0};
    bl__alloc_release();
}

/* Frees what bl__run_helped() was given and did not start. */
static void run_drop(bl_aw *root, bl_coro *const *helpers, int nhelpers)
{
    bl__ev_free(root);
    for (int i = 0; i < nhelpers; i++)
        bl__ev_free(&helpers[i]->aw);
}

/* bl_run(root), with helpers started as tasks of their own beside the
 * root (bl_run_threads' stoppers); they end with the loop, like every
 * task.  A failed helper handle fails the run with its errno. */
int bl__run_helped(bl_aw *root, bl_coro *const *helpers, int nhelpers)
{
    int e = EINVAL;
    if (root->kind != BL_K_CORO) {
        e = root->kind == BL_K_FAILED ? root->err : EINVAL;
        goto out_drop;
    }
    for (int i = 0; i < nhelpers; i++)
        if (helpers[i]->aw.kind != BL_K_CORO) {
            e = helpers[i]->aw.err ? helpers[i]->aw.err : EINVAL;
            goto out_drop;
        }
    if (L.running) {
        e = EBUSY;
        goto out_drop;
    }
    if (loop_init() < 0) {
        e = errno;
        L = (bl__loop){0};
        goto out_drop;
    }
    int slot = task_new((bl_coro *)root);
    if (slot < 0)
        goto out_nomem;
    L.root = (uint32_t)slot;
    bl__wake((bl_coro *)root);
    for (int i = 0; i < nhelpers; i++) {
        if (task_new(helpers[i]) < 0) {
            run_drop(NULL, helpers + i, nhelpers - i);
            loop_free();
            errno = ENOMEM;
            return -1;
        }
        bl__wake(helpers[i]);
    }
    root_status = 0;
    root_errno = 0;
    loop_run();
    int status = root_status, err = root_errno;
    loop_free();
    if (status < 0) {
        errno = err ? err : EIO;
        return -1;
    }
    return 0;
out_nomem:
    e = ENOMEM;
    bl__ev_free(root);
    root = NULL;
    loop_free();
out_drop:
    run_drop(root, helpers, nhelpers);
    if (!L.running)
        bl__alloc_release(); /* a thread that ends now leaves no slab */
    errno = e;
    return -1;
}

int bl__run(bl_aw *root)
{
    return bl__run_helped(root, NULL, 0);
}

/* The task of bl_run's coroutine, while it runs. */
bl_task bl__root_task(void)
{
    return L.running && slot_alive(L.root) ? bl__task_id(L.root) : 0;
}

/* ------------------------------------------------------------------ */
/* Introspection                                                      */
/* ------------------------------------------------------------------ */

void bl_stats(struct bl_stats *out)
{
    out->frames = bl__nframes;
    out->events = bl__nevents;
    out->tasks = L.ntasks;
    out->fds = L.nreg;
    bl__net_stats(out);
}

static void dump_coro(FILE *out, bl_coro *co, int depth)
{
    const bl_coro_info *in = co->info;
    int s = co->state;
    fprintf(out, "  %*s%s (%s:", 2 * depth, "", in->name,
            in->file ? in->file : "?");
    if (in->lines && s >= 0 && (unsigned)s < in->nstates)
        fprintf(out, "%u)", in->lines[s]);
    else
        fputs("?)", out);
}

void bl_dump(FILE *out)
{
    fprintf(out, "bluelet: %zu task(s), backend %s\n", L.ntasks, bl_backend());
    for (uint32_t i = 0; i < L.nslots; i++) {
        if (!slot_alive(i))
            continue;
        fprintf(out, "task %" PRIu32 "%s\n", L.nums[i], i == L.root ? " (root)" : "");
        int depth = 0;
        for (bl_coro *co = L.roots[i];; depth++) {
            dump_coro(out, co, depth);
            bl_aw *aw = co->awaited;
            if (aw && aw->kind == BL_K_CORO &&
                ((bl_coro *)aw)->state != BL_DONE) {
                fputs(" calls\n", out);
                co = (bl_coro *)aw;
                continue;
            }
            if (!aw || !(aw->flags & BL_F_PENDING)) {
                fputs(L.running && i == L.cur ? " running\n"
                      : co->state == 0        ? " not started\n"
                                              : " ready\n", out);
                break;
            }
            const bl__kind *k = bl__kinds[aw->kind];
            fprintf(out, " waits on %s", k->name);
            if (k->describe)
                k->describe((bl__ev *)aw, out);
            if (aw->flags & BL_F_DEADLINE) {
                bl__timer *t = (bl__timer *)aw->next;
                fprintf(out, " deadline in %.3fs",
                        ((double)t->deadline - (double)bl__now()) / 1e9);
            }
            fputc('\n', out);
            break;
        }
    }
}
