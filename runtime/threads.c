/*
 * threads.c - bl_run_threads(): one loop per thread, each with its own
 * listeners on the same port (SO_REUSEPORT), stopped together.
 *
 * Key decisions:
 *  - Every loop is a plain bl_run() on its own thread (the caller's is
 *    loop 0), over the thread-local state every loop already has, so the
 *    loops share nothing but the stop pipe below and the process-wide
 *    things the runtime guards itself (dispositions of SIGPIPE and of the
 *    signals waited for, the list of loops for gdb).
 *  - Stopping is a pipe whose write end closes once (whoever is first:
 *    a loop whose root ended, or SIGINT/SIGTERM caught by loop 0): every
 *    loop waits on the read end with a task of its own, the stopper, and
 *    end of file wakes them all at once, with no lost wake-up, whether a
 *    loop has started yet or not.  A woken stopper kills its loop's root,
 *    and the loop ends as bl_run() ends: every task killed, every frame,
 *    event and fd given back.
 *  - A handle belongs to the thread that made it (frames come from that
 *    thread's slabs), so each loop calls start(arg) on its own thread.
 */
#include "internal.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

_Thread_local bool bl__threaded;

struct threads {
    int n;                /* loops */
    bl_start_fn *start;
    void *arg;
    int stop_r;           /* the stop pipe's read end, watched by all */
    _Atomic int stop_w;   /* its write end, -1 once closed (stopped) */
    _Atomic int fail;     /* errno of the first stopper that could not
                             watch (out of memory...), or 0 */
};

struct loop_result {
    struct threads *t;
    int rc, err;          /* what its bl_run returned, and errno */
};

/* Stops every loop: closes the write end, once. */
static void stop_all(struct threads *t)
{
    int fd = atomic_exchange(&t->stop_w, -1);
    if (fd >= 0)
        close(fd);
}

/* A stopper that cannot watch fails the run with errno: every loop stops
 * (a loop nobody can stop must not run on). */
static void stopper_fail(struct threads *t, int err)
{
    int none = 0;
    atomic_compare_exchange_strong(&t->fail, &none, err ? err : EIO);
    stop_all(t);
}

/* coroutine void bl__stopper(struct threads *t, bool on_signal)
 * {
 *     if (on_signal) {                  // loop 0 only
 *         if (yield bl_signal(SIGINT, SIGTERM, 0) < 0)
 *             stopper_fail(t, errno);   // no signal could stop us
 *         else
 *             stop_all(t);
 *         return;
 *     }
 *     for (;;) {                        // readiness may be spurious:
 *         if (yield bl_wait_fd(t->stop_r, BL_READABLE) < 0) { // only
 *             stopper_fail(t, errno);                          // end of
 *             break;                                           // file
 *         }                                                    // stops
 *         if ((n = read(t->stop_r, &c, 1)) >= 0 || (errno != EAGAIN && errno != EINTR)) {
 *             if (n < 0)
 *                 stopper_fail(t, errno);
 *             break;
 *         }
 *     }
 *     yield bl_kill(bl__root_task());
 * } */
struct bl__stopper__frame {
    bl_coro co;
    struct threads *t;
    bool on_signal;
};

static void bl__stopper__resume(bl_coro *co);
static const bl_coro_info bl__stopper__info; /* after its resume function */
static bl_coro bl__stopper__failed = {.aw = {.kind = BL_AW_FAILED, .err = ENOMEM}};
static bl_coro no_handle = {.aw = {.kind = BL_AW_FAILED, .err = EINVAL}}; /* start: NULL */

static bl_coro *bl__stopper(struct threads *t, bool on_signal)
{
    struct bl__stopper__frame *self = bl__frame_new(&bl__stopper__info);
    if (!self)
        return &bl__stopper__failed;
    self->t = t;
    self->on_signal = on_signal;
    return &self->co;
}

