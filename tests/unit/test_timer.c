/*
 * test_timer.c - bl_sleep and bl_timeout: deadline order, ties in start
 * order, many timers, timers cancelled by kill, deadlines on events and
 * on coroutines.
 */
#include "blt.h"

#define NT 200
static int order[NT]; /* who woke, in order */
static int nwoke;

/* coroutine void napper(int id, double s, bl_task gate)
 * {
 *     if (gate)
 *         yield bl_join(gate);
 *     yield bl_sleep(s);
 *     order[nwoke++] = id;
 * } */
struct napper__frame {
    bl_coro co;
    int id;
    double s;
    bl_task gate;
};
static void napper__resume(bl_coro *co);
static const unsigned napper__lines[] = {1, 5, 4};
static const bl_coro_info napper__info = {
    "napper", "test_timer.blc", napper__resume, sizeof(struct napper__frame), 3, napper__lines, NULL,
};
static bl_coro napper__failed = BL_FAILED_HANDLE;

static bl_coro *napper(int id, double s, bl_task gate)
{
    struct napper__frame *self = bl__frame_new(&napper__info);
    if (!self)
        return &napper__failed;
    self->id = id;
    self->s = s;
    self->gate = gate;
    return &self->co;
}

static void napper__resume(bl_coro *co)
{
    struct napper__frame *self = (struct napper__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    if (self->gate) {
        BL_AWAIT(co, 2, bl_join(self->gate));
    resume_2:
        (void)BL_RESULT(co, bl_join(self->gate));
    }
    BL_AWAIT(co, 1, bl_sleep(self->s));
resume_1:
    (void)BL_RESULT(co, bl_sleep(self->s));
    order[nwoke++] = self->id;
    BL_END(co);
}

/* coroutine void gatekeeper(void) { yield bl_sleep(3600); }
 * A task to join until it is killed: the gate of a gated start. */
struct gatekeeper__frame {
    bl_coro co;
};
static void gatekeeper__resume(bl_coro *co);
static const unsigned gatekeeper__lines[] = {1, 1};
static const bl_coro_info gatekeeper__info = {
    "gatekeeper", "test_timer.blc", gatekeeper__resume,
    sizeof(struct gatekeeper__frame), 2, gatekeeper__lines, NULL,
};
static bl_coro gatekeeper__failed = BL_FAILED_HANDLE;

static bl_coro *gatekeeper(void)
{
    struct gatekeeper__frame *self = bl__frame_new(&gatekeeper__info);
    if (!self)
        return &gatekeeper__failed;
    return &self->co;
}

static void gatekeeper__resume(bl_coro *co)
{
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_sleep(3600));
resume_1:
    (void)BL_RESULT(co, bl_sleep(3600));
    BL_END(co);
}

enum { KILL_ODD = 1, GATED = 2 };

/* coroutine void spawn_nappers(int n, double (*delay)(int), int how)
 * {
 *     bl_task t[NT], gate = 0;
 *     if (how & GATED)
 *         gate = yield bl_spawn(gatekeeper());
 *     for (int i = 0; i < n; i++)
 *         t[i] = yield bl_spawn(napper(i, delay(i), gate));
 *     if (how & KILL_ODD)
 *         for (int i = 1; i < n; i += 2)
 *             yield bl_kill(t[i]);
 *     if (gate)
 *         yield bl_kill(gate);
 *     for (int i = 0; i < n; i++)
 *         yield bl_join(t[i]);
 * }
 * Spawning n nappers takes several turns of the loop (the fairness budget
 * makes the spawner let others run), and each turn reads the clock anew,
 * so ungated nappers start their sleeps at different times.  Gated, they
 * all wait for the gate and start in one pass, from one clock reading:
 * their deadlines then differ by exactly their delays, however slow the
 * machine (valgrind, a loaded CI).  Nappers killed before the gate opens
 * never started a sleep, so none of them can have woken first. */
struct spawn_nappers__frame {
    bl_coro co;
    int n;
    double (*delay)(int);
    int how;
    bl_task t[NT], gate;
    int i;
};
static void spawn_nappers__resume(bl_coro *co);
static const unsigned spawn_nappers__lines[] = {1, 5, 7, 12, 10, 14};
static const bl_coro_info spawn_nappers__info = {
    "spawn_nappers", "test_timer.blc", spawn_nappers__resume,
    sizeof(struct spawn_nappers__frame), 6, spawn_nappers__lines, NULL,
};
static bl_coro spawn_nappers__failed = BL_FAILED_HANDLE;

static bl_coro *spawn_nappers(int n, double (*delay)(int), int how)
{
    struct spawn_nappers__frame *self = bl__frame_new(&spawn_nappers__info);
    if (!self)
        return &spawn_nappers__failed;
    self->n = n;
    self->delay = delay;
    self->how = how;
    return &self->co;
}

