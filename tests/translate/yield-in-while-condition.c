/* Yields in the conditions of while and do-while loops: evaluated again on
 * every iteration, and after a `continue`. */
#include <bluelet.h>
#include <stdio.h>

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
struct below__frame {
    struct bl__co_int h;
    int *i;
    int n;
};
static void below__resume(bl_coro *co);
static const unsigned below__lines[] = { 6, 8 };
static const bl_coro_info below__info = {
    "below", "yield-in-while-condition.blc", below__resume,
    sizeof(struct below__frame), 2, below__lines, NULL
};

BL_MUST_USE struct bl__co_int *below(int *i, int n)
{
    struct below__frame *self = bl__frame_new(&below__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->i = i;
    self->n = n;
    return &self->h;
}

static void below__resume(bl_coro *co)
{
    struct below__frame *self = (struct below__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 8 */
    self->h.result = (*self->i)++ < self->n; BL_END(co);
}

struct loops__frame {
    bl_coro h;
    int k;
    int sum;
};
static void loops__resume(bl_coro *co);
static const unsigned loops__lines[] = { 12, 15, 24 };
static const bl_coro_info loops__info = {
    "loops", "yield-in-while-condition.blc", loops__resume,
    sizeof(struct loops__frame), 3, loops__lines, NULL
};

BL_MUST_USE bl_coro *loops(void)
{
    struct loops__frame *self = bl__frame_new(&loops__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void loops__resume(bl_coro *co)
{
    struct loops__frame *self = (struct loops__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    self->k = 0; self->sum = 0;
    for (;;) {
        BL_AWAIT(co, 1, below(&self->k, 3));
resume_1: /* line 15 */
        if (!BL_RESULT(co, below(&self->k, 3)))
            break;
        self->sum += self->k;
    }
    printf("while: sum %d, k %d\n", self->sum, self->k);
    self->k = 0;
    do {
        self->sum -= 1;
        if (self->sum % 2)
            goto next_1;
        printf("do: even %d\n", self->sum);
next_1:
        BL_AWAIT(co, 2, below(&self->k, 4));
resume_2:; /* line 24 */
    } while (BL_RESULT(co, below(&self->k, 4)));
    printf("do: sum %d, k %d\n", self->sum, self->k);
    BL_END(co);
}

int main(void)
{
    struct bl_stats st;
    int rc = bl_run(loops());
    bl_stats(&st);
    printf("rc %d, frames %zu, events %zu\n", rc, st.frames, st.events);
    return 0;
}
