/*
 * signal.c - bl_signal(): waiting for signals, over a self-pipe.
 *
 * While at least one coroutine waits for a signal, its handler writes the
 * signal's number into a non-blocking pipe whose read end the loop
 * watches like any fd; the bytes are read and every coroutine waiting for
 * that signal wakes with its number.  When the last waiter for a signal
 * goes (woken, killed, timed out), its previous disposition is restored,
 * and with the last waiter of all, the pipe is closed.  A signal that
 * arrives while nobody waits for it gets its previous disposition.
 * (A self-pipe rather than signalfd: it works on every system, and it
 * needs no signal mask, which other threads would not share.)
 *
 * Threads: each loop has its own pipe and waiters (thread-local); a
 * signal is delivered to every loop that waits for it (each of
 * bl_run_threads' loops may wait for SIGTERM).  Dispositions are the
 * process's, so they are counted over all loops (under sig_mu): the first
 * waiter of any loop catches the signal, the last restores it.  The
 * handler, which may run on any thread, finds the loops' pipes in a
 * table of atomics (no lock: it is a signal handler); a loop that closes
 * its pipe first takes it out of the table, then waits until no handler
 * that may have read the old entry still runs, so no write ever reaches
 * an fd number that was closed and reused.
 */
#include "internal.h"

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <unistd.h>

#define L bl__L
#define NSIG_MAX 64
#define NLOOPS_MAX 1024 /* loops waiting for signals at once */

typedef struct sigwaiter {
    bl__ev ev;             /* r.i: the signal delivered */
    uint64_t set;          /* bit s-1: signal s */
    struct sigwaiter *next;
} sigwaiter;

/* This loop's. */
static _Thread_local struct {
    int pipe[2];                   /* the self-pipe, -1 when closed */
    bl__io *reader;                /* the loop's wait on pipe[0] */
    sigwaiter *waiters;
    unsigned count[NSIG_MAX + 1];  /* waiters per signal */
    int slot;                      /* its entry in G.loops, -1: none */
} S = {.pipe = {-1, -1}, .slot = -1};

/* The process's. */
static struct {
    pthread_mutex_t mu;                  /* total, old, claiming a slot */
    unsigned total[NSIG_MAX + 1];        /* waiters per signal, all loops */
    struct sigaction old[NSIG_MAX + 1];  /* dispositions before the first */
    struct {
        atomic_int fd;                   /* a pipe's write end, or -1 */
        atomic_uint_least64_t set;       /* the signals its loop waits for */
    } loops[NLOOPS_MAX];
    atomic_int nloops;                   /* entries ever used */
    atomic_int in_handler;               /* handlers running now */
} G = {.mu = PTHREAD_MUTEX_INITIALIZER};

static void on_signal(int signo)
{
    int e = errno;
    unsigned char b = (unsigned char)signo;
    uint64_t bit = 1ull << (signo - 1);
    atomic_fetch_add(&G.in_handler, 1);
    int n = atomic_load(&G.nloops);
    for (int i = 0; i < n; i++) {
        if (!(atomic_load(&G.loops[i].set) & bit))
            continue;
        int fd = atomic_load(&G.loops[i].fd);
        if (fd >= 0) {
            ssize_t rc = write(fd, &b, 1); /* full pipe: already noticed */
            (void)rc;
        }
    }
    atomic_fetch_sub(&G.in_handler, 1);
    errno = e;
}

/* Enters this loop's pipe in G.loops: 0, or -1 with EAGAIN (full). */
static int slot_claim(void)
{
    pthread_mutex_lock(&G.mu);
    int n = atomic_load(&G.nloops), i = 0;
    while (i < n && atomic_load(&G.loops[i].fd) >= 0)
        i++;
    if (i == NLOOPS_MAX) {
        pthread_mutex_unlock(&G.mu);
        errno = EAGAIN;
        return -1;
    }
    atomic_store(&G.loops[i].set, 0);
    atomic_store(&G.loops[i].fd, S.pipe[1]);
    if (i == n)
        atomic_store(&G.nloops, n + 1);
    pthread_mutex_unlock(&G.mu);
    S.slot = i;
    return 0;
}

/* Takes it out; once this returns, no handler writes to the pipe. */
static void slot_release(void)
{
    pthread_mutex_lock(&G.mu);
    atomic_store(&G.loops[S.slot].set, 0);
    atomic_store(&G.loops[S.slot].fd, -1);
    pthread_mutex_unlock(&G.mu);
    S.slot = -1;
    while (atomic_load(&G.in_handler) > 0) /* a few writes at most */
        sched_yield();
}

static void pipe_close(void)
{
    if (S.pipe[0] < 0)
        return;
    if (S.reader) {
        bl__cancel(&S.reader->ev.aw);
        bl__ev_free(&S.reader->ev.aw);
        S.reader = NULL;
    }
    slot_release();
    bl__fd_forget(S.pipe[0]);
    close(S.pipe[0]);
    close(S.pipe[1]);
    S.pipe[0] = S.pipe[1] = -1;
}

