/* A loop macro (its body, in the preprocessor's -dU output, is a `for`
 * head) heads a statement without braces, and that statement yields:
 * the body gains braces around its awaits, the macro's arguments are
 * rewritten to the frame, and `continue` stays the macro's own. */
#include <bluelet.h>
#include <stdio.h>
#include <sys/queue.h>

#define upto(i, n) for ((i) = 0; (i) < (n); (i)++)

struct item {
    int value;
    LIST_ENTRY(item) link;
};
LIST_HEAD(item_list, item);

#ifndef BL__co_int
#define BL__co_int
struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
#endif
struct twice__frame {
    struct bl__co_int h;
    int v;
};
static void twice__resume(bl_coro *co);
static const unsigned twice__lines[] = { 17, 19 };
static const bl_coro_info twice__info = {
    "twice", "loop-macro-unbraced-body-with-yield.blc", twice__resume,
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
resume_1:; /* line 19 */
    self->h.result = 2 * self->v; BL_END(co);
}

struct total__frame {
    struct bl__co_int h;
    struct item_list *items;
    struct item *it;
    int sum;
    int i;
};
static void total__resume(bl_coro *co);
static const unsigned total__lines[] = { 23, 28, 33 };
static const bl_coro_info total__info = {
    "total", "loop-macro-unbraced-body-with-yield.blc", total__resume,
    sizeof(struct total__frame), 3, total__lines, NULL
};

BL_MUST_USE struct bl__co_int *total(struct item_list *items)
{
    struct total__frame *self = bl__frame_new(&total__info);
    if (!self) {
        static struct bl__co_int failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->items = items;
    return &self->h;
}

static void total__resume(bl_coro *co)
{
    struct total__frame *self = (struct total__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    self->sum = 0;
    LIST_FOREACH(self->it, self->items, link) {
        BL_AWAIT(co, 1, twice(self->it->value));
resume_1: /* line 28 */
        self->sum += BL_RESULT(co, twice(self->it->value));
    }
    upto(self->i, 4)
        if (self->i % 2)
            continue;
        else {
            BL_AWAIT(co, 2, twice(self->i));
resume_2: /* line 33 */
            self->sum += BL_RESULT(co, twice(self->i));
        }
    printf("sum %d\n", self->sum);
    self->h.result = self->sum; BL_END(co);
}

int main(void)
{
    struct item_list items = LIST_HEAD_INITIALIZER(items);
    struct item a = { .value = 1 }, b = { .value = 20 };
    LIST_INSERT_HEAD(&items, &b, link);
    LIST_INSERT_HEAD(&items, &a, link);
    struct bl_stats st;
    int r = bl_run(total(&items));
    bl_stats(&st);
    printf("rc %d, frames %zu, events %zu\n", r, st.frames, st.events);
    return 0;
}
