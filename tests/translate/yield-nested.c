/* A yield whose awaitable is computed by another yield: the inner one
 * runs first. */
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
    "num", "yield-nested.blc", num__resume,
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

#ifndef BL__co_struct_10bl__co_int_p
#define BL__co_struct_10bl__co_int_p
struct bl__co_struct_10bl__co_int_p { union { bl_aw aw; bl_coro co; }; struct bl__co_int *result; };
#endif
struct later__frame {
    struct bl__co_struct_10bl__co_int_p h;
    int v;
};
static void later__resume(bl_coro *co);
static const unsigned later__lines[] = { 12, 14 };
static const bl_coro_info later__info = {
    "later", "yield-nested.blc", later__resume,
    sizeof(struct later__frame), 2, later__lines, NULL
};

BL_MUST_USE struct bl__co_struct_10bl__co_int_p *later(int v)
{
    struct later__frame *self = bl__frame_new(&later__info);
    if (!self) {
        static struct bl__co_struct_10bl__co_int_p failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->v = v;
    return &self->h;
}

static void later__resume(bl_coro *co)
{
    struct later__frame *self = (struct later__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 14 */
    self->h.result = num(self->v * 10); BL_END(co);
}

struct nested__frame {
    bl_coro h;
    int r;
    int s;
};
static void nested__resume(bl_coro *co);
static const unsigned nested__lines[] = { 18, 20, 20, 21, 21, 21 };
static const bl_coro_info nested__info = {
    "nested", "yield-nested.blc", nested__resume,
    sizeof(struct nested__frame), 6, nested__lines, NULL
};

BL_MUST_USE bl_coro *nested(void)
{
    struct nested__frame *self = bl__frame_new(&nested__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void nested__resume(bl_coro *co)
{
    struct nested__frame *self = (struct nested__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    }
    BL_AWAIT(co, 1, later(4));
resume_1: /* line 20 */
    { __auto_type bl__e = ((BL_RESULT(co, later(4)))); _Static_assert(BL_AWAITABLE(bl__e), "yield takes a coroutine call, a handle or an event");
      BL_AWAIT(co, 2, BL__AWP(bl__e)); }
resume_2: /* line 20 */
    self->r = BL_RESULT(co, BL__AWP((BL_RESULT(co, later(4)))));
    BL_AWAIT(co, 3, num(3));
resume_3: /* line 21 */
    BL_AWAIT(co, 4, num(BL_RESULT(co, num(3))));
resume_4: /* line 21 */
    BL_AWAIT(co, 5, num(BL_RESULT(co, num(BL_RESULT(co, num(3))))));
resume_5: /* line 21 */
    self->s = BL_RESULT(co, num(BL_RESULT(co, num(BL_RESULT(co, num(3))))));
    printf("r %d, s %d\n", self->r, self->s);
    BL_END(co);
}

int main(void)
{
    struct bl_stats st;
    int rc = bl_run(nested());
    bl_stats(&st);
    printf("rc %d, frames %zu, events %zu\n", rc, st.frames, st.events);
    return 0;
}
