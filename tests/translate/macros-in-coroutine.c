/* Macros in a coroutine, read as the compiler reads them (blc parses the
 * expansion and edits the source through each token's provenance):
 *  - a loop macro whose body, spelled in the file, yields: resumed inside
 *    the macro's own loop;
 *  - a statement macro with a yield in its argument: the yield runs once,
 *    before the macro (DESIGN: "whatever the macro's body does with its
 *    argument"), here before CHECK, LOG and WHEN -- even WHEN's, which the
 *    macro evaluates only when its condition holds;
 *  - frame locals whose types a macro writes (VEC(int) a), passed to and
 *    through macros, and one that is a macro's whole expansion (COUNT). */
#include <bluelet.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/queue.h>

#define CHECK(e) do { if (!(e)) { puts("check failed"); abort(); } } while (0)
#define LOG(fmt, ...) printf("[log] " fmt "\n", __VA_ARGS__)
#define WHEN(c, s) if (c) { s; }
#define VEC(T) struct { T *v; int n; }
#define PUSH(vec, x) ((vec).v[(vec).n++] = (x))
#define COUNT total

struct node {
    int v;
    TAILQ_ENTRY(node) link;
};
TAILQ_HEAD(nodes, node);

static int calls;

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
struct num__frame {
    struct bl__co_int h;
    int v;
};
static void num__resume(bl_coro *co);
static const unsigned num__lines[] = { 31, 34 };
static const bl_coro_info num__info = {
    "num", "macros-in-coroutine.blc", num__resume,
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
    calls++;
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 34 */
    self->h.result = self->v; BL_END(co);
}

struct f__frame {
    struct bl__co_int h;
    struct nodes *q;
    int storage[8];
    int total;
    VEC(int) a;
    struct node *n;
    __typeof__(((__typeof__(num(1)))0)->result) t__1;
    __typeof__(((__typeof__(num(1000)))0)->result) t__2;
};
static void f__resume(bl_coro *co);
static const unsigned f__lines[] = { 38, 43, 45, 47, 48, 49 };
static const bl_coro_info f__info = {
    "f", "macros-in-coroutine.blc", f__resume,
    sizeof(struct f__frame), 6, f__lines, NULL
};

BL_MUST_USE struct bl__co_int *f(struct nodes *q)
{
    struct f__frame *self = bl__frame_new(&f__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->q = q;
    return &self->h;
}

static void f__resume(bl_coro *co)
{
    struct f__frame *self = (struct f__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    }
    self->total = 0;
    self->a = (__typeof__(self->a)){ self->storage, 0 };
    BL_AWAIT(co, 1, num(1));
resume_1: /* line 43 */
    self->t__1 = BL_RESULT(co, num(1));
    CHECK((self->t__1) == 1);
    TAILQ_FOREACH(self->n, self->q, link) {
        BL_AWAIT(co, 2, num(self->n->v * 10));
resume_2: /* line 45 */
        PUSH(self->a, BL_RESULT(co, num(self->n->v * 10)));
    }
    BL_AWAIT(co, 3, num(self->a.n + 1));
resume_3: /* line 47 */
    LOG("pushed %d, next %d", self->a.n, BL_RESULT(co, num(self->a.n + 1)));
    BL_AWAIT(co, 4, num(1000));
resume_4: /* line 48 */
    self->t__2 = BL_RESULT(co, num(1000));
    WHEN(self->a.n > 100, calls += self->t__2);
    BL_AWAIT(co, 5, num(2000));
resume_5:; /* line 49 */
    WHEN(self->a.n == 3, ((void)0));
    for (int i = 0; i < self->a.n; i++)
        self->total += self->a.v[i];
    self->h.result = self->total; BL_END(co);
}

struct root__frame {
    bl_coro h;
    struct nodes q;
    struct node x;
    struct node y;
    struct node z;
    int sum;
};
static void root__resume(bl_coro *co);
static const unsigned root__lines[] = { 55, 62 };
static const bl_coro_info root__info = {
    "root", "macros-in-coroutine.blc", root__resume,
    sizeof(struct root__frame), 2, root__lines, NULL
};

BL_MUST_USE bl_coro *root(void)
{
    struct root__frame *self = bl__frame_new(&root__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void root__resume(bl_coro *co)
{
    struct root__frame *self = (struct root__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    self->q = (__typeof__(self->q))TAILQ_HEAD_INITIALIZER(self->q);
    self->x = (__typeof__(self->x)){ .v = 1 }; self->y = (__typeof__(self->y)){ .v = 2 }; self->z = (__typeof__(self->z)){ .v = 3 };
    TAILQ_INSERT_TAIL(&self->q, &self->x, link);
    TAILQ_INSERT_TAIL(&self->q, &self->y, link);
    TAILQ_INSERT_TAIL(&self->q, &self->z, link);
    BL_AWAIT(co, 1, f(&self->q));
resume_1: /* line 62 */
    self->sum = BL_RESULT(co, f(&self->q));
    printf("sum %d, calls %d\n", self->sum, calls);
    BL_END(co);
}

int main(void)
{
    struct bl_stats st;
    int rc = bl_run(root());
    bl_stats(&st);
    printf("rc %d, frames %zu, events %zu\n", rc, st.frames, st.events);
    return 0;
}
