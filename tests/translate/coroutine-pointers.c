/* Coroutine pointers and types: `yield op(3)` is an int with no cast, and
 * coroutines of one signature have one pointer type. */
#include <bluelet.h>
#include <stdio.h>

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
typedef struct bl__co_int *job(int);

struct step {
    const char *name;
    struct bl__co_int *(*run)(int);
};

struct sq__frame {
    struct bl__co_int h;
    int x;
};
static void sq__resume(bl_coro *co);
static const unsigned sq__lines[] = { 13, 15 };
static const bl_coro_info sq__info = {
    "sq", "coroutine-pointers.blc", sq__resume,
    sizeof(struct sq__frame), 2, sq__lines, NULL
};

BL_MUST_USE struct bl__co_int *sq(int x)
{
    struct sq__frame *self = bl__frame_new(&sq__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->x = x;
    return &self->h;
}

static void sq__resume(bl_coro *co)
{
    struct sq__frame *self = (struct sq__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 15 */
    self->h.result = self->x * self->x; BL_END(co);
}

struct cube__frame {
    struct bl__co_int h;
    int x;
};
static void cube__resume(bl_coro *co);
static const unsigned cube__lines[] = { 19 };
static const bl_coro_info cube__info = {
    "cube", "coroutine-pointers.blc", cube__resume,
    sizeof(struct cube__frame), 1, cube__lines, NULL
};

BL_MUST_USE struct bl__co_int *cube(int x)
{
    struct cube__frame *self = bl__frame_new(&cube__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->x = x;
    return &self->h;
}

static void cube__resume(bl_coro *co)
{
    struct cube__frame *self = (struct cube__frame *)co;
    self->h.result = self->x * self->x * self->x; BL_END(co);
}

#ifndef BL__co_const_char_p
#define BL__co_const_char_p
struct bl__co_const_char_p { union { bl_aw aw; bl_coro co; }; const char *result; };
#endif
struct label__frame {
    struct bl__co_const_char_p h;
    int x;
};
static void label__resume(bl_coro *co);
static const unsigned label__lines[] = { 24, 26 };
static const bl_coro_info label__info = {
    "label", "coroutine-pointers.blc", label__resume,
    sizeof(struct label__frame), 2, label__lines, NULL
};

BL_MUST_USE struct bl__co_const_char_p *label(int x)
{
    struct label__frame *self = bl__frame_new(&label__info);
    if (!self) {
        static struct bl__co_const_char_p failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->x = x;
    return &self->h;
}

static void label__resume(bl_coro *co)
{
    struct label__frame *self = (struct label__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 26 */
    self->h.result = self->x % 2 ? "odd" : "even"; BL_END(co);
}

struct greet__frame {
    bl_coro h;
    bl_conn *conn;
};
static void greet__resume(bl_coro *co);
static const unsigned greet__lines[] = { 30 };
static const bl_coro_info greet__info = {
    "greet", "coroutine-pointers.blc", greet__resume,
    sizeof(struct greet__frame), 1, greet__lines, NULL
};

BL_MUST_USE bl_coro *greet(bl_conn *conn)
{
    struct greet__frame *self = bl__frame_new(&greet__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->conn = conn;
    return &self->h;
}

static void greet__resume(bl_coro *co)
{
    struct greet__frame *self = (struct greet__frame *)co;
    (void)self->conn;
    BL_END(co);
}

static struct bl__co_int *(*ops[])(int) = { sq, cube };
static job *jobs[2] = { cube, sq };
static struct bl__co_const_char_p *(*namer)(int) = label;
static bl_handler *handler = greet;
static bl_coro *(*handler2)(bl_conn *) = greet;

/* A coroutine taking a coroutine pointer, kept across a yield. */
struct twice__frame {
    struct bl__co_int h;
    struct bl__co_int * (*op)(int);
    int x;
    int a;
    struct bl__co_int * (*again)(int);
};
static void twice__resume(bl_coro *co);
static const unsigned twice__lines[] = { 42, 44, 46, 47 };
static const bl_coro_info twice__info = {
    "twice", "coroutine-pointers.blc", twice__resume,
    sizeof(struct twice__frame), 4, twice__lines, NULL
};

BL_MUST_USE struct bl__co_int *twice(struct bl__co_int *(*op)(int), int x)
{
    struct twice__frame *self = bl__frame_new(&twice__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->op = op;
    self->x = x;
    return &self->h;
}

static void twice__resume(bl_coro *co)
{
    struct twice__frame *self = (struct twice__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    }
    BL_AWAIT(co, 1, self->op(self->x));
resume_1: /* line 44 */
    self->a = BL_RESULT(co, self->op(self->x));
    self->again = self->op;
    BL_AWAIT(co, 2, bl_null());
resume_2:; /* line 46 */
    BL_AWAIT(co, 3, self->again(self->a));
resume_3: /* line 47 */
    self->h.result = self->a + (BL_RESULT(co, self->again(self->a))); BL_END(co);
}

struct run__frame {
    bl_coro h;
    __typeof__((struct step []){ { "sq", 0 }, { "cube", 0 } }) steps;
    int i;
    int r;
    int s;
};
static void run__resume(bl_coro *co);
static const unsigned run__lines[] = { 50, 54, 55, 57, 59, 60 };
static const bl_coro_info run__info = {
    "run", "coroutine-pointers.blc", run__resume,
    sizeof(struct run__frame), 6, run__lines, NULL
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
    struct run__frame *self = (struct run__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    }
    __builtin_memcpy(self->steps, (__typeof__(self->steps)){ { "sq", sq }, { "cube", cube } }, sizeof self->steps);
    for (self->i = 0; self->i < 2; self->i++) {
        { __auto_type bl__e = (ops[self->i](3)); _Static_assert(BL_AWAITABLE(bl__e), "yield takes a coroutine call, a handle or an event");
          BL_AWAIT(co, 1, BL__AWP(bl__e)); }
resume_1: /* line 54 */
        self->r = BL_RESULT(co, BL__AWP(ops[self->i](3)));
        { __auto_type bl__e = (jobs[self->i](2)); _Static_assert(BL_AWAITABLE(bl__e), "yield takes a coroutine call, a handle or an event");
          BL_AWAIT(co, 2, BL__AWP(bl__e)); }
resume_2: /* line 55 */
        self->s = BL_RESULT(co, BL__AWP(jobs[self->i](2)));
        printf("%s(3) %d, jobs[%d](2) %d\n", self->steps[self->i].name, self->r, self->i, self->s);
        { __auto_type bl__e = (self->steps[self->i].run(4)); _Static_assert(BL_AWAITABLE(bl__e), "yield takes a coroutine call, a handle or an event");
          BL_AWAIT(co, 3, BL__AWP(bl__e)); }
resume_3: /* line 57 */
        printf("%s %d\n", self->steps[self->i].name, BL_RESULT(co, BL__AWP(self->steps[self->i].run(4))));
    }
    BL_AWAIT(co, 4, twice(sq, 2));
resume_4: /* line 59 */
    printf("twice(sq, 2) %d\n", BL_RESULT(co, twice(sq, 2)));
    BL_AWAIT(co, 5, namer(3));
resume_5: /* line 60 */
    printf("%s\n", BL_RESULT(co, namer(3)));
    printf("handlers %d\n", handler == handler2);
    BL_END(co);
}

int main(void)
{
    job *j = sq;
    struct bl__co_int *(*k)(int) = j;
    (void)k;
    struct bl_stats st;
    int rc = bl_run(run());
    bl_stats(&st);
    printf("rc %d, frames %zu\n", rc, st.frames);
    return 0;
}
