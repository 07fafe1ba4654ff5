/*
 * work.c - blocking work off the loop: a small pool of worker threads,
 * bl_work(), and regular files.
 *
 * A job is handed to the pool and its event waits; a worker runs the job,
 * puts it on the done list and, when that list was empty, writes to an
 * eventfd (a pipe where there is none) that the loop watches like any fd.
 * The loop then takes the whole list and completes each job's event.  So
 * the loop never polls and never spins for the pool, and a worker never
 * touches the loop's state: the list and the queue are all they share,
 * under one mutex.
 *
 * The pool belongs to the loop: created by the first job, its threads
 * started as jobs need them (up to BLUELET_WORKERS, default 4), and
 * joined when bl_run() ends, after every job that had started has
 * finished (a job cannot be interrupted; one not yet started is dropped).
 * A job whose event is cancelled (bl_kill, bl_timeout) runs on; when it is
 * done, the loop frees it and whatever it made (the pool owns a job from
 * submission on).  While any job is out, the loop waits on the eventfd,
 * which keeps bl_run() from seeing a deadlock; with none, nothing of the
 * pool is registered.
 *
 * Regular files (and block devices) cannot be waited on (epoll refuses
 * them, poll says always ready, and a read may wait for the disk), so
 * bl_read() and bl_write() on one run their read(2) or write(2) here,
 * through a buffer of the job's own, so that a cancelled read never writes
 * into a freed frame.
 */
#include "internal.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/eventfd.h>
#endif

#define L bl__L

enum {
    WORKERS_DEFAULT = 4,
    WORKERS_MAX = 256,
    FILE_CHUNK = 1 << 20, /* the most one bl_read/bl_write of a file moves */
};

typedef struct pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;        /* a job is queued, or stop */
    bl__job *head, *tail;     /* queued, not yet started */
    bl__job *done;            /* finished, newest first */
    size_t queued, idle;      /* jobs queued; workers waiting for one */
    bool stop;
    int wake[2];              /* eventfd (both the same) or pipe */
    /* the loop's alone: */
    pthread_t *threads;
    size_t nthreads, max;
    size_t out;               /* jobs submitted and not yet done */
    bl__io *reader;           /* the loop's wait on wake[0] while out > 0 */
} pool;

static _Thread_local pool *P;

/* ------------------------------------------------------------------ */
/* Notifiers: an eventfd, or a pipe where there is none               */
/* ------------------------------------------------------------------ */

int bl__notify_open(int fds[2])
{
#ifdef __linux__
    fds[0] = fds[1] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    return fds[0] < 0 ? -1 : 0;
#else
    if (pipe(fds) < 0)
        return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(fds[i], F_SETFD, FD_CLOEXEC);
        fcntl(fds[i], F_SETFL, O_NONBLOCK);
    }
    return 0;
#endif
}

/* Makes fds[0] readable; safe from any thread.  (A full pipe is readable
 * already.) */
void bl__notify(const int fds[2])
{
    uint64_t one = 1;
    ssize_t rc = write(fds[1], &one, fds[1] == fds[0] ? sizeof one : 1);
    (void)rc;
}

void bl__notify_close(int fds[2])
{
    close(fds[0]);
    if (fds[1] != fds[0])
        close(fds[1]);
}

/* ------------------------------------------------------------------ */
/* The workers                                                        */
/* ------------------------------------------------------------------ */

static void wake_loop(pool *p)
{
    bl__notify(p->wake);
}

static void *worker(void *arg)
{
    pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->head && !p->stop) {
            p->idle++;
            pthread_cond_wait(&p->cv, &p->mu);
            p->idle--;
        }
        if (p->stop)
            break;
        bl__job *j = p->head;
        p->head = j->next;
        if (!p->head)
            p->tail = NULL;
        p->queued--;
        pthread_mutex_unlock(&p->mu);
        j->run(j);
        pthread_mutex_lock(&p->mu);
        j->next = p->done;
        p->done = j;
        if (!j->next) /* the loop takes the whole list each time */
            wake_loop(p);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* One more worker, with every signal blocked (signals are the loop's):
 * 0, or -1 with errno. */
static int worker_start(pool *p)
{
    if (p->nthreads == p->max)
        return 0;
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&p->threads[p->nthreads], NULL, worker, p);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        errno = rc;
        return -1;
    }
    p->nthreads++;
    return 0;
}

/* ------------------------------------------------------------------ */
/* The pool, from the loop                                            */
/* ------------------------------------------------------------------ */

