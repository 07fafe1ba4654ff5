/* A result of a struct or union type with a const member cannot be
 * assigned: `return v;` copies it into the handle. */
#include <stdio.h>
#include <bluelet.h>

union U { int a; const int b; };
struct P { const char *name; const int id; };
typedef const int CI;

union U g = { 5 };

#ifndef BL__co_union_1U
#define BL__co_union_1U
struct bl__co_union_1U { union { bl_aw aw; bl_coro co; }; union U result; };
#endif
struct f__frame {
    struct bl__co_union_1U h;
};
static void f__resume(bl_coro *co);
static const unsigned f__lines[] = { 12 };
static const bl_coro_info f__info = {
    "f", "result-with-const-member.blc", f__resume,
    sizeof(struct f__frame), 1, f__lines, NULL
};

BL_MUST_USE struct bl__co_union_1U *f(void)
{
    struct f__frame *self = bl__frame_new(&f__info);
    if (!self) {
        static struct bl__co_union_1U failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void f__resume(bl_coro *co)
{
    struct f__frame *self = (struct f__frame *)co;
    __builtin_memcpy((void *)&self->h.result, (__typeof__(self->h.result)[1]){ g }, sizeof self->h.result); BL_END(co);
}

#ifndef BL__co_struct_1P
#define BL__co_struct_1P
struct bl__co_struct_1P { union { bl_aw aw; bl_coro co; }; struct P result; };
#endif
struct p__frame {
    struct bl__co_struct_1P h;
    int id;
};
static void p__resume(bl_coro *co);
static const unsigned p__lines[] = { 17, 19 };
static const bl_coro_info p__info = {
    "p", "result-with-const-member.blc", p__resume,
    sizeof(struct p__frame), 2, p__lines, NULL
};

BL_MUST_USE struct bl__co_struct_1P *p(int id)
{
    struct p__frame *self = bl__frame_new(&p__info);
    if (!self) {
        static struct bl__co_struct_1P failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->id = id;
    return &self->h;
}

static void p__resume(bl_coro *co)
{
    struct p__frame *self = (struct p__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 19 */
    __builtin_memcpy((void *)&self->h.result, (__typeof__(self->h.result)[1]){ (struct P){ "p", self->id } }, sizeof self->h.result); BL_END(co);
}

#ifndef BL__co_2CI
#define BL__co_2CI
struct bl__co_2CI { union { bl_aw aw; bl_coro co; }; CI result; };
#endif
struct ci__frame {
    struct bl__co_2CI h;
};
static void ci__resume(bl_coro *co);
static const unsigned ci__lines[] = { 23 };
static const bl_coro_info ci__info = {
    "ci", "result-with-const-member.blc", ci__resume,
    sizeof(struct ci__frame), 1, ci__lines, NULL
};

BL_MUST_USE struct bl__co_2CI *ci(void)
{
    struct ci__frame *self = bl__frame_new(&ci__info);
    if (!self) {
        static struct bl__co_2CI failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void ci__resume(bl_coro *co)
{
    struct ci__frame *self = (struct ci__frame *)co;
    __builtin_memcpy((void *)&self->h.result, (__typeof__(self->h.result)[1]){ 3 }, sizeof self->h.result); BL_END(co);
}

struct main_co__frame {
    bl_coro h;
    union U u;
    struct P q;
    int c;
};
static void main_co__resume(bl_coro *co);
static const unsigned main_co__lines[] = { 28, 30, 31, 32 };
static const bl_coro_info main_co__info = {
    "main_co", "result-with-const-member.blc", main_co__resume,
    sizeof(struct main_co__frame), 4, main_co__lines, NULL
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
    }
    BL_AWAIT(co, 1, f());
resume_1: /* line 30 */
    __builtin_memcpy((void *)&self->u, (__typeof__(self->u)[1]){ BL_RESULT(co, f()) }, sizeof self->u);
    BL_AWAIT(co, 2, p(7));
resume_2: /* line 31 */
    __builtin_memcpy((void *)&self->q, (__typeof__(self->q)[1]){ BL_RESULT(co, p(7)) }, sizeof self->q);
    BL_AWAIT(co, 3, ci());
resume_3: /* line 32 */
    self->c = BL_RESULT(co, ci());
    printf("%d %s %d %d\n", self->u.a, self->q.name, self->q.id, self->c);
    BL_END(co);
}

int main(void)
{
    return bl_run(main_co());
}