static void spawn_nappers__resume(bl_coro *co)
{
    struct spawn_nappers__frame *self = (struct spawn_nappers__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    }
    self->gate = 0;
    if (self->how & GATED) {
        BL_AWAIT(co, 1, bl_spawn(gatekeeper()));
    resume_1:
        self->gate = BL_RESULT(co, bl_spawn(gatekeeper()));
    }
    for (self->i = 0; self->i < self->n; self->i++) {
        BL_AWAIT(co, 2, bl_spawn(napper(self->i, self->delay(self->i), self->gate)));
    resume_2:
        self->t[self->i] = BL_RESULT(co, bl_spawn(napper(self->i, self->delay(self->i), self->gate)));
    }
    if (self->how & KILL_ODD) {
        for (self->i = 1; self->i < self->n; self->i += 2) {
            BL_AWAIT(co, 4, bl_kill(self->t[self->i]));
        resume_4:
            (void)BL_RESULT(co, bl_kill(self->t[self->i]));
        }
    }
    if (self->gate) {
        BL_AWAIT(co, 3, bl_kill(self->gate));
    resume_3:
        (void)BL_RESULT(co, bl_kill(self->gate));
    }
    for (self->i = 0; self->i < self->n; self->i++) {
        BL_AWAIT(co, 5, bl_join(self->t[self->i]));
    resume_5:
        (void)BL_RESULT(co, bl_join(self->t[self->i]));
    }
    BL_END(co);
}

static double reversed(int i) { return 0.002 * (20 - i); }
static double same(int i) { (void)i; return 0.005; }
static double scattered(int i) { return 0.001 * ((i * 37) % 50); }

static void test_deadline_order(void **state)
{
    (void)state;
    nwoke = 0;
    assert_int_equal(bl_run(spawn_nappers(20, reversed, 0)), 0);
    assert_int_equal(nwoke, 20);
    for (int i = 0; i < 20; i++)
        assert_int_equal(order[i], 19 - i);
}

static void test_ties_in_start_order(void **state)
{
    (void)state;
    nwoke = 0;
    assert_int_equal(bl_run(spawn_nappers(NT, same, 0)), 0);
    assert_int_equal(nwoke, NT);
    for (int i = 0; i < NT; i++)
        assert_int_equal(order[i], i);
}

static void test_many_timers(void **state)
{
    (void)state;
    nwoke = 0;
    assert_int_equal(bl_run(spawn_nappers(NT, scattered, GATED)), 0);
    assert_int_equal(nwoke, NT);
    for (int i = 1; i < NT; i++) /* never a later deadline first */
        assert_true(scattered(order[i - 1]) <= scattered(order[i]));
}

static void test_kill_cancels_timers(void **state)
{
    (void)state;
    nwoke = 0;
    assert_int_equal(bl_run(spawn_nappers(NT, scattered, GATED | KILL_ODD)), 0);
    assert_int_equal(nwoke, NT / 2);
    for (int i = 0; i < nwoke; i++)
        assert_int_equal(order[i] % 2, 0);
}

/* ------------------------------------------------------------------ */
/* Deadlines.
 *
 * coroutine int slow(double s) { yield bl_sleep(s); return 7; }
 * coroutine void deadlines(int *r)
 * {
 *     r[0] = yield bl_timeout(0.01, bl_sleep(10));   r[1] = errno;  // -1 ETIMEDOUT
 *     r[2] = yield bl_timeout(10, bl_sleep(0.001));                 // 0
 *     r[3] = yield bl_timeout(0.01, slow(10));       r[4] = errno;  // 0 ETIMEDOUT
 *     r[5] = yield bl_timeout(10, slow(0.001));                     // 7
 *     r[6] = yield bl_timeout(0.01, bl_null());                     // 0
 * } */
struct slow__co { union { bl_aw aw; bl_coro co; }; int result; };
struct slow__frame {
    struct slow__co h;
    double s;
};
static void slow__resume(bl_coro *co);
static const unsigned slow__lines[] = {1, 1};
static const bl_coro_info slow__info = {
    "slow", "test_timer.blc", slow__resume, sizeof(struct slow__frame), 2, slow__lines, NULL,
};
static struct slow__co slow__failed = BL_FAILED_HANDLE;

static struct slow__co *slow(double s)
{
    struct slow__frame *self = bl__frame_new(&slow__info);
    if (!self)
        return &slow__failed;
    self->s = s;
    return &self->h;
}

static void slow__resume(bl_coro *co)
{
    struct slow__frame *self = (struct slow__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_sleep(self->s));
resume_1:
    (void)BL_RESULT(co, bl_sleep(self->s));
    self->h.result = 7;
    BL_END(co);
}

struct deadlines__frame {
    bl_coro co;
    int *r;
};
static void deadlines__resume(bl_coro *co);
static const unsigned deadlines__lines[] = {2, 4, 5, 6, 7, 8};
static const bl_coro_info deadlines__info = {
    "deadlines", "test_timer.blc", deadlines__resume, sizeof(struct deadlines__frame), 6,
    deadlines__lines, NULL,
};
static bl_coro deadlines__failed = BL_FAILED_HANDLE;

