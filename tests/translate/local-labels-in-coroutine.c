/* GCC's local labels in a coroutine: those that open its body are
 * declared at the top of the resume function, where GCC wants them (not
 * after the frame's pointer); those of an inner block stay in it. */
#include <stdio.h>
#include <bluelet.h>

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
struct f__frame {
    struct bl__co_int h;
};
static void f__resume(bl_coro *co);
static const unsigned f__lines[] = { 7 };
static const bl_coro_info f__info = {
    "f", "local-labels-in-coroutine.blc", f__resume,
    sizeof(struct f__frame), 1, f__lines, NULL
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
    __label__ l;
    struct f__frame *self = (struct f__frame *)co;
    goto l;
l:
    self->h.result = 1; BL_END(co);
    BL_END(co);
}

struct g__frame {
    struct bl__co_int h;
    int n;
    int k;
};
static void g__resume(bl_coro *co);
static const unsigned g__lines[] = { 15, 20, 27 };
static const bl_coro_info g__info = {
    "g", "local-labels-in-coroutine.blc", g__resume,
    sizeof(struct g__frame), 3, g__lines, NULL
};

BL_MUST_USE struct bl__co_int *g(int n)
{
    struct g__frame *self = bl__frame_new(&g__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->n = n;
    return &self->h;
}

static void g__resume(bl_coro *co)
{
    __label__ again, done;
    struct g__frame *self = (struct g__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    self->k = 0;
again:
    BL_AWAIT(co, 1, f());
resume_1: /* line 20 */
    self->k += (BL_RESULT(co, f()));
    if (self->k < self->n)
        goto again;
    goto done;
done:
    {
        __label__ inner;
        BL_AWAIT(co, 2, bl_null());
resume_2:; /* line 27 */
        if (self->k == self->n)
            goto inner;
        self->k = -1;
    inner:
        ;
    }
    self->h.result = self->k; BL_END(co);
}

struct main_co__frame {
    bl_coro h;
    __typeof__(((__typeof__(f()))0)->result) t__1;
};
static void main_co__resume(bl_coro *co);
static const unsigned main_co__lines[] = { 37, 39, 39 };
static const bl_coro_info main_co__info = {
    "main_co", "local-labels-in-coroutine.blc", main_co__resume,
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
    BL_AWAIT(co, 1, f());
resume_1: /* line 39 */
    self->t__1 = BL_RESULT(co, f());
    BL_AWAIT(co, 2, g(3));
resume_2: /* line 39 */
    printf("%d %d\n", (self->t__1), (BL_RESULT(co, g(3))));
    BL_END(co);
}

int main(void)
{
    return bl_run(main_co());
}
