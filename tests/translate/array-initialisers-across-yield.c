/* Array locals that live across a yield, initialised in the ways that
 * need care: an unsized array of structs with struct values as elements
 * (with and without designators), and locals of typedef'd array type with
 * a braced or string initialiser (an array cannot be assigned). */
#include <bluelet.h>
#include <stdio.h>

struct pt { int x, y; };
typedef int vec[3];
typedef char word[6];
typedef struct pt pair[2];

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
struct num__frame {
    struct bl__co_int h;
    int v;
};
static void num__resume(bl_coro *co);
static const unsigned num__lines[] = { 13, 15 };
static const bl_coro_info num__info = {
    "num", "array-initialisers-across-yield.blc", num__resume,
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
resume_1:; /* line 15 */
    self->h.result = self->v; BL_END(co);
}

struct arrays__frame {
    bl_coro h;
    struct pt given;
    struct pt one;
    struct pt a[sizeof ((char []){ 0, 0 })];
    struct pt b[sizeof ((char []){ [2] = 0, [0] = 0 })];
    struct pt c[sizeof ((char []){ 0, 0, 0 })];
    struct pt d[sizeof ((char []){ [1] = 0, 0 })];
    vec v;
    vec w;
    word s;
    pair p;
};
static void arrays__resume(bl_coro *co);
static const unsigned arrays__lines[] = { 19, 24, 26, 30 };
static const bl_coro_info arrays__info = {
    "arrays", "array-initialisers-across-yield.blc", arrays__resume,
    sizeof(struct arrays__frame), 4, arrays__lines, NULL
};

BL_MUST_USE bl_coro *arrays(struct pt given)
{
    struct arrays__frame *self = bl__frame_new(&arrays__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->given = given;
    return &self->h;
}

static void arrays__resume(bl_coro *co)
{
    struct arrays__frame *self = (struct arrays__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    }
    self->one = (__typeof__(self->one)){ 1, 2 };
    __builtin_memcpy(self->a, (__typeof__(self->a)){ self->one, { 3, 4 } }, sizeof self->a);
    __builtin_memcpy(self->b, (__typeof__(self->b)){ [2] = self->one, [0].y = 7 }, sizeof self->b);
    BL_AWAIT(co, 1, num(6));
resume_1: /* line 24 */
    __builtin_memcpy(self->c, (__typeof__(self->c)){ self->given, self->given, (struct pt){ 5, BL_RESULT(co, num(6)) } }, sizeof self->c);
    __builtin_memcpy(self->d, (__typeof__(self->d)){ [1] = { 8, 9 }, self->one }, sizeof self->d);
    BL_AWAIT(co, 2, num(3));
resume_2: /* line 26 */
    __builtin_memcpy(&self->v, &(__typeof__(self->v)){ 1, 2, BL_RESULT(co, num(3)) }, sizeof self->v);
    __builtin_memcpy(&self->w, &(__typeof__(self->w)){ [1] = 9 }, sizeof self->w);
    __builtin_memcpy(&self->s, &(__typeof__(self->s)){ "hello" }, sizeof self->s);
    __builtin_memcpy(&self->p, &(__typeof__(self->p)){ { 1, 1 }, self->one }, sizeof self->p);
    BL_AWAIT(co, 3, bl_null());
resume_3:; /* line 30 */
    printf("a %zu %d %d, b %zu %d %d, c %zu %d %d, d %zu %d %d\n",
           sizeof self->a / sizeof self->a[0], self->a[0].y, self->a[1].x,
           sizeof self->b / sizeof self->b[0], self->b[0].y, self->b[2].x,
           sizeof self->c / sizeof self->c[0], self->c[1].x, self->c[2].y,
           sizeof self->d / sizeof self->d[0], self->d[1].y, self->d[2].x);
    printf("v %d %d %d, w %d %d, s %s %zu, p %d %d\n", self->v[0], self->v[1], self->v[2],
           self->w[0], self->w[1], self->s, sizeof self->s, self->p[0].x, self->p[1].y);
    BL_END(co);
}

int main(void)
{
    return bl_run(arrays((struct pt){ 10, 20 }));
}
