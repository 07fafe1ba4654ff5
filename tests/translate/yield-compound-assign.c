/* Compound assignments and increments around yields. */
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
static const unsigned num__lines[] = { 5, 7 };
static const bl_coro_info num__info = {
    "num", "yield-compound-assign.blc", num__resume,
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
resume_1:; /* line 7 */
    self->h.result = self->v; BL_END(co);
}

struct compound__frame {
    bl_coro h;
    int x;
    int a[3];
    int i;
};
static void compound__resume(bl_coro *co);
static const unsigned compound__lines[] = { 11, 14, 15, 16, 17, 18, 19 };
static const bl_coro_info compound__info = {
    "compound", "yield-compound-assign.blc", compound__resume,
    sizeof(struct compound__frame), 7, compound__lines, NULL
};

BL_MUST_USE bl_coro *compound(void)
{
    struct compound__frame *self = bl__frame_new(&compound__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void compound__resume(bl_coro *co)
{
    struct compound__frame *self = (struct compound__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    case 6: goto resume_6;
    }
    self->x = 1; __builtin_memcpy(self->a, (__typeof__(self->a)){ 0, 0, 0 }, sizeof self->a); self->i = 0;
    BL_AWAIT(co, 1, num(4));
resume_1: /* line 14 */
    self->x += BL_RESULT(co, num(4));
    BL_AWAIT(co, 2, num(3));
resume_2: /* line 15 */
    self->x *= BL_RESULT(co, num(3));
    BL_AWAIT(co, 3, num(2));
resume_3: /* line 16 */
    self->x -= (BL_RESULT(co, num(2))) * 2;
    BL_AWAIT(co, 4, num(1));
resume_4: /* line 17 */
    self->x <<= BL_RESULT(co, num(1));
    BL_AWAIT(co, 5, num(7));
resume_5: /* line 18 */
    self->a[self->i++] += BL_RESULT(co, num(7));
    BL_AWAIT(co, 6, num(10));
resume_6: /* line 19 */
    self->a[self->i] = self->x % (BL_RESULT(co, num(10)));
    printf("x %d, a %d %d %d, i %d\n", self->x, self->a[0], self->a[1], self->a[2], self->i);
    BL_END(co);
}

int main(void)
{
    struct bl_stats st;
    int rc = bl_run(compound());
    bl_stats(&st);
    printf("rc %d, frames %zu, events %zu\n", rc, st.frames, st.events);
    return 0;
}
