/* Yields in each part of a for: the init runs once, the condition before
 * every iteration, the increment after every iteration and after each
 * `continue`. */
#include <bluelet.h>
#include <stdio.h>

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
struct num__frame {
    struct bl__co_int h;
    int v;
};
static void num__resume(bl_coro *co);
static const unsigned num__lines[] = { 7, 9 };
static const bl_coro_info num__info = {
    "num", "yield-in-for-parts.blc", num__resume,
    sizeof(struct num__frame), 2, num__lines, NULL
};

BL_MUST_USE struct bl__co_int *num(int v)
{
    struct num__frame *self = bl__frame_new(&num__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->v = v;
    return &self->h;
}

static void num__resume(bl_coro *co)
{
    struct num__frame *self = (struct num__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 9 */
    self->h.result = self->v; BL_END(co);
}

struct loops__frame {
    bl_coro h;
    int total;
    int i;
    int j;
};
static void loops__resume(bl_coro *co);
static const unsigned loops__lines[] = { 13, 16, 16, 16, 23 };
static const bl_coro_info loops__info = {
    "loops", "yield-in-for-parts.blc", loops__resume,
    sizeof(struct loops__frame), 5, loops__lines, NULL
};

BL_MUST_USE bl_coro *loops(void)
{
    struct loops__frame *self = bl__frame_new(&loops__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void loops__resume(bl_coro *co)
{
    struct loops__frame *self = (struct loops__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    }
    self->total = 0;
    BL_AWAIT(co, 1, num(0));
resume_1: /* line 16 */
    self->i = BL_RESULT(co, num(0));
    for (;;) {
        BL_AWAIT(co, 2, num(5));
resume_2: /* line 16 */
        if (!(self->i < (BL_RESULT(co, num(5)))))
            break;
        if (self->i == 2)
            goto next_1;
        self->total += self->i;
next_1:
        BL_AWAIT(co, 3, num(1));
resume_3: /* line 16 */
        self->i += BL_RESULT(co, num(1));
    }
    printf("total %d\n", self->total);
    for (self->j = 10; self->j > 0;) {
        if (self->j % 2)
            goto next_2;
        else
            printf("even %d\n", self->j);
next_2:
        BL_AWAIT(co, 4, num(3));
resume_4: /* line 23 */
        self->j -= BL_RESULT(co, num(3));
    }
    printf("j %d\n", self->j);
    BL_END(co);
}

int main(void)
{
    struct bl_stats st;
    int rc = bl_run(loops());
    bl_stats(&st);
    printf("rc %d, frames %zu, events %zu\n", rc, st.frames, st.events);
    return 0;
}
