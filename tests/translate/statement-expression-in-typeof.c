/* A statement expression in an operand of ?: whose other arm yields: the
 * temporary's type, at file scope, is that of the statement expression's
 * value, written without its statements. */
#include <stdio.h>
#include <bluelet.h>

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
struct g__frame {
    struct bl__co_int h;
};
static void g__resume(bl_coro *co);
static const unsigned g__lines[] = { 7 };
static const bl_coro_info g__info = {
    "g", "statement-expression-in-typeof.blc", g__resume,
    sizeof(struct g__frame), 1, g__lines, NULL
};

BL_MUST_USE struct bl__co_int *g(void)
{
    struct g__frame *self = bl__frame_new(&g__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void g__resume(bl_coro *co)
{
    struct g__frame *self = (struct g__frame *)co;
    self->h.result = 3; BL_END(co);
}

struct f__frame {
    struct bl__co_int h;
    int c;
    __typeof__(0 ? ((void)0, 1) : (((__typeof__(g()))0)->result)) t__1;
};
static void f__resume(bl_coro *co);
static const unsigned f__lines[] = { 12, 14 };
static const bl_coro_info f__info = {
    "f", "statement-expression-in-typeof.blc", f__resume,
    sizeof(struct f__frame), 2, f__lines, NULL
};

BL_MUST_USE struct bl__co_int *f(int c)
{
    struct f__frame *self = bl__frame_new(&f__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->c = c;
    return &self->h;
}

static void f__resume(bl_coro *co)
{
    struct f__frame *self = (struct f__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    if (self->c) {
        self->t__1 = ({ 1; });
    } else {
        BL_AWAIT(co, 1, g());
resume_1: /* line 14 */
        self->t__1 = (BL_RESULT(co, g()));
    }
    self->h.result = self->t__1; BL_END(co);
}

#ifndef BL__co_long
#define BL__co_long
struct bl__co_long { union { bl_aw aw; bl_coro co; }; long result; };
#endif
struct h__frame {
    struct bl__co_long h;
    int c;
    long r;
    __typeof__(0 ? ((void)0, (*(long (*))0)) : (((__typeof__(g()))0)->result)) t__1;
};
static void h__resume(bl_coro *co);
static const unsigned h__lines[] = { 17, 19 };
static const bl_coro_info h__info = {
    "h", "statement-expression-in-typeof.blc", h__resume,
    sizeof(struct h__frame), 2, h__lines, NULL
};

BL_MUST_USE struct bl__co_long *h(int c)
{
    struct h__frame *self = bl__frame_new(&h__info);
    if (!self) {
        static struct bl__co_long failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->c = c;
    return &self->h;
}

static void h__resume(bl_coro *co)
{
    struct h__frame *self = (struct h__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    if (self->c) {
        self->t__1 = ({ int t = self->c * 2; long u = t + 1; u; });
    } else {
        BL_AWAIT(co, 1, g());
resume_1: /* line 19 */
        self->t__1 = (BL_RESULT(co, g()));
    }
    self->r = self->t__1;
    self->h.result = self->r; BL_END(co);
}

struct main_co__frame {
    bl_coro h;
    __typeof__(((__typeof__(f(1)))0)->result) t__1;
    __typeof__(((__typeof__(f(0)))0)->result) t__2;
    __typeof__(((__typeof__(h(4)))0)->result) t__3;
};
static void main_co__resume(bl_coro *co);
static const unsigned main_co__lines[] = { 23, 25, 25, 25, 26 };
static const bl_coro_info main_co__info = {
    "main_co", "statement-expression-in-typeof.blc", main_co__resume,
    sizeof(struct main_co__frame), 5, main_co__lines, NULL
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
    case 3: goto resume_3;
    case 4: goto resume_4;
    }
    BL_AWAIT(co, 1, f(1));
resume_1: /* line 25 */
    self->t__1 = BL_RESULT(co, f(1));
    BL_AWAIT(co, 2, f(0));
resume_2: /* line 25 */
    self->t__2 = BL_RESULT(co, f(0));
    BL_AWAIT(co, 3, h(4));
resume_3: /* line 25 */
    self->t__3 = BL_RESULT(co, h(4));
    BL_AWAIT(co, 4, h(0));
resume_4: /* line 26 */
    printf("%d %d %ld %ld\n", (self->t__1), (self->t__2), (self->t__3),
           (BL_RESULT(co, h(0))));
    BL_END(co);
}

int main(void)
{
    return bl_run(main_co());
}
