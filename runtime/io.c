/*
 * io.c - the fd table and the events that wait on fds.
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
 * bl_read/bl_write leave the fd's flags alone.  On an fd without
 * O_NONBLOCK they first wait until it is readable (writable), then make
 * one read() (one write() of at most PIPE_BUF bytes), which does not block
 * on pipes, FIFOs, sockets and terminals; regular files are always ready.
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

bl__fd *bl__fd_get(int fd)
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
    if (f->reg == BL_REG_CACHED || f->reg == BL_REG_TRANSIENT) {
        L.be->del(L.bes, fd);
        L.nreg--;
    }
    f->reg = BL_REG_NONE;
    f->want = 0;
}

void bl__fd_forget(int fd)
{
    if (fd < 0 || fd >= L.nfds)
        return;
    bl__fd *f = &L.fds[fd];
    if (L.be)
        unregister(fd, f);
    *f = (bl__fd){0};
}

/* Tells the backend who waits on fd now.  An edge backend hears of an fd
 * once; a level backend whenever its interest changes.  0; 1 when the fd
 * cannot be polled (a regular file: always ready); -1 with errno. */
static int watch(int fd, bl__fd *f, bool cached)
{
    unsigned want = (f->rd ? BL_IN : 0) | (f->wr ? BL_OUT : 0);
    if (f->reg == BL_REG_NONE) {
        if (!want)
            return 0;
        if (L.be->add(L.bes, fd, L.be->edge ? BL_IN | BL_OUT : want) < 0)
            return errno == EPERM ? 1 : -1;
        f->reg = cached ? BL_REG_CACHED : BL_REG_TRANSIENT;
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

bl__io *bl__io_new(int fd, unsigned dir, unsigned op)
{
    bl__io *io = bl__ev_new(BL_K_IO);
    if (!io)
        return NULL;
    io->fd = fd;
    io->dir = (uint8_t)dir;
    io->op = (uint8_t)op;
    io->cached = false;
    io->buf = NULL;
    io->len = io->done = 0;
    io->obj = NULL;
    io->delim = NULL;
    return io;
}

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
    if (aw->kind != BL_K_IO)
        return bl__kinds[aw->kind]->rtype;
    unsigned op = ((const bl__io *)aw)->op;
    return op == BL_OP_ACCEPT || op == BL_OP_CONNECT ? BL_R_PTR : BL_R_SSIZE;
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

static struct bl__io **waiter(bl__fd *f, const bl__io *io)
{
    return io->dir == BL_IN ? &f->rd : &f->wr;
}

static void unwait(bl__io *io)
{
    bl__fd *f = &L.fds[io->fd];
    *waiter(f, io) = NULL;
    L.nwait--;
    watch(io->fd, f, io->cached);
}

/* The program closes fd under those who wait on it: they fail at once
 * with EBADF (they would wait for ever on an fd that no longer is). */
void bl__fd_close_waiters(int fd)
{
    if (fd < 0 || fd >= L.nfds)
        return;
    for (bl__fd *f = &L.fds[fd]; f->rd || f->wr; f = &L.fds[fd]) {
        bl__io *io = f->rd ? f->rd : f->wr;
        bl__cancel(&io->ev.aw); /* out of the fd's table */
        set_failed(io, EBADF);
        bl__wake(io->ev.co);
    }
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

static int io_start(bl__ev *ev)
{
    bl__io *io = (bl__io *)ev;
    if (__builtin_expect(io->fd < 0, 0))
        return io_start_nofd(io);
    bl__fd *f = bl__fd_get(io->fd);
    if (!f) {
        set_failed(io, ENOMEM);
        return 1;
    }
    if ((f->ready & io->dir) || bl__io_buffered(io)) {
        if (bl__try[io->op](io))
            return 1;
        f = &L.fds[io->fd]; /* the table may have moved */
    }
    if (*waiter(f, io)) {
        set_failed(io, EBUSY); /* one reader and one writer per fd */
        return 1;
    }
    *waiter(f, io) = io;
    L.nwait++;
    L.pass_end = true;
    int w = watch(io->fd, f, io->cached);
    if (w == 0)
        return 0;
    f = &L.fds[io->fd];
    *waiter(f, io) = NULL;
    L.nwait--;
    if (w < 0)
        set_failed(io, errno);
    else if (!bl__try[io->op](io)) /* cannot be polled: always ready */
        set_failed(io, EAGAIN);
    return 1;
}

static void io_cancel(bl__ev *ev)
{
    bl__io *io = (bl__io *)ev;
    unwait(io);
    if (io->op == BL_OP_CONNECT) { /* the socket is not anybody's yet */
        bl__fd_forget(io->fd);
        close(io->fd);
    }
}

static void io_describe(bl__ev *ev, FILE *out)
{
    static const char *const names[BL_OP_COUNT] = {
        "read", "write", "recv", "send", "sendall",
        "readline", "accept", "connect", "signal", "sendfile", "wait",
    };
    bl__io *io = (bl__io *)ev;
    fprintf(out, " %s fd %d", names[io->op], io->fd);
}

const bl__kind bl__kind_io = {
    "io", sizeof(bl__io), io_start, io_cancel, io_describe, BL_R_SSIZE,
};

/* The backend reports fd: believe it, and serve who waits. */
void bl__fd_ready(int fd, unsigned mask)
{
    if (fd < 0 || fd >= L.nfds)
        return;
    L.fds[fd].ready |= (uint8_t)mask;
    for (unsigned dir = BL_IN; dir <= BL_OUT; dir <<= 1) {
        bl__fd *f = &L.fds[fd];
        bl__io *io = dir == BL_IN ? f->rd : f->wr;
        if (!(mask & dir) || !io)
            continue;
        if (bl__try[io->op](io)) {
            unwait(io);
            bl__complete(&io->ev);
        }
    }
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
    bl__io *io = bl__io_new(fd, dir, op);
    if (!io)
        return &failed_ssize;
    io->buf = buf;
    io->len = n;
    bl__fd *f = bl__fd_get(fd);
    int flags = fcntl(fd, F_GETFL);
    if (!f || flags < 0) {
        bl__io_fail(io, f ? errno : ENOMEM);
    } else if (f->reg == BL_REG_NONE) {
        /* Not ours: a blocking fd is tried only once reported ready. */
        bool nb = flags & O_NONBLOCK;
        f->ready = nb ? BL_IN | BL_OUT : 0;
        if (!nb && dir == BL_OUT && n > PIPE_BUF)
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

static int wait_start(bl__ev *ev)
{
    bl__io *io = (bl__io *)ev;
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
    bool cached = f->reg == BL_REG_CACHED;
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

static void wait_cancel(bl__ev *ev)
{
    bl__io *io = (bl__io *)ev;
    if (io->dir == (BL_IN | BL_OUT))
        L.fds[io->fd].rd = NULL;
    unwait(io);
}

const bl__kind bl__kind_waitfd = {
    "fd", sizeof(bl__io), wait_start, wait_cancel, io_describe, BL_R_INT,
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
    [BL_OP_RECV] = bl__try_net,
    [BL_OP_SEND] = bl__try_net,
    [BL_OP_SENDALL] = bl__try_net,
    [BL_OP_SENDFILE] = bl__try_sendfile,
    [BL_OP_READLINE] = bl__try_net,
    [BL_OP_ACCEPT] = bl__try_net,
    [BL_OP_CONNECT] = bl__try_net,
    [BL_OP_SIGNAL] = bl__try_signal,
    [BL_OP_WAIT] = try_wait,
};
