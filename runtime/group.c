/*
 * group.c - task groups: structured concurrency (Trio's nurseries,
 * libdill's bundles).
 *
 * Key decisions:
 *  - A group belongs to the coroutine that made it (its owner).  When the
 *    owner ends, however it ends (return, bl_kill, bl_timeout), its groups
 *    are freed and every task still in them is killed, so no task outlives
 *    the frame whose locals it was handed.  The owner is found by a small
 *    hash table from frame to groups, asked only for frames marked
 *    BL_F_GROUPS, so other coroutines' ends cost one flag test.
 *  - Each task of a group runs under a runtime coroutine, a member, that
 *    calls the task's coroutine and, when it returns or is killed, takes
 *    the task out of the group (libdill's bundle_go wraps the same way).
 *    The member's frame is the group's list node: nothing else is
 *    allocated per task.
 *  - A task that ended is remembered by its id until bl_group_wait_any()
 *    reports it (like a child process until waitpid()), in the order the
 *    tasks ended, so "the first that ended" is never missed;
 *    bl_group_wait_all() reports them all at once.
 *  - Killing a group's tasks from one of them ends that task at its next
 *    yield (as bl_kill(bl_self()) does), never under its own feet;
 *    bl_group_cancel() spares the caller's own task: "cancel the rest".
 */
#include "internal.h"

#include <stdlib.h>

typedef struct member member;

struct bl_group {
    bl_coro *owner;            /* the coroutine it belongs to */
    bl_group *sibling;         /* the owner's next group */
    member *head, *tail;       /* tasks alive, in the order spawned */
    size_t nlive;
    bl_task *ended;            /* ended, not yet reported: a ring */
    size_t ehead, elen, ecap;
    struct gwait *whead, *wtail; /* waiters, first come first served */
};

/* A waiter of bl_group_wait_any() or bl_group_wait_all(). */
typedef struct gwait {
    bl__ev ev;                 /* r.t (any) or r.i (all) */
    bl_group *g;
    struct gwait *prev, *next; /* g's waiters, while it waits */
} gwait;

/* ------------------------------------------------------------------ */
/* Owners: frame -> its groups                                        */
/* ------------------------------------------------------------------ */

/* Open addressing, linear probing, deletion by backward shift; the
 * table is a power of two, at most half full. */
static _Thread_local struct {
    bl_group **slot;           /* the first group of an owner, or NULL */
    size_t mask, len;
} owners;

static size_t owner_hash(const bl_coro *co)
{
    uintptr_t h = (uintptr_t)co;
    h ^= h >> 17;
    h *= (uintptr_t)0x9e3779b97f4a7c15ull;
    return (size_t)(h >> 7);
}

static size_t owner_find(const bl_coro *co)
{
    size_t i = owner_hash(co) & owners.mask;
    while (owners.slot[i] && owners.slot[i]->owner != co)
        i = (i + 1) & owners.mask;
    return i;
}

static int owners_grow(void)
{
    size_t cap = owners.slot ? 2 * (owners.mask + 1) : 64;
    bl_group **old = owners.slot, **t = calloc(cap, sizeof *t);
    if (!t)
        return -1;
    size_t oldcap = old ? owners.mask + 1 : 0;
    owners.slot = t;
    owners.mask = cap - 1;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i])
            owners.slot[owner_find(old[i]->owner)] = old[i];
    free(old);
    return 0;
}

/* g joins the groups of its owner: 0, or -1 (ENOMEM). */
static int owner_add(bl_group *g)
{
    if ((!owners.slot || 2 * (owners.len + 1) > owners.mask + 1) && owners_grow() < 0)
        return -1;
    size_t i = owner_find(g->owner);
    if (!owners.slot[i])
        owners.len++;
    g->sibling = owners.slot[i];
    owners.slot[i] = g;
    g->owner->aw.flags |= BL_F_GROUPS;
    return 0;
}

/* Empties slot i, shifting back the entries that probed past it. */
static void owner_remove_slot(size_t i)
{
    owners.len--;
    for (size_t j = i;;) {
        owners.slot[i] = NULL;
        for (;;) {
            j = (j + 1) & owners.mask;
            if (!owners.slot[j])
                return;
            size_t home = owner_hash(owners.slot[j]->owner) & owners.mask;
            /* j may move to i when its home is not in (i, j]. */
            if (i <= j ? (home <= i || home > j) : (home <= i && home > j))
                break;
        }
        owners.slot[i] = owners.slot[j];
        i = j;
    }
}

/* g leaves the groups of its owner. */
static void owner_del(bl_group *g)
{
    size_t i = owner_find(g->owner);
    bl_group **p = &owners.slot[i];
    while (*p != g)
        p = &(*p)->sibling;
    *p = g->sibling;
    if (!owners.slot[i]) {
        owner_remove_slot(i);
        g->owner->aw.flags &= (uint8_t)~BL_F_GROUPS;
    }
    if (!owners.len) { /* the loop may end: nothing kept */
        free(owners.slot);
        owners.slot = NULL;
        owners.mask = 0;
    }
}

