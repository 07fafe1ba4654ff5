/* Yields in initialisers: several declarators (each a full expression, in
 * order), a struct with a designated initialiser, arrays sized by their
 * initialiser, and a compound literal. */
#include <bluelet.h>
#include <stdio.h>

struct point { int x, y; };

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
    "num", "yield-in-initializer.blc", num__resume,
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

struct init__frame {
    bl_coro h;
    int a;
    int b;
    int c;
    struct point p;
    __typeof__((int []){ 0, 0, 0 }) arr;
    char name[16];
    int k;
    struct point q;
};
static void init__resume(bl_coro *co);
static const unsigned init__lines[] = { 15, 17, 18, 19, 21, 22 };
static const bl_coro_info init__info = {
    "init", "yield-in-initializer.blc", init__resume,
    sizeof(struct init__frame), 6, init__lines, NULL
};

BL_MUST_USE bl_coro *init(void)
{
    struct init__frame *self = bl__frame_new(&init__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void init__resume(bl_coro *co)
{
    struct init__frame *self = (struct init__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    }
    self->a = 1;
    BL_AWAIT(co, 1, num(self->a + 1));
resume_1: /* line 17 */
    self->b = BL_RESULT(co, num(self->a + 1)); self->c = self->a + self->b;
    BL_AWAIT(co, 2, num(4));
resume_2: /* line 18 */
    self->p = (__typeof__(self->p)){ .y = BL_RESULT(co, num(4)), .x = self->c };
    BL_AWAIT(co, 3, num(5));
resume_3: /* line 19 */
    __builtin_memcpy(self->arr, (__typeof__(self->arr)){ self->a, BL_RESULT(co, num(5)), 6 }, sizeof self->arr);
    __builtin_memcpy(self->name, (__typeof__(self->name)){ "bluelet" }, sizeof self->name);
    BL_AWAIT(co, 4, num(7));
resume_4: /* line 21 */
    self->k = BL_RESULT(co, num(7));
    BL_AWAIT(co, 5, num(8));
resume_5: /* line 22 */
    self->q = (struct point){ BL_RESULT(co, num(8)), 9 };
    printf("%d %d %d\n", self->a, self->b, self->c);
    printf("p %d %d, q %d %d\n", self->p.x, self->p.y, self->q.x, self->q.y);
    printf("arr %zu: %d %d %d, %s, k %d\n", sizeof self->arr / sizeof self->arr[0],
           self->arr[0], self->arr[1], self->arr[2], self->name, self->k);
    BL_END(co);
}

int main(void)
{
    struct bl_stats st;
    int rc = bl_run(init());
    bl_stats(&st);
    printf("rc %d, frames %zu, events %zu\n", rc, st.frames, st.events);
    return 0;
}
