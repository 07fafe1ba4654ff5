/* Compound literals whose storage outlives a yield -- arrays, which decay
 * to pointers, and literals whose address is taken -- move to the frame;
 * others, and those under sizeof, stay as written. */
#include <bluelet.h>
#include <stdio.h>
struct pt { int x, y; };
#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
struct sum__frame {
    struct bl__co_int h;
    const int *v;
    int n;
    int s;
    int i;
};
static void sum__resume(bl_coro *co);
static const unsigned sum__lines[] = { 7, 11 };
static const bl_coro_info sum__info = {
    "sum", "compound-literal-across-yield.blc", sum__resume,
    sizeof(struct sum__frame), 2, sum__lines, NULL
};

BL_MUST_USE struct bl__co_int *sum(const int *v, int n)
{
    struct sum__frame *self = bl__frame_new(&sum__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->v = v;
    self->n = n;
    return &self->h;
}

static void sum__resume(bl_coro *co)
{
    struct sum__frame *self = (struct sum__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    self->s = 0;
    for (self->i = 0; self->i < self->n; self->i++) {
        BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 11 */
        self->s += self->v[self->i];
    }
    self->h.result = self->s; BL_END(co);
}
struct norm__frame {
    struct bl__co_int h;
    struct pt *p;
};
static void norm__resume(bl_coro *co);
static const unsigned norm__lines[] = { 16, 18 };
static const bl_coro_info norm__info = {
    "norm", "compound-literal-across-yield.blc", norm__resume,
    sizeof(struct norm__frame), 2, norm__lines, NULL
};

BL_MUST_USE struct bl__co_int *norm(struct pt *p)
{
    struct norm__frame *self = bl__frame_new(&norm__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->p = p;
    return &self->h;
}

static void norm__resume(bl_coro *co)
{
    struct norm__frame *self = (struct norm__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 18 */
    self->h.result = self->p->x * self->p->x + self->p->y * self->p->y; BL_END(co);
}
struct f__frame {
    bl_coro h;
    int k;
    int *p;
    struct pt *q;
    int x;
    __typeof__((int[]){ 0, 0, 0 }) t__1;
    __typeof__((struct pt){ 0, 0 }) t__2;
    __typeof__((int[]){ 0, 0 }) t__3;
    __typeof__((int[]){ 0, 0, 0 }) t__4;
    __typeof__((struct pt){ 0, 0 }) t__5;
    __typeof__((int[]){ 0, 0 }) t__6;
    __typeof__((int[]){ 0 }) t__7;
    __typeof__(((__typeof__(sum((int[]){ 0, 0 }, 2)))0)->result) t__8;
};
static void f__resume(bl_coro *co);
static const unsigned f__lines[] = { 21, 26, 28, 28, 29, 30, 30 };
static const bl_coro_info f__info = {
    "f", "compound-literal-across-yield.blc", f__resume,
    sizeof(struct f__frame), 7, f__lines, NULL
};

BL_MUST_USE bl_coro *f(void)
{
    struct f__frame *self = bl__frame_new(&f__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void f__resume(bl_coro *co)
{
    struct f__frame *self = (struct f__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    case 6: goto resume_6;
    }
    self->k = 10;
    self->p = (__builtin_memcpy(self->t__1, (int[]){ 1, 2, self->k }, sizeof self->t__1), self->t__1);
    self->q = (__builtin_memcpy(&self->t__2, &(struct pt){ 3, 4 }, sizeof self->t__2), &self->t__2);
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 26 */
    printf("%d %d %d %d\n", self->p[0], self->p[1], self->p[2], self->q->x + self->q->y);
    BL_AWAIT(co, 2, sum((__builtin_memcpy(self->t__3, (int[]){ 1, 1 }, sizeof self->t__3), self->t__3), 2));
resume_2: /* line 28 */
    BL_AWAIT(co, 3, sum((__builtin_memcpy(self->t__4, (int[]){ 5, 6, BL_RESULT(co, sum((__builtin_memcpy(self->t__3, (int[]){ 1, 1 }, sizeof self->t__3), self->t__3), 2)) }, sizeof self->t__4), self->t__4), 3));
resume_3: /* line 28 */
    printf("sum %d\n", BL_RESULT(co, sum((__builtin_memcpy(self->t__4, (int[]){ 5, 6, BL_RESULT(co, sum((__builtin_memcpy(self->t__3, (int[]){ 1, 1 }, sizeof self->t__3), self->t__3), 2)) }, sizeof self->t__4), self->t__4), 3)));
    BL_AWAIT(co, 4, norm((__builtin_memcpy(&self->t__5, &(struct pt){ 1, 2 }, sizeof self->t__5), &self->t__5)));
resume_4: /* line 29 */
    printf("norm %d, size %zu\n", BL_RESULT(co, norm((__builtin_memcpy(&self->t__5, &(struct pt){ 1, 2 }, sizeof self->t__5), &self->t__5))), sizeof (int[]){ 1, 2, 3 });
    BL_AWAIT(co, 5, sum((__builtin_memcpy(self->t__6, (int[]){ self->k, 2 }, sizeof self->t__6), self->t__6), 2));
resume_5: /* line 30 */
    self->t__8 = BL_RESULT(co, sum((__builtin_memcpy(self->t__6, (int[]){ self->k, 2 }, sizeof self->t__6), self->t__6), 2));
    BL_AWAIT(co, 6, sum((__builtin_memcpy(self->t__7, (int[]){ 3 }, sizeof self->t__7), self->t__7), 1));
resume_6: /* line 30 */
    self->x = (self->t__8) + (BL_RESULT(co, sum((__builtin_memcpy(self->t__7, (int[]){ 3 }, sizeof self->t__7), self->t__7), 1)));
    printf("x %d\n", self->x);
    BL_END(co);
}
int main(void)
{
    struct bl_stats st;
    int rc = bl_run(f());
    bl_stats(&st);
    printf("rc %d, frames %zu, events %zu\n", rc, st.frames, st.events);
    return 0;
}
