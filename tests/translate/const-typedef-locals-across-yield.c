/* Locals whose type is const through a typedef or __typeof__: their frame
 * members stay const, so they are initialised by copy, never assigned;
 * so are structs with a const member.
 * Where blc sees no const (a header's typedef such as size_t, or a
 * file's typedef without const) the initialiser stays an assignment. */
#include <bluelet.h>
#include <stddef.h>
#include <stdio.h>

typedef const int CI;
typedef struct pt { int x, y; } PT;
typedef const PT CPT;
typedef int *const CP;
typedef PT PLAIN;
struct ro { const int a; int b; };
struct outer { struct ro in; int c; };

typedef struct { int u, v; } f__T;
typedef const f__T f__CT;
typedef f__CT f__CT2;
struct f__frame {
    bl_coro h;
    CI a;
    CPT origin;
    CI x;
    int c;
    __typeof__((*(const int (*))0)) y;
    f__T p;
    f__CT q;
    f__CT2 r;
    CPT s;
    CP ptr;
    PLAIN plain;
    CI arr[2];
    size_t n;
    const char *str;
    __typeof__(*(*(const char *const (*))0)) ch;
    int *const pa[1];
    struct ro ro;
    struct outer o;
    struct { struct { const int deep; }; int z; } anon;
    struct ro ro2;
};
static void f__resume(bl_coro *co);
static const unsigned f__lines[] = { 18, 41 };
static const bl_coro_info f__info = {
    "f", "const-typedef-locals-across-yield.blc", f__resume,
    sizeof(struct f__frame), 2, f__lines, NULL
};

BL_MUST_USE bl_coro *f(CI a, CPT origin)
{
    struct f__frame *self = bl__frame_new(&f__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    __builtin_memcpy((void *)&self->a, &a, sizeof a);
    __builtin_memcpy((void *)&self->origin, &origin, sizeof origin);
    return &self->h;
}

static void f__resume(bl_coro *co)
{
    struct f__frame *self = (struct f__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    __builtin_memcpy((void *)&self->x, (__typeof__(self->x)[1]){ self->a + 1 }, sizeof self->x);
    self->c = self->a * 2;
    __builtin_memcpy((void *)&self->y, (__typeof__(self->y)[1]){ self->c + 1 }, sizeof self->y);
    self->p = (__typeof__(self->p)){ self->a, self->a + 1 };
    __builtin_memcpy((void *)&self->q, &(__typeof__(self->q)){ 3, 4 }, sizeof self->q);
    __builtin_memcpy((void *)&self->r, (__typeof__(self->r)[1]){ self->p }, sizeof self->r);
    __builtin_memcpy((void *)&self->s, (__typeof__(self->s)[1]){ self->origin }, sizeof self->s);
    __builtin_memcpy((void *)&self->ptr, (__typeof__(self->ptr)[1]){ &self->c }, sizeof self->ptr);
    __builtin_memcpy(&self->plain, &(__typeof__(self->plain)){ 7, 8 }, sizeof self->plain);
    __builtin_memcpy((void *)self->arr, (__typeof__(self->arr)){ 9, 10 }, sizeof self->arr);
    self->n = 0;
    self->str = "x";
    __builtin_memcpy((void *)&self->ch, (__typeof__(self->ch)[1]){ *self->str }, sizeof self->ch);
    __builtin_memcpy((void *)self->pa, (__typeof__(self->pa)){ &self->c }, sizeof self->pa);
    __builtin_memcpy((void *)&self->ro, &(__typeof__(self->ro)){ self->a, 2 }, sizeof self->ro);
    __builtin_memcpy((void *)&self->o, &(__typeof__(self->o)){ { 3, 4 }, 5 }, sizeof self->o);
    __builtin_memcpy((void *)&self->anon, &(__typeof__(self->anon)){ { 7 }, 8 }, sizeof self->anon);
    __builtin_memcpy((void *)&self->ro2, (__typeof__(self->ro2)[1]){ self->ro }, sizeof self->ro2);
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 41 */
    self->n += 2;
    printf("%d %d %d %d %d %d %d\n", self->a, self->x, self->c, self->y, self->p.u, self->p.v, self->q.u);
    printf("%d %d %d %d %d %d %d %d\n", self->q.v, self->r.v, self->s.x, self->s.y, *self->ptr, self->plain.y,
           self->arr[0] + self->arr[1], self->origin.y);
    printf("%zu %s %c %d\n", self->n, self->str, self->ch, *self->pa[0]);
    printf("%d %d %d %d %d %d %d\n", self->ro.a, self->ro.b, self->o.in.a, self->o.c, self->anon.deep, self->anon.z,
           self->ro2.a);
    BL_END(co);
}

int main(void)
{
    return bl_run(f(5, (PT){ 11, 12 }));
}
