/* A local whose type is written with __typeof__ (typeof, __typeof) of
 * another local or parameter, with __auto_type, or with sizeof of a local
 * in an array bound: its frame member is declared at file scope, where
 * those names do not exist, so they stand there as typed null lvalues. */
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
static const unsigned num__lines[] = { 8, 10 };
static const bl_coro_info num__info = {
    "num", "typeof-of-local-in-frame-member.blc", num__resume,
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
resume_1:; /* line 10 */
    self->h.result = self->v; BL_END(co);
}

struct typed__frame {
    bl_coro h;
    int x;
    char *name;
    __typeof__((*(int (*))0)) y;
    __typeof__((*(__typeof__((*(int (*))0)) (*))0)) y2;
    __typeof(*(*(char *(*))0)) first;
    __typeof__((*(char *(*))0)) rest;
    __typeof__(((void)0, &(*(__typeof__((*(int (*))0)) (*))0))) q;
    __typeof__(((void)0, (*(int (*))0) * 2.5)) d;
    __typeof__(((void)0, ((__typeof__(num(7)))0)->result)) n;
    __typeof__((*(__typeof__(((void)0, ((__typeof__(num(7)))0)->result)) (*))0)) m;
    char buf[sizeof (*(int (*))0) + sizeof((*(__typeof__((*(__typeof__((*(int (*))0)) (*))0)) (*))0))];
    struct { __typeof__((*(int (*))0)) inner[sizeof (*(__typeof__(((void)0, (*(int (*))0) * 2.5)) (*))0)]; } box;
};
static void typed__resume(bl_coro *co);
static const unsigned typed__lines[] = { 14, 22, 28 };
static const bl_coro_info typed__info = {
    "typed", "typeof-of-local-in-frame-member.blc", typed__resume,
    sizeof(struct typed__frame), 3, typed__lines, NULL
};

BL_MUST_USE bl_coro *typed(int x, char *name)
{
    struct typed__frame *self = bl__frame_new(&typed__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->x = x;
    self->name = name;
    return &self->h;
}

static void typed__resume(bl_coro *co)
{
    struct typed__frame *self = (struct typed__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    self->y = self->x + 1;
    self->y2 = self->y * 2;
    self->first = *self->name;
    self->rest = self->name + 1;
    self->q = &self->y;
    self->d = self->x * 2.5;
    BL_AWAIT(co, 1, num(7));
resume_1: /* line 22 */
    self->n = BL_RESULT(co, num(7));
    self->m = self->n + 1;
    self->box = (__typeof__(self->box)){ { 1, 2 } };
    static __typeof__(self->x) counter;
    counter += self->x;
    BL_AWAIT(co, 2, bl_null());
resume_2:; /* line 28 */
    snprintf(self->buf, sizeof self->buf, "%s", self->rest);
    printf("%d %d %c %s %d %g %d %d\n", self->y, self->y2, self->first, self->buf, *self->q, self->d, self->n, self->m);
    printf("%zu %zu %d %d %d\n", sizeof self->buf, sizeof self->box.inner / sizeof self->box.inner[0],
           self->box.inner[1], counter, (int)sizeof(__typeof__(self->d)));
    BL_END(co);
}

int main(void)
{
    char name[] = "alphabet";
    return bl_run(typed(3, name));
}
