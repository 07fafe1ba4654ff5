/*
 * test_sched.c - the scheduler: null, call/return, spawn, join, kill,
 * fairness, deep recursion, bl_run's end.  Every coroutine is written in
 * the form blc emits; the comment above each is its .blc source.
 */
#include "blt.h"

static char trace[256]; /* what the coroutines did, in order */

static void note(const char *s)
{
    strncat(trace, s, sizeof trace - strlen(trace) - 1);
}

/* ------------------------------------------------------------------ */
/* coroutine void pinger(const char *tag, int n)
 * {
 *     for (int i = 0; i < n; i++) {
 *         note(tag);
 *         yield bl_null();
 *     }
 * } */
struct pinger__frame {
    bl_coro co;
    const char *tag;
    int n;
    int i;
};
static void pinger__resume(bl_coro *co);
static const unsigned pinger__lines[] = {1, 5};
static const bl_coro_info pinger__info = {
    "pinger", "test_sched.blc", pinger__resume, sizeof(struct pinger__frame), 2, pinger__lines, NULL,
};
static bl_coro pinger__failed = BL_FAILED_HANDLE;

static bl_coro *pinger(const char *tag, int n)
{
    struct pinger__frame *self = bl__frame_new(&pinger__info);
    if (!self)
        return &pinger__failed;
    self->tag = tag;
    self->n = n;
    return &self->co;
}

