/* A yield inside the user's own switch, with a case label inside a loop
 * (Duff's device) and fallthrough. */
#include <bluelet.h>
#include <stdio.h>

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
struct num__frame {
    struct bl__co_int h;
    int v;
};
static void num__resume(bl_coro *co);
static const unsigned num__lines[] = { 6, 8 };
static const bl_coro_info num__info = {
    "num", "yield-in-user-switch.blc", num__resume,
    sizeof(struct num__frame), 2, num__lines, NULL
};

BL_MUST_USE struct bl__co_int *num(int v)
{
    struct num__frame *self = bl__frame_new(&num__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->v = v;
    return &self->h;
}

static void num__resume(bl_coro *co)
{
    struct num__frame *self = (struct num__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 8 */
    self->h.result = self->v; BL_END(co);
}

struct duff__frame {
    bl_coro h;
    int count;
    int sent;
    int n;
};
static void duff__resume(bl_coro *co);
static const unsigned duff__lines[] = { 12, 16, 18, 20, 22, 26 };
static const bl_coro_info duff__info = {
    "duff", "yield-in-user-switch.blc", duff__resume,
    sizeof(struct duff__frame), 6, duff__lines, NULL
};

BL_MUST_USE bl_coro *duff(int count)
{
    struct duff__frame *self = bl__frame_new(&duff__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->count = count;
    return &self->h;
}

static void duff__resume(bl_coro *co)
{
    struct duff__frame *self = (struct duff__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    }
    self->sent = 0; self->n = (self->count + 3) / 4;
    switch (self->count % 4) {
    case 0: do { BL_AWAIT(co, 1, num(1));
resume_1: /* line 16 */
                 self->sent += BL_RESULT(co, num(1));
                 /* fallthrough */
    case 3:      BL_AWAIT(co, 2, num(1));
resume_2: /* line 18 */
                 self->sent += BL_RESULT(co, num(1));
                 /* fallthrough */
    case 2:      BL_AWAIT(co, 3, num(1));
resume_3: /* line 20 */
                 self->sent += BL_RESULT(co, num(1));
                 /* fallthrough */
    case 1:      BL_AWAIT(co, 4, num(1));
resume_4: /* line 22 */
                 self->sent += BL_RESULT(co, num(1));
            } while (--self->n > 0);
    }
    printf("duff(%d) sent %d\n", self->count, self->sent);
    BL_AWAIT(co, 5, num(self->count));
resume_5: /* line 26 */
    switch (BL_RESULT(co, num(self->count))) {
    case 1:
        printf("one\n");
        /* fallthrough */
    case 2:
        printf("one or two\n");
        break;
    default:
        printf("many\n");
    }
    BL_END(co);
}

struct all__frame {
    bl_coro h;
    int i;
};
static void all__resume(bl_coro *co);
static const unsigned all__lines[] = { 38, 41 };
static const bl_coro_info all__info = {
    "all", "yield-in-user-switch.blc", all__resume,
    sizeof(struct all__frame), 2, all__lines, NULL
};

BL_MUST_USE bl_coro *all(void)
{
    struct all__frame *self = bl__frame_new(&all__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void all__resume(bl_coro *co)
{
    struct all__frame *self = (struct all__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    for (self->i = 1; self->i <= 6; self->i++) {
        BL_AWAIT(co, 1, duff(self->i));
resume_1:; /* line 41 */
    }
    BL_END(co);
}

int main(void)
{
    struct bl_stats st;
    int rc = bl_run(all());
    bl_stats(&st);
    printf("rc %d, frames %zu, events %zu\n", rc, st.frames, st.events);
    return 0;
}
