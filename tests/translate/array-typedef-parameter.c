/* A parameter of an array type named by a typedef is the pointer C
 * adjusts it to, in the frame too: `arr a` is an `int *`, and `const arr`
 * a pointer to const. */
#include <stdio.h>
#include <bluelet.h>

typedef int arr[4];
typedef const int carr[2];
typedef arr arr2;

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
struct f__frame {
    struct bl__co_int h;
    __typeof__(&(*(arr *)0)[0]) a;
    __typeof__(&(*(carr *)0)[0]) c;
    __typeof__(&(*(arr2 *)0)[0]) b;
    __typeof__((*(__typeof__(&(*(arr *)0)[0]) (*))0)) p;
};
static void f__resume(bl_coro *co);
static const unsigned f__lines[] = { 11, 14 };
static const bl_coro_info f__info = {
    "f", "array-typedef-parameter.blc", f__resume,
    sizeof(struct f__frame), 2, f__lines, NULL
};

BL_MUST_USE struct bl__co_int *f(arr a, carr c, arr2 b)
{
    struct f__frame *self = bl__frame_new(&f__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->a = a;
    self->c = c;
    self->b = b;
    return &self->h;
}

static void f__resume(bl_coro *co)
{
    struct f__frame *self = (struct f__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    self->p = self->a + 1;
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 14 */
    self->a[0] = 9;
    self->h.result = *self->p + self->c[1] + self->b[3]; BL_END(co);
}

struct main_co__frame {
    bl_coro h;
    arr x;
    carr y;
};
static void main_co__resume(bl_coro *co);
static const unsigned main_co__lines[] = { 19, 23 };
static const bl_coro_info main_co__info = {
    "main_co", "array-typedef-parameter.blc", main_co__resume,
    sizeof(struct main_co__frame), 2, main_co__lines, NULL
};

BL_MUST_USE bl_coro *main_co(void)
{
    struct main_co__frame *self = bl__frame_new(&main_co__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void main_co__resume(bl_coro *co)
{
    struct main_co__frame *self = (struct main_co__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    __builtin_memcpy(&self->x, &(__typeof__(self->x)){ 1, 2, 3, 4 }, sizeof self->x);
    __builtin_memcpy((void *)&self->y, &(__typeof__(self->y)){ 5, 6 }, sizeof self->y);
    BL_AWAIT(co, 1, f(self->x, self->y, self->x));
resume_1: /* line 23 */
    printf("%d %d\n", (BL_RESULT(co, f(self->x, self->y, self->x))), self->x[0]);
    BL_END(co);
}

int main(void)
{
    return bl_run(main_co());
}
