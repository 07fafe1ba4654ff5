/* Block-scope types that a frame member needs move to file scope with
 * what they need in turn: an enum that sizes a struct's member, a struct
 * defined inside another, a typedef of __typeof__ of a parameter, a tag
 * defined in an anonymous struct; a struct defined with two variables is
 * defined once.  Typedefs of the coroutine that are arrays are copied in,
 * those that are structs assigned.  A local that shadows a typedef name
 * is a local. */
#include <bluelet.h>
#include <stdio.h>

enum { N = 99 };
struct i { double d; };

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
struct num__frame {
    struct bl__co_int h;
    int v;
};
static void num__resume(bl_coro *co);
static const unsigned num__lines[] = { 14, 16 };
static const bl_coro_info num__info = {
    "num", "block-scope-types-that-move-together.blc", num__resume,
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
resume_1:; /* line 16 */
    self->h.result = self->v; BL_END(co);
}

typedef __typeof__((*(int (*))0)) edge__XT;
enum { edge__N = 3 };
struct edge__s { int v[edge__N]; };
struct edge__o { struct edge__i { int a; } in; int b; };
struct edge__q { int a; };
typedef int edge__row[3];
typedef edge__row edge__grid[2];
typedef struct edge__q edge__pq;
typedef edge__pq edge__pq2;
struct edge__frame {
    bl_coro h;
    int x;
    edge__XT y;
    struct edge__s sv;
    struct edge__i j;
    struct { struct edge__in2 { int a; } i; } v;
    struct edge__in2 z;
    struct edge__q q1;
    struct edge__q q2;
    int r;
    edge__row rw;
    edge__grid g;
    edge__pq2 p;
    int XT;
};
static void edge__resume(bl_coro *co);
static const unsigned edge__lines[] = { 20, 32, 37, 42 };
static const bl_coro_info edge__info = {
    "edge", "block-scope-types-that-move-together.blc", edge__resume,
    sizeof(struct edge__frame), 4, edge__lines, NULL
};

BL_MUST_USE bl_coro *edge(int x)
{
    struct edge__frame *self = bl__frame_new(&edge__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->x = x;
    return &self->h;
}

static void edge__resume(bl_coro *co)
{
    struct edge__frame *self = (struct edge__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    }
    self->y = 1;
    self->sv = (__typeof__(self->sv)){ { 1, 2, 3 } };
    self->j = (__typeof__(self->j)){ 4 };
    self->v = (__typeof__(self->v)){ { 5 } };
    self->z = (__typeof__(self->z)){ 6 };
    self->q1 = (__typeof__(self->q1)){ 7 }; self->q2 = (__typeof__(self->q2)){ 8 };
    BL_AWAIT(co, 1, num(1));
resume_1: /* line 32 */
    self->r = (int)sizeof(struct edge__s) + (BL_RESULT(co, num(1)));
    BL_AWAIT(co, 2, num(3));
resume_2: /* line 37 */
    __builtin_memcpy(&self->rw, &(__typeof__(self->rw)){ 1, 2, BL_RESULT(co, num(3)) }, sizeof self->rw);
    __builtin_memcpy(&self->g, &(__typeof__(self->g)){ { 1 }, { 4, 5, 6 } }, sizeof self->g);
    self->p = (__typeof__(self->p)){ 9 };
    {
        self->XT = 2;
        BL_AWAIT(co, 3, bl_null());
resume_3:; /* line 42 */
        printf("inner %d\n", self->XT);
    }
    printf("%d %d %d %d %d %d %d %d %d\n", self->y, self->sv.v[2], self->j.a, self->v.i.a, self->z.a, self->q1.a, self->q2.a, self->r, edge__N);
    printf("%d %d %d %zu\n", self->rw[2], self->g[1][2], self->p.a, sizeof self->g);
    BL_END(co);
}

int main(void)
{
    return bl_run(edge(1));
}
