/*
 * io.c - the fd table, the events on fds, and the readiness backends'
 * operations (backend.h: epoll, kqueue and poll share them; a completion
 * backend brings its own, and every event goes through L.be).
 *
 * Each fd has a readiness belief (BL_IN, BL_OUT).  An operation tries its
 * syscall only when the fd is believed ready; EAGAIN (or a short read or
 * write on a stream socket, which means the kernel buffer was just
 * drained or filled) clears the belief, and the event then waits for the
 * backend to report the fd again; the runtime then performs the I/O itself
 * (the op's try function) and wakes the coroutine with the result.
 *
 * Our own fds (bl_conn, bl_listener) are registered once, edge-triggered,
 * when first waited on, and stay registered until bl_close(): an echo
 * round trip costs epoll_wait + recv + send.  Other fds (bl_read/bl_write:
 * pipes, terminals, files of the program) are registered only while an
 * event waits on them, because the program may close them behind our back.
 *
 * One event at a time waits on an fd in each direction: the one whose turn
 * it is.  Others that come meanwhile (a second writer on a connection, a
 * second reader of a pipe) queue behind it, in order, and are not even
 * tried before their turn, so two bl_sendall()s never interleave however
 * full the socket is; when the waiter is done (or cancelled), the next one
 * takes its place and is tried at once if the fd is believed ready.  When
 * the runtime closes an fd of ours (bl_close, bl_listener_close), whoever
 * waits on it or is queued fails with EBADF.
 *
 * bl_read/bl_write leave the fd's flags alone.  On an fd without
 * O_NONBLOCK they first wait until it is readable (writable), then make
 * one read() (one write() of at most PIPE_BUF bytes), which does not block
 * on pipes, FIFOs, sockets and terminals.  Regular files, which cannot be
 * waited on, are read and written by the worker pool (work.c).
 */
#include "internal.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#define L bl__L

/* ------------------------------------------------------------------ */
/* The fd table                                                       */
/* ------------------------------------------------------------------ */

bl__fd *bl__fd_grow(int fd)
{
    if (fd < 0)
        return NULL;
    if (fd >= L.nfds) {
        int n = L.nfds ? L.nfds : 64;
        while (n <= fd)
            n *= 2;
        bl__fd *t = realloc(L.fds, (size_t)n * sizeof *t);
        if (!t)
            return NULL;
        memset(t + L.nfds, 0, (size_t)(n - L.nfds) * sizeof *t);
        L.fds = t;
        L.nfds = n;
    }
    return &L.fds[fd];
}

void bl__fd_adopt(int fd)
{
    bl__fd *f = bl__fd_get(fd);
    if (f)
        *f = (bl__fd){.ready = BL_IN | BL_OUT};
}

static void unregister(int fd, bl__fd *f)
{
    if (f->reg != BL_REG_NONE) {
        L.be->del(L.bes, fd);
        L.nreg--;
    }
    f->reg = BL_REG_NONE;
    f->want = 0;
}

/* ------------------------------------------------------------------ */
/* Events queued behind the waiter of an fd                           */
/* ------------------------------------------------------------------ */

/* Per fd, allocated when a second event waits in a direction, freed when
 * both queues are empty: the events in order of arrival. */
struct bl__fdq {
    bl__io **v[2];       /* [0]: readers, [1]: writers */
    size_t n[2], cap[2];
};

static unsigned qdir(const bl__io *io)
{
    return io->dir == BL_IN ? 0 : 1;
}

/* Appends io behind the fd's waiter: 0, or -1 (out of memory). */
int bl__fd_enqueue(bl__fd *f, bl__io *io)
{
    if (!f->q && !(f->q = calloc(1, sizeof *f->q)))
        return -1;
    struct bl__fdq *q = f->q;
    unsigned d = qdir(io);
    if (q->n[d] == q->cap[d]) {
        size_t cap = q->cap[d] ? 2 * q->cap[d] : 4;
        bl__io **v = realloc(q->v[d], cap * sizeof *v);
        if (!v)
            return -1;
        q->v[d] = v;
        q->cap[d] = cap;
    }
    q->v[d][q->n[d]++] = io;
    return 0;
}

static void q_release(bl__fd *f)
{
    struct bl__fdq *q = f->q;
    if (q->n[0] || q->n[1])
        return;
    free(q->v[0]);
    free(q->v[1]);
    free(q);
    f->q = NULL;
}

