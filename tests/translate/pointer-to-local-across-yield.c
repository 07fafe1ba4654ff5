/* Pointers to locals and parameters stay valid across yields: they point
 * into the frame. */
#include <bluelet.h>
#include <stdio.h>

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
struct fill__frame {
    struct bl__co_int h;
    int *out;
    int v;
};
static void fill__resume(bl_coro *co);
static const unsigned fill__lines[] = { 6, 8 };
static const bl_coro_info fill__info = {
    "fill", "pointer-to-local-across-yield.blc", fill__resume,
    sizeof(struct fill__frame), 2, fill__lines, NULL
};

BL_MUST_USE struct bl__co_int *fill(int *out, int v)
{
    struct fill__frame *self = bl__frame_new(&fill__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->out = out;
    self->v = v;
    return &self->h;
}

static void fill__resume(bl_coro *co)
{
    struct fill__frame *self = (struct fill__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 8 */
    *self->out = self->v;
    self->h.result = self->v; BL_END(co);
}

struct pointers__frame {
    bl_coro h;
    int arg;
    int local;
    int *p;
    int *q;
    struct { int a[4]; } s;
    int *r;
};
static void pointers__resume(bl_coro *co);
static const unsigned pointers__lines[] = { 13, 19, 20, 21, 22, 22 };
static const bl_coro_info pointers__info = {
    "pointers", "pointer-to-local-across-yield.blc", pointers__resume,
    sizeof(struct pointers__frame), 6, pointers__lines, NULL
};

BL_MUST_USE bl_coro *pointers(int arg)
{
    struct pointers__frame *self = bl__frame_new(&pointers__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->arg = arg;
    return &self->h;
}

static void pointers__resume(bl_coro *co)
{
    struct pointers__frame *self = (struct pointers__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    }
    self->local = 1;
    self->p = &self->local; self->q = &self->arg;
    self->s = (__typeof__(self->s)){ { 0 } };
    self->r = &self->s.a[2];
    BL_AWAIT(co, 1, fill(self->p, 5));
resume_1:; /* line 19 */
    BL_AWAIT(co, 2, fill(self->q, 6));
resume_2:; /* line 20 */
    BL_AWAIT(co, 3, fill(self->r, 7));
resume_3:; /* line 21 */
    BL_AWAIT(co, 4, fill(&self->s.a[1], 8));
resume_4: /* line 22 */
    BL_AWAIT(co, 5, fill(&self->s.a[0], BL_RESULT(co, fill(&self->s.a[1], 8))));
resume_5:; /* line 22 */
    printf("local %d, arg %d, s %d %d %d %d\n", self->local, self->arg,
           self->s.a[0], self->s.a[1], self->s.a[2], self->s.a[3]);
    BL_END(co);
}

int main(void)
{
    struct bl_stats st;
    int rc = bl_run(pointers(0));
    bl_stats(&st);
    printf("rc %d, frames %zu, events %zu\n", rc, st.frames, st.events);
    return 0;
}
