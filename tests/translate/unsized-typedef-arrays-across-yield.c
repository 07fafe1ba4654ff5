/* Locals of an unsized array type named by a typedef (the coroutine's or
 * the file's own): the frame member needs a size, which it takes from the
 * initialiser like an unsized array declarator does -- by a compound
 * literal of the typedef, or, for elements that may be struct values, by
 * counting them.  A __typeof__ of such a local has that size too. */
#include <bluelet.h>
#include <stdio.h>

typedef int FU[];
typedef const int CU[];
struct pt { int x, y; };

typedef int f__U[];
typedef f__U f__U2;
typedef char f__S[];
typedef struct pt f__P[];
struct f__frame {
    bl_coro h;
    int a;
    __typeof__((f__U){ 0, 0, 0 }) u;
    __typeof__((f__U2){ [4] = 0 }) u2;
    __typeof__((FU){ 0, 0 }) fu;
    __typeof__((CU){ 0, 0, 0, 0 }) cu;
    __typeof__((f__S){ "abc" }) s;
    __typeof__((*(f__P *)0)[0]) p[sizeof ((char []){ 0, 0 })];
    __typeof__((*(__typeof__((f__U){ 0, 0, 0 }) (*))0)) w;
    __typeof__((*(__typeof__((*(f__P *)0)[0]) (*)[sizeof ((char []){ 0, 0 })])0)) pc;
};
static void f__resume(bl_coro *co);
static const unsigned f__lines[] = { 13, 30 };
static const bl_coro_info f__info = {
    "f", "unsized-typedef-arrays-across-yield.blc", f__resume,
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
    __builtin_memcpy(&self->u, &(__typeof__(self->u)){ self->a, 2, 3 }, sizeof self->u);
    __builtin_memcpy(&self->u2, &(__typeof__(self->u2)){ [4] = self->a }, sizeof self->u2);
    __builtin_memcpy(&self->fu, &(__typeof__(self->fu)){ 4, self->a }, sizeof self->fu);
    __builtin_memcpy((void *)&self->cu, &(__typeof__(self->cu)){ 6, 7, 8, 9 }, sizeof self->cu);
    __builtin_memcpy(&self->s, &(__typeof__(self->s)){ "abc" }, sizeof self->s);
    struct pt v = { 1, 2 };
    __builtin_memcpy(&self->p, &(__typeof__(self->p)){ v, { 3, self->a } }, sizeof self->p);
    self->w[2] = 8;
    self->pc[1] = self->p[1];
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 30 */
    printf("%zu %d %d %zu %d\n", sizeof self->u / sizeof self->u[0], self->u[0], self->u[2],
           sizeof self->u2 / sizeof self->u2[0], self->u2[4]);
    printf("%zu %d %zu %d\n", sizeof self->fu / sizeof self->fu[0], self->fu[1],
           sizeof self->cu / sizeof self->cu[0], self->cu[3]);
    printf("%zu %s %zu %d %d\n", sizeof self->s, self->s, sizeof self->p / sizeof self->p[0], self->p[0].y,
           self->p[1].y);
    printf("%zu %d %zu %d\n", sizeof self->w / sizeof self->w[0], self->w[2], sizeof self->pc / sizeof self->pc[0],
           self->pc[1].y);
    BL_END(co);
}

int main(void)
{
    return bl_run(f(5));
}