/* The lines of the resume function and of its awaits (BL__AWAIT_AT). */
enum {
    bl__stopper__L0 = __LINE__ + 5,
    bl__stopper__L1 = bl__stopper__L0 + 10,
    bl__stopper__L2 = bl__stopper__L0 + 19,
    bl__stopper__L3 = bl__stopper__L0 + 33,
};
static void bl__stopper__resume(bl_coro *co)
{
    struct bl__stopper__frame *self = (struct bl__stopper__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    }
    if (self->on_signal) {
        BL__AWAIT_AT(bl__stopper__L1, co, 1, bl_signal(SIGINT, SIGTERM, 0));
    resume_1:
        if (BL_RESULT(co, bl_signal(SIGINT, SIGTERM, 0)) < 0)
            stopper_fail(self->t, errno);
        else
            stop_all(self->t);
        BL_END(co);
    }
    for (;;) {
        BL__AWAIT_AT(bl__stopper__L2, co, 2, bl_wait_fd(self->t->stop_r, BL_READABLE));
    resume_2:
        if (BL_RESULT(co, bl_wait_fd(self->t->stop_r, BL_READABLE)) < 0) {
            stopper_fail(self->t, errno);
            break;
        }
        char c;         /* no one writes: a byte never comes, only the end */
        ssize_t n = read(self->t->stop_r, &c, 1);
        if (n >= 0 || (errno != EAGAIN && errno != EINTR)) {
            if (n < 0)
                stopper_fail(self->t, errno);
            break;
        }
    }
    BL__AWAIT_AT(bl__stopper__L3, co, 3, bl_kill(bl__root_task()));
resume_3:
    BL_END(co);
}

static const unsigned bl__stopper__lines[] = {
    bl__stopper__L0, bl__stopper__L1, bl__stopper__L2, bl__stopper__L3,
};
static const bl_coro_info bl__stopper__info = {
    "bl__stopper", __FILE__, bl__stopper__resume,
    sizeof(struct bl__stopper__frame), 4, bl__stopper__lines, NULL,
};

/* One loop, on the calling thread: start(arg) beside its stopper(s);
 * then, whatever ended it, the others stop too. */
static void run_loop(struct loop_result *res, bool first)
{
    struct threads *t = res->t;
    bl__threaded = t->n > 1;
    bl_coro *helpers[2] = {bl__stopper(t, false), NULL};
    int nhelpers = 1;
    if (first)
        helpers[nhelpers++] = bl__stopper(t, true);
    void *h = t->start(t->arg);
    res->rc = bl__run_helped(h ? (bl_aw *)h : &no_handle.aw, helpers, nhelpers);
    res->err = res->rc < 0 ? errno : 0;
    bl__threaded = false;
    stop_all(t);
}

static void *loop_thread(void *arg)
{
    run_loop(arg, false);
    return NULL;
}

int bl_run_threads(int n, bl_start_fn *start, void *arg)
{
    if (n < 1 || !start) {
        errno = EINVAL;
        return -1;
    }
    int fds[2];
    if (pipe(fds) < 0)
        return -1;
    for (int i = 0; i < 2; i++) /* (pipe2 is not everywhere) */
        fcntl(fds[i], F_SETFD, FD_CLOEXEC);
    fcntl(fds[0], F_SETFL, O_NONBLOCK); /* a stopper's read never waits */
    struct threads t = {.n = n, .start = start, .arg = arg, .stop_r = fds[0]};
    atomic_init(&t.stop_w, fds[1]);
    atomic_init(&t.fail, 0);
    struct loop_result *res = calloc((size_t)n, sizeof *res);
    pthread_t *tid = calloc((size_t)n, sizeof *tid);
    int started = 1, rc = 0, err = 0;
    if (!res || !tid) {
        err = ENOMEM;
        goto out_free;
    }
    for (int i = 0; i < n; i++)
        res[i].t = &t;
    for (; started < n; started++) {
        int e = pthread_create(&tid[started], NULL, loop_thread, &res[started]);
        if (e) {               /* the loops started stop at once */
            stop_all(&t);
            err = e;
            break;
        }
    }
    if (!err)
        run_loop(&res[0], true);
    for (int i = 1; i < started; i++)
        pthread_join(tid[i], NULL);
    for (int i = 0; i < started && !err; i++)
        if (res[i].rc < 0)
            err = res[i].err ? res[i].err : EIO;
    if (!err)
        err = atomic_load(&t.fail);
out_free:
    stop_all(&t);
    close(fds[0]);
    free(res);
    free(tid);
    if (err) {
        errno = err;
        rc = -1;
    }
    return rc;
}
