/* An anonymous enum declared with a static variable, whose enumerators a
 * frame member's type names: the static stays in the resume function, and
 * the enum moves to file scope with a tag, its enumerators renamed. */
#include <bluelet.h>
#include <stdio.h>

enum f__enum { f__A = 3, f__B };
enum f__enum__2 { f__C = 2, f__D };
struct f__frame {
    bl_coro h;
    int a;
    int arr[f__B];
    int arr2[f__D + f__A];
};
static void f__resume(bl_coro *co);
static const unsigned f__lines[] = { 7, 16 };
static const bl_coro_info f__info = {
    "f", "static-anonymous-enum-in-frame-member.blc", f__resume,
    sizeof(struct f__frame), 2, f__lines, NULL
};

BL_MUST_USE bl_coro *f(int a)
{
    struct f__frame *self = bl__frame_new(&f__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->a = a;
    return &self->h;
}

static void f__resume(bl_coro *co)
{
    struct f__frame *self = (struct f__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    static enum f__enum e = f__B;
    static enum f__enum__2 counts[f__D], *last = &counts[1];
    self->arr[f__A - 1] = self->a;
    self->arr2[4] = f__C;
    *last = f__C;
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 16 */
    printf("%zu %d %zu %d %d %d\n", sizeof self->arr / sizeof self->arr[0], self->arr[2],
           sizeof self->arr2 / sizeof self->arr2[0], self->arr2[4], (int)e, (int)counts[1]);
    BL_END(co);
}

enum g__enum { g__A = 1, g__B };
struct g__frame {
    bl_coro h;
    char buf[g__B];
};
static void g__resume(bl_coro *co);
static const unsigned g__lines[] = { 21, 26 };
static const bl_coro_info g__info = {
    "g", "static-anonymous-enum-in-frame-member.blc", g__resume,
    sizeof(struct g__frame), 2, g__lines, NULL
};

BL_MUST_USE bl_coro *g(void)
{
    struct g__frame *self = bl__frame_new(&g__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void g__resume(bl_coro *co)
{
    struct g__frame *self = (struct g__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    static enum g__enum e = g__A;
    self->buf[1] = 'k';
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 26 */
    printf("%zu %c %d\n", sizeof self->buf, self->buf[1], (int)e);
    BL_END(co);
}

int main(void)
{
    return bl_run(f(5)) | bl_run(g());
}
