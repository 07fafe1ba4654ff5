/* Attributes in a coroutine's specifiers are the function's: its
 * constructor carries them, and its result type is written without them
 * (`void __attribute__((noinline)) result;` would not compile). */
#include <stdio.h>
#include <bluelet.h>

struct foo__frame {
    bl_coro h;
};
static void foo__resume(bl_coro *co);
static const unsigned foo__lines[] = { 7 };
static const bl_coro_info foo__info = {
    "foo", "coroutine-with-attributes.blc", foo__resume,
    sizeof(struct foo__frame), 1, foo__lines, NULL
};

__attribute__((noinline)) BL_MUST_USE bl_coro *foo(void)
{
    struct foo__frame *self = bl__frame_new(&foo__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void foo__resume(bl_coro *co)
{
    puts("foo");
    BL_END(co);
}

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
static __attribute__((noinline, unused)) BL_MUST_USE struct bl__co_int *twice(int x);

struct twice__frame {
    struct bl__co_int h;
    int x;
};
static void twice__resume(bl_coro *co);
static const unsigned twice__lines[] = { 14, 16 };
static const bl_coro_info twice__info = {
    "twice", "coroutine-with-attributes.blc", twice__resume,
    sizeof(struct twice__frame), 2, twice__lines, NULL
};

static __attribute__((noinline, unused)) BL_MUST_USE struct bl__co_int *twice(int x)
{
    struct twice__frame *self = bl__frame_new(&twice__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->x = x;
    return &self->h;
}

static void twice__resume(bl_coro *co)
{
    struct twice__frame *self = (struct twice__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 16 */
    self->h.result = 2 * self->x; BL_END(co);
}

struct main_co__frame {
    bl_coro h;
};
static void main_co__resume(bl_coro *co);
static const unsigned main_co__lines[] = { 20, 22, 23 };
static const bl_coro_info main_co__info = {
    "main_co", "coroutine-with-attributes.blc", main_co__resume,
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
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    BL_AWAIT(co, 1, foo());
resume_1:; /* line 22 */
    BL_AWAIT(co, 2, twice(21));
resume_2: /* line 23 */
    printf("%d\n", (BL_RESULT(co, twice(21))));
    BL_END(co);
}

int main(void)
{
    return bl_run(main_co());
}
