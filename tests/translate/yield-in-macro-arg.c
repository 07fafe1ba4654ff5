/* A yield in a macro's argument runs once, before the macro, however many
 * times the macro uses its argument. */
#include <bluelet.h>
#include <stdio.h>

#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define TWICE(e) ((e) + (e))

static int calls;

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
struct num__frame {
    struct bl__co_int h;
    int v;
};
static void num__resume(bl_coro *co);
static const unsigned num__lines[] = { 11, 14 };
static const bl_coro_info num__info = {
    "num", "yield-in-macro-arg.blc", num__resume,
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
    calls++;
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 14 */
    self->h.result = self->v; BL_END(co);
}

struct macros__frame {
    bl_coro h;
    int b;
    int m;
    int t;
};
static void macros__resume(bl_coro *co);
static const unsigned macros__lines[] = { 18, 21, 22 };
static const bl_coro_info macros__info = {
    "macros", "yield-in-macro-arg.blc", macros__resume,
    sizeof(struct macros__frame), 3, macros__lines, NULL
};

BL_MUST_USE bl_coro *macros(void)
{
    struct macros__frame *self = bl__frame_new(&macros__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void macros__resume(bl_coro *co)
{
    struct macros__frame *self = (struct macros__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    self->b = 3;
    BL_AWAIT(co, 1, num(7));
resume_1: /* line 21 */
    self->m = MAX(BL_RESULT(co, num(7)), self->b);
    BL_AWAIT(co, 2, num(5));
resume_2: /* line 22 */
    self->t = TWICE(BL_RESULT(co, num(5)));
    printf("m %d, t %d, calls %d\n", self->m, self->t, calls);
    BL_END(co);
}

int main(void)
{
    struct bl_stats st;
    int rc = bl_run(macros());
    bl_stats(&st);
    printf("rc %d, frames %zu, events %zu\n", rc, st.frames, st.events);
    return 0;
}
