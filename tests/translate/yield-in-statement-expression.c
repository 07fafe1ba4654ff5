/* A yield inside a GNU statement expression: the statement expression
 * moves in front of the statement that holds it, as a block whose value
 * goes to a frame temporary; its locals live in the frame, since a yield
 * is in their scope. */
#include <stdio.h>
#include <bluelet.h>

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
struct one__frame {
    struct bl__co_int h;
};
static void one__resume(bl_coro *co);
static const unsigned one__lines[] = { 8 };
static const bl_coro_info one__info = {
    "one", "yield-in-statement-expression.blc", one__resume,
    sizeof(struct one__frame), 1, one__lines, NULL
};

BL_MUST_USE struct bl__co_int *one(void)
{
    struct one__frame *self = bl__frame_new(&one__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void one__resume(bl_coro *co)
{
    struct one__frame *self = (struct one__frame *)co;
    self->h.result = 1; BL_END(co);
}

struct w__frame {
    struct bl__co_int h;
    int d;
    __typeof__(((void)0, (((__typeof__(one()))0)->result))) t__1;
};
static void w__resume(bl_coro *co);
static const unsigned w__lines[] = { 13, 15 };
static const bl_coro_info w__info = {
    "w", "yield-in-statement-expression.blc", w__resume,
    sizeof(struct w__frame), 2, w__lines, NULL
};

BL_MUST_USE struct bl__co_int *w(void)
{
    struct w__frame *self = bl__frame_new(&w__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void w__resume(bl_coro *co)
{
    struct w__frame *self = (struct w__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    {
        BL_AWAIT(co, 1, one());
resume_1: /* line 15 */
        self->t__1 = (BL_RESULT(co, one()));
    }
    self->d = self->t__1;
    self->h.result = self->d; BL_END(co);
}

struct v__frame {
    struct bl__co_int h;
    int x;
    int t;
    int r;
    int k;
    int s;
    int q;
    __typeof__(((void)0, (*(int (*))0) + (*(int (*))0))) t__1;
    __typeof__(0 ? ((void)0, (*(int (*))0)) : 0) t__2;
    __typeof__(((void)0, (*(int (*))0))) t__3;
    __typeof__(((void)0, (*(int (*))0) + (*(int (*))0) < 7)) t__4;
};
static void v__resume(bl_coro *co);
static const unsigned v__lines[] = { 19, 21, 24, 27, 28 };
static const bl_coro_info v__info = {
    "v", "yield-in-statement-expression.blc", v__resume,
    sizeof(struct v__frame), 5, v__lines, NULL
};

BL_MUST_USE struct bl__co_int *v(int x)
{
    struct v__frame *self = bl__frame_new(&v__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->x = x;
    return &self->h;
}

static void v__resume(bl_coro *co)
{
    struct v__frame *self = (struct v__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    }
    {
            BL_AWAIT(co, 1, one());
resume_1: /* line 21 */
    self->t = BL_RESULT(co, one());
        self->t__1 = self->t + self->x;
    }
    self->r = self->t__1;
    if (self->x > 2) {
        {
            self->k = 10;
        BL_AWAIT(co, 2, one());
resume_2: /* line 24 */
        self->k += (BL_RESULT(co, one()));
            self->t__3 = self->k;
        }
        self->t__2 = self->t__3;
    } else {
        self->t__2 = 0;
    }
    self->s = self->t__2;
    {
        BL_AWAIT(co, 3, bl_null());
resume_3:; /* line 27 */
        printf("discarded %d\n", self->r);
    }
    for (;;) {
        {
                BL_AWAIT(co, 4, one());
resume_4: /* line 28 */
    self->q = (BL_RESULT(co, one()));
            self->t__4 = self->q + self->r < 7;
        }
        if (!(self->t__4))
            break;
        self->r++;
    }
    self->h.result = self->r + self->s + ({ int z = 0; z; }); BL_END(co);
}
struct main_co__frame {
    bl_coro h;
    __typeof__(((__typeof__(w()))0)->result) t__1;
};
static void main_co__resume(bl_coro *co);
static const unsigned main_co__lines[] = { 32, 34, 34 };
static const bl_coro_info main_co__info = {
    "main_co", "yield-in-statement-expression.blc", main_co__resume,
    sizeof(struct main_co__frame), 3, main_co__lines, NULL
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
    }
    BL_AWAIT(co, 1, w());
resume_1: /* line 34 */
    self->t__1 = BL_RESULT(co, w());
    BL_AWAIT(co, 2, v(3));
resume_2: /* line 34 */
    printf("%d %d\n", (self->t__1), (BL_RESULT(co, v(3))));
    BL_END(co);
}

int main(void)
{
    return bl_run(main_co());
}
