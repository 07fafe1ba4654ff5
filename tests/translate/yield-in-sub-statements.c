/* Statements with yields as the bodies of if, else and loops, which need
 * braces once they become several statements; discarded yields under
 * &&, ?: and comma; return of a yield. */
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
static const unsigned num__lines[] = { 7, 10 };
static const bl_coro_info num__info = {
    "num", "yield-in-sub-statements.blc", num__resume,
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
    printf("num(%d)\n", self->v);
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 10 */
    self->h.result = self->v; BL_END(co);
}

struct pick__frame {
    struct bl__co_int h;
    int x;
    int y;
};
static void pick__resume(bl_coro *co);
static const unsigned pick__lines[] = { 14, 17, 20, 21, 23, 24, 25, 25, 26, 26 };
static const bl_coro_info pick__info = {
    "pick", "yield-in-sub-statements.blc", pick__resume,
    sizeof(struct pick__frame), 10, pick__lines, NULL
};

BL_MUST_USE struct bl__co_int *pick(int x)
{
    struct pick__frame *self = bl__frame_new(&pick__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->x = x;
    return &self->h;
}

static void pick__resume(bl_coro *co)
{
    struct pick__frame *self = (struct pick__frame *)co;
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
    self->y = 0;
    if (self->x) {
        BL_AWAIT(co, 1, num(self->x));
resume_1: /* line 17 */
        self->y = BL_RESULT(co, num(self->x));
    }
    if (self->x > 5) {
        self->h.result = 0; BL_END(co);
    }
    else {
        BL_AWAIT(co, 2, num(self->x + 1));
resume_2: /* line 20 */
        if ((BL_RESULT(co, num(self->x + 1))) > 2) {
            BL_AWAIT(co, 3, num(self->y + 10));
resume_3: /* line 21 */
            self->h.result = BL_RESULT(co, num(self->y + 10)); BL_END(co);
        }
    }
    while (self->y > 0) {
        BL_AWAIT(co, 4, num(1));
resume_4: /* line 23 */
        self->y -= BL_RESULT(co, num(1));
    }
    if (self->x) {
        BL_AWAIT(co, 5, num(100));
resume_5:; /* line 24 */
    }
    if (self->x) {
        BL_AWAIT(co, 6, num(200));
resume_6: /* line 25 */
        (void)(BL_RESULT(co, num(200)));
    } else {
        BL_AWAIT(co, 7, num(300));
resume_7: /* line 25 */
        (void)(BL_RESULT(co, num(300)));
    }
    BL_AWAIT(co, 8, num(400));
resume_8:; /* line 26 */
    BL_AWAIT(co, 9, num(500));
resume_9:; /* line 26 */
    self->h.result = self->y; BL_END(co);
}

struct start__frame {
    bl_coro h;
};
static void start__resume(bl_coro *co);
static const unsigned start__lines[] = { 30, 32, 33 };
static const bl_coro_info start__info = {
    "start", "yield-in-sub-statements.blc", start__resume,
    sizeof(struct start__frame), 3, start__lines, NULL
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
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    BL_AWAIT(co, 1, pick(3));
resume_1: /* line 32 */
    printf("pick(3) = %d\n", BL_RESULT(co, pick(3)));
    BL_AWAIT(co, 2, pick(0));
resume_2: /* line 33 */
    printf("pick(0) = %d\n", BL_RESULT(co, pick(0)));
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
