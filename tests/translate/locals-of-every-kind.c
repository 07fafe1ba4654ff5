/* Locals of many kinds move to the frame: block-scope struct, enum and
 * typedef declarations, const and register locals, function pointers,
 * arrays sized by their initialiser, statics, a compound literal, a
 * statement expression, and sizeof of a local. */
#include <bluelet.h>
#include <stdio.h>

static int twice(int v) { return 2 * v; }

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
struct num__frame {
    struct bl__co_int h;
    int v;
};
static void num__resume(bl_coro *co);
static const unsigned num__lines[] = { 10, 12 };
static const bl_coro_info num__info = {
    "num", "locals-of-every-kind.blc", num__resume,
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
resume_1:; /* line 12 */
    self->h.result = self->v; BL_END(co);
}

struct kinds__pt { int x, y; };
enum kinds__color { kinds__RED, kinds__GREEN = 5, kinds__BLUE };
typedef struct kinds__pt kinds__pt_t;
struct kinds__frame {
    bl_coro h;
    int k;
    char *name;
    int (*op)(int);
    int r;
    int c;
    int *p;
    kinds__pt_t a;
    __typeof__((struct kinds__pt []){ { 0, 0 }, { 0, 0 }, { 0, 0 } }) pts;
    enum kinds__color col;
    int (*f)(int);
    __typeof__((char *[]){ "zero", "one", 0 }) words;
    struct { int n; char tag[8]; } anon;
    int sum;
};
static void kinds__resume(bl_coro *co);
static const unsigned kinds__lines[] = { 16, 23, 24, 26, 27, 31, 34, 38, 40 };
static const bl_coro_info kinds__info = {
    "kinds", "locals-of-every-kind.blc", kinds__resume,
    sizeof(struct kinds__frame), 9, kinds__lines, NULL
};

BL_MUST_USE bl_coro *kinds(const int k, char name[], int (*op)(int))
{
    struct kinds__frame *self = bl__frame_new(&kinds__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->k = k;
    self->name = name;
    self->op = op;
    return &self->h;
}

static void kinds__resume(bl_coro *co)
{
    struct kinds__frame *self = (struct kinds__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    case 6: goto resume_6;
    case 7: goto resume_7;
    case 8: goto resume_8;
    }
    static int calls;
    int twice(int);
    BL_AWAIT(co, 1, num(3));
resume_1: /* line 23 */
    self->r = BL_RESULT(co, num(3));
    BL_AWAIT(co, 2, num(4));
resume_2: /* line 24 */
    self->c = BL_RESULT(co, num(4));
    self->p = &calls;
    BL_AWAIT(co, 3, num(1));
resume_3: /* line 26 */
    self->a = (__typeof__(self->a)){ .x = BL_RESULT(co, num(1)), .y = 2 };
    BL_AWAIT(co, 4, num(4));
resume_4: /* line 27 */
    __builtin_memcpy(self->pts, (__typeof__(self->pts)){ { 1, 2 }, { 3, BL_RESULT(co, num(4)) }, { self->a.y, self->a.x } }, sizeof self->pts);
    self->col = kinds__BLUE;
    self->f = twice;
    __builtin_memcpy(self->words, (__typeof__(self->words)){ "zero", "one", self->name }, sizeof self->words);
    BL_AWAIT(co, 5, num(7));
resume_5: /* line 31 */
    self->anon = (__typeof__(self->anon)){ BL_RESULT(co, num(7)), "anon" };
    self->sum = ({ int t = self->r + self->c; t * 2; });
    calls++;
    BL_AWAIT(co, 6, num(1));
resume_6: /* line 34 */
    *self->p += BL_RESULT(co, num(1));
    printf("r %d, c %d, k %d, a %d %d, pts %zu %d\n", self->r, self->c, self->k, self->a.x, self->a.y,
           sizeof self->pts / sizeof self->pts[0], self->pts[1].y);
    BL_AWAIT(co, 7, num(21));
resume_7: /* line 38 */
    printf("col %d, f %d, op %d, %s %s, anon %d %s, sum %d, calls %d\n",
           self->col, self->f(BL_RESULT(co, num(21))), self->op(self->c), self->words[1], self->words[2], self->anon.n, self->anon.tag,
           self->sum, calls);
    BL_AWAIT(co, 8, num(8));
resume_8: /* line 40 */
    printf("%d\n", (struct kinds__pt){ BL_RESULT(co, num(8)), 9 }.x + kinds__GREEN);
    BL_END(co);
}

int main(void)
{
    struct bl_stats st;
    char name[] = "two";
    int rc = bl_run(kinds(42, name, twice));
    bl_stats(&st);
    printf("rc %d, frames %zu, events %zu\n", rc, st.frames, st.events);
    return 0;
}
