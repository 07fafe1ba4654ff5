/* A yield as a statement, a yield of a coroutine in an initialiser, and a
 * return value handed to the awaiting coroutine. */
#include <bluelet.h>
#include <stdio.h>

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
struct twice__frame {
    struct bl__co_int h;
    int x;
};
static void twice__resume(bl_coro *co);
static const unsigned twice__lines[] = { 6, 8 };
static const bl_coro_info twice__info = {
    "twice", "yield-statement.blc", twice__resume,
    sizeof(struct twice__frame), 2, twice__lines, NULL
};

BL_MUST_USE struct bl__co_int *twice(int x)
{
    struct twice__frame *self = bl__frame_new(&twice__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->x = x;
    return &self->h;
}

static void twice__resume(bl_coro *co)
{
    struct twice__frame *self = (struct twice__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 8 */
    self->h.result = 2 * self->x; BL_END(co);
}

struct start__frame {
    bl_coro h;
    int r;
};
static void start__resume(bl_coro *co);
static const unsigned start__lines[] = { 12, 14 };
static const bl_coro_info start__info = {
    "start", "yield-statement.blc", start__resume,
    sizeof(struct start__frame), 2, start__lines, NULL
};

BL_MUST_USE bl_coro *start(void)
{
    struct start__frame *self = bl__frame_new(&start__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void start__resume(bl_coro *co)
{
    struct start__frame *self = (struct start__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, twice(21));
resume_1: /* line 14 */
    self->r = BL_RESULT(co, twice(21));
    printf("twice(21) = %d\n", self->r);
    BL_END(co);
}

int main(void)
{
    struct bl_stats st;
    int rc = bl_run(start());
    bl_stats(&st);
    printf("rc %d, frames %zu, events %zu\n", rc, st.frames, st.events);
    return 0;
}
