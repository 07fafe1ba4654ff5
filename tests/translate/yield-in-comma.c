/* Yields on either side of the comma operator: the left operand is
 * evaluated, and its yields completed, before the right one. */
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
    "num", "yield-in-comma.blc", num__resume,
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

struct comma__frame {
    bl_coro h;
    int a;
    int b;
    int c;
    int d;
    int i;
};
static void comma__resume(bl_coro *co);
static const unsigned comma__lines[] = { 12, 15, 16, 17, 17, 18 };
static const bl_coro_info comma__info = {
    "comma", "yield-in-comma.blc", comma__resume,
    sizeof(struct comma__frame), 6, comma__lines, NULL
};

BL_MUST_USE bl_coro *comma(void)
{
    struct comma__frame *self = bl__frame_new(&comma__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void comma__resume(bl_coro *co)
{
    struct comma__frame *self = (struct comma__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    }
    self->a = 1;
    BL_AWAIT(co, 1, num(5));
resume_1:; /* line 15 */
    self->b = (self->a + 1);
    self->a++;
    BL_AWAIT(co, 2, num(self->a));
resume_2: /* line 16 */
    self->c = (BL_RESULT(co, num(self->a)));
    BL_AWAIT(co, 3, num(self->a));
resume_3:; /* line 17 */
    self->a *= 10;
    BL_AWAIT(co, 4, num(self->a + self->b));
resume_4: /* line 17 */
    self->d = (BL_RESULT(co, num(self->a + self->b)));
    for (self->i = 0; self->i < 2;) {
        self->a += self->i;
        self->i++;
        BL_AWAIT(co, 5, bl_null());
resume_5:; /* line 18 */
    }
    printf("a %d, b %d, c %d, d %d\n", self->a, self->b, self->c, self->d);
    BL_END(co);
}

int main(void)
{
    struct bl_stats st;
    int rc = bl_run(comma());
    bl_stats(&st);
    printf("rc %d, frames %zu, events %zu\n", rc, st.frames, st.events);
    return 0;
}
