/* A coroutine that yields to itself with no prototype before it: the
 * frame's temporary is typed by a call of the coroutine, so its
 * constructor is declared before the frame. */
#include <stdio.h>
#include <bluelet.h>

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
BL_MUST_USE struct bl__co_int *f(int n);
struct f__frame {
    struct bl__co_int h;
    int n;
    __typeof__(0 ? (((__typeof__(f((*(int (*))0) - 1)))0)->result) + 1 : 7) t__1;
};
static void f__resume(bl_coro *co);
static const unsigned f__lines[] = { 7, 9 };
static const bl_coro_info f__info = {
    "f", "recursive-coroutine-without-prototype.blc", f__resume,
    sizeof(struct f__frame), 2, f__lines, NULL
};

BL_MUST_USE struct bl__co_int *f(int n)
{
    struct f__frame *self = bl__frame_new(&f__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->n = n;
    return &self->h;
}

static void f__resume(bl_coro *co)
{
    struct f__frame *self = (struct f__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    if (self->n) {
        BL_AWAIT(co, 1, f(self->n - 1));
resume_1: /* line 9 */
        self->t__1 = (BL_RESULT(co, f(self->n - 1))) + 1;
    } else {
        self->t__1 = 7;
    }
    self->h.result = self->t__1; BL_END(co);
}

#ifndef BL__co_long
#define BL__co_long
struct bl__co_long { union { bl_aw aw; bl_coro co; }; long result; };
#endif
static BL_MUST_USE struct bl__co_long *fib(int n);
struct fib__frame {
    struct bl__co_long h;
    int n;
    __typeof__(0 ? (*(int (*))0) : (((__typeof__(fib((*(int (*))0) - 1)))0)->result) + (((__typeof__(fib((*(int (*))0) - 2)))0)->result)) t__1;
    __typeof__(((__typeof__(fib((*(int (*))0) - 1)))0)->result) t__2;
};
static void fib__resume(bl_coro *co);
static const unsigned fib__lines[] = { 12, 14, 14 };
static const bl_coro_info fib__info = {
    "fib", "recursive-coroutine-without-prototype.blc", fib__resume,
    sizeof(struct fib__frame), 3, fib__lines, NULL
};

static BL_MUST_USE struct bl__co_long *fib(int n)
{
    struct fib__frame *self = bl__frame_new(&fib__info);
    if (!self) {
        static struct bl__co_long failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->n = n;
    return &self->h;
}

static void fib__resume(bl_coro *co)
{
    struct fib__frame *self = (struct fib__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    if (self->n < 2) {
        self->t__1 = self->n;
    } else {
        BL_AWAIT(co, 1, fib(self->n - 1));
resume_1: /* line 14 */
        self->t__2 = BL_RESULT(co, fib(self->n - 1));
        BL_AWAIT(co, 2, fib(self->n - 2));
resume_2: /* line 14 */
        self->t__1 = (self->t__2) + (BL_RESULT(co, fib(self->n - 2)));
    }
    self->h.result = self->t__1; BL_END(co);
}

struct main_co__frame {
    bl_coro h;
    __typeof__(((__typeof__(f(3)))0)->result) t__1;
};
static void main_co__resume(bl_coro *co);
static const unsigned main_co__lines[] = { 17, 19, 19 };
static const bl_coro_info main_co__info = {
    "main_co", "recursive-coroutine-without-prototype.blc", main_co__resume,
    sizeof(struct main_co__frame), 3, main_co__lines, NULL
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
    case 2: goto resume_2;
    }
    BL_AWAIT(co, 1, f(3));
resume_1: /* line 19 */
    self->t__1 = BL_RESULT(co, f(3));
    BL_AWAIT(co, 2, fib(15));
resume_2: /* line 19 */
    printf("%d %ld\n", (self->t__1), (BL_RESULT(co, fib(15))));
    BL_END(co);
}

int main(void)
{
    return bl_run(main_co());
}