static void pinger__resume(bl_coro *co)
{
    struct pinger__frame *self = (struct pinger__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    for (self->i = 0; self->i < self->n; self->i++) {
        note(self->tag);
        BL_AWAIT(co, 1, bl_null());
    resume_1:
        (void)BL_RESULT(co, bl_null());
    }
    BL_END(co);
}

/* coroutine void two_pingers(void)
 * {
 *     bl_task a = yield bl_spawn(pinger("a", 3));
 *     bl_task b = yield bl_spawn(pinger("b", 3));
 *     yield bl_join(a);
 *     yield bl_join(b);
 *     note(".");
 * } */
struct two_pingers__frame {
    bl_coro co;
    bl_task a, b;
};
static void two_pingers__resume(bl_coro *co);
static const unsigned two_pingers__lines[] = {1, 3, 4, 5, 6};
static const bl_coro_info two_pingers__info = {
    "two_pingers", "test_sched.blc", two_pingers__resume,
    sizeof(struct two_pingers__frame), 5, two_pingers__lines, NULL,
};
static bl_coro two_pingers__failed = BL_FAILED_HANDLE;

static bl_coro *two_pingers(void)
{
    struct two_pingers__frame *self = bl__frame_new(&two_pingers__info);
    if (!self)
        return &two_pingers__failed;
    return &self->co;
}

static void two_pingers__resume(bl_coro *co)
{
    struct two_pingers__frame *self = (struct two_pingers__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    }
    BL_AWAIT(co, 1, bl_spawn(pinger("a", 3)));
resume_1:
    self->a = BL_RESULT(co, bl_spawn(pinger("a", 3)));
    BL_AWAIT(co, 2, bl_spawn(pinger("b", 3)));
resume_2:
    self->b = BL_RESULT(co, bl_spawn(pinger("b", 3)));
    BL_AWAIT(co, 3, bl_join(self->a));
resume_3:
    (void)BL_RESULT(co, bl_join(self->a));
    BL_AWAIT(co, 4, bl_join(self->b));
resume_4:
    (void)BL_RESULT(co, bl_join(self->b));
    note(".");
    BL_END(co);
}

static void test_null_alternates(void **state)
{
    (void)state;
    trace[0] = '\0';
    assert_int_equal(bl_run(two_pingers()), 0);
    assert_string_equal(trace, "ababab.");
}

/* ------------------------------------------------------------------ */
/* Typed results through three levels of calls.
 *
 * struct pair { long x, y; };
 * coroutine int leaf(int v) { yield bl_sleep(0); return v * 2; }
 * coroutine struct pair middle(int v)
 * {
 *     int a = yield leaf(v);
 *     int b = yield leaf(a);
 *     return (struct pair){a, b};
 * }
 * coroutine const char *top(int v)
 * {
 *     struct pair p = yield middle(v);
 *     return p.x == 2 * v && p.y == 4 * v ? "right" : "wrong";
 * } */
struct pair {
    long x, y;
};

struct leaf__co { union { bl_aw aw; bl_coro co; }; int result; };
struct leaf__frame {
    struct leaf__co h;
    int v;
};
static void leaf__resume(bl_coro *co);
static const unsigned leaf__lines[] = {2, 2};
static const bl_coro_info leaf__info = {
    "leaf", "test_sched.blc", leaf__resume, sizeof(struct leaf__frame), 2, leaf__lines, NULL,
};
static struct leaf__co leaf__failed = BL_FAILED_HANDLE;

static struct leaf__co *leaf(int v)
{
    struct leaf__frame *self = bl__frame_new(&leaf__info);
    if (!self)
        return &leaf__failed;
    self->v = v;
    return &self->h;
}

static void leaf__resume(bl_coro *co)
{
    struct leaf__frame *self = (struct leaf__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_sleep(0));
resume_1:
    (void)BL_RESULT(co, bl_sleep(0));
    self->h.result = self->v * 2;
    BL_END(co);
}

struct middle__co { union { bl_aw aw; bl_coro co; }; struct pair result; };
struct middle__frame {
    struct middle__co h;
    int v;
    int a, b;
};
static void middle__resume(bl_coro *co);
static const unsigned middle__lines[] = {3, 5, 6};
static const bl_coro_info middle__info = {
    "middle", "test_sched.blc", middle__resume, sizeof(struct middle__frame), 3, middle__lines, NULL,
};
static struct middle__co middle__failed = BL_FAILED_HANDLE;

static struct middle__co *middle(int v)
{
    struct middle__frame *self = bl__frame_new(&middle__info);
    if (!self)
        return &middle__failed;
    self->v = v;
    return &self->h;
}

static void middle__resume(bl_coro *co)
{
    struct middle__frame *self = (struct middle__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    BL_AWAIT(co, 1, leaf(self->v));
resume_1:
    self->a = BL_RESULT(co, leaf(self->v));
    BL_AWAIT(co, 2, leaf(self->a));
resume_2:
    self->b = BL_RESULT(co, leaf(self->a));
    self->h.result = (struct pair){self->a, self->b};
    BL_END(co);
}

struct top__co { union { bl_aw aw; bl_coro co; }; const char *result; };
struct top__frame {
    struct top__co h;
    int v;
    struct pair p;
};
static void top__resume(bl_coro *co);
static const unsigned top__lines[] = {9, 11};
static const bl_coro_info top__info = {
    "top", "test_sched.blc", top__resume, sizeof(struct top__frame), 2, top__lines, NULL,
};
static struct top__co top__failed = BL_FAILED_HANDLE;

static struct top__co *top(int v)
{
    struct top__frame *self = bl__frame_new(&top__info);
    if (!self)
        return &top__failed;
    self->v = v;
    return &self->h;
}

static void top__resume(bl_coro *co)
{
    struct top__frame *self = (struct top__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, middle(self->v));
resume_1:
    self->p = BL_RESULT(co, middle(self->v));
    self->h.result = self->p.x == 2 * self->v && self->p.y == 4 * self->v ? "right" : "wrong";
    BL_END(co);
}

/* coroutine void check_top(const char **out) { *out = yield top(21); } */
struct check_top__frame {
    bl_coro co;
    const char **out;
};
static void check_top__resume(bl_coro *co);
static const unsigned check_top__lines[] = {1, 1};
static const bl_coro_info check_top__info = {
    "check_top", "test_sched.blc", check_top__resume, sizeof(struct check_top__frame), 2,
    check_top__lines, NULL,
};
static bl_coro check_top__failed = BL_FAILED_HANDLE;

static bl_coro *check_top(const char **out)
{
    struct check_top__frame *self = bl__frame_new(&check_top__info);
    if (!self)
        return &check_top__failed;
    self->out = out;
    return &self->co;
}

static void check_top__resume(bl_coro *co)
{
    struct check_top__frame *self = (struct check_top__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, top(21));
resume_1:
    *self->out = BL_RESULT(co, top(21));
    BL_END(co);
}

static void test_call_typed_results(void **state)
{
    (void)state;
    const char *got = NULL;
    assert_int_equal(bl_run(check_top(&got)), 0);
    assert_non_null(got);
    assert_string_equal(got, "right");
}

/* ------------------------------------------------------------------ */
/* Deep recursion without blocking: the C stack must not grow with it.
 *
 * coroutine long depth(long n) { return n == 0 ? 0 : 1 + (yield depth(n - 1)); } */
struct depth__co { union { bl_aw aw; bl_coro co; }; long result; };
struct depth__frame {
    struct depth__co h;
    long n;
    long t1;
};
static void depth__resume(bl_coro *co);
static const unsigned depth__lines[] = {1, 1};
static const bl_coro_info depth__info = {
    "depth", "test_sched.blc", depth__resume, sizeof(struct depth__frame), 2, depth__lines, NULL,
};
static struct depth__co depth__failed = BL_FAILED_HANDLE;

static struct depth__co *depth(long n)
{
    struct depth__frame *self = bl__frame_new(&depth__info);
    if (!self)
        return &depth__failed;
    self->n = n;
    return &self->h;
}

static void depth__resume(bl_coro *co)
{
    struct depth__frame *self = (struct depth__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    if (self->n == 0) {
        self->h.result = 0;
        BL_END(co);
    }
    BL_AWAIT(co, 1, depth(self->n - 1));
resume_1:
    self->t1 = BL_RESULT(co, depth(self->n - 1));
    self->h.result = 1 + self->t1;
    BL_END(co);
}

/* coroutine void check_depth(long n, long *out) { *out = yield depth(n); } */
struct check_depth__frame {
    bl_coro co;
    long n;
    long *out;
};
static void check_depth__resume(bl_coro *co);
static const unsigned check_depth__lines[] = {1, 1};
static const bl_coro_info check_depth__info = {
    "check_depth", "test_sched.blc", check_depth__resume, sizeof(struct check_depth__frame),
    2, check_depth__lines, NULL,
};
static bl_coro check_depth__failed = BL_FAILED_HANDLE;

static bl_coro *check_depth(long n, long *out)
{
    struct check_depth__frame *self = bl__frame_new(&check_depth__info);
    if (!self)
        return &check_depth__failed;
    self->n = n;
    self->out = out;
    return &self->co;
}

static void check_depth__resume(bl_coro *co)
{
    struct check_depth__frame *self = (struct check_depth__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, depth(self->n));
resume_1:
    *self->out = BL_RESULT(co, depth(self->n));
    BL_END(co);
}

static void test_deep_recursion(void **state)
{
    (void)state;
    long got = -1;
    assert_int_equal(bl_run(check_depth(200000, &got)), 0);
    assert_int_equal(got, 200000);
}

/* ------------------------------------------------------------------ */
/* Fairness: a coroutine whose awaits all complete at once still lets
 * another run.
 *
 * coroutine void spinner(volatile int *stop, long *spins)
 * {
 *     while (!*stop) { yield depth(1); ++*spins; }
 * }
 * coroutine void stopper(volatile int *stop) { *stop = 1; }
 * coroutine void fair(long *spins)
 * {
 *     volatile int stop = 0;    // in the frame
 *     bl_task t = yield bl_spawn(spinner(&stop, spins));
 *     yield bl_spawn(stopper(&stop));
 *     yield bl_join(t);
 * } */
struct spinner__frame {
    bl_coro co;
    volatile int *stop;
    long *spins;
};
static void spinner__resume(bl_coro *co);
static const unsigned spinner__lines[] = {1, 3};
static const bl_coro_info spinner__info = {
    "spinner", "test_sched.blc", spinner__resume, sizeof(struct spinner__frame), 2,
    spinner__lines, NULL,
};
static bl_coro spinner__failed = BL_FAILED_HANDLE;

static bl_coro *spinner(volatile int *stop, long *spins)
{
    struct spinner__frame *self = bl__frame_new(&spinner__info);
    if (!self)
        return &spinner__failed;
    self->stop = stop;
    self->spins = spins;
    return &self->co;
}

static void spinner__resume(bl_coro *co)
{
    struct spinner__frame *self = (struct spinner__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    while (!*self->stop) {
        BL_AWAIT(co, 1, depth(1));
    resume_1:
        (void)BL_RESULT(co, depth(1));
        ++*self->spins;
    }
    BL_END(co);
}

struct stopper__frame {
    bl_coro co;
    volatile int *stop;
};
static void stopper__resume(bl_coro *co);
static const unsigned stopper__lines[] = {5};
static const bl_coro_info stopper__info = {
    "stopper", "test_sched.blc", stopper__resume, sizeof(struct stopper__frame), 1,
    stopper__lines, NULL,
};
static bl_coro stopper__failed = BL_FAILED_HANDLE;

static bl_coro *stopper(volatile int *stop)
{
    struct stopper__frame *self = bl__frame_new(&stopper__info);
    if (!self)
        return &stopper__failed;
    self->stop = stop;
    return &self->co;
}

static void stopper__resume(bl_coro *co)
{
    struct stopper__frame *self = (struct stopper__frame *)co;
    *self->stop = 1;
    BL_END(co);
}

struct fair__frame {
    bl_coro co;
    long *spins;
    volatile int stop;
    bl_task t;
};
static void fair__resume(bl_coro *co);
static const unsigned fair__lines[] = {6, 9, 10, 11};
static const bl_coro_info fair__info = {
    "fair", "test_sched.blc", fair__resume, sizeof(struct fair__frame), 4, fair__lines, NULL,
};
static bl_coro fair__failed = BL_FAILED_HANDLE;

static bl_coro *fair(long *spins)
{
    struct fair__frame *self = bl__frame_new(&fair__info);
    if (!self)
        return &fair__failed;
    self->spins = spins;
    return &self->co;
}

static void fair__resume(bl_coro *co)
{
    struct fair__frame *self = (struct fair__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    }
    self->stop = 0;
    BL_AWAIT(co, 1, bl_spawn(spinner(&self->stop, self->spins)));
resume_1:
    self->t = BL_RESULT(co, bl_spawn(spinner(&self->stop, self->spins)));
    BL_AWAIT(co, 2, bl_spawn(stopper(&self->stop)));
resume_2:
    (void)BL_RESULT(co, bl_spawn(stopper(&self->stop)));
    BL_AWAIT(co, 3, bl_join(self->t));
resume_3:
    (void)BL_RESULT(co, bl_join(self->t));
    BL_END(co);
}

static void test_fairness(void **state)
{
    (void)state;
    long spins = 0;
    assert_int_equal(bl_run(fair(&spins)), 0);
    assert_true(spins > 0);
    assert_true(spins < 1000); /* a bounded number of fast completions */
}

/* ------------------------------------------------------------------ */
/* spawn, join and kill.
 *
 * coroutine void sleeper(double s, int *woke) { yield bl_sleep(s); *woke = 1; }
 * coroutine void chain(int *woke) { yield sleeper(10, woke); *woke = 2; } */
struct sleeper__frame {
    bl_coro co;
    double s;
    int *woke;
};
static void sleeper__resume(bl_coro *co);
static const unsigned sleeper__lines[] = {1, 1};
static const bl_coro_info sleeper__info = {
    "sleeper", "test_sched.blc", sleeper__resume, sizeof(struct sleeper__frame), 2,
    sleeper__lines, NULL,
};
static bl_coro sleeper__failed = BL_FAILED_HANDLE;

static bl_coro *sleeper(double s, int *woke)
{
    struct sleeper__frame *self = bl__frame_new(&sleeper__info);
    if (!self)
        return &sleeper__failed;
    self->s = s;
    self->woke = woke;
    return &self->co;
}

static void sleeper__resume(bl_coro *co)
{
    struct sleeper__frame *self = (struct sleeper__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_sleep(self->s));
resume_1:
    (void)BL_RESULT(co, bl_sleep(self->s));
    *self->woke = 1;
    BL_END(co);
}

struct chain__frame {
    bl_coro co;
    int *woke;
};
static void chain__resume(bl_coro *co);
static const unsigned chain__lines[] = {2, 2};
static const bl_coro_info chain__info = {
    "chain", "test_sched.blc", chain__resume, sizeof(struct chain__frame), 2, chain__lines, NULL,
};
static bl_coro chain__failed = BL_FAILED_HANDLE;

static bl_coro *chain(int *woke)
{
    struct chain__frame *self = bl__frame_new(&chain__info);
    if (!self)
        return &chain__failed;
    self->woke = woke;
    return &self->co;
}

static void chain__resume(bl_coro *co)
{
    struct chain__frame *self = (struct chain__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, sleeper(10, self->woke));
resume_1:
    *self->woke = 2;
    BL_END(co);
}

/* coroutine void killer(int *r)   // r[0..9]: what it saw
 * {
 *     int woke_a = 0, woke_b = 0, woke_c = 0;
 *     bl_task a = yield bl_spawn(sleeper(10, &woke_a));     // in sleep
 *     bl_task b = yield bl_spawn(chain(&woke_b));           // in a call chain
 *     bl_task c = yield bl_spawn(sleeper(0, &woke_c));      // will finish
 *     yield bl_sleep(0.01);
 *     r[0] = woke_c;                                        // 1: c ended
 *     r[1] = yield bl_kill(a);                              // 0
 *     r[2] = yield bl_kill(b);                              // 0
 *     r[3] = yield bl_kill(c);                              // finished: 0
 *     r[4] = yield bl_join(a);                              // stale: 0 at once
 *     r[5] = yield bl_kill(12345);                          // never a task: 0
 *     r[6] = woke_a + woke_b;                               // 0: never woke
 *     r[7] = a != b && b != c && a && bl_self() != a;
 *     r[8] = yield bl_join(bl_self());                      // -1 EDEADLK
 *     r[9] = errno;
 * } */
struct killer__frame {
    bl_coro co;
    int *r;
    int woke_a, woke_b, woke_c;
    bl_task a, b, c;
};
static void killer__resume(bl_coro *co);
static const unsigned killer__lines[] = {1, 4, 5, 6, 7, 9, 10, 11, 12, 13, 16};
static const bl_coro_info killer__info = {
    "killer", "test_sched.blc", killer__resume, sizeof(struct killer__frame), 11,
    killer__lines, NULL,
};
static bl_coro killer__failed = BL_FAILED_HANDLE;

static bl_coro *killer(int *r)
{
    struct killer__frame *self = bl__frame_new(&killer__info);
    if (!self)
        return &killer__failed;
    self->r = r;
    return &self->co;
}

static void killer__resume(bl_coro *co)
{
    struct killer__frame *self = (struct killer__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    case 6: goto resume_6;
    case 7: goto resume_7;
    case 8: goto resume_8;
    case 9: goto resume_9;
    case 10: goto resume_10;
    }
    self->woke_a = self->woke_b = self->woke_c = 0;
    BL_AWAIT(co, 1, bl_spawn(sleeper(10, &self->woke_a)));
resume_1:
    self->a = BL_RESULT(co, bl_spawn(sleeper(10, &self->woke_a)));
    BL_AWAIT(co, 2, bl_spawn(chain(&self->woke_b)));
resume_2:
    self->b = BL_RESULT(co, bl_spawn(chain(&self->woke_b)));
    BL_AWAIT(co, 3, bl_spawn(sleeper(0, &self->woke_c)));
resume_3:
    self->c = BL_RESULT(co, bl_spawn(sleeper(0, &self->woke_c)));
    BL_AWAIT(co, 4, bl_sleep(0.01));
resume_4:
    (void)BL_RESULT(co, bl_sleep(0.01));
    self->r[0] = self->woke_c;
    BL_AWAIT(co, 5, bl_kill(self->a));
resume_5:
    self->r[1] = BL_RESULT(co, bl_kill(self->a));
    BL_AWAIT(co, 6, bl_kill(self->b));
resume_6:
    self->r[2] = BL_RESULT(co, bl_kill(self->b));
    BL_AWAIT(co, 7, bl_kill(self->c));
resume_7:
    self->r[3] = BL_RESULT(co, bl_kill(self->c));
    BL_AWAIT(co, 8, bl_join(self->a));
resume_8:
    self->r[4] = BL_RESULT(co, bl_join(self->a));
    BL_AWAIT(co, 9, bl_kill(12345));
resume_9:
    self->r[5] = BL_RESULT(co, bl_kill(12345));
    self->r[6] = self->woke_a + self->woke_b;
    self->r[7] = self->a != self->b && self->b != self->c && self->a && bl_self() != self->a;
    BL_AWAIT(co, 10, bl_join(bl_self()));
resume_10:
    self->r[8] = BL_RESULT(co, bl_join(bl_self()));
    self->r[9] = errno;
    BL_END(co);
}

static void test_spawn_join_kill(void **state)
{
    (void)state;
    int r[10];
    memset(r, 0x55, sizeof r);
    assert_int_equal(bl_run(killer(r)), 0);
    assert_int_equal(r[0], 1);
    assert_int_equal(r[1], 0);
    assert_int_equal(r[2], 0);
    assert_int_equal(r[3], 0);
    assert_int_equal(r[4], 0);
    assert_int_equal(r[5], 0);
    assert_int_equal(r[6], 0);
    assert_int_equal(r[7], 1);
    assert_int_equal(r[8], -1);
    assert_int_equal(r[9], EDEADLK);
}

/* coroutine void joiner(bl_task t, int *order) { yield bl_join(t); note("j"); }
 * coroutine void join_live(void)
 * {
 *     bl_task s = yield bl_spawn(sleeper(0.01, &woke));
 *     yield bl_spawn(joiner(s));  yield bl_spawn(joiner(s));
 *     yield bl_null();   // the joiners join first
 *     yield bl_join(s);  note("r");
 * }
 * Three coroutines join one task: all wake when it ends, in join order. */
struct joiner__frame {
    bl_coro co;
    bl_task t;
};
static void joiner__resume(bl_coro *co);
static const unsigned joiner__lines[] = {1, 1};
static const bl_coro_info joiner__info = {
    "joiner", "test_sched.blc", joiner__resume, sizeof(struct joiner__frame), 2, joiner__lines, NULL,
};
static bl_coro joiner__failed = BL_FAILED_HANDLE;

static bl_coro *joiner(bl_task t)
{
    struct joiner__frame *self = bl__frame_new(&joiner__info);
    if (!self)
        return &joiner__failed;
    self->t = t;
    return &self->co;
}

static void joiner__resume(bl_coro *co)
{
    struct joiner__frame *self = (struct joiner__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_join(self->t));
resume_1:
    (void)BL_RESULT(co, bl_join(self->t));
    note("j");
    BL_END(co);
}

struct join_live__frame {
    bl_coro co;
    int woke;
    bl_task s;
};
static void join_live__resume(bl_coro *co);
static const unsigned join_live__lines[] = {2, 4, 5, 5, 5, 6};
static const bl_coro_info join_live__info = {
    "join_live", "test_sched.blc", join_live__resume, sizeof(struct join_live__frame), 6,
    join_live__lines, NULL,
};
static bl_coro join_live__failed = BL_FAILED_HANDLE;

static bl_coro *join_live(void)
{
    struct join_live__frame *self = bl__frame_new(&join_live__info);
    if (!self)
        return &join_live__failed;
    return &self->co;
}

static void join_live__resume(bl_coro *co)
{
    struct join_live__frame *self = (struct join_live__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    }
    BL_AWAIT(co, 1, bl_spawn(sleeper(0.01, &self->woke)));
resume_1:
    self->s = BL_RESULT(co, bl_spawn(sleeper(0.01, &self->woke)));
    BL_AWAIT(co, 2, bl_spawn(joiner(self->s)));
resume_2:
    BL_AWAIT(co, 3, bl_spawn(joiner(self->s)));
resume_3:
    /* let the joiners start joining before we do */
    BL_AWAIT(co, 4, bl_null());
resume_4:
    BL_AWAIT(co, 5, bl_join(self->s));
resume_5:
    note(self->woke ? "r" : "?");
    BL_END(co);
}

static void test_join_wakes_all(void **state)
{
    (void)state;
    trace[0] = '\0';
    assert_int_equal(bl_run(join_live()), 0);
    assert_string_equal(trace, "jjr");
}

/* ------------------------------------------------------------------ */
/* bl_run ends the tasks left when the root ends; failed handles.
 *
 * coroutine void leave_tasks(void)
 * {
 *     int w;
 *     yield bl_spawn(sleeper(10, &w));
 *     yield bl_spawn(chain(&w));
 *     yield bl_spawn(pinger("x", 1000000));
 *     yield bl_null();
 * } */
struct leave_tasks__frame {
    bl_coro co;
    int w;
};
static void leave_tasks__resume(bl_coro *co);
static const unsigned leave_tasks__lines[] = {1, 4, 5, 6, 7};
static const bl_coro_info leave_tasks__info = {
    "leave_tasks", "test_sched.blc", leave_tasks__resume, sizeof(struct leave_tasks__frame),
    5, leave_tasks__lines, NULL,
};
static bl_coro leave_tasks__failed = BL_FAILED_HANDLE;

static bl_coro *leave_tasks(void)
{
    struct leave_tasks__frame *self = bl__frame_new(&leave_tasks__info);
    if (!self)
        return &leave_tasks__failed;
    return &self->co;
}

static void leave_tasks__resume(bl_coro *co)
{
    struct leave_tasks__frame *self = (struct leave_tasks__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    }
    BL_AWAIT(co, 1, bl_spawn(sleeper(10, &self->w)));
resume_1:
    BL_AWAIT(co, 2, bl_spawn(chain(&self->w)));
resume_2:
    BL_AWAIT(co, 3, bl_spawn(pinger("", 1000000)));
resume_3:
    BL_AWAIT(co, 4, bl_null());
resume_4:
    BL_END(co);
}

static void test_run_ends_leftover_tasks(void **state)
{
    (void)state;
    assert_int_equal(bl_run(leave_tasks()), 0);
}

/* The failed handle: spawn fails with ENOMEM, await gives 0 and ENOMEM.
 *
 * coroutine void use_failed(int *r)
 * {
 *     r[0] = yield bl_spawn(&leaf__failed);  r[1] = errno;
 *     errno = 0;
 *     r[2] = yield &leaf__failed;            r[3] = errno;
 * } */
struct use_failed__frame {
    bl_coro co;
    int *r;
};
static void use_failed__resume(bl_coro *co);
static const unsigned use_failed__lines[] = {1, 3, 5};
static const bl_coro_info use_failed__info = {
    "use_failed", "test_sched.blc", use_failed__resume, sizeof(struct use_failed__frame), 3,
    use_failed__lines, NULL,
};
static bl_coro use_failed__failed = BL_FAILED_HANDLE;

static bl_coro *use_failed(int *r)
{
    struct use_failed__frame *self = bl__frame_new(&use_failed__info);
    if (!self)
        return &use_failed__failed;
    self->r = r;
    return &self->co;
}

static void use_failed__resume(bl_coro *co)
{
    struct use_failed__frame *self = (struct use_failed__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    BL_AWAIT(co, 1, bl_spawn(&leaf__failed));
resume_1:
    self->r[0] = (int)BL_RESULT(co, bl_spawn(&leaf__failed));
    self->r[1] = errno;
    errno = 0;
    BL_AWAIT(co, 2, &leaf__failed);
resume_2:
    self->r[2] = BL_RESULT(co, &leaf__failed);
    self->r[3] = errno;
    BL_END(co);
}

static void test_failed_handle(void **state)
{
    (void)state;
    int r[4] = {-1, -1, -1, -1};
    assert_int_equal(bl_run(use_failed(r)), 0);
    assert_int_equal(r[0], 0);
    assert_int_equal(r[1], ENOMEM);
    assert_int_equal(r[2], 0);
    assert_int_equal(r[3], ENOMEM);
    errno = 0;
    assert_int_equal(bl_run(&leaf__failed), -1);
    assert_int_equal(errno, ENOMEM);
}

/* A deadlock (the root joins a task that joins the root) ends bl_run with
 * EDEADLK instead of hanging.
 *
 * coroutine void deadlocked(void) { yield bl_join(yield bl_spawn(joiner(bl_self()))); } */
struct deadlocked__frame {
    bl_coro co;
    bl_task t;
};
static void deadlocked__resume(bl_coro *co);
static const unsigned deadlocked__lines[] = {1, 1, 1};
static const bl_coro_info deadlocked__info = {
    "deadlocked", "test_sched.blc", deadlocked__resume, sizeof(struct deadlocked__frame), 3,
    deadlocked__lines, NULL,
};
static bl_coro deadlocked__failed = BL_FAILED_HANDLE;

static bl_coro *deadlocked(void)
{
    struct deadlocked__frame *self = bl__frame_new(&deadlocked__info);
    if (!self)
        return &deadlocked__failed;
    return &self->co;
}

static void deadlocked__resume(bl_coro *co)
{
    struct deadlocked__frame *self = (struct deadlocked__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    BL_AWAIT(co, 1, bl_spawn(joiner(bl_self())));
resume_1:
    self->t = BL_RESULT(co, bl_spawn(joiner(bl_self())));
    BL_AWAIT(co, 2, bl_join(self->t));
resume_2:
    BL_END(co);
}

static void test_deadlock_detected(void **state)
{
    (void)state;
    errno = 0;
    assert_int_equal(bl_run(deadlocked()), -1);
    assert_int_equal(errno, EDEADLK);
}

/* A task that kills itself ends at that yield.
 *
 * coroutine void suicide(int *after) { yield bl_kill(bl_self()); *after = 1; }
 * coroutine void watch_suicide(int *after) { yield bl_join(yield bl_spawn(suicide(after))); } */
struct suicide__frame {
    bl_coro co;
    int *after;
};
static void suicide__resume(bl_coro *co);
static const unsigned suicide__lines[] = {1, 1};
static const bl_coro_info suicide__info = {
    "suicide", "test_sched.blc", suicide__resume, sizeof(struct suicide__frame), 2,
    suicide__lines, NULL,
};
static bl_coro suicide__failed = BL_FAILED_HANDLE;

static bl_coro *suicide(int *after)
{
    struct suicide__frame *self = bl__frame_new(&suicide__info);
    if (!self)
        return &suicide__failed;
    self->after = after;
    return &self->co;
}

static void suicide__resume(bl_coro *co)
{
    struct suicide__frame *self = (struct suicide__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_kill(bl_self()));
resume_1:
    *self->after = 1;
    BL_END(co);
}

struct watch_suicide__frame {
    bl_coro co;
    int *after;
    bl_task t;
};
static void watch_suicide__resume(bl_coro *co);
static const unsigned watch_suicide__lines[] = {2, 2, 2};
static const bl_coro_info watch_suicide__info = {
    "watch_suicide", "test_sched.blc", watch_suicide__resume,
    sizeof(struct watch_suicide__frame), 3, watch_suicide__lines, NULL,
};
static bl_coro watch_suicide__failed = BL_FAILED_HANDLE;

static bl_coro *watch_suicide(int *after)
{
    struct watch_suicide__frame *self = bl__frame_new(&watch_suicide__info);
    if (!self)
        return &watch_suicide__failed;
    self->after = after;
    return &self->co;
}

static void watch_suicide__resume(bl_coro *co)
{
    struct watch_suicide__frame *self = (struct watch_suicide__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    BL_AWAIT(co, 1, bl_spawn(suicide(self->after)));
resume_1:
    self->t = BL_RESULT(co, bl_spawn(suicide(self->after)));
    BL_AWAIT(co, 2, bl_join(self->t));
resume_2:
    BL_END(co);
}

static void test_kill_self(void **state)
{
    (void)state;
    int after = 0;
    assert_int_equal(bl_run(watch_suicide(&after)), 0);
    assert_int_equal(after, 0);
}

/* ------------------------------------------------------------------ */
/* A crowd: more ready tasks than the ready ring first holds run in
 * turn; queued ones that are killed are withdrawn and never run again.
 * Between two turns of the crowd's root every live walker runs the same
 * number of times (once per pass; more passes when the root is made to
 * yield by its fairness budget).
 *
 * enum { CROWD = 3000, WALKS = 200, TURNS = 8, KILL_TURN = 3 };
 * static int runs[CROWD];
 * coroutine void walker(int id)
 * {
 *     for (int i = 0; i < WALKS; i++) {
 *         runs[id]++;
 *         yield bl_null();
 *     }
 * }
 * static int killed(int j, int turn) { return j % 3 == 0 && turn > KILL_TURN; }
 * coroutine void crowd(int *bad)
 * {
 *     bl_task t[CROWD];
 *     int last[CROWD];
 *     for (int j = 0; j < CROWD; j++)
 *         t[j] = yield bl_spawn(walker(j));
 *     for (int k = 1; k <= TURNS; k++) {
 *         yield bl_null();
 *         int d = -1;
 *         for (int j = 0; j < CROWD; j++) {
 *             int inc = runs[j] - last[j];
 *             if (killed(j, k) ? inc != 0
 *                 : k > 1 && (inc < 1 || (d >= 0 && inc != d)))
 *                 *bad = 1;
 *             if (!killed(j, k) && k > 1)
 *                 d = inc;
 *             last[j] = runs[j];
 *         }
 *         if (k == KILL_TURN)
 *             for (int j = 0; j < CROWD; j += 3) {
 *                 last[j] = runs[j];
 *                 yield bl_kill(t[j]);
 *             }
 *     }
 *     for (int j = 0; j < CROWD; j++)
 *         yield bl_join(t[j]);
 *     for (int j = 0; j < CROWD; j++)
 *         if (runs[j] != (j % 3 == 0 ? last[j] : WALKS))
 *             *bad = 1;
 * } */
enum { CROWD = 3000, WALKS = 200, TURNS = 8, KILL_TURN = 3 };
static int runs[CROWD];

struct walker__frame {
    bl_coro co;
    int id;
    int i;
};
static void walker__resume(bl_coro *co);
static const unsigned walker__lines[] = {1, 5};
static const bl_coro_info walker__info = {
    "walker", "test_sched.blc", walker__resume, sizeof(struct walker__frame), 2, walker__lines, NULL,
};
static bl_coro walker__failed = BL_FAILED_HANDLE;

static bl_coro *walker(int id)
{
    struct walker__frame *self = bl__frame_new(&walker__info);
    if (!self)
        return &walker__failed;
    self->id = id;
    return &self->co;
}

static void walker__resume(bl_coro *co)
{
    struct walker__frame *self = (struct walker__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    for (self->i = 0; self->i < WALKS; self->i++) {
        runs[self->id]++;
        BL_AWAIT(co, 1, bl_null());
    resume_1:
        (void)BL_RESULT(co, bl_null());
    }
    BL_END(co);
}

static int killed(int j, int turn)
{
    return j % 3 == 0 && turn > KILL_TURN;
}

struct crowd__frame {
    bl_coro co;
    int *bad;
    bl_task t[CROWD];
    int last[CROWD];
    int j, k, d, inc;
};
static void crowd__resume(bl_coro *co);
static const unsigned crowd__lines[] = {1, 6, 8, 21, 24};
static const bl_coro_info crowd__info = {
    "crowd", "test_sched.blc", crowd__resume, sizeof(struct crowd__frame), 5, crowd__lines, NULL,
};
static bl_coro crowd__failed = BL_FAILED_HANDLE;

static bl_coro *crowd(int *bad)
{
    struct crowd__frame *self = bl__frame_new(&crowd__info);
    if (!self)
        return &crowd__failed;
    self->bad = bad;
    return &self->co;
}

static void crowd__resume(bl_coro *co)
{
    struct crowd__frame *self = (struct crowd__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    }
    for (self->j = 0; self->j < CROWD; self->j++) {
        BL_AWAIT(co, 1, bl_spawn(walker(self->j)));
    resume_1:
        self->t[self->j] = BL_RESULT(co, bl_spawn(walker(self->j)));
    }
    for (self->k = 1; self->k <= TURNS; self->k++) {
        BL_AWAIT(co, 2, bl_null());
    resume_2:
        (void)BL_RESULT(co, bl_null());
        self->d = -1;
        for (self->j = 0; self->j < CROWD; self->j++) {
            self->inc = runs[self->j] - self->last[self->j];
            if (killed(self->j, self->k) ? self->inc != 0
                : self->k > 1 && (self->inc < 1 || (self->d >= 0 && self->inc != self->d)))
                *self->bad = 1;
            if (!killed(self->j, self->k) && self->k > 1)
                self->d = self->inc;
            self->last[self->j] = runs[self->j];
        }
        if (self->k == KILL_TURN) {
            for (self->j = 0; self->j < CROWD; self->j += 3) {
                self->last[self->j] = runs[self->j];
                BL_AWAIT(co, 3, bl_kill(self->t[self->j]));
            resume_3:
                (void)BL_RESULT(co, bl_kill(self->t[self->j]));
            }
        }
    }
    for (self->j = 0; self->j < CROWD; self->j++) {
        BL_AWAIT(co, 4, bl_join(self->t[self->j]));
    resume_4:
        (void)BL_RESULT(co, bl_join(self->t[self->j]));
    }
    for (self->j = 0; self->j < CROWD; self->j++)
        if (runs[self->j] != (self->j % 3 == 0 ? self->last[self->j] : WALKS))
            *self->bad = 1;
    BL_END(co);
}

static void test_crowd_in_turn(void **state)
{
    (void)state;
    int bad = 0;
    memset(runs, 0, sizeof runs);
    assert_int_equal(bl_run(crowd(&bad)), 0);
    assert_int_equal(bad, 0);
    assert_int_equal(runs[1], WALKS);
    assert_true(runs[0] >= 2 && runs[0] < WALKS);
}

BLT_MAIN("sched",
         BLT_TEST(test_null_alternates),
         BLT_TEST(test_call_typed_results),
         BLT_TEST(test_deep_recursion),
         BLT_TEST(test_fairness),
         BLT_TEST(test_spawn_join_kill),
         BLT_TEST(test_join_wakes_all),
         BLT_TEST(test_run_ends_leftover_tasks),
         BLT_TEST(test_failed_handle),
         BLT_TEST(test_deadlock_detected),
         BLT_TEST(test_kill_self),
         BLT_TEST(test_crowd_in_turn))
