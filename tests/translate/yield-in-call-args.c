/* Several yields in one expression: each result survives the later awaits
 * in a frame temporary; the yields run left to right. */
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
static const unsigned num__lines[] = { 6, 9 };
static const bl_coro_info num__info = {
    "num", "yield-in-call-args.blc", num__resume,
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
resume_1:; /* line 9 */
    self->h.result = self->v; BL_END(co);
}

#ifndef BL__co_double
#define BL__co_double
struct bl__co_double { union { bl_aw aw; bl_coro co; }; double result; };
#endif
struct half__frame {
    struct bl__co_double h;
    int v;
};
static void half__resume(bl_coro *co);
static const unsigned half__lines[] = { 13, 15 };
static const bl_coro_info half__info = {
    "half", "yield-in-call-args.blc", half__resume,
    sizeof(struct half__frame), 2, half__lines, NULL
};

BL_MUST_USE struct bl__co_double *half(int v)
{
    struct half__frame *self = bl__frame_new(&half__info);
    if (!self) {
        static struct bl__co_double failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->v = v;
    return &self->h;
}

static void half__resume(bl_coro *co)
{
    struct half__frame *self = (struct half__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 15 */
    self->h.result = self->v / 2.0; BL_END(co);
}

static int add3(int a, int b, int c) { return a + b + c; }

struct args__frame {
    bl_coro h;
    int x;
    int s;
    double d;
    __typeof__(((__typeof__(num(1)))0)->result) t__1;
    __typeof__(((__typeof__(half((*(int (*))0))))0)->result) t__2;
    __typeof__(((__typeof__(num(4)))0)->result) t__3;
};
static void args__resume(bl_coro *co);
static const unsigned args__lines[] = { 21, 24, 24, 25, 25, 27, 27 };
static const bl_coro_info args__info = {
    "args", "yield-in-call-args.blc", args__resume,
    sizeof(struct args__frame), 7, args__lines, NULL
};

BL_MUST_USE bl_coro *args(void)
{
    struct args__frame *self = bl__frame_new(&args__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void args__resume(bl_coro *co)
{
    struct args__frame *self = (struct args__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    case 6: goto resume_6;
    }
    self->x = 10;
    BL_AWAIT(co, 1, num(1));
resume_1: /* line 24 */
    self->t__1 = BL_RESULT(co, num(1));
    BL_AWAIT(co, 2, num(2));
resume_2: /* line 24 */
    self->s = add3(self->t__1, self->x, BL_RESULT(co, num(2)));
    BL_AWAIT(co, 3, half(self->s));
resume_3: /* line 25 */
    self->t__2 = BL_RESULT(co, half(self->s));
    BL_AWAIT(co, 4, num(3));
resume_4: /* line 25 */
    self->d = (self->t__2) + (BL_RESULT(co, num(3)));
    printf("s %d, d %.1f\n", self->s, self->d);
    BL_AWAIT(co, 5, num(4));
resume_5: /* line 27 */
    self->t__3 = BL_RESULT(co, num(4));
    BL_AWAIT(co, 6, num(5));
resume_6: /* line 27 */
    printf("%d %d\n", self->t__3, BL_RESULT(co, num(5)));
    BL_END(co);
}

int main(void)
{
    struct bl_stats st;
    int rc = bl_run(args());
    bl_stats(&st);
    printf("rc %d, frames %zu, events %zu\n", rc, st.frames, st.events);
    return 0;
}
