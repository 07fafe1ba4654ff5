/* queue-and-macro-types.c - <sys/queue.h> and the other function-like
 * macros that real code uses where the grammar wants a type or a
 * statement's head: LIST_ENTRY(n) as a member's type, LIST_HEAD(h, n) and
 * STAILQ_HEAD at file scope, TAILQ_FOREACH with an unbraced body, a macro
 * type in a cast, in sizeof, as a function's result and parameter type
 * (OpenSSL's STACK_OF), statement-head macros chained with `if ... else`,
 * X-macros among struct members and enumerators.  blc reads the text
 * unexpanded; the preprocessor's -dU output tells it what each macro is. */
#include <stddef.h>
#include <sys/queue.h>

struct job {
    int id;
    LIST_ENTRY(job) all;
    TAILQ_ENTRY(job) queue;
    SLIST_ENTRY(job) free_link;
    STAILQ_ENTRY(job) done_link;
};

LIST_HEAD(job_list, job) all_jobs = LIST_HEAD_INITIALIZER(all_jobs);
TAILQ_HEAD(job_queue, job);
static struct job_queue run_queue = TAILQ_HEAD_INITIALIZER(run_queue);
static SLIST_HEAD(, job) free_jobs = SLIST_HEAD_INITIALIZER(free_jobs);
STAILQ_HEAD(done_list, job) done_jobs = STAILQ_HEAD_INITIALIZER(done_jobs);

/* OpenSSL's way to name a type made by pasting. */
#define STACK_OF(type) struct stack_st_##type
#define JOB_PTR(T) struct T *
#define VEC(T) struct { T *items; size_t len; }
#define TYPE_OF(x) __typeof__(x)

struct stack_st_job {
    struct job *items[8];
    int n;
};

static STACK_OF(job) *stack_push(STACK_OF(job) *s, JOB_PTR(job) j)
{
    if (s->n < 8)
        s->items[s->n++] = j;
    return s;
}

static JOB_PTR(job) first_queued(struct job_queue *q)
{
    return TAILQ_FIRST(q);
}

int queue_count(struct job_queue *q);
int queue_count(struct job_queue *q)
{
    struct job *j;
    int n = 0;

    TAILQ_FOREACH(j, q, queue)
        n++;
    TAILQ_FOREACH_REVERSE(j, q, job_queue, queue)
        if (j->id < 0)
            n--;
    return n;
}

#define forever for (;;)
#define until(cond) while (!(cond))
#define each_odd(i, n) for ((i) = 0; (i) < (n); (i)++) if (!((i) & 1)) ; else

static int odd_sum(int n)
{
    int i, sum = 0;

    each_odd(i, n)
        sum += i;
    until(sum < 100)
        sum /= 2;
    forever {
        if (sum > 0)
            break;
        sum++;
    }
    return sum;
}

/* X-macros: one list of fields makes the members, an enum of their
 * indexes, and a table of their names. */
#define JOB_FIELDS(X) \
    X(int, priority)  \
    X(long, deadline)

#define AS_MEMBER(type, name) type name;
#define AS_INDEX(type, name) FIELD_##name,
#define AS_NAME(type, name) #name,
#define FIELD(name) FIELD_##name

/* Declaration macros (Linux's DECLARE_BITMAP, DEFINE_MUTEX): the call is
 * a declaration's specifiers and declarator, perhaps its initialiser. */
#define DECLARE_BITMAP(name, bits) unsigned long name[((bits) + 63) / 64]
#define DEFINE_COUNTER(name) int name = 0

struct job_params {
    JOB_FIELDS(AS_MEMBER)
    int flags;
    DECLARE_BITMAP(cpus, 128);
};

static DEFINE_COUNTER(jobs_made);
DECLARE_BITMAP(busy, 256) = { 1 };

enum job_field { JOB_FIELDS(AS_INDEX) FIELD_COUNT, FIELD(last) = FIELD_COUNT };

static const char *const field_names[] = { JOB_FIELDS(AS_NAME) };

int macro_types_main(void);
int macro_types_main(void)
{
    struct job a = { .id = 1 }, b = { .id = -2 };
    STACK_OF(job) stack = { .n = 0 };
    VEC(char *) names = { NULL, 0 };
    TYPE_OF(a.id) copy = a.id;
    struct job *j;
    int total = 0;
    DECLARE_BITMAP(seen, 64);

    seen[0] = busy[0];
    jobs_made++;

    TAILQ_INSERT_TAIL(&run_queue, &a, queue);
    TAILQ_INSERT_TAIL(&run_queue, &b, queue);
    LIST_INSERT_HEAD(&all_jobs, &a, all);
    SLIST_INSERT_HEAD(&free_jobs, &b, free_link);
    STAILQ_INSERT_TAIL(&done_jobs, &a, done_link);
    LIST_FOREACH(j, &all_jobs, all) {
        total += j->id;
    }
    SLIST_FOREACH(j, &free_jobs, free_link)
        if (j->id < 0)
            total -= j->id;
    STAILQ_FOREACH(j, &done_jobs, done_link)
        total++;
    j = (JOB_PTR(job))TAILQ_NEXT(first_queued(&run_queue), queue);
    total += (int)sizeof(LIST_ENTRY(job)) + (int)sizeof(TAILQ_HEAD(, job));
    total += (int)((void *)(TAILQ_ENTRY(job) *)&b.queue == (void *)&b.queue);
    stack_push(&stack, j);
    return total + queue_count(&run_queue) + odd_sum(9) + copy + stack.n +
           (int)names.len + FIELD_COUNT + (int)sizeof field_names +
           (int)sizeof(struct job_params) + (int)seen[0] + jobs_made;
}
