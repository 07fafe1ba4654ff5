/* Locals whose type is a function-like macro's call (the preprocessor's
 * -dU output shows its body to be a type) live in the frame: the member
 * is declared with the call as written, `LIST_ENTRY(item) mark;`, and
 * keeps its value and its address across yields.  Declarators that share
 * such a type share its member declaration, so they have one type. */
#include <bluelet.h>
#include <stdio.h>
#include <sys/queue.h>

#define HANDLE(T) struct T *
#define PAIR_OF(T) struct { T first, second; }

struct item {
    int value;
    LIST_ENTRY(item) link;
};

#ifndef BL__co_struct_4item_p
#define BL__co_struct_4item_p
struct bl__co_struct_4item_p { union { bl_aw aw; bl_coro co; }; struct item *result; };
#endif
struct pick__frame {
    struct bl__co_struct_4item_p h;
    HANDLE(item) from;
    int skip;
    LIST_ENTRY(item) mark;
    PAIR_OF(int) seen, *where;
    TAILQ_HEAD(, item) unused;
};
static void pick__resume(bl_coro *co);
static const unsigned pick__lines[] = { 18, 26 };
static const bl_coro_info pick__info = {
    "pick", "type-macro-local-in-frame.blc", pick__resume,
    sizeof(struct pick__frame), 2, pick__lines, NULL
};

BL_MUST_USE struct bl__co_struct_4item_p *pick(HANDLE(item) from, int skip)
{
    struct pick__frame *self = bl__frame_new(&pick__info);
    if (!self) {
        static struct bl__co_struct_4item_p failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->from = from;
    self->skip = skip;
    return &self->h;
}

static void pick__resume(bl_coro *co)
{
    struct pick__frame *self = (struct pick__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    self->seen = (__typeof__(self->seen)){ 0, 0 }; self->where = &self->seen;
    TAILQ_INIT(&self->unused);
    self->mark.le_next = self->from;
    while (self->skip-- > 0 && self->mark.le_next->link.le_next) {
        BL_AWAIT(co, 1, bl_null());
resume_1:; /* line 26 */
        self->where->first++;
        self->mark.le_next = self->mark.le_next->link.le_next;
    }
    self->seen.second = sizeof(LIST_ENTRY(item)) == sizeof self->mark;
    printf("moved %d, same size %d, empty %d\n", self->seen.first, self->seen.second,
           TAILQ_EMPTY(&self->unused));
    self->h.result = (HANDLE(item))self->mark.le_next; BL_END(co);
}

struct root__frame {
    bl_coro h;
    HANDLE(item) from;
    HANDLE(item) got;
};
static void root__resume(bl_coro *co);
static const unsigned root__lines[] = { 36, 38 };
static const bl_coro_info root__info = {
    "root", "type-macro-local-in-frame.blc", root__resume,
    sizeof(struct root__frame), 2, root__lines, NULL
};

BL_MUST_USE bl_coro *root(HANDLE(item) from)
{
    struct root__frame *self = bl__frame_new(&root__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->from = from;
    return &self->h;
}

static void root__resume(bl_coro *co)
{
    struct root__frame *self = (struct root__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, pick(self->from, 5));
resume_1: /* line 38 */
    self->got = BL_RESULT(co, pick(self->from, 5));
    printf("got %d\n", self->got->value);
    BL_END(co);
}

int main(void)
{
    LIST_HEAD(, item) items = LIST_HEAD_INITIALIZER(items);
    struct item a = { .value = 1 }, b = { .value = 2 }, c = { .value = 3 };
    LIST_INSERT_HEAD(&items, &c, link);
    LIST_INSERT_HEAD(&items, &b, link);
    LIST_INSERT_HEAD(&items, &a, link);
    struct bl_stats st;
    int rc = bl_run(root(LIST_FIRST(&items)));
    bl_stats(&st);
    printf("rc %d, frames %zu, events %zu\n", rc, st.frames, st.events);
    return 0;
}