static size_t workers_max(void)
{
    const char *s = getenv("BLUELET_WORKERS");
    long n = s && *s ? strtol(s, NULL, 10) : WORKERS_DEFAULT;
    return n < 1 ? 1 : n > WORKERS_MAX ? WORKERS_MAX : (size_t)n;
}

static void wake_close(int fds[2])
{
    bl__fd_forget(fds[0]);
    bl__notify_close(fds);
}

static pool *pool_get(void)
{
    if (P)
        return P;
    pool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->max = workers_max();
    p->threads = calloc(p->max, sizeof *p->threads);
    if (!p->threads || bl__notify_open(p->wake) < 0) {
        int e = p->threads ? errno : ENOMEM;
        free(p->threads);
        free(p);
        errno = e;
        return NULL;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    bl__fd_adopt(p->wake[0]);
    bl__fd_get(p->wake[0])->ready = 0; /* nothing done yet: just wait */
    return P = p;
}

int bl__job_submit(bl__job *j)
{
    pool *p = pool_get();
    if (!p)
        return -1;
    if (++p->out == 1 && !(p->reader = bl__reader_start(p->wake[0], BL_OP_WORK))) {
        p->out--;
        return -1;
    }
    pthread_mutex_lock(&p->mu);
    j->next = NULL;
    if (p->tail)
        p->tail->next = j;
    else
        p->head = j;
    p->tail = j;
    bool more = ++p->queued > p->idle;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
    /* A worker that cannot start is not fatal while another runs. */
    if (more && worker_start(p) < 0 && p->nthreads == 0) {
        int e = errno;
        pthread_mutex_lock(&p->mu);
        p->head = p->tail = NULL; /* j is the only one: nobody runs */
        p->queued = 0;
        pthread_mutex_unlock(&p->mu);
        if (--p->out == 0) {
            bl__reader_stop(p->reader);
            p->reader = NULL;
        }
        errno = e;
        return -1;
    }
    return 0;
}

/* The eventfd is readable: every finished job goes to its event.  Never
 * completes itself: the reader waits as long as jobs are out. */
int bl__try_work(bl__io *io)
{
    pool *p = P;
    char buf[64];
    while (read(p->wake[0], buf, sizeof buf) > 0)
        ;
    bl__io_again(io);
    pthread_mutex_lock(&p->mu);
    bl__job *list = p->done;
    p->done = NULL;
    pthread_mutex_unlock(&p->mu);
    bl__job *fifo = NULL; /* oldest first, as they finished */
    while (list) {
        bl__job *next = list->next;
        list->next = fifo;
        fifo = list;
        list = next;
    }
    while (fifo) {
        bl__job *j = fifo;
        fifo = j->next;
        p->out--;
        j->done(j);
    }
    if (p->out == 0) { /* io is freed here: the caller does not touch it */
        bl__reader_stop(io);
        p->reader = NULL;
    }
    return 0;
}

/* The end of bl_run(): its tasks are gone, so every job is abandoned.
 * Queued ones are dropped, running ones finish, the workers are joined. */
void bl__work_free(void)
{
    pool *p = P;
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    bl__job *queued = p->head;
    p->head = p->tail = NULL;
    p->stop = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    for (size_t i = 0; i < p->nthreads; i++)
        pthread_join(p->threads[i], NULL);
    for (bl__job *lists[2] = {queued, p->done}, **l = lists; l < lists + 2; l++) {
        while (*l) {
            bl__job *j = *l;
            *l = j->next;
            j->done(j);
        }
    }
    if (p->reader)
        bl__reader_stop(p->reader);
    wake_close(p->wake);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p->threads);
    free(p);
    P = NULL;
}

/* ------------------------------------------------------------------ */
/* The event that waits for a job                                     */
/* ------------------------------------------------------------------ */

/* ev.r: the job's result, once done.  rtype: its shape (BL_R_PTR,
 * BL_R_SSIZE), for bl_timeout(). */
typedef struct bl__work {
    bl__ev ev;
    bl__job *job;
    uint8_t rtype;
} bl__work;

static int work_start(bl__ev *ev)
{
    bl__work *w = (bl__work *)ev;
    if (ev->aw.err) { /* made failed (bad arguments) */
        w->job->done(w->job);
        w->job = NULL;
        return 1;
    }
    w->job->ev = ev;
    if (bl__job_submit(w->job) == 0)
        return 0;
    ev->aw.err = errno;
    w->job->ev = NULL;
    w->job->done(w->job); /* frees it */
    w->job = NULL;
    return 1;
}