/* ------------------------------------------------------------------ */
/* Members: the runtime's coroutine around each task of a group       */
/* ------------------------------------------------------------------ */

/* coroutine void member(bl_group *g, bl_coro *task)
 * {
 *     yield task;
 *     left(self);
 * } */
struct member {
    bl_coro co;
    bl_group *g;
    bl_coro *task;             /* the coroutine it runs */
    member *prev, *next;       /* g's tasks alive */
};

static void member__resume(bl_coro *co);
static const bl_coro_info member__info; /* after its resume function */

static void waiter_unlink(gwait *w)
{
    bl_group *g = w->g;
    if (w->prev)
        w->prev->next = w->next;
    else
        g->whead = w->next;
    if (w->next)
        w->next->prev = w->prev;
    else
        g->wtail = w->prev;
    w->g = NULL;
}

/* Completes the waiters that can be now: wait_any ones while an ended
 * task is there to report, wait_all ones once none is alive. */
static void waiters_serve(bl_group *g)
{
    for (gwait *w = g->whead, *next; w; w = next) {
        next = w->next;
        if (w->ev.aw.kind == BL_K_GROUP_ANY) {
            if (g->elen) {
                w->ev.r.t = g->ended[g->ehead];
                g->ehead = (g->ehead + 1) % g->ecap;
                g->elen--;
            } else if (g->nlive) {
                continue;
            } else {
                w->ev.r.t = 0;
                w->ev.aw.err = ECHILD;
            }
        } else if (!g->nlive) {
            g->elen = 0; /* all reported */
            w->ev.r.i = 0;
        } else {
            continue;
        }
        waiter_unlink(w);
        bl__complete(&w->ev);
    }
}

/* Notes an ended task for wait_any (out of memory: it is not reported,
 * as if reaped). */
static void ended_push(bl_group *g, bl_task id)
{
    if (g->elen == g->ecap) {
        size_t cap = g->ecap ? 2 * g->ecap : 8;
        bl_task *t = malloc(cap * sizeof *t);
        if (!t)
            return;
        for (size_t i = 0; i < g->elen; i++)
            t[i] = g->ended[(g->ehead + i) % g->ecap];
        free(g->ended);
        g->ended = t;
        g->ehead = 0;
        g->ecap = cap;
    }
    g->ended[(g->ehead + g->elen) % g->ecap] = id;
    g->elen++;
}

/* The member's task ended (returned or killed): out of the group. */
static void left(member *m)
{
    bl_group *g = m->g;
    if (!g)
        return;
    m->g = NULL;
    if (m->prev)
        m->prev->next = m->next;
    else
        g->head = m->next;
    if (m->next)
        m->next->prev = m->prev;
    else
        g->tail = m->prev;
    g->nlive--;
    ended_push(g, bl__task_id(m->co.task));
    waiters_serve(g);
}

