/* A coroutine whose result is a struct, one returning a pointer, and one
 * returning a const int (the result slot itself is not const). */
#include <bluelet.h>
#include <stdio.h>

struct pair { int lo, hi; };

#ifndef BL__co_struct_4pair
#define BL__co_struct_4pair
struct bl__co_struct_4pair { union { bl_aw aw; bl_coro co; }; struct pair result; };
#endif
struct minmax__frame {
    struct bl__co_struct_4pair h;
    const int *v;
    int n;
    struct pair p;
    int i;
};
static void minmax__resume(bl_coro *co);
static const unsigned minmax__lines[] = { 8, 12 };
static const bl_coro_info minmax__info = {
    "minmax", "coroutine-returns-struct.blc", minmax__resume,
    sizeof(struct minmax__frame), 2, minmax__lines, NULL
};

BL_MUST_USE struct bl__co_struct_4pair *minmax(const int *v, int n)
{
    struct minmax__frame *self = bl__frame_new(&minmax__info);
    if (!self) {
        static struct bl__co_struct_4pair failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->v = v;
    self->n = n;
    return &self->h;
}

static void minmax__resume(bl_coro *co)
{
    struct minmax__frame *self = (struct minmax__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    self->p = (__typeof__(self->p)){ self->v[0], self->v[0] };
    for (self->i = 1; self->i < self->n; self->i++) {
        BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 12 */
        if (self->v[self->i] < self->p.lo)
            self->p.lo = self->v[self->i];
        if (self->v[self->i] > self->p.hi)
            self->p.hi = self->v[self->i];
    }
    self->h.result = self->p; BL_END(co);
}

#ifndef BL__co_const_char_p
#define BL__co_const_char_p
struct bl__co_const_char_p { union { bl_aw aw; bl_coro co; }; const char *result; };
#endif
struct name__frame {
    struct bl__co_const_char_p h;
    int i;
};
static void name__resume(bl_coro *co);
static const unsigned name__lines[] = { 21, 24 };
static const bl_coro_info name__info = {
    "name", "coroutine-returns-struct.blc", name__resume,
    sizeof(struct name__frame), 2, name__lines, NULL
};

BL_MUST_USE struct bl__co_const_char_p *name(int i)
{
    struct name__frame *self = bl__frame_new(&name__info);
    if (!self) {
        static struct bl__co_const_char_p failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->i = i;
    return &self->h;
}

static void name__resume(bl_coro *co)
{
    struct name__frame *self = (struct name__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    static const char *names[] = { "zero", "one", "two" };
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 24 */
    self->h.result = self->i < 3 ? names[self->i] : "many"; BL_END(co);
}

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
struct answer__frame {
    struct bl__co_int h;
};
static void answer__resume(bl_coro *co);
static const unsigned answer__lines[] = { 28, 30 };
static const bl_coro_info answer__info = {
    "answer", "coroutine-returns-struct.blc", answer__resume,
    sizeof(struct answer__frame), 2, answer__lines, NULL
};

BL_MUST_USE struct bl__co_int *answer(void)
{
    struct answer__frame *self = bl__frame_new(&answer__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void answer__resume(bl_coro *co)
{
    struct answer__frame *self = (struct answer__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 30 */
    self->h.result = 42; BL_END(co);
}

struct use__frame {
    bl_coro h;
    __typeof__((int []){ 0, 0, 0, 0 }) v;
    struct pair p;
};
static void use__resume(bl_coro *co);
static const unsigned use__lines[] = { 34, 37, 38, 39 };
static const bl_coro_info use__info = {
    "use", "coroutine-returns-struct.blc", use__resume,
    sizeof(struct use__frame), 4, use__lines, NULL
};

BL_MUST_USE bl_coro *use(void)
{
    struct use__frame *self = bl__frame_new(&use__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void use__resume(bl_coro *co)
{
    struct use__frame *self = (struct use__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    }
    __builtin_memcpy(self->v, (__typeof__(self->v)){ 5, -2, 9, 4 }, sizeof self->v);
    BL_AWAIT(co, 1, minmax(self->v, 4));
resume_1: /* line 37 */
    self->p = BL_RESULT(co, minmax(self->v, 4));
    BL_AWAIT(co, 2, name(2));
resume_2: /* line 38 */
    printf("lo %d, hi %d, %s\n", self->p.lo, self->p.hi, BL_RESULT(co, name(2)));
    BL_AWAIT(co, 3, answer());
resume_3: /* line 39 */
    printf("answer %d\n", BL_RESULT(co, answer()));
    BL_END(co);
}

int main(void)
{
    struct bl_stats st;
    int rc = bl_run(use());
    bl_stats(&st);
    printf("rc %d, frames %zu, events %zu\n", rc, st.frames, st.events);
    return 0;
}