static int pipe_open(void)
{
    if (S.pipe[0] >= 0)
        return 0;
    if (pipe(S.pipe) < 0)
        return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(S.pipe[i], F_SETFD, FD_CLOEXEC);
        fcntl(S.pipe[i], F_SETFL, O_NONBLOCK);
    }
    if (slot_claim() < 0) {
        int e = errno;
        close(S.pipe[0]);
        close(S.pipe[1]);
        S.pipe[0] = S.pipe[1] = -1;
        errno = e;
        return -1;
    }
    bl__fd_adopt(S.pipe[0]);
    bl__fd_get(S.pipe[0])->ready = 0; /* nothing to read yet: just wait */
    S.reader = bl__io_new(S.pipe[0], BL_IN, BL_OP_SIGNAL);
    if (!S.reader)
        goto out_close;
    S.reader->cached = true;
    if (!bl__L.be->start(S.reader)) {
        S.reader->ev.aw.flags |= BL_F_PENDING;
        return 0;
    }
    bl__ev_free(&S.reader->ev.aw);
    S.reader = NULL;
out_close:
    pipe_close();
    errno = ENOMEM;
    return -1;
}

/* Catches signo for one more waiter of this loop: 0, or -1 with errno.
 * The first waiter of all loops installs the handler. */
static int catch(int signo)
{
    if (S.count[signo]++)
        return 0;
    uint64_t bit = 1ull << (signo - 1);
    int rc = 0;
    pthread_mutex_lock(&G.mu);
    if (G.total[signo] == 0) {
        struct sigaction sa = {.sa_handler = on_signal, .sa_flags = SA_RESTART};
        sigemptyset(&sa.sa_mask);
        rc = sigaction(signo, &sa, &G.old[signo]);
    }
    if (rc == 0) {
        G.total[signo]++;
        atomic_fetch_or(&G.loops[S.slot].set, bit);
    } else {
        S.count[signo]--;
    }
    pthread_mutex_unlock(&G.mu);
    return rc;
}

/* The last waiter of all loops restores the disposition. */
static void uncatch(int signo)
{
    if (--S.count[signo])
        return;
    pthread_mutex_lock(&G.mu);
    atomic_fetch_and(&G.loops[S.slot].set, ~(1ull << (signo - 1)));
    if (--G.total[signo] == 0)
        sigaction(signo, &G.old[signo], NULL);
    pthread_mutex_unlock(&G.mu);
}

static void forget_set(uint64_t set)
{
    for (int s = 1; s <= NSIG_MAX; s++)
        if (set & (1ull << (s - 1)))
            uncatch(s);
}

static void unlink_waiter(sigwaiter *w)
{
    for (sigwaiter **p = &S.waiters; *p; p = &(*p)->next) {
        if (*p == w) {
            *p = w->next;
            break;
        }
    }
    forget_set(w->set);
}

static bl_ev_int failed_signal = {{.kind = BL_K_FAILED, .err = ENOMEM}, -1};

bl_ev_int *bl_signal(int signo, ...)
{
    sigwaiter *w = bl__ev_new(BL_K_SIGNAL);
    if (!w)
        return &failed_signal;
    w->set = 0;
    w->next = NULL;
    va_list ap;
    va_start(ap, signo);
    for (int s = signo; s != 0; s = va_arg(ap, int)) {
        if (s < 1 || s > NSIG_MAX) {
            w->ev.aw.err = EINVAL;
            break;
        }
        w->set |= 1ull << (s - 1);
    }
    va_end(ap);
    if (!w->set && !w->ev.aw.err)
        w->ev.aw.err = EINVAL;
    return (bl_ev_int *)w;
}

static int signal_start(bl__ev *ev)
{
    sigwaiter *w = (sigwaiter *)ev;
    if (w->ev.aw.err) {
        w->ev.r.i = -1;
        return 1;
    }
    if (pipe_open() < 0)
        goto out_fail;
    for (int s = 1; s <= NSIG_MAX; s++) {
        if (!(w->set & (1ull << (s - 1))) || catch(s) == 0)
            continue;
        int e = errno;
        forget_set(w->set & ((1ull << (s - 1)) - 1));
        errno = e;
        goto out_fail;
    }
    w->next = S.waiters;
    S.waiters = w;
    return 0;
out_fail:
    w->ev.aw.err = errno;
    w->ev.r.i = -1;
    if (!S.waiters)
        pipe_close();
    return 1;
}

static void signal_cancel(bl__ev *ev)
{
    unlink_waiter((sigwaiter *)ev);
    if (!S.waiters)
        pipe_close();
}

static void signal_describe(bl__ev *ev, FILE *out)
{
    sigwaiter *w = (sigwaiter *)ev;
    for (int s = 1; s <= NSIG_MAX; s++)
        if (w->set & (1ull << (s - 1)))
            fprintf(out, " %d", s);
}

const bl__kind bl__kind_signal = {
    "signal", sizeof(sigwaiter), signal_start, signal_cancel, signal_describe, BL_R_INT,
};

/* The pipe is readable: wake whoever waits for what arrived.  Never
 * completes: the reader waits as long as anyone waits for a signal. */
int bl__try_signal(bl__io *io)
{
    unsigned char buf[64];
    ssize_t n;
    while ((n = read(S.pipe[0], buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            int s = buf[i];
            for (sigwaiter **p = &S.waiters; *p;) {
                sigwaiter *w = *p;
                if (!(w->set & (1ull << (s - 1)))) {
                    p = &w->next;
                    continue;
                }
                *p = w->next;
                forget_set(w->set);
                w->ev.r.i = s;
                bl__complete(&w->ev);
            }
        }
    }
    bl__io_again(io);
    if (!S.waiters) { /* io is freed here: the caller does not touch it */
        bl__reader_stop(S.reader);
        S.reader = NULL;
        pipe_close();
    }
    return 0;
}

void bl__signal_free(void)
{
    pipe_close();
}
