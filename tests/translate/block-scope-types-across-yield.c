/* Block-scope enums, structs and typedefs in coroutines, where plain C's
 * scopes keep them apart from file-scope names and from each other: a
 * typedef, function, variable, enumerator and tag of the same names at
 * file scope, the same tag defined differently in two coroutines and in
 * two blocks of one, a tag and its forward declaration, a static's tag,
 * enumerators in case labels and array bounds.  What a frame member needs
 * moves to file scope renamed (first__p); the rest stays in place. */
#include <bluelet.h>
#include <stdio.h>

typedef double T;               /* file scope: a typedef ... */
static int RED(void) { return 100; }   /* ... a function ... */
static int GREEN = 200;         /* ... a variable ... */
struct p { double d; };         /* ... and a tag of the same names */
enum { BLUE = 300 };
struct a { int unrelated; };
enum { ONE = 1, TWO = 2 };

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
struct num__frame {
    struct bl__co_int h;
    int v;
};
static void num__resume(bl_coro *co);
static const unsigned num__lines[] = { 19, 21 };
static const bl_coro_info num__info = {
    "num", "block-scope-types-across-yield.blc", num__resume,
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
resume_1:; /* line 21 */
    self->h.result = self->v; BL_END(co);
}

typedef int first__T;
struct first__p { int x, y; };
struct first__p__2 { char c[4]; };
struct first__frame {
    bl_coro h;
    struct first__p a;
    first__T t;
    int col;
    struct first__p__2 inner;
    enum { first__BLUE = 7 } b;
};
static void first__resume(bl_coro *co);
static const unsigned first__lines[] = { 25, 30, 31, 36 };
static const bl_coro_info first__info = {
    "first", "block-scope-types-across-yield.blc", first__resume,
    sizeof(struct first__frame), 4, first__lines, NULL
};

