/* __attribute__((cleanup(fn))) on coroutine locals: fn runs when the
 * scope ends by any path, and when the coroutine is ended while suspended
 * inside it -- killed, timed out, or still suspended at bl_run's end --
 * innermost scope first, in reverse declaration order, callees before
 * callers. */
#include <stdio.h>
#include <stdlib.h>
#include <bluelet.h>

static void done(const char **name)
{
    printf("  cleanup %s\n", *name);
}

typedef const char *name;

struct leaf__frame {
    bl_coro h;
    const char *who;
    name leaf_a;
    name leaf_b;
    name leaf_c;
};
static void leaf__resume(bl_coro *co);
static void leaf__unwind(bl_coro *co);
static const unsigned leaf__lines[] = { 17, 24 };
static const bl_coro_info leaf__info = {
    "leaf", "cleanup-when-killed.blc", leaf__resume,
    sizeof(struct leaf__frame), 2, leaf__lines, leaf__unwind
};

BL_MUST_USE bl_coro *leaf(const char *who)
{
    struct leaf__frame *self = bl__frame_new(&leaf__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->who = who;
    return &self->h;
}

static void leaf__resume(bl_coro *co)
{
    struct leaf__frame *self = (struct leaf__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    __builtin_memcpy(&self->leaf_a, &(__typeof__(self->leaf_a)){ "leaf_a" }, sizeof self->leaf_a);
    {
        __builtin_memcpy(&self->leaf_b, &(__typeof__(self->leaf_b)){ "leaf_b" }, sizeof self->leaf_b);
        __builtin_memcpy(&self->leaf_c, &(__typeof__(self->leaf_c)){ "leaf_c" }, sizeof self->leaf_c);
        printf("  %s sleeps\n", self->who);
        BL_AWAIT(co, 1, bl_sleep(10));
resume_1:; /* line 24 */
        puts("  never");
        done(&self->leaf_c); done(&self->leaf_b);
    }
    done(&self->leaf_a);
    BL_END(co);
}

static void leaf__unwind(bl_coro *co)
{
    struct leaf__frame *self = (struct leaf__frame *)co;
    switch (co->state) {
    case 1: done(&self->leaf_c); done(&self->leaf_b); done(&self->leaf_a); break;
    }
}

struct middle__frame {
    bl_coro h;
    const char *who;
    name mid_a;
    int i;
    name mid_loop;
};
static void middle__resume(bl_coro *co);
static void middle__unwind(bl_coro *co);
static const unsigned middle__lines[] = { 29, 35 };
static const bl_coro_info middle__info = {
    "middle", "cleanup-when-killed.blc", middle__resume,
    sizeof(struct middle__frame), 2, middle__lines, middle__unwind
};

BL_MUST_USE bl_coro *middle(const char *who)
{
    struct middle__frame *self = bl__frame_new(&middle__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->who = who;
    return &self->h;
}

static void middle__resume(bl_coro *co)
{
    struct middle__frame *self = (struct middle__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    __builtin_memcpy(&self->mid_a, &(__typeof__(self->mid_a)){ "mid_a" }, sizeof self->mid_a);
    for (self->i = 0; self->i < 3; self->i++) {
        __builtin_memcpy(&self->mid_loop, &(__typeof__(self->mid_loop)){ "mid_loop" }, sizeof self->mid_loop);
        if (self->i == 1) {
            BL_AWAIT(co, 1, leaf(self->who));
resume_1:; /* line 35 */
            puts("  never");
        }
        done(&self->mid_loop);
    }
    done(&self->mid_a);
    BL_END(co);
}

static void middle__unwind(bl_coro *co)
{
    struct middle__frame *self = (struct middle__frame *)co;
    switch (co->state) {
    case 1: done(&self->mid_loop); done(&self->mid_a); break;
    }
}

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
struct paths__frame {
    struct bl__co_int h;
    int how;
    name outer;
    int i;
    name loop;
    name in_case;
    name before_return;
};
static void paths__resume(bl_coro *co);
static void paths__unwind(bl_coro *co);
static const unsigned paths__lines[] = { 41, 49, 58 };
static const bl_coro_info paths__info = {
    "paths", "cleanup-when-killed.blc", paths__resume,
    sizeof(struct paths__frame), 3, paths__lines, paths__unwind
};

BL_MUST_USE struct bl__co_int *paths(int how)
{
    struct paths__frame *self = bl__frame_new(&paths__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->how = how;
    return &self->h;
}

static void paths__resume(bl_coro *co)
{
    struct paths__frame *self = (struct paths__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    __builtin_memcpy(&self->outer, &(__typeof__(self->outer)){ "outer" }, sizeof self->outer);
    for (self->i = 0; self->i < 2; self->i++) {
        __builtin_memcpy(&self->loop, &(__typeof__(self->loop)){ "loop" }, sizeof self->loop);
        switch (self->how) {
        case 0: {
            __builtin_memcpy(&self->in_case, &(__typeof__(self->in_case)){ "in_case" }, sizeof self->in_case);
            BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 49 */
            { done(&self->in_case); break; }              /* the switch's: in_case only */
        }
        case 1:
            if (self->i == 0)
                { done(&self->loop); continue; }       /* loop */
            { done(&self->loop); goto out; }           /* loop, then at out nothing more */
        case 2: {
            __builtin_memcpy(&self->before_return, &(__typeof__(self->before_return)){ "before_return" }, sizeof self->before_return);
            BL_AWAIT(co, 2, bl_null());
resume_2:; /* line 58 */
            self->h.result = 2; done(&self->before_return); done(&self->loop); done(&self->outer); BL_END(co);           /* before_return, loop, outer */
        }
        }
        printf("  end of pass %d\n", self->i);
        done(&self->loop);
    }
out:
    printf("  out\n");
    self->h.result = self->how; done(&self->outer); BL_END(co);
}

static void paths__unwind(bl_coro *co)
{
    struct paths__frame *self = (struct paths__frame *)co;
    switch (co->state) {
    case 1: done(&self->in_case); done(&self->loop); done(&self->outer); break;
    case 2: done(&self->before_return); done(&self->loop); done(&self->outer); break;
    }
}

/* A loop whose increment yields: `continue` goes to the increment, past
 * the cleanups of the body's locals, which it runs first. */
struct stepping__frame {
    bl_coro h;
    int i;
    name step;
};
static void stepping__resume(bl_coro *co);
static const unsigned stepping__lines[] = { 71, 73 };
static const bl_coro_info stepping__info = {
    "stepping", "cleanup-when-killed.blc", stepping__resume,
    sizeof(struct stepping__frame), 2, stepping__lines, NULL
};

BL_MUST_USE bl_coro *stepping(void)
{
    struct stepping__frame *self = bl__frame_new(&stepping__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void stepping__resume(bl_coro *co)
{
    struct stepping__frame *self = (struct stepping__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    for (self->i = 0; self->i < 3;) {
        __builtin_memcpy(&self->step, &(__typeof__(self->step)){ "step" }, sizeof self->step);
        if (self->i == 1)
            { done(&self->step); goto next_1; }
        printf("  step %d\n", self->i);
        done(&self->step);
next_1:
        BL_AWAIT(co, 1, bl_null());
resume_1: /* line 73 */
        self->i += (BL_RESULT(co, bl_null())) + 1;
    }
    BL_END(co);
}

/* Cleanup locals after the last yield run in order with those before. */
struct late__frame {
    struct bl__co_int h;
    name early;
    name later;
    name last;
};
static void late__resume(bl_coro *co);
static void late__unwind(bl_coro *co);
static const unsigned late__lines[] = { 82, 85 };
static const bl_coro_info late__info = {
    "late", "cleanup-when-killed.blc", late__resume,
    sizeof(struct late__frame), 2, late__lines, late__unwind
};

BL_MUST_USE struct bl__co_int *late(void)
{
    struct late__frame *self = bl__frame_new(&late__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void late__resume(bl_coro *co)
{
    struct late__frame *self = (struct late__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    __builtin_memcpy(&self->early, &(__typeof__(self->early)){ "early" }, sizeof self->early);
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 85 */
    __builtin_memcpy(&self->later, &(__typeof__(self->later)){ "later" }, sizeof self->later);
    {
        __builtin_memcpy(&self->last, &(__typeof__(self->last)){ "last" }, sizeof self->last);
        done(&self->last);
    }
    self->h.result = 7; done(&self->later); done(&self->early); BL_END(co);
}

static void late__unwind(bl_coro *co)
{
    struct late__frame *self = (struct late__frame *)co;
    switch (co->state) {
    case 1: done(&self->early); break;
    }
}

struct main_co__frame {
    bl_coro h;
    int how;
    bl_task t;
};
static void main_co__resume(bl_coro *co);
static const unsigned main_co__lines[] = { 93, 96, 98, 101, 104, 105, 106, 108, 110, 111 };
static const bl_coro_info main_co__info = {
    "main_co", "cleanup-when-killed.blc", main_co__resume,
    sizeof(struct main_co__frame), 10, main_co__lines, NULL
};

BL_MUST_USE bl_coro *main_co(void)
{
    struct main_co__frame *self = bl__frame_new(&main_co__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void main_co__resume(bl_coro *co)
{
    struct main_co__frame *self = (struct main_co__frame *)co;
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
    }
    puts("late:");
    BL_AWAIT(co, 1, late());
resume_1: /* line 96 */
    printf("  = %d\n", (BL_RESULT(co, late())));
    puts("stepping:");
    BL_AWAIT(co, 2, stepping());
resume_2:; /* line 98 */
    for (self->how = 0; self->how < 3; self->how++) {
        printf("paths(%d):\n", self->how);
        BL_AWAIT(co, 3, paths(self->how));
resume_3: /* line 101 */
        printf("  = %d\n", (BL_RESULT(co, paths(self->how))));
    }
    puts("killed:");
    BL_AWAIT(co, 4, bl_spawn(middle("killed")));
resume_4: /* line 104 */
    self->t = BL_RESULT(co, bl_spawn(middle("killed")));
    BL_AWAIT(co, 5, bl_sleep(0.01));
resume_5:; /* line 105 */
    BL_AWAIT(co, 6, bl_kill(self->t));
resume_6:; /* line 106 */
    puts("timed out:");
    { __auto_type bl__e = (bl_timeout(0.01, middle("timed out"))); _Static_assert(BL_AWAITABLE(bl__e), "yield takes a coroutine call, a handle or an event");
      BL_AWAIT(co, 7, BL__AWP(bl__e)); }
resume_7:; /* line 108 */
    puts("ended by bl_run's end:");
    BL_AWAIT(co, 8, bl_spawn(middle("abandoned")));
resume_8:; /* line 110 */
    BL_AWAIT(co, 9, bl_sleep(0.01));
resume_9:; /* line 111 */
    BL_END(co);
}

int main(void)
{
    int rc = bl_run(main_co());
    puts("bl_run returned");
    return rc;
}
