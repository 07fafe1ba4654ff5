/* Yields as operands of &&, || and ?: run only when C would evaluate
 * them. */
#include <bluelet.h>
#include <stdio.h>

static int calls;

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
struct answer__frame {
    struct bl__co_int h;
    int v;
};
static void answer__resume(bl_coro *co);
static const unsigned answer__lines[] = { 8, 11 };
static const bl_coro_info answer__info = {
    "answer", "yield-in-and-or-cond.blc", answer__resume,
    sizeof(struct answer__frame), 2, answer__lines, NULL
};

BL_MUST_USE struct bl__co_int *answer(int v)
{
    struct answer__frame *self = bl__frame_new(&answer__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->v = v;
    return &self->h;
}

static void answer__resume(bl_coro *co)
{
    struct answer__frame *self = (struct answer__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    calls++;
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 11 */
    self->h.result = self->v; BL_END(co);
}

struct logic__frame {
    bl_coro h;
    int a;
    int r;
    int t__1;
    int t__2;
    __typeof__(0 ? ((__typeof__(answer(3)))0)->result : (((__typeof__(answer(4)))0)->result) + 1) t__3;
};
static void logic__resume(bl_coro *co);
static const unsigned logic__lines[] = { 15, 18, 20, 22, 22 };
static const bl_coro_info logic__info = {
    "logic", "yield-in-and-or-cond.blc", logic__resume,
    sizeof(struct logic__frame), 5, logic__lines, NULL
};

BL_MUST_USE bl_coro *logic(void)
{
    struct logic__frame *self = bl__frame_new(&logic__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void logic__resume(bl_coro *co)
{
    struct logic__frame *self = (struct logic__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    }
    self->a = 0;
    self->t__1 = self->a != 0;
    if (self->t__1) {
        BL_AWAIT(co, 1, answer(1));
resume_1: /* line 18 */
        self->t__1 = (BL_RESULT(co, answer(1))) != 0;
    }
    if (self->t__1)
        printf("not reached\n");
    self->t__2 = self->a != 0;
    if (!self->t__2) {
        BL_AWAIT(co, 2, answer(2));
resume_2: /* line 20 */
        self->t__2 = (BL_RESULT(co, answer(2))) == 2;
    }
    if (self->t__2)
        printf("or: %d call\n", calls);
    if (self->a) {
        BL_AWAIT(co, 3, answer(3));
resume_3: /* line 22 */
        self->t__3 = BL_RESULT(co, answer(3));
    } else {
        BL_AWAIT(co, 4, answer(4));
resume_4: /* line 22 */
        self->t__3 = (BL_RESULT(co, answer(4))) + 1;
    }
    self->r = self->t__3;
    printf("cond: %d, %d calls\n", self->r, calls);
    BL_END(co);
}

int main(void)
{
    struct bl_stats st;
    int rc = bl_run(logic());
    bl_stats(&st);
    printf("rc %d, frames %zu, events %zu\n", rc, st.frames, st.events);
    return 0;
}