BL_MUST_USE bl_coro *first(void)
{
    struct first__frame *self = bl__frame_new(&first__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void first__resume(bl_coro *co)
{
    struct first__frame *self = (struct first__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    }
    enum { RED, GREEN, BLUE };
    BL_AWAIT(co, 1, num(1));
resume_1: /* line 30 */
    self->a = (__typeof__(self->a)){ BL_RESULT(co, num(1)), 2 };
    BL_AWAIT(co, 2, num(GREEN));
resume_2: /* line 31 */
    self->t = BL_RESULT(co, num(GREEN));
    self->col = BLUE;
    {
        self->inner = (__typeof__(self->inner)){ "in" };
        self->b = first__BLUE;
        BL_AWAIT(co, 3, bl_null());
resume_3:; /* line 36 */
        printf("first inner: %s %d\n", self->inner.c, self->b);
    }
    struct first__p *pp = &self->a;
    printf("first: %d %d %d %d %zu\n", pp->x, self->a.y, self->t, self->col, sizeof(first__T));
    BL_END(co);
}

struct second__p { long l; int tag; };
struct second__node { int v; struct second__node *next; };
enum second__color { second__CYAN = 10, second__MAGENTA };
typedef struct second__p second__P;
struct second__frame {
    bl_coro h;
    struct second__p q;
    struct second__node n2;
    struct second__node n1;
    enum second__color c;
    second__P copy;
};
static void second__resume(bl_coro *co);
static const unsigned second__lines[] = { 43, 45, 50 };
static const bl_coro_info second__info = {
    "second", "block-scope-types-across-yield.blc", second__resume,
    sizeof(struct second__frame), 3, second__lines, NULL
};

BL_MUST_USE bl_coro *second(void)
{
    struct second__frame *self = bl__frame_new(&second__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void second__resume(bl_coro *co)
{
    struct second__frame *self = (struct second__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    BL_AWAIT(co, 1, num(6));
resume_1: /* line 45 */
    self->q = (__typeof__(self->q)){ 5, BL_RESULT(co, num(6)) };
    self->n2 = (__typeof__(self->n2)){ 2, NULL }; self->n1 = (__typeof__(self->n1)){ 1, &self->n2 };
    self->c = second__MAGENTA;
    self->copy = self->q;
    BL_AWAIT(co, 2, bl_null());
resume_2:; /* line 50 */
    printf("second: %ld %d %d %d %d %zu\n", self->copy.l, self->q.tag, self->n1.next->v, self->c, second__CYAN,
           sizeof(second__P));
    BL_END(co);
}

struct untouched__frame {
    bl_coro h;
};
static void untouched__resume(bl_coro *co);
static const unsigned untouched__lines[] = { 55, 60 };
static const bl_coro_info untouched__info = {
    "untouched", "block-scope-types-across-yield.blc", untouched__resume,
    sizeof(struct untouched__frame), 2, untouched__lines, NULL
};

BL_MUST_USE bl_coro *untouched(void)
{
    struct untouched__frame *self = bl__frame_new(&untouched__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void untouched__resume(bl_coro *co)
{
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    /* used only in the body: stays where it is */
    enum { RED = 1, GREEN };
    struct p { int z; };
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 60 */
    struct p v = { GREEN };
    printf("untouched: %d %zu\n", v.z + RED, sizeof(struct p));
    BL_END(co);
}

struct third__b;
struct third__a { struct third__b *pb; int av; };
struct third__b { struct third__a *pa; int bv; };
struct third__s { int sv; };
struct third__frame {
    bl_coro h;
    int k;
    struct third__a x;
    struct third__b y;
    struct third__s copy;
    enum { third__ONE = 10, third__TWO } e;
    char buf[third__TWO];
};
static void third__resume(bl_coro *co);
static const unsigned third__lines[] = { 65, 77 };
static const bl_coro_info third__info = {
    "third", "block-scope-types-across-yield.blc", third__resume,
    sizeof(struct third__frame), 2, third__lines, NULL
};

BL_MUST_USE bl_coro *third(int k)
{
    struct third__frame *self = bl__frame_new(&third__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->k = k;
    return &self->h;
}

static void third__resume(bl_coro *co)
{
    struct third__frame *self = (struct third__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    self->x = (__typeof__(self->x)){ NULL, 1 };
    self->y = (__typeof__(self->y)){ &self->x, 2 };
    self->x.pb = &self->y;
    static struct third__s st = { 3 };
    self->copy = st;
    self->e = self->k ? third__TWO : third__ONE;
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 77 */
    switch (self->e) {
    case third__ONE: printf("one\n"); break;
    case third__TWO: printf("two %zu\n", sizeof self->buf); break;
    }
    printf("third: %d %d %d\n", self->x.pb->pa->av, self->y.pa->pb->bv, self->copy.sv);
    BL_END(co);
}

struct outer__frame {
    bl_coro h;
};
static void outer__resume(bl_coro *co);
static const unsigned outer__lines[] = { 85, 87, 88, 89, 90 };
static const bl_coro_info outer__info = {
    "outer", "block-scope-types-across-yield.blc", outer__resume,
    sizeof(struct outer__frame), 5, outer__lines, NULL
};

BL_MUST_USE bl_coro *outer(void)
{
    struct outer__frame *self = bl__frame_new(&outer__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void outer__resume(bl_coro *co)
{
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    }
    BL_AWAIT(co, 1, first());
resume_1:; /* line 87 */
    BL_AWAIT(co, 2, second());
resume_2:; /* line 88 */
    BL_AWAIT(co, 3, untouched());
resume_3:; /* line 89 */
    BL_AWAIT(co, 4, third(1));
resume_4:; /* line 90 */
    struct a outside = { ONE + TWO };
    struct p d = { 1.5 };
    printf("file scope: %d %d %d %g %zu %d\n", RED(), GREEN, BLUE, d.d, sizeof(T),
           outside.unrelated);
    BL_END(co);
}


int main(void)
{
    return bl_run(outer());
}
