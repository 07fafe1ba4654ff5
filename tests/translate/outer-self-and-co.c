/* A coroutine may use file-scope names `self` and `co`, which the resume
 * function's own names would hide: they are reached through a pointer
 * declared before the frame. */
#include <stdio.h>
#include <bluelet.h>

static int co = 1;

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
static __typeof__(co) *const self__co__2 = &co;
struct self__frame {
    struct bl__co_int h;
    int x;
};
static void self__resume(bl_coro *co);
static const unsigned self__lines[] = { 9 };
static const bl_coro_info self__info = {
    "self", "outer-self-and-co.blc", self__resume,
    sizeof(struct self__frame), 1, self__lines, NULL
};

BL_MUST_USE struct bl__co_int *self(int x)
{
    struct self__frame *self = bl__frame_new(&self__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->x = x;
    return &self->h;
}

static void self__resume(bl_coro *co)
{
    struct self__frame *self = (struct self__frame *)co;
    self->h.result = self->x + (*self__co__2); BL_END(co);
}

static __typeof__(self) *const f__self = &self;
static __typeof__(co) *const f__co__2 = &co;
struct f__frame {
    struct bl__co_int h;
    int r;
};
static void f__resume(bl_coro *co);
static const unsigned f__lines[] = { 14, 16, 18 };
static const bl_coro_info f__info = {
    "f", "outer-self-and-co.blc", f__resume,
    sizeof(struct f__frame), 3, f__lines, NULL
};

BL_MUST_USE struct bl__co_int *f(void)
{
    struct f__frame *self = bl__frame_new(&f__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
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
    }
    BL_AWAIT(co, 1, (*f__self)(1));
resume_1: /* line 16 */
    self->r = (BL_RESULT(co, (*f__self)(1)));
    (*f__co__2) = 10;
    BL_AWAIT(co, 2, (*f__self)(2));
resume_2: /* line 18 */
    self->h.result = self->r + (BL_RESULT(co, (*f__self)(2))); BL_END(co);
}

static __typeof__(co) *const main_co__co__2 = &co;
struct main_co__frame {
    bl_coro h;
};
static void main_co__resume(bl_coro *co);
static const unsigned main_co__lines[] = { 21, 23 };
static const bl_coro_info main_co__info = {
    "main_co", "outer-self-and-co.blc", main_co__resume,
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
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, f());
resume_1: /* line 23 */
    printf("%d %d\n", (BL_RESULT(co, f())), (*main_co__co__2));
    BL_END(co);
}

int main(void)
{
    return bl_run(main_co());
}
