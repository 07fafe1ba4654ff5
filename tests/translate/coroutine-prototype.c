/* Prototypes: a coroutine used before its definition, one declared twice,
 * and a static one. */
#include <bluelet.h>
#include <stdio.h>

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
BL_MUST_USE struct bl__co_int *fib(int n);
BL_MUST_USE struct bl__co_int *fib(int n);
static BL_MUST_USE bl_coro *report(const char *what, int n);

struct start__frame {
    bl_coro h;
};
static void start__resume(bl_coro *co);
static const unsigned start__lines[] = { 10, 12, 12 };
static const bl_coro_info start__info = {
    "start", "coroutine-prototype.blc", start__resume,
    sizeof(struct start__frame), 3, start__lines, NULL
};

static BL_MUST_USE bl_coro *start(void)
{
    struct start__frame *self = bl__frame_new(&start__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void start__resume(bl_coro *co)
{
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    BL_AWAIT(co, 1, fib(10));
resume_1: /* line 12 */
    BL_AWAIT(co, 2, report("fib", BL_RESULT(co, fib(10))));
resume_2:; /* line 12 */
    BL_END(co);
}

struct fib__frame {
    struct bl__co_int h;
    int n;
    __typeof__(((__typeof__(fib((*(int (*))0) - 1)))0)->result) t__1;
};
static void fib__resume(bl_coro *co);
static const unsigned fib__lines[] = { 15, 19, 19 };
static const bl_coro_info fib__info = {
    "fib", "coroutine-prototype.blc", fib__resume,
    sizeof(struct fib__frame), 3, fib__lines, NULL
};

BL_MUST_USE struct bl__co_int *fib(int n)
{
    struct fib__frame *self = bl__frame_new(&fib__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
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
        self->h.result = self->n; BL_END(co);
    }
    BL_AWAIT(co, 1, fib(self->n - 1));
resume_1: /* line 19 */
    self->t__1 = BL_RESULT(co, fib(self->n - 1));
    BL_AWAIT(co, 2, fib(self->n - 2));
resume_2: /* line 19 */
    self->h.result = (self->t__1) + (BL_RESULT(co, fib(self->n - 2))); BL_END(co);
}

struct report__frame {
    bl_coro h;
    const char *what;
    int n;
};
static void report__resume(bl_coro *co);
static const unsigned report__lines[] = { 22, 24 };
static const bl_coro_info report__info = {
    "report", "coroutine-prototype.blc", report__resume,
    sizeof(struct report__frame), 2, report__lines, NULL
};

static BL_MUST_USE bl_coro *report(const char *what, int n)
{
    struct report__frame *self = bl__frame_new(&report__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->what = what;
    self->n = n;
    return &self->h;
}

static void report__resume(bl_coro *co)
{
    struct report__frame *self = (struct report__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 24 */
    printf("%s: %d\n", self->what, self->n);
    BL_END(co);
}

int main(void)
{
    struct bl_stats st;
    int rc = bl_run(start());
    bl_stats(&st);
    printf("rc %d, frames %zu, events %zu\n", rc, st.frames, st.events);
    return 0;
}