static void work_cancel(bl__ev *ev)
{
    bl__job *j = ((bl__work *)ev)->job;
    j->ev = NULL;
    if (j->abandon)
        j->abandon(j);
}

static void work_describe(bl__ev *ev, FILE *out)
{
    bl__job *j = ((bl__work *)ev)->job;
    fprintf(out, " %s", j ? j->what : "?");
}

const bl__kind bl__kind_work = {
    "work", sizeof(bl__work), work_start, work_cancel, work_describe, BL_R_PTR,
};

unsigned bl__work_rtype(const bl_aw *aw)
{
    return ((const bl__work *)aw)->rtype;
}

/* An event for job j (which it owns until started), whose result has
 * the shape rtype; NULL when out of memory (j is then freed). */
bl__ev *bl__work_new(bl__job *j, unsigned rtype)
{
    bl__work *w = bl__ev_new(BL_K_WORK);
    if (!w) {
        j->done(j);
        return NULL;
    }
    w->job = j;
    w->rtype = (uint8_t)rtype;
    if (rtype == BL_R_SSIZE)
        w->ev.r.n = -1;
    return &w->ev;
}

/* Completes the job's event, if it still has one, with errno err. */
void bl__job_finish(bl__job *j, int err)
{
    if (!j->ev)
        return;
    j->ev->aw.err = err;
    ((bl__work *)j->ev)->job = NULL;
    bl__complete(j->ev);
}

/* ------------------------------------------------------------------ */
/* bl_work                                                            */
/* ------------------------------------------------------------------ */

typedef struct fnjob {
    bl__job j;
    bl_work_fn *fn;
    void *arg, *result;
    int err;
} fnjob;

static void fn_run(bl__job *j)
{
    fnjob *f = (fnjob *)j;
    errno = 0;
    f->result = f->fn(f->arg);
    f->err = errno;
}

static void fn_done(bl__job *j)
{
    fnjob *f = (fnjob *)j;
    if (j->ev)
        j->ev->r.p = f->result;
    bl__job_finish(j, f->err);
    free(f);
}

static bl_ev_ptr failed_ptr = {{.kind = BL_K_FAILED, .err = ENOMEM}, NULL};

bl_ev_ptr *bl_work(bl_work_fn *fn, void *arg)
{
    fnjob *f = calloc(1, sizeof *f);
    if (!f)
        return &failed_ptr;
    f->j = (bl__job){.run = fn_run, .done = fn_done, .what = "bl_work"};
    f->fn = fn;
    f->arg = arg;
    bl__ev *ev = bl__work_new(&f->j, BL_R_PTR);
    if (!ev)
        return &failed_ptr;
    if (!fn)
        ev->aw.err = EINVAL;
    return (bl_ev_ptr *)ev;
}

/* ------------------------------------------------------------------ */
/* Regular files                                                      */
/* ------------------------------------------------------------------ */

typedef struct filejob {
    bl__job j;
    int fd;
    bool write;
    void *user;         /* the caller's buffer, read into once done */
    size_t n;
    ssize_t result;
    int err;
    char data[];        /* n bytes: what to write, or what was read */
} filejob;

static void file_run(bl__job *j)
{
    filejob *f = (filejob *)j;
    do
        f->result = f->write ? write(f->fd, f->data, f->n) : read(f->fd, f->data, f->n);
    while (f->result < 0 && errno == EINTR);
    f->err = f->result < 0 ? errno : 0;
}

static void file_done(bl__job *j)
{
    filejob *f = (filejob *)j;
    if (j->ev) {
        if (!f->write && f->result > 0)
            memcpy(f->user, f->data, (size_t)f->result);
        j->ev->r.n = f->result;
    }
    bl__job_finish(j, f->err);
    free(f);
}

bool bl__is_file(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 && (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode));
}

bl_ev_ssize *bl__file_io(int fd, void *buf, size_t n, bool write)
{
    static bl_ev_ssize failed_ssize = {{.kind = BL_K_FAILED, .err = ENOMEM}, -1};
    if (n > FILE_CHUNK)
        n = FILE_CHUNK;
    filejob *f = malloc(sizeof *f + n);
    if (!f)
        return &failed_ssize;
    *f = (filejob){.j = {.run = file_run, .done = file_done,
                         .what = write ? "write file" : "read file"},
                   .fd = fd, .write = write, .user = buf, .n = n};
    if (write)
        memcpy(f->data, buf, n);
    bl__ev *ev = bl__work_new(&f->j, BL_R_SSIZE);
    return ev ? (bl_ev_ssize *)ev : &failed_ssize;
}