/* Takes io out of the fd's queue: true if it was there. */
bool bl__fd_unqueue(bl__fd *f, const bl__io *io)
{
    struct bl__fdq *q = f->q;
    if (!q)
        return false;
    unsigned d = qdir(io);
    for (size_t i = 0; i < q->n[d]; i++) {
        if (q->v[d][i] != io)
            continue;
        memmove(&q->v[d][i], &q->v[d][i + 1], (q->n[d] - i - 1) * sizeof *q->v[d]);
        q->n[d]--;
        q_release(f);
        return true;
    }
    return false;
}

/* The first event queued in direction d (BL_IN, BL_OUT), taken out. */
bl__io *bl__fd_dequeue(bl__fd *f, unsigned d)
{
    struct bl__fdq *q = f->q;
    if (!q || !q->n[d == BL_IN ? 0 : 1])
        return NULL;
    bl__io *io = q->v[d == BL_IN ? 0 : 1][0];
    bl__fd_unqueue(f, io);
    return io;
}

static void set_failed(bl__io *io, int err);

/* The fd closes under those who wait on it: the waiter of each direction,
 * then those queued behind it, in order, fail at once with EBADF (they
 * would wait for ever on an fd that no longer is).  The queue is taken
 * first, so that nobody queued has a turn on the fd that goes; a waiter
 * leaves through its own kind's cancel, which knows its slots (a
 * bl_wait_fd for both directions holds two).  Not a connect: its socket
 * is its own, and it closes it itself. */
void bl__fd_fail_waiters(int fd)
{
    struct bl__fdq *q = L.fds[fd].q;
    L.fds[fd].q = NULL;
    for (unsigned d = BL_IN; d <= BL_OUT; d <<= 1) {
        bl__io *io = d == BL_IN ? L.fds[fd].rd : L.fds[fd].wr;
        if (!io || io->op == BL_OP_CONNECT)
            continue;
        bl__cancel(&io->ev.aw);
        set_failed(io, EBADF);
        bl__wake_from(io->ev.co, &io->ev.aw);
    }
    if (!q)
        return;
    for (unsigned d = 0; d < 2; d++) {
        for (size_t i = 0; i < q->n[d]; i++) {
            bl__io *io = q->v[d][i];
            set_failed(io, EBADF);
            bl__complete(&io->ev);
        }
        free(q->v[d]);
    }
    free(q);
}

/* Before the runtime closes fd (bl_close, bl_listener_close, its own
 * pipes): whoever waits on it fails, and the backend forgets it. */
void bl__fd_forget(int fd)
{
    if (fd < 0 || fd >= L.nfds)
        return;
    if (L.be)
        L.be->forget(fd);
    L.fds[fd] = (bl__fd){0};
}

/* The readiness backends' forget: waiters fail, the fd is unregistered. */
void bl__ready_forget(int fd)
{
    if (L.fds[fd].rd || L.fds[fd].wr || L.fds[fd].q)
        bl__fd_fail_waiters(fd);
    unregister(fd, &L.fds[fd]);
}

/* Tells the backend who waits on fd now.  An edge backend hears of an fd
 * once; a level backend whenever its interest changes.  0; 1 when the fd
 * cannot be polled (a regular file: always ready); -1 with errno. */
static int watch_slow(int fd, bl__fd *f, bool cached);

/* An fd of ours that an edge backend knows already needs nothing: that is
 * every operation of an established connection, checked inline. */
static inline int watch(int fd, bl__fd *f, bool cached)
{
    if (f->reg == BL_REG_KEPT)
        return 0;
    return watch_slow(fd, f, cached);
}