static bl_coro *deadlines(int *r)
{
    struct deadlines__frame *self = bl__frame_new(&deadlines__info);
    if (!self)
        return &deadlines__failed;
    self->r = r;
    return &self->co;
}

static void deadlines__resume(bl_coro *co)
{
    struct deadlines__frame *self = (struct deadlines__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    }
    BL_AWAIT(co, 1, bl_timeout(0.01, bl_sleep(10)));
resume_1:
    self->r[0] = BL_RESULT(co, bl_timeout(0.01, bl_sleep(10)));
    self->r[1] = errno;
    BL_AWAIT(co, 2, bl_timeout(10, bl_sleep(0.001)));
resume_2:
    self->r[2] = BL_RESULT(co, bl_timeout(10, bl_sleep(0.001)));
    BL_AWAIT(co, 3, bl_timeout(0.01, slow(10)));
resume_3:
    self->r[3] = BL_RESULT(co, bl_timeout(0.01, slow(10)));
    self->r[4] = errno;
    BL_AWAIT(co, 4, bl_timeout(10, slow(0.001)));
resume_4:
    self->r[5] = BL_RESULT(co, bl_timeout(10, slow(0.001)));
    BL_AWAIT(co, 5, bl_timeout(0.01, bl_null()));
resume_5:
    self->r[6] = BL_RESULT(co, bl_timeout(0.01, bl_null()));
    BL_END(co);
}

static void test_timeouts(void **state)
{
    (void)state;
    int r[7];
    memset(r, 0x55, sizeof r);
    assert_int_equal(bl_run(deadlines(r)), 0);
    assert_int_equal(r[0], -1);
    assert_int_equal(r[1], ETIMEDOUT);
    assert_int_equal(r[2], 0);
    assert_int_equal(r[3], 0);
    assert_int_equal(r[4], ETIMEDOUT);
    assert_int_equal(r[5], 7);
    assert_int_equal(r[6], 0);
}

/* A task killed while its awaited callee has a deadline: nothing leaks.
 *
 * coroutine void guarded(void) { yield bl_timeout(10, slow(10)); }
 * coroutine void kill_guarded(void)
 * {
 *     bl_task t = yield bl_spawn(guarded());
 *     yield bl_sleep(0.001);
 *     yield bl_kill(t);
 * } */
struct guarded__frame {
    bl_coro co;
};
static void guarded__resume(bl_coro *co);
static const unsigned guarded__lines[] = {1, 1};
static const bl_coro_info guarded__info = {
    "guarded", "test_timer.blc", guarded__resume, sizeof(struct guarded__frame), 2,
    guarded__lines, NULL,
};
static bl_coro guarded__failed = BL_FAILED_HANDLE;

static bl_coro *guarded(void)
{
    struct guarded__frame *self = bl__frame_new(&guarded__info);
    if (!self)
        return &guarded__failed;
    return &self->co;
}

static void guarded__resume(bl_coro *co)
{
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_timeout(10, slow(10)));
resume_1:
    BL_END(co);
}

struct kill_guarded__frame {
    bl_coro co;
    bl_task t;
};
static void kill_guarded__resume(bl_coro *co);
static const unsigned kill_guarded__lines[] = {2, 4, 5, 6};
static const bl_coro_info kill_guarded__info = {
    "kill_guarded", "test_timer.blc", kill_guarded__resume,
    sizeof(struct kill_guarded__frame), 4, kill_guarded__lines, NULL,
};
static bl_coro kill_guarded__failed = BL_FAILED_HANDLE;

static bl_coro *kill_guarded(void)
{
    struct kill_guarded__frame *self = bl__frame_new(&kill_guarded__info);
    if (!self)
        return &kill_guarded__failed;
    return &self->co;
}

static void kill_guarded__resume(bl_coro *co)
{
    struct kill_guarded__frame *self = (struct kill_guarded__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    }
    BL_AWAIT(co, 1, bl_spawn(guarded()));
resume_1:
    self->t = BL_RESULT(co, bl_spawn(guarded()));
    BL_AWAIT(co, 2, bl_sleep(0.001));
resume_2:
    BL_AWAIT(co, 3, bl_kill(self->t));
resume_3:
    BL_END(co);
}

static void test_kill_guarded(void **state)
{
    (void)state;
    assert_int_equal(bl_run(kill_guarded()), 0);
}

BLT_MAIN("timer",
         BLT_TEST(test_deadline_order),
         BLT_TEST(test_ties_in_start_order),
         BLT_TEST(test_many_timers),
         BLT_TEST(test_kill_cancels_timers),
         BLT_TEST(test_timeouts),
         BLT_TEST(test_kill_guarded))
