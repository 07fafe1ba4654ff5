/* Frames hold only what must survive a yield: a local whose value is not
 * needed after any yield of its scope stays a C local of the resume
 * function; one read after a yield, in a loop with a yield, whose
 * address is taken, or an array keeps its frame member.  A macro may
 * name a local that stays (one naming a frame member is refused). */
#include <bluelet.h>
#include <stdio.h>

struct pt { int x, y; };
#define SHOW_K() printf("k %d\n", k)

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
struct twice__frame {
    struct bl__co_int h;
    int v;
};
static void twice__resume(bl_coro *co);
static const unsigned twice__lines[] = { 12, 14 };
static const bl_coro_info twice__info = {
    "twice", "frame-holds-only-what-survives.blc", twice__resume,
    sizeof(struct twice__frame), 2, twice__lines, NULL
};

BL_MUST_USE struct bl__co_int *twice(int v)
{
    struct twice__frame *self = bl__frame_new(&twice__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->v = v;
    return &self->h;
}

static void twice__resume(bl_coro *co)
{
    struct twice__frame *self = (struct twice__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 14 */
    self->h.result = 2 * self->v; BL_END(co);
}

struct live__frame {
    struct bl__co_int h;
    int a;
    struct pt p;
    int after;
    int looped;
    int addressed;
    int *ptr;
    char buf[4];
    int r;
    int i;
};
static void live__resume(bl_coro *co);
static const unsigned live__lines[] = { 18, 32, 34 };
static const bl_coro_info live__info = {
    "live", "frame-holds-only-what-survives.blc", live__resume,
    sizeof(struct live__frame), 3, live__lines, NULL
};

BL_MUST_USE struct bl__co_int *live(int a)
{
    struct live__frame *self = bl__frame_new(&live__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->a = a;
    return &self->h;
}

static void live__resume(bl_coro *co)
{
    struct live__frame *self = (struct live__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    int before = self->a + 1;                 /* C local: read before the yield */
    size_t len = sizeof "abc";          /* C local: standard scalar */
    int operand = self->a * 3;                /* C local: only in the operand */
    self->p = (__typeof__(self->p)){ self->a, before };        /* frame: p.x (a member may be an array) */
    self->after = self->a + 2;                  /* frame: read after the yield */
    self->looped = 0;                     /* frame: in a loop with a yield */
    self->addressed = 5;                  /* frame: its address is taken */
    self->ptr = &self->addressed;
    __builtin_memcpy(self->buf, (__typeof__(self->buf)){ "ab" }, sizeof self->buf);                 /* frame: an array */
    int k = 7;                          /* C local: named by a macro, before */
    printf("%d %zu %d %d\n", before, len, self->p.x + self->p.y, self->buf[0]);
    SHOW_K();
    BL_AWAIT(co, 1, twice(operand));
resume_1: /* line 32 */
    self->r = BL_RESULT(co, twice(operand));
    for (self->i = 0; self->i < 2; self->i++) {
        BL_AWAIT(co, 2, twice(self->i));
resume_2: /* line 34 */
        self->looped += BL_RESULT(co, twice(self->i));
    }
    self->h.result = self->r + self->after + self->looped + *self->ptr + self->buf[1]; BL_END(co);
}

struct run__frame {
    bl_coro h;
};
static void run__resume(bl_coro *co);
static const unsigned run__lines[] = { 38, 40 };
static const bl_coro_info run__info = {
    "run", "frame-holds-only-what-survives.blc", run__resume,
    sizeof(struct run__frame), 2, run__lines, NULL
};

BL_MUST_USE bl_coro *run(void)
{
    struct run__frame *self = bl__frame_new(&run__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    return &self->h;
}

static void run__resume(bl_coro *co)
{
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, live(1));
resume_1: /* line 40 */
    printf("live %d\n", BL_RESULT(co, live(1)));
    BL_END(co);
}

int main(void)
{
    printf("rc %d\n", bl_run(run()));
    struct bl_stats st;
    bl_stats(&st);
    printf("frames %zu\n", st.frames);
    return 0;
}
