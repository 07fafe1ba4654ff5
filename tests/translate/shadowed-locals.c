/* Locals that shadow each other, a parameter named like the frame's
 * header and one named like the constructor's local: renamed only where
 * they would clash. */
#include <bluelet.h>
#include <stdio.h>

static int x = 100;

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
struct num__frame {
    struct bl__co_int h;
    int v;
};
static void num__resume(bl_coro *co);
static const unsigned num__lines[] = { 9, 11 };
static const bl_coro_info num__info = {
    "num", "shadowed-locals.blc", num__resume,
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
resume_1:; /* line 11 */
    self->h.result = self->v; BL_END(co);
}

struct shadows__frame {
    bl_coro h;
    int h__2;
    const char *self;
    int x;
    int x__2;
    int x__3;
};
static void shadows__resume(bl_coro *co);
static const unsigned shadows__lines[] = { 15, 18, 20, 22 };
static const bl_coro_info shadows__info = {
    "shadows", "shadowed-locals.blc", shadows__resume,
    sizeof(struct shadows__frame), 4, shadows__lines, NULL
};

BL_MUST_USE bl_coro *shadows(int h, const char *self)
{
    struct shadows__frame *self__2 = bl__frame_new(&shadows__info);
    if (!self__2) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self__2->h__2 = h;
    self__2->self = self;
    return &self__2->h;
}

static void shadows__resume(bl_coro *co)
{
    struct shadows__frame *self = (struct shadows__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    }
    printf("global x %d\n", x);
    BL_AWAIT(co, 1, num(1));
resume_1: /* line 18 */
    self->x = BL_RESULT(co, num(1));
    {
        BL_AWAIT(co, 2, num(2));
resume_2: /* line 20 */
        self->x__2 = BL_RESULT(co, num(2));
        for (self->x__3 = 3; self->x__3 < 5; self->x__3++) {
            BL_AWAIT(co, 3, num(0));
resume_3: /* line 22 */
            printf("loop x %d\n", self->x__3 + (BL_RESULT(co, num(0))));
        }
        printf("inner x %d\n", self->x__2);
        {
            typedef int x_t;
            x_t y = self->x__2 + self->h__2;
            printf("y %d\n", y);
        }
    }
    printf("outer x %d, h %d, self %s\n", self->x, self->h__2, self->self);
    BL_END(co);
}

int main(void)
{
    struct bl_stats st;
    int rc = bl_run(shadows(40, "me"));
    bl_stats(&st);
    printf("rc %d, frames %zu, events %zu\n", rc, st.frames, st.events);
    return 0;
}
