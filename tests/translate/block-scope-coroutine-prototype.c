/* Coroutine prototypes at block scope, in a function and in a coroutine:
 * the handle type goes to file scope, before the function (one declared
 * in a block would be another type), and the prototype is the
 * constructor's, in place. */
#include <stdio.h>
#include <bluelet.h>

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
int main(void)
{
    BL_MUST_USE struct bl__co_int *g(int);
    BL_MUST_USE bl_coro *say(const char *s);
    bl_run(say("hi"));
    return bl_run(g(0));
}

struct say__frame {
    bl_coro h;
    const char *s;
};
static void say__resume(bl_coro *co);
static const unsigned say__lines[] = { 16, 19 };
static const bl_coro_info say__info = {
    "say", "block-scope-coroutine-prototype.blc", say__resume,
    sizeof(struct say__frame), 2, say__lines, NULL
};

BL_MUST_USE bl_coro *say(const char *s)
{
    struct say__frame *self = bl__frame_new(&say__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->s = s;
    return &self->h;
}

static void say__resume(bl_coro *co)
{
    struct say__frame *self = (struct say__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_MUST_USE struct bl__co_int *twice(int x);
    BL_AWAIT(co, 1, twice(4));
resume_1: /* line 19 */
    printf("%s %d\n", self->s, (BL_RESULT(co, twice(4))));
    BL_END(co);
}

struct twice__frame {
    struct bl__co_int h;
    int x;
};
static void twice__resume(bl_coro *co);
static const unsigned twice__lines[] = { 22 };
static const bl_coro_info twice__info = {
    "twice", "block-scope-coroutine-prototype.blc", twice__resume,
    sizeof(struct twice__frame), 1, twice__lines, NULL
};

BL_MUST_USE struct bl__co_int *twice(int x)
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
    self->h.result = 2 * self->x; BL_END(co);
}

struct g__frame {
    struct bl__co_int h;
    int x;
};
static void g__resume(bl_coro *co);
static const unsigned g__lines[] = { 27 };
static const bl_coro_info g__info = {
    "g", "block-scope-coroutine-prototype.blc", g__resume,
    sizeof(struct g__frame), 1, g__lines, NULL
};

BL_MUST_USE struct bl__co_int *g(int x)
{
    struct g__frame *self = bl__frame_new(&g__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->x = x;
    return &self->h;
}

static void g__resume(bl_coro *co)
{
    struct g__frame *self = (struct g__frame *)co;
    self->h.result = self->x; BL_END(co);
}
