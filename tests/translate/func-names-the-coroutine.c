/* __func__ in a coroutine is the coroutine's name, as erasure says, not
 * its resume function's. */
#include <stdio.h>
#include <bluelet.h>

struct w__frame {
    bl_coro h;
};
static void w__resume(bl_coro *co);
static const unsigned w__lines[] = { 6, 9 };
static const bl_coro_info w__info = {
    "w", "func-names-the-coroutine.blc", w__resume,
    sizeof(struct w__frame), 2, w__lines, NULL
};

BL_MUST_USE bl_coro *w(void)
{
    struct w__frame *self = bl__frame_new(&w__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void w__resume(bl_coro *co)
{
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    puts("w");
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 9 */
    printf("%s %s %zu\n", "w", "w", sizeof "w");
    BL_END(co);
}

int main(void)
{
    return bl_run(w());
}
