/* A static local named only by a type that goes to file scope -- a hoisted
 * typedef's __typeof__, a frame member's -- is written there as a typed
 * null, which is no use of it: the declaration gains `(void)&x;`, so that
 * the output compiles without an unused-variable warning, as the source
 * does (C counts the __typeof__ a use). */
#include <bluelet.h>
#include <stdio.h>

typedef __typeof__((*(int (*)[4])0)) f__A;
struct f__frame {
    bl_coro h;
    int a;
    f__A x;
    __typeof__((*(long (*))0)) y;
};
static void f__resume(bl_coro *co);
static const unsigned f__lines[] = { 9, 17 };
static const bl_coro_info f__info = {
    "f", "static-used-only-in-moved-type.blc", f__resume,
    sizeof(struct f__frame), 2, f__lines, NULL
};

BL_MUST_USE bl_coro *f(int a)
{
    struct f__frame *self = bl__frame_new(&f__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->a = a;
    return &self->h;
}

static void f__resume(bl_coro *co)
{
    struct f__frame *self = (struct f__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    static int arr[4]; (void)&arr;
    __builtin_memcpy(&self->x, &(__typeof__(self->x)){ self->a, 2 }, sizeof self->x);
    static long cnt; (void)&cnt;
    self->y = 3;
    static int plain = 7;
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 17 */
    printf("%zu %d %d %ld %d\n", sizeof self->x / sizeof self->x[0], self->x[0], self->x[1], self->y, plain);
    BL_END(co);
}

int main(void)
{
    return bl_run(f(5));
}