static int watch_slow(int fd, bl__fd *f, bool cached)
{
    unsigned want = (f->rd ? BL_IN : 0) | (f->wr ? BL_OUT : 0);
    if (f->reg == BL_REG_NONE) {
        if (!want)
            return 0;
        if (L.be->add(L.bes, fd, L.be->edge ? BL_IN | BL_OUT : want) < 0)
            return errno == EPERM ? 1 : -1;
        f->reg = !cached ? BL_REG_TRANSIENT : L.be->edge ? BL_REG_KEPT : BL_REG_CACHED;
        f->want = (uint8_t)want;
        L.nreg++;
        return 0;
    }
    if (!want && f->reg == BL_REG_TRANSIENT) {
        unregister(fd, f);
        return 0;
    }
    if (!L.be->edge && want != f->want) {
        f->want = (uint8_t)want;
        return L.be->add(L.bes, fd, want);
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Events on fds                                                      */
/* ------------------------------------------------------------------ */

/* The result of a failed op, shaped like the op's result type. */
static void set_failed(bl__io *io, int err)
{
    if (io->op == BL_OP_ACCEPT || io->op == BL_OP_CONNECT)
        io->ev.r.p = NULL;
    else
        io->ev.r.n = -1;
    io->ev.aw.err = err;
}

unsigned bl__rtype(const bl_aw *aw)
{
    if (aw->kind == BL_K_WORK)
        return bl__work_rtype(aw);
    if (aw->kind != BL_K_IO)
        return bl__kinds[aw->kind]->rtype;
    unsigned op = ((const bl__io *)aw)->op;
    return op == BL_OP_ACCEPT || op == BL_OP_CONNECT ? BL_R_PTR : BL_R_SSIZE;
}

/* A coroutine ended (killed, timed out, the end of bl_run) at a yield
 * whose io had gone through but that it never resumed to read: the
 * connection an accept or a connect made for it is closed, as nobody
 * else can (a result is read only by resuming, and a coroutine is ended
 * only while it waits: so a completed event of an ended one is unread). */
void bl__io_drop_result(bl_aw *aw)
{
    if (!aw || aw->kind != BL_K_IO || (aw->flags & BL_F_PENDING))
        return;
    bl__io *io = (bl__io *)aw;
    if ((io->op == BL_OP_ACCEPT || io->op == BL_OP_CONNECT) && io->ev.r.p) {
        bl_close(io->ev.r.p);
        io->ev.r.p = NULL;
    }
}

int bl__io_error(bl__io *io, int err)
{
    set_failed(io, err);
    return 1;
}

/* Clears the belief that io's fd is ready in io's direction: 0. */
int bl__io_again(bl__io *io)
{
    L.fds[io->fd].ready &= (uint8_t)~io->dir;
    return 0;
}

int bl__io_errno(bl__io *io)
{
    if (errno == EINTR)
        return -1;
    if (errno == EAGAIN || errno == EWOULDBLOCK)
        return bl__io_again(io);
    return bl__io_error(io, errno);
}

void bl__io_fail(bl__io *io, int err)
{
    set_failed(io, err);
    io->fd = -1; /* completes at once when awaited */
}

/* A blocking fd is read (written) once per report, and an edge backend
 * reports it once: one that stays registered for the next in line is
 * registered anew, which reports it again if it is still ready. */
static void rearm(int fd, bl__fd *f)
{
    if (L.be->edge && f->reg != BL_REG_NONE) {
        L.be->del(L.bes, fd);
        L.be->add(L.bes, fd, BL_IN | BL_OUT);
    }
}

/* The waiter of io's direction is gone: the next event queued takes its
 * place, and is tried at once when the fd is believed ready; one that
 * completes so makes way for the next, and so on.  A bl_wait_fd for both
 * directions leaves both slots, and readers and writers may queue behind
 * it: each direction has its next in line. */
static __attribute__((noinline)) void next_in_line(bl__io *io)
{
    int fd = io->fd;
    for (unsigned d = BL_IN; d <= BL_OUT; d <<= 1) {
        if (!(io->dir & d))
            continue;
        bl__fd *f = &L.fds[fd];
        bl__io *next;
        while ((next = bl__fd_dequeue(f, d)) != NULL) {
            if ((f->ready & next->dir) || bl__io_buffered(next)) {
                int done = bl__try[next->op](next);
                f = &L.fds[fd];
                if (done) {
                    bl__complete(&next->ev);
                    continue;
                }
            }
            *bl__waiter(f, next) = next;
            L.nwait++;
            if (next->blocking)
                rearm(fd, f);
            break;
        }
    }
    watch(fd, &L.fds[fd], io->cached);
}

/* io no longer waits on its fd.  (Inlined: on the path of every report
 * of readiness, where the queue is almost always empty.) */
static inline __attribute__((always_inline)) void unwait(bl__io *io)
{
    bl__fd *f = &L.fds[io->fd];
    *bl__waiter(f, io) = NULL;
    L.nwait--;
    if (__builtin_expect(f->q != NULL, 0))
        next_in_line(io);
    else
        watch(io->fd, f, io->cached);
}

/* An io with no fd completes at once: failed when it was made, or an
 * operation on a closed connection (EBADF). */
static __attribute__((noinline, cold)) int io_start_nofd(bl__io *io)
{
    if (io->fd == BL_FD_FREED)
        bl__misuse(io->ev.co, "a connection used after bl_close()");
    if (!io->ev.aw.err)
        set_failed(io, EBADF);
    return 1;
}

/* A start whose try is over, or was not to be: io takes its turn on the
 * fd (waits for the poller to report it), or queues behind the event
 * whose turn it is. */
int bl__start_wait(bl__io *io)
{
    bl__fd *f = &L.fds[io->fd];
    if (*bl__waiter(f, io)) { /* another's turn: wait for it, in order */
        if (bl__fd_enqueue(f, io) == 0)
            return 0;
        set_failed(io, ENOMEM);
        return 1;
    }
    *bl__waiter(f, io) = io;
    L.nwait++;
    L.pass_end = true;
    int w = watch(io->fd, f, io->cached);
    if (w == 0)
        return 0;
    f = &L.fds[io->fd];
    *bl__waiter(f, io) = NULL;
    L.nwait--;
    if (w < 0)
        set_failed(io, errno);
    else if (!bl__try[io->op](io)) /* cannot be polled: always ready */
        set_failed(io, EAGAIN);
    return 1;
}

/* An fd the table does not hold yet (it grows), or none. */
int bl__start_far(bl__io *io)
{
    if (io->fd < 0)
        return io_start_nofd(io);
    if (!bl__fd_get(io->fd)) {
        set_failed(io, ENOMEM);
        return 1;
    }
    return bl__start_known(io);
}

/* The readiness backends' start: the syscall at once when the fd is
 * believed ready, else wait for the poller to report it. */
int bl__ready_start(bl__io *io)
{
    if (__builtin_expect((unsigned)io->fd >= (unsigned)L.nfds, 0))
        return bl__start_far(io);
    return bl__start_known(io);
}

void bl__io_abandon(bl__io *io)
{
    if (io->op == BL_OP_CONNECT && io->fd >= 0) {
        bl__fd_forget(io->fd);
        close(io->fd);
    }
}

/* The readiness backends' cancel, for a wait too. */
void bl__ready_cancel(bl__io *io)
{
    if (io->op == BL_OP_WAIT) {
        if (io->dir == (BL_IN | BL_OUT))
            L.fds[io->fd].rd = NULL;
        unwait(io);
        return;
    }
    if (bl__fd_unqueue(&L.fds[io->fd], io))
        return; /* it never had its turn */
    unwait(io);
    bl__io_abandon(io);
}

static void io_describe(bl__ev *ev, FILE *out)
{
    static const char *const names[BL_OP_COUNT] = {
        "read", "write", "recv", "send", "sendall",
        "readline", "accept", "connect", "signal", "sendfile", "wait",
        "work", "recvfrom", "sendto",
    };
    bl__io *io = (bl__io *)ev;
    fprintf(out, " %s fd %d", names[io->op], io->fd);
}

/* Every operation on an fd goes through the backend. */
static int io_start(bl__ev *ev)
{
    return L.be->start((bl__io *)ev);
}

static void io_cancel(bl__ev *ev)
{
    L.be->cancel((bl__io *)ev);
}

const bl__kind bl__kind_io = {
    "io", sizeof(bl__io), io_start, io_cancel, io_describe, BL_R_SSIZE,
};

/* The waiter io of a reported fd, whose syscall went through: it
 * completes and the next in line takes its turn. */
static __attribute__((noinline)) void served(bl__io *io)
{
    bl__complete(&io->ev); /* (wakes before who is next) */
    unwait(io);
}

/* The waiter io of a reported fd: its syscall, and if that went through,
 * served().  The common case -- no deadline, nobody queued behind, an fd
 * that an edge backend keeps, room in the ready queue -- is that with
 * every branch to a call taken out, so that the report makes no call but
 * the try's and keeps little across it. */
static inline void serve(bl__io *io)
{
    if (!bl__try[io->op](io))
        return;
    bl__fd *f = &L.fds[io->fd];
    if (__builtin_expect((io->ev.aw.flags & BL_F_DEADLINE) || f->q ||
                         f->reg != BL_REG_KEPT ||
                         bl__ready.tail - bl__ready.head >= bl__ready.mask, 0)) {
        served(io);
        return;
    }
    io->ev.aw.flags &= (uint8_t)~BL_F_PENDING; /* bl__complete() */
    bl__wake_from(io->ev.co, &io->ev.aw);
    *bl__waiter(f, io) = NULL;                      /* unwait() */
    L.nwait--;
}

/* A report for fd's writer (and its reader, first): see bl__fd_ready(). */
static __attribute__((noinline)) void serve_both(int fd, unsigned mask)
{
    if ((mask & BL_IN) && L.fds[fd].rd)
        serve(L.fds[fd].rd);
    if (L.fds[fd].wr)
        serve(L.fds[fd].wr);
}

/* The backend reports fd: believe it, and serve who waits, the reader
 * first.  (The table may move under a try function: fds[fd] again.)
 * Without a writer to serve, the reader's turn is all (inline, the
 * common case): serving a reader never makes a writer wait on its fd,
 * since a waiter comes only from a start (a coroutine's, none of which
 * runs here) or from its own direction's queue. */
void bl__fd_ready(int fd, unsigned mask)
{
    if (__builtin_expect((unsigned)fd >= (unsigned)L.nfds, 0))
        return;
    bl__fd *f = &L.fds[fd];
    f->ready |= (uint8_t)mask;
    if (__builtin_expect((mask & BL_OUT) && f->wr, 0))
        serve_both(fd, mask);
    else if ((mask & BL_IN) && f->rd)
        serve(f->rd);
}

bl__io *bl__reader_start(int fd, unsigned op)
{
    bl__io *io = bl__io_new(fd, BL_IN, op);
    if (!io) {
        errno = ENOMEM;
        return NULL;
    }
    io->cached = true;
    if (!L.be->start(io)) {
        io->ev.aw.flags |= BL_F_PENDING;
        return io;
    }
    errno = io->ev.aw.err ? io->ev.aw.err : EIO;
    bl__ev_free(&io->ev.aw);
    return NULL;
}

void bl__reader_stop(bl__io *io)
{
    bl__cancel(&io->ev.aw);
    bl__ev_free(&io->ev.aw);
}

int bl__io_init(void)
{
    return 0;
}

void bl__io_free(void)
{
    free(L.fds);
    L.fds = NULL;
    L.nfds = 0;
}

/* ------------------------------------------------------------------ */
/* bl_read, bl_write                                                  */
/* ------------------------------------------------------------------ */


static int try_rw(bl__io *io)
{
    for (;;) {
        ssize_t n = io->op == BL_OP_READ ? read(io->fd, io->buf, io->len)
                                         : write(io->fd, io->buf, io->len);
        if (n >= 0) {
            io->ev.r.n = n;
            if (io->blocking) /* the next waits for the next report */
                L.fds[io->fd].ready &= (uint8_t)~io->dir;
            return 1;
        }
        int r = bl__io_errno(io);
        if (r >= 0)
            return r;
    }
}

static bl_ev_ssize failed_ssize = {{.kind = BL_K_FAILED, .err = ENOMEM}, -1};

static bl_ev_ssize *rw_new(int fd, void *buf, size_t n, unsigned dir, unsigned op)
{
    bl__fd *known = fd >= 0 && fd < L.nfds ? &L.fds[fd] : NULL;
    if ((!known || known->reg == BL_REG_NONE) && bl__is_file(fd))
        return bl__file_io(fd, buf, n, dir == BL_OUT); /* never waited on */
    bl__io *io = bl__io_new(fd, dir, op);
    if (!io)
        return &failed_ssize;
    io->buf = buf;
    io->len = n;
    bl__fd *f = bl__fd_get(fd);
    int flags = fcntl(fd, F_GETFL);
    if (!f || flags < 0) {
        bl__io_fail(io, f ? errno : ENOMEM);
    } else {
        /* Not ours: a blocking fd is tried only once reported ready. */
        io->blocking = !(flags & O_NONBLOCK);
        if (f->reg == BL_REG_NONE)
            f->ready = io->blocking ? 0 : BL_IN | BL_OUT;
        if (io->blocking && dir == BL_OUT && n > PIPE_BUF)
            io->len = PIPE_BUF;
    }
    return (bl_ev_ssize *)io;
}

bl_ev_ssize *bl_read(int fd, void *buf, size_t n)
{
    return rw_new(fd, buf, n, BL_IN, BL_OP_READ);
}

bl_ev_ssize *bl_write(int fd, const void *buf, size_t n)
{
    return rw_new(fd, (void *)buf, n, BL_OUT, BL_OP_WRITE);
}

/* ------------------------------------------------------------------ */
/* bl_wait_fd                                                         */
/* ------------------------------------------------------------------ */

/*
 * A wait for readiness makes no syscall of its own: the fd is somebody
 * else's (a library's), who did its I/O behind our back, so what we
 * believed of it says nothing.  A wait therefore always asks the poller:
 * an fd not registered is registered for the wait alone (transient), and
 * its belief starts empty; an edge backend reports the present state when
 * an fd is added, so one registered already (for another waiter, or one
 * of ours, a bl_conn's, which a library such as a TLS one may read behind
 * our back) is added again.
 *
 * A wait for both directions takes both waiter slots of the fd; the
 * generic unwait() clears the slot of its direction (the writer's, for
 * BL_IN | BL_OUT), try_wait() and wait_cancel() the reader's too.
 */

/* The readiness the poller reported, of those waited for: done. */
_Static_assert(BL_READABLE == BL_IN && BL_WRITABLE == BL_OUT, "one mask");

static int try_wait(bl__io *io)
{
    bl__fd *f = &L.fds[io->fd];
    unsigned m = f->ready & io->dir & (BL_IN | BL_OUT);
    if (!m)
        return 0;
    if (io->dir == (BL_IN | BL_OUT))
        f->rd = NULL;
    io->ev.r.i = (int)m;
    return 1;
}

int bl__ready_wait(bl__io *io)
{
    if (io->fd < 0)
        return 1;
    bl__fd *f = bl__fd_get(io->fd);
    if (!f) {
        set_failed(io, ENOMEM);
        return 1;
    }
    /* Registered already (ours, or for another waiter), an edge backend
     * has spent its edges: registered again, it reports the present
     * state.  One of ours stays registered after. */
    bool cached = f->reg == BL_REG_CACHED || f->reg == BL_REG_KEPT;
    if (f->reg != BL_REG_NONE && L.be->edge)
        unregister(io->fd, f);
    f->ready = 0;
    io->cached = cached;
    if (((io->dir & BL_IN) && f->rd) || ((io->dir & BL_OUT) && f->wr)) {
        set_failed(io, EBUSY);
        return 1;
    }
    if (io->dir & BL_IN)
        f->rd = io;
    if (io->dir & BL_OUT)
        f->wr = io;
    L.nwait++;
    L.pass_end = true;
    int w = watch(io->fd, f, cached);
    if (w == 0)
        return 0;
    f = &L.fds[io->fd];
    if (io->dir & BL_IN)
        f->rd = NULL;
    if (io->dir & BL_OUT)
        f->wr = NULL;
    L.nwait--;
    if (w < 0)
        set_failed(io, errno);
    else
        io->ev.r.i = io->dir; /* cannot be polled (a regular file): ready */
    return 1;
}

static int wait_start(bl__ev *ev)
{
    return L.be->wait((bl__io *)ev);
}

const bl__kind bl__kind_waitfd = {
    "fd", sizeof(bl__io), wait_start, io_cancel, io_describe, BL_R_INT,
};

static bl_ev_int failed_wait = {{.kind = BL_K_FAILED, .err = ENOMEM}, -1};

bl_ev_int *bl_wait_fd(int fd, int events)
{
    bl__io *io = bl__io_new(fd, (unsigned)events & (BL_IN | BL_OUT), BL_OP_WAIT);
    if (!io)
        return &failed_wait;
    io->ev.aw.kind = BL_K_WAITFD; /* an io, started and cancelled its own way */
    if (fd < 0 || fcntl(fd, F_GETFD) < 0)
        bl__io_fail(io, EBADF);
    else if (!io->dir || (events & ~(BL_READABLE | BL_WRITABLE)))
        bl__io_fail(io, EINVAL);
    return (bl_ev_int *)io;
}

bl__tryfn *const bl__try[BL_OP_COUNT] = {
    [BL_OP_READ] = try_rw,
    [BL_OP_WRITE] = try_rw,
    [BL_OP_RECV] = bl__try_recv,
    [BL_OP_SEND] = bl__try_send,
    [BL_OP_SENDALL] = bl__try_send,
    [BL_OP_SENDFILE] = bl__try_sendfile,
    [BL_OP_READLINE] = bl__try_readline,
    [BL_OP_ACCEPT] = bl__try_accept,
    [BL_OP_CONNECT] = bl__try_connect,
    [BL_OP_SIGNAL] = bl__try_signal,
    [BL_OP_WAIT] = try_wait,
    [BL_OP_WORK] = bl__try_work,
    [BL_OP_RECVFROM] = bl__try_dgram,
    [BL_OP_SENDTO] = bl__try_dgram,
};