/* The lines of the resume function and of its awaits (BL__AWAIT_AT). */
enum {
    member__L0 = __LINE__ + 3,
    member__L1 = member__L0 + 7,
};
static void member__resume(bl_coro *co)
{
    member *self = (member *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL__AWAIT_AT(member__L1, co, 1, self->task);
resume_1:
    left(self);
    BL_END(co);
}

static const unsigned member__lines[] = {member__L0, member__L1};
static const bl_coro_info member__info = {
    "bl_group task", __FILE__, member__resume, sizeof(member), 2, member__lines, NULL,
};

/* ------------------------------------------------------------------ */
/* Groups                                                             */
/* ------------------------------------------------------------------ */

bl_group *bl_group_new(void)
{
    bl_coro *owner = bl__running();
    if (!owner) {
        errno = EPERM;
        return NULL;
    }
    bl_group *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->owner = owner;
    if (owner_add(g) < 0) {
        free(g);
        errno = ENOMEM;
        return NULL;
    }
    return g;
}

/* Kills g's tasks, all or all but the running one. */
static void cancel(bl_group *g, bool spare_self)
{
    bl_task self = spare_self ? bl_self() : 0;
    member *m = g->head;
    while (m) {
        bl_task t = bl__task_id(m->co.task);
        member *next = m->next;
        if (t != self)
            bl__task_cancel(t); /* m leaves g, unless it runs */
        m = next;
    }
}

void bl_group_cancel(bl_group *g)
{
    if (g)
        cancel(g, true);
}

/* Frees g: its tasks are killed (the running one at its next yield, out
 * of the group already), its waiters complete. */
static void group_free(bl_group *g)
{
    cancel(g, false);
    for (member *m = g->head; m; m = m->next)
        m->g = NULL; /* the running task, ending soon */
    g->head = g->tail = NULL;
    g->nlive = 0;
    waiters_serve(g);
    owner_del(g);
    free(g->ended);
    free(g);
}

void bl_group_free(bl_group *g)
{
    if (g)
        group_free(g);
}

void bl__groups_end(bl_coro *owner)
{
    for (size_t i; owners.slot && owners.slot[i = owner_find(owner)];)
        group_free(owners.slot[i]);
    owner->aw.flags &= (uint8_t)~BL_F_GROUPS;
}

void bl__group_member_end(bl_coro *co)
{
    if (co->info != &member__info)
        return;
    member *m = (member *)co;
    if (co->state == 0) /* killed before it ran: its task never started */
        bl__ev_free(&m->task->aw);
    left(m);
}

/* ------------------------------------------------------------------ */
/* Events                                                             */
/* ------------------------------------------------------------------ */

static bl_ev_task failed_task = {{.kind = BL_K_FAILED, .err = ENOMEM}, 0};
static bl_ev_task invalid_task = {{.kind = BL_K_FAILED, .err = EINVAL}, 0};
static bl_ev_int failed_int = {{.kind = BL_K_FAILED, .err = ENOMEM}, -1};
static bl_ev_int invalid_int = {{.kind = BL_K_FAILED, .err = EINVAL}, -1};

/* The spawn event: r.p the handle until it starts, then the task id. */
typedef struct gspawn {
    bl__ev ev;
    bl_group *g;
} gspawn;

bl_ev_task *bl__group_spawn(bl_group *g, bl_aw *h)
{
    gspawn *sp = g ? bl__ev_new(BL_K_GROUP_SPAWN) : NULL;
    if (!sp) {
        bl__ev_free(h);
        return g ? &failed_task : &invalid_task;
    }
    sp->ev.r.p = h;
    sp->g = g;
    return (bl_ev_task *)sp;
}

static int spawn_start(bl__ev *ev)
{
    gspawn *sp = (gspawn *)ev;
    bl_aw *h = ev->r.p;
    ev->r.t = 0;
    if (bl__debug)
        bl__debug_check_spawn(ev->co, h);
    if (h->kind != BL_K_CORO) {
        ev->aw.err = h->kind == BL_K_FAILED ? h->err : EINVAL;
        return 1;
    }
    member *m = bl__frame_new(&member__info);
    if (m && !(ev->r.t = bl__task_start(&m->co))) {
        bl__ev_free(&m->co.aw);
        m = NULL;
    }
    if (!m) {
        bl__ev_free(h);
        ev->aw.err = ENOMEM;
        return 1;
    }
    bl_group *g = sp->g;
    m->g = g;
    m->task = (bl_coro *)h;
    m->next = NULL;
    m->prev = g->tail;
    if (g->tail)
        g->tail->next = m;
    else
        g->head = m;
    g->tail = m;
    g->nlive++;
    return 1;
}

static gwait *wait_new(unsigned kind, bl_group *g)
{
    gwait *w = bl__ev_new(kind);
    if (w) {
        w->g = g;
        w->prev = w->next = NULL;
    }
    return w;
}

bl_ev_task *bl_group_wait_any(bl_group *g)
{
    if (!g)
        return &invalid_task;
    gwait *w = wait_new(BL_K_GROUP_ANY, g);
    return w ? (bl_ev_task *)w : &failed_task;
}

bl_ev_int *bl_group_wait_all(bl_group *g)
{
    if (!g)
        return &invalid_int;
    gwait *w = wait_new(BL_K_GROUP_ALL, g);
    return w ? (bl_ev_int *)w : &failed_int;
}

static int wait_start(bl__ev *ev)
{
    gwait *w = (gwait *)ev;
    bl_group *g = w->g;
    if (ev->aw.kind == BL_K_GROUP_ANY && (g->elen || !g->nlive)) {
        if (g->elen) {
            ev->r.t = g->ended[g->ehead];
            g->ehead = (g->ehead + 1) % g->ecap;
            g->elen--;
        } else {
            ev->r.t = 0;
            ev->aw.err = ECHILD;
        }
        w->g = NULL;
        return 1;
    }
    if (ev->aw.kind == BL_K_GROUP_ALL && !g->nlive) {
        g->elen = 0; /* all reported */
        ev->r.i = 0;
        w->g = NULL;
        return 1;
    }
    w->prev = g->wtail;
    w->next = NULL;
    if (g->wtail)
        g->wtail->next = w;
    else
        g->whead = w;
    g->wtail = w;
    return 0;
}

static void wait_cancel(bl__ev *ev)
{
    gwait *w = (gwait *)ev;
    if (w->g)
        waiter_unlink(w);
}

static void describe_group(bl__ev *ev, FILE *out)
{
    bl_group *g = ((gwait *)ev)->g;
    if (g)
        fprintf(out, " %p (%zu alive)", (void *)g, g->nlive);
}

const bl__kind bl__kind_group_spawn = {
    "group spawn", sizeof(gspawn), spawn_start, NULL, NULL, BL_R_TASK,
};
const bl__kind bl__kind_group_any = {
    "group any", sizeof(gwait), wait_start, wait_cancel, describe_group, BL_R_TASK,
};
const bl__kind bl__kind_group_all = {
    "group all", sizeof(gwait), wait_start, wait_cancel, describe_group, BL_R_INT,
};
