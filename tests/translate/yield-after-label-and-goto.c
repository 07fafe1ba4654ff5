/* Yields after labels, with gotos jumping backwards and forwards over
 * them. */
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
static const unsigned num__lines[] = { 6, 8 };
static const bl_coro_info num__info = {
    "num", "yield-after-label-and-goto.blc", num__resume,
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
resume_1:; /* line 8 */
    self->h.result = self->v; BL_END(co);
}

struct jumps__frame {
    bl_coro h;
    int i;
    int sum;
};
static void jumps__resume(bl_coro *co);
static const unsigned jumps__lines[] = { 12, 16, 21, 23 };
static const bl_coro_info jumps__info = {
    "jumps", "yield-after-label-and-goto.blc", jumps__resume,
    sizeof(struct jumps__frame), 4, jumps__lines, NULL
};

BL_MUST_USE bl_coro *jumps(void)
{
    struct jumps__frame *self = bl__frame_new(&jumps__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void jumps__resume(bl_coro *co)
{
    struct jumps__frame *self = (struct jumps__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    }
    self->i = 0; self->sum = 0;
again:
    BL_AWAIT(co, 1, num(self->i));
resume_1: /* line 16 */
    self->sum += BL_RESULT(co, num(self->i));
    if (++self->i < 4)
        goto again;
    if (self->sum > 100)
        goto out;
    BL_AWAIT(co, 2, num(2));
resume_2: /* line 21 */
    self->sum *= BL_RESULT(co, num(2));
out:
    BL_AWAIT(co, 3, bl_null());
resume_3:; /* line 23 */
    printf("sum %d, i %d\n", self->sum, self->i);
    BL_END(co);
}

int main(void)
{
    struct bl_stats st;
    int rc = bl_run(jumps());
    bl_stats(&st);
    printf("rc %d, frames %zu, events %zu\n", rc, st.frames, st.events);
    return 0;
}
