/*
 * uring.c - the Linux completion backend: io_uring, through liburing.
 *
 * An operation is submitted from the coroutine's own buffer (it lives in
 * the heap frame, at a stable address) and completes when its completion
 * comes back; nothing asks whether an fd is ready first.  recv, send,
 * sendall and accept are the kernel's own operations (IORING_OP_RECV,
 * SEND, ACCEPT).  A listener's accepts are served by one multishot accept,
 * armed by its first bl_accept, whose connections wait in the listener's
 * queue until accepted.  A connection's reads are served by one multishot recv,
 * armed by its first bl_recv or bl_readline, which draws buffers from a
 * provided buffer ring and brings every byte into the connection's
 * read-ahead buffer (net.c), where recv and readline take them (a recv
 * that waits on an empty buffer takes its bytes from the kernel's
 * buffer itself, and only the rest goes to the read-ahead buffer): no
 * submission per read, and no buffer of the frame's in the kernel's hands
 * (a killed reader just leaves).  It pauses when 1 MB waits unread, and
 * ends with the stream, after which one-shot recvs report the end.  A send
 * is prepared on the ring and made with the pass's one io_uring_enter,
 * with every other connection's (no syscall of its own), unless its
 * connection's previous send completed in this same pass: a coroutine
 * that sends one thing after another, with no wait between, has each
 * next send made at once when the socket is believed to have room, as on
 * epoll.  Through the ring each of its sends would wait for the next
 * pass, and it would fall behind a reader that takes lines from a buffer
 * (examples/chat's writers, dropped as too slow: check-chat-uring).  The
 * rest (connect, readline's refill, sendfile, read and
 * write on the program's fds, datagrams, bl_wait_fd, the runtime's own
 * pipes) wait with IORING_OP_POLL_ADD and then make the readiness
 * backends' syscall (io.c's try functions), so they behave exactly the
 * same on every backend.
 *
 * Submissions are prepared as the coroutines yield and made in one
 * io_uring_enter per pass of the loop, the same call that waits for
 * completions (the loop's timers stay in the heap: the wait's timeout is
 * the next one's).  As on the readiness backends, one operation at a time
 * is in flight per fd and direction; the others queue behind it (io.c).
 *
 * A completion names its operation by a slot number, not by its event:
 * an event whose coroutine is killed or timed out is freed at once, and
 * its completion may come later.  Cancelling empties the slot, submits
 * what is prepared, and cancels the operation synchronously
 * (IORING_REGISTER_SYNC_CANCEL): once that returns, the kernel writes no
 * more into the frame's buffer, and the frame may go.  The empty slot's
 * completion is dropped when it comes (an accepted socket in it closed).
 *
 * The kernel must have what this needs (Linux 6.0: the synchronous cancel,
 * the wait's timeout argument, single issuer); without it init fails and
 * the loop runs on epoll instead (sched.c).
 */
#if defined(__linux__) && defined(BL_HAVE_URING)
#include "internal.h"

#include <liburing.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#ifdef BL_FAULT
#include <dlfcn.h>
#endif

#define L bl__L

/* Memcheck cannot see the kernel write a buffer that a submission named:
 * told, it does not take received bytes for uninitialised ones. */
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define BL_DEFINED(p, n) (void)VALGRIND_MAKE_MEM_DEFINED(p, n)
#define BL_ON_VALGRIND RUNNING_ON_VALGRIND
#else
#define BL_DEFINED(p, n) (void)0
#define BL_ON_VALGRIND 0
#endif

enum { SQ_ENTRIES = 256, CQ_ENTRIES = 4096 };

/* A slot's content besides an event: free (the next free slot, tagged),
 * or the completion of a cancelled operation, to drop (an accept's: its
 * socket to close). */
#define SLOT_FREE(next) ((bl__io *)(((uintptr_t)(next) << 3) | 1))
#define SLOT_NEXT(p) ((uint32_t)((uintptr_t)(p) >> 3))
#define SLOT_DROP ((bl__io *)NULL)
#define SLOT_DROP_FD ((bl__io *)2)
#define SLOT_DROP_BUF ((bl__io *)6)   /* a cancelled multishot recv's */
#define SLOT_MS(fd) ((bl__io *)(((uintptr_t)(fd) << 3) | 4)) /* fd's multishot recv */
#define SLOT_IS_MS(p) (((uintptr_t)(p) & 7) == 4)
#define SLOT_MS_FD(p) ((int)((uintptr_t)(p) >> 3))
#define SLOT_MA(fd) ((bl__io *)(((uintptr_t)(fd) << 3) | 5)) /* fd's multishot accept */
#define SLOT_IS_MA(p) (((uintptr_t)(p) & 7) == 5)
#define SLOT_DROP_MA ((bl__io *)3)    /* a closed listener's multishot accept */
#define NO_SLOT UINT32_MAX
#define IGNORED UINT64_MAX             /* a completion nobody waits for */

/* A connection's multishot recv (IORING_RECV_MULTISHOT, buffers picked
 * from a provided buffer ring): armed by its first recv or readline, it
 * brings every byte into the connection's read-ahead buffer, where recv
 * and readline take them, so a reader costs no submission of its own. */
enum { MS_NBUFS = 256, MS_BUFSZ = 4096, MS_BGID = 1,
       MS_MAX_AHEAD = 1 << 20 }; /* bytes read ahead before it pauses */
struct ms {
    bl_conn *conn;        /* whose buffer its bytes join */
    uint32_t slot;        /* + 1 while armed, 0 when not */
    int err;              /* it ended with this error: the next reader's */
    bool over;            /* ended for good: one-shot recvs from now on */
    bool pausing;         /* cancelled, its last bytes still coming */
    int *acc;             /* a listener's: sockets its multishot accept
                             took while nobody waited, in order */
    uint32_t ahead, an, acap; /* acc[ahead .. an - 1] wait; its room */
    uint32_t sent;        /* the pass in which its last send completed */
    int8_t fixed;         /* its socket in the file table: 1 yes, -1 it
                             could not be, 0 not yet asked (file_fixed) */
};

/* Features that BLUELET_URING_OFF switches off, for bench/echo/study.sh
 * (the cost of each, measured): a comma-separated list of these names. */
enum {
    OFF_MS_RECV = 1,     /* "multishot-recv": one-shot recvs, no buffer ring */
    OFF_MS_ACCEPT = 2,   /* "multishot-accept": one-shot accepts */
    OFF_BATCH = 4,       /* "batching": a submission made as it is prepared */
    OFF_DEFER = 8,       /* "defer-taskrun": no SINGLE_ISSUER, DEFER_TASKRUN */
    OFF_RING_SEND = 16,  /* "ring-send": every send at once, when it has room */
    OFF_REG_RING = 32,   /* "registered-ring": the ring's fd not registered */
    OFF_FIXED = 64,      /* "fixed-files": sockets named by their fd, not
                            by their index in a registered file table */
};

struct ur {
    struct io_uring ring;
    unsigned off;         /* OFF_*: features switched off */
    bl__io **slots;       /* in flight, by user_data */
    uint32_t nslots;
    uint32_t freeslot;    /* NO_SLOT: none */
    bl__io *trying;       /* the event in a try function: NULL once freed */
    struct ms *ms;        /* by fd */
    int nms;
    int ms_ok;            /* the buffer ring: 0 untried, 1 set up, -1 none */
    int nfiles;           /* the registered file table's size: 0 none */
    uint32_t pass;        /* ur_poll's calls, from 1: completions' pass */
    struct io_uring_buf_ring *br;
    char *bufs;
};

/* The ring's state, for the event functions (one loop per thread). */
static _Thread_local struct ur *U;

/* BLUELET_URING_OFF's features (unknown names are ignored). */
static unsigned features_off(void)
{
    static const char *const names[] = {"multishot-recv", "multishot-accept",
                                        "batching", "defer-taskrun", "ring-send",
                                        "registered-ring", "fixed-files"};
    const char *v = getenv("BLUELET_URING_OFF");
    unsigned off = 0;
    while (v && *v) {
        size_t n = strcspn(v, ",");
        for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
            if (strlen(names[i]) == n && memcmp(v, names[i], n) == 0)
                off |= 1u << i;
        v += n + (v[n] == ',');
    }
    return off;
}

#ifdef BL_FAULT
static uint64_t fault_sqe(struct io_uring_sqe *sqe, uint64_t data);
#endif

/* A prepared submission, named by data: made with the loop's next pass's
 * io_uring_enter (batching), or at once when batching is off. */
static void sqe_ready(struct io_uring_sqe *sqe, uint64_t data)
{
#ifdef BL_FAULT
    data = fault_sqe(sqe, data);
#endif
    io_uring_sqe_set_data64(sqe, data);
    if (U->off & OFF_BATCH)
        io_uring_submit(&U->ring);
}

/* The slot of an event in flight is kept in the spare half of its
 * result (written only when it completes), plus one: 0 when none. */
static uint32_t *slot_of(bl__io *io)
{
    return &io->ev.r.ia.aux;
}

static uint32_t slot_new(bl__io *io)
{
    if (U->freeslot == NO_SLOT) {
        uint32_t n = U->nslots ? 2 * U->nslots : 256;
        bl__io **s = realloc(U->slots, n * sizeof *s);
        if (!s)
            return NO_SLOT;
        for (uint32_t i = n; i-- > U->nslots;) {
            s[i] = SLOT_FREE(U->freeslot);
            U->freeslot = i;
        }
        U->slots = s;
        U->nslots = n;
    }
    uint32_t i = U->freeslot;
    U->freeslot = SLOT_NEXT(U->slots[i]);
    U->slots[i] = io;
    return i;
}

static void slot_free(uint32_t i)
{
    U->slots[i] = SLOT_FREE(U->freeslot);
    U->freeslot = i;
}

/* A submission entry, flushing the queue when it is full: NULL only if
 * the kernel takes none (then the operation fails). */
static struct io_uring_sqe *sqe_get(void)
{
    struct io_uring_sqe *sqe = io_uring_get_sqe(&U->ring);
    if (!sqe && io_uring_submit(&U->ring) >= 0)
        sqe = io_uring_get_sqe(&U->ring);
    return sqe;
}

static struct bl__io **waiter(bl__fd *f, const bl__io *io)
{
    return io->dir == BL_IN ? &f->rd : &f->wr;
}

static unsigned poll_mask(unsigned dir)
{
    return ((dir & BL_IN) ? POLLIN | POLLRDHUP : 0) | ((dir & BL_OUT) ? POLLOUT : 0);
}

/* What a poll reported, as the loop's mask (epoll.c's mapping). */
static unsigned from_poll(int res)
{
    unsigned mask = 0;
    if (res & (POLLIN | POLLRDHUP | POLLERR | POLLHUP | POLLNVAL))
        mask |= BL_IN;
    if (res & (POLLOUT | POLLERR | POLLHUP | POLLNVAL))
        mask |= BL_OUT;
    if (res & (POLLRDHUP | POLLERR | POLLHUP | POLLNVAL))
        mask |= BL_HUP;
    return mask;
}

/* An operation that waits through a poll: the try function, with the
 * event freed under it noticed (the runtime's own readers stop so).
 * 1 done, 0 not done, -1 freed. */
static int try_op(bl__io *io)
{
    U->trying = io;
    int done = bl__try[io->op](io);
    bl__io *still = U->trying;
    U->trying = NULL;
    return still ? done : -1;
}

static int submit(bl__io *io);
static void unwait(bl__io *io);
static void sync_cancel(uint32_t slot);

/* The buffer ring, set up at the first multishot recv: true if it is. */
static bool ms_setup(void)
{
    if (U->ms_ok)
        return U->ms_ok > 0;
    U->ms_ok = -1;
    size_t rsize = MS_NBUFS * sizeof(struct io_uring_buf);
    void *r = mmap(NULL, rsize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (r == MAP_FAILED)
        return false;
    char *b = malloc((size_t)MS_NBUFS * MS_BUFSZ);
    struct io_uring_buf_reg reg = {.ring_addr = (uintptr_t)r, .ring_entries = MS_NBUFS,
                                   .bgid = MS_BGID};
    if (!b || io_uring_register_buf_ring(&U->ring, &reg, 0) < 0) {
        munmap(r, rsize);
        free(b);
        return false;
    }
    U->br = r;
    U->bufs = b;
    io_uring_buf_ring_init(U->br);
    for (int i = 0; i < MS_NBUFS; i++)
        io_uring_buf_ring_add(U->br, b + (size_t)i * MS_BUFSZ, MS_BUFSZ, (unsigned short)i,
                              io_uring_buf_ring_mask(MS_NBUFS), i);
    io_uring_buf_ring_advance(U->br, MS_NBUFS);
    U->ms_ok = 1;
    return true;
}

static void ms_give_back(unsigned flags)
{
    if (!(flags & IORING_CQE_F_BUFFER))
        return;
    unsigned short bid = (unsigned short)(flags >> IORING_CQE_BUFFER_SHIFT);
    io_uring_buf_ring_add(U->br, U->bufs + (size_t)bid * MS_BUFSZ, MS_BUFSZ, bid,
                          io_uring_buf_ring_mask(MS_NBUFS), 0);
    io_uring_buf_ring_advance(U->br, 1);
}

static struct ms *ms_get(int fd)
{
    if (fd >= U->nms) {
        int n = U->nms ? U->nms : 64;
        while (n <= fd)
            n *= 2;
        struct ms *m = realloc(U->ms, (size_t)n * sizeof *m);
        if (!m)
            return NULL;
        memset(m + U->nms, 0, (size_t)(n - U->nms) * sizeof *m);
        U->ms = m;
        U->nms = n;
    }
    return &U->ms[fd];
}

/*
 * Sockets as registered files (IOSQE_FIXED_FILE): a sparse file table,
 * set up with the ring, where a connection's or a listener's socket sits
 * at its own fd's index from its first native operation (one
 * io_uring_register) until it closes, so that the kernel looks no fd up
 * per operation.  The table holds the socket open: ur_forget takes it out
 * before the runtime's close(), or the peer would see no end.  Only the
 * runtime's own sockets (io->cached), never a program's fd: that one it
 * closes behind our back.  An fd beyond the table (sized by RLIMIT_NOFILE
 * at init, at most FILES_MAX), or one the kernel refuses, is named by its
 * fd as before.
 */
enum { FILES_MAX = 1 << 16 };

/* sqe, prepared for fd, names it by its index in the file table if the
 * socket is there, or can be put there now. */
static void file_fixed(struct io_uring_sqe *sqe, int fd)
{
    struct ms *m = fd < U->nfiles ? ms_get(fd) : NULL;
    if (!m)
        return;
    if (!m->fixed)
        m->fixed = io_uring_register_files_update(&U->ring, (unsigned)fd, &fd, 1) == 1 ? 1 : -1;
    if (m->fixed > 0)
        sqe->flags |= IOSQE_FIXED_FILE;
}

/* fd's socket leaves the file table, if it is there. */
static void file_unfix(struct ms *m, int fd)
{
    int none = -1;
    if (m->fixed > 0)
        (void)io_uring_register_files_update(&U->ring, (unsigned)fd, &none, 1);
}

/* io (a recv or readline of a connection) waits for its connection's
 * multishot recv, armed now if need be: 1; 0 when it cannot (ended,
 * pausing, no buffer ring): io goes its one-shot way. */
static int ms_wait(bl__io *io)
{
    struct ms *m = ms_get(io->fd);
    if (!m || m->over || m->pausing || (U->off & OFF_MS_RECV))
        return 0;
    if (m->slot)
        return 1;
    struct io_uring_sqe *sqe = ms_setup() ? sqe_get() : NULL;
    uint32_t slot = sqe ? slot_new(SLOT_MS(io->fd)) : NO_SLOT;
    if (slot == NO_SLOT) {
        if (sqe) /* (no slot: a nop in its place) */
            io_uring_prep_nop(sqe), io_uring_sqe_set_data64(sqe, IGNORED);
        return 0;
    }
    io_uring_prep_recv_multishot(sqe, io->fd, NULL, 0, 0);
    file_fixed(sqe, io->fd);
    sqe->flags |= IOSQE_BUFFER_SELECT;
    sqe->buf_group = MS_BGID;
    sqe_ready(sqe, slot);
    m->slot = slot + 1;
    m->conn = io->obj;
    bl__conn_feed(m->conn, true);
    return 1;
}

/* Stops fd's multishot recv (async: its bytes still come). */
static void ms_pause(struct ms *m)
{
    struct io_uring_sqe *sqe = sqe_get();
    if (!sqe)
        return;
    io_uring_prep_cancel64(sqe, m->slot - 1, 0);
    io_uring_sqe_set_data64(sqe, IGNORED);
    m->pausing = true;
}

/*
 * A listener's accepts are served by one multishot accept (Linux 5.19,
 * below what this backend needs anyway), armed by its first bl_accept:
 * a connection that comes while an accept waits is its result; one that
 * comes while none does waits in the listener's queue (ms.acc), in order,
 * for the next, which then takes it at once, with no submission.  It
 * stays armed until the listener closes (ur_forget: cancelled, and the
 * sockets still queued or still coming closed); when the kernel ends it
 * (an error), the waiting accept takes the error as a one-shot accept
 * would (EMFILE: the reserve's way), and the next accept arms it again.
 */
static int native_done(bl__io *io, int res);
static bool beyond_limit(int fd);

/* Queues an accepted socket for the listener's next accept. */
static void ma_queue(struct ms *m, int fd)
{
    if (m->ahead == m->an)
        m->ahead = m->an = 0;
    if (m->an == m->acap) {
        uint32_t cap = m->acap ? 2 * m->acap : 16;
        int *a = realloc(m->acc, cap * sizeof *a);
        if (!a) { /* shed, as when out of fds */
            close(fd);
            return;
        }
        m->acc = a;
        m->acap = cap;
    }
    m->acc[m->an++] = fd;
}

/* Closes the sockets queued for a listener that goes, and frees its queue. */
static void ma_drop_queue(struct ms *m)
{
    for (uint32_t i = m->ahead; i < m->an; i++)
        close(m->acc[i]);
    free(m->acc);
    m->acc = NULL;
    m->ahead = m->an = m->acap = 0;
}

/* io (an accept) takes a queued socket, or waits for the listener's
 * multishot accept, armed now if need be: 1 done (result set), 0 waits,
 * -1 it cannot (no slot, no entry): io goes its one-shot way. */
static int ma_wait(bl__io *io)
{
    struct ms *m = ms_get(io->fd);
    if (!m || (U->off & OFF_MS_ACCEPT))
        return -1;
    if (m->ahead < m->an)
        return bl__accept_fd(io, m->acc[m->ahead++]);
    if (m->err && !m->slot) { /* how it ended, while nobody waited */
        int e = m->err;
        m->err = 0;
        return native_done(io, -e);
    }
    if (m->slot)
        return 0;
    struct io_uring_sqe *sqe = sqe_get();
    uint32_t slot = sqe ? slot_new(SLOT_MA(io->fd)) : NO_SLOT;
    if (slot == NO_SLOT) {
        if (sqe) /* (no slot: a nop in its place) */
            io_uring_prep_nop(sqe), io_uring_sqe_set_data64(sqe, IGNORED);
        return -1;
    }
    io_uring_prep_multishot_accept(sqe, io->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    file_fixed(sqe, io->fd);
    sqe_ready(sqe, slot);
    m->slot = slot + 1;
    return 0;
}

/* The multishot accept of listener fd took a connection, or ended. */
static void ma_done(int fd, struct io_uring_cqe *cqe)
{
    struct ms *m = &U->ms[fd];
    bl__io *io = fd < L.nfds ? L.fds[fd].rd : NULL; /* (none at the end) */
    int res = cqe->res;
    bool more = cqe->flags & IORING_CQE_F_MORE;
    if (!more)
        m->slot = 0;
    if (res >= 0 && BL_ON_VALGRIND && beyond_limit(res))
        res = -EMFILE;
    if (io && io->op != BL_OP_ACCEPT)
        io = NULL; /* (a bl_wait_fd on a listener: not its business) */
    int done;
    if (res >= 0) {
        if (!io) {
            ma_queue(m, res);
            return;
        }
        done = bl__accept_fd(io, res);
    } else if (more || res == -ECANCELED) {
        return;
    } else if (!io) {
        if (res != -EMFILE && res != -ENFILE && res != -ECONNABORTED &&
            res != -EPROTO && res != -EINTR)
            m->err = -res; /* for the next accept */
        return;
    } else {
        done = native_done(io, res);
    }
    if (done > 0) {
        bl__complete(&io->ev);
        unwait(io);
    }
}

/* The multishot recv of fd brought bytes, or ended. */
static void ms_done(int fd, struct io_uring_cqe *cqe)
{
    struct ms *m = &U->ms[fd];
    bl__io *io = L.fds[fd].rd;
    bool took = false; /* io took its bytes from the kernel's buffer */
    if (cqe->res > 0 && (cqe->flags & IORING_CQE_F_BUFFER)) {
        unsigned short bid = (unsigned short)(cqe->flags >> IORING_CQE_BUFFER_SHIFT);
        const char *p = U->bufs + (size_t)bid * MS_BUFSZ;
        size_t n = (size_t)cqe->res, k = 0;
        BL_DEFINED(p, n);
        /* A recv that waits, with nothing read ahead before these bytes,
         * takes them from the kernel's buffer itself: only the rest is
         * copied into the read-ahead buffer. */
        if (io && io->op == BL_OP_RECV && io->obj == m->conn && io->len &&
            !bl__conn_buffered(m->conn)) {
            k = n < io->len ? n : io->len;
            memcpy(io->buf, p, k);
            io->ev.r.n = (ssize_t)k;
            took = true;
        }
        if (k < n && bl__conn_append(m->conn, p + k, n - k) < 0 && !m->err)
            m->err = ENOMEM;
        ms_give_back(cqe->flags);
    } else if (cqe->res < 0 && cqe->res != -ENOBUFS && cqe->res != -ECANCELED) {
        m->err = -cqe->res;
    }
    if (!(cqe->flags & IORING_CQE_F_MORE)) { /* ended: every byte is here */
        m->slot = 0;
        m->pausing = false;
        if (cqe->res == 0 || m->err)
            m->over = true;
        bl__conn_feed(m->conn, false);
    } else if (!io && bl__conn_buffered(m->conn) > MS_MAX_AHEAD && !m->pausing) {
        ms_pause(m);
    }
    if (!io || (io->op != BL_OP_RECV && io->op != BL_OP_READLINE))
        return;
    int done;
    if (took)
        done = 1;
    else if (bl__io_buffered(io))
        done = bl__try[io->op](io);
    else if (m->err && !m->slot)
        done = bl__io_error(io, m->err), m->err = 0;
    else if (!m->slot)
        done = bl__try[io->op](io) || submit(io); /* its own way now */
    else
        return;
    if (done > 0) {
        bl__complete(&io->ev);
        unwait(io);
    }
}

/* A send goes to the ring, made with the pass's other submissions in its
 * one io_uring_enter, unless its connection's previous send completed in
 * this same pass: then its coroutine sends one thing after another with
 * no wait between (a writer of line after line), and each send is made at
 * once, as on epoll, so such a writer drains what it has within the pass
 * (one pass behind at most, for its first send) and never falls behind a
 * reader that takes lines from a buffer.  True: at once. */
static bool send_at_once(const bl__io *io)
{
    return (U->off & OFF_RING_SEND) || (io->fd < U->nms && U->ms[io->fd].sent == U->pass);
}

/* Submits io's operation from its own buffer: 0 in flight; 1 done at once
 * (result set: bytes buffered, a syscall that went through, or failed). */
static int submit(bl__io *io)
{
    bool native = io->op == BL_OP_RECV || io->op == BL_OP_SEND ||
                  io->op == BL_OP_SENDALL || io->op == BL_OP_ACCEPT;
    bool send = io->op == BL_OP_SEND || io->op == BL_OP_SENDALL;
    if (bl__io_buffered(io) && bl__try[io->op](io))
        return 1;
    if ((io->op == BL_OP_RECV || io->op == BL_OP_READLINE) && io->obj) {
        struct ms *m = ms_get(io->fd);
        if (m && m->err && !m->slot) { /* how its multishot recv ended */
            int e = m->err;
            m->err = 0;
            return bl__io_error(io, e);
        }
        if (ms_wait(io))
            return 0;
    }
    if (io->op == BL_OP_ACCEPT && io->obj) {
        int r = ma_wait(io);
        if (r >= 0)
            return r;
    }
    if (((!native && io->op != BL_OP_WAIT) || (send && send_at_once(io))) &&
        (L.fds[io->fd].ready & io->dir)) {
        int r = try_op(io); /* believed ready: the syscall first */
        if (r)
            return r > 0;
    }
    struct io_uring_sqe *sqe = sqe_get();
    uint32_t slot = sqe ? slot_new(io) : NO_SLOT;
    if (slot == NO_SLOT)
        return bl__io_error(io, sqe ? ENOMEM : EAGAIN);
    switch (native ? io->op : BL_OP_COUNT) {
    case BL_OP_RECV:
        io_uring_prep_recv(sqe, io->fd, io->buf, io->len, 0);
        break;
    case BL_OP_SEND:
    case BL_OP_SENDALL:
        io_uring_prep_send(sqe, io->fd, io->buf + io->done, io->len - io->done,
                           MSG_NOSIGNAL);
        break;
    case BL_OP_ACCEPT:
        io_uring_prep_accept(sqe, io->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        break;
    default:
        io_uring_prep_poll_add(sqe, io->fd, poll_mask(io->dir));
        break;
    }
    if (native && io->cached)
        file_fixed(sqe, io->fd);
    sqe_ready(sqe, slot);
    *slot_of(io) = slot + 1;
    return 0;
}

/* io takes its turn on its fd, in each of its directions (a wait may have
 * both).  An fd with a turn taken counts as watched (bl_stats), and as
 * registered (what io.c believes of an fd that nobody watches is reset
 * when a new event is made on it). */
static void take(bl__io *io)
{
    bl__fd *f = &L.fds[io->fd];
    if (!f->rd && !f->wr) {
        f->reg = BL_REG_TRANSIENT;
        L.nreg++;
    }
    if (io->dir & BL_IN)
        f->rd = io;
    if (io->dir & BL_OUT)
        f->wr = io;
    L.nwait++;
}

static void leave(bl__io *io)
{
    bl__fd *f = &L.fds[io->fd];
    if ((io->dir & BL_IN) && f->rd == io)
        f->rd = NULL;
    if ((io->dir & BL_OUT) && f->wr == io)
        f->wr = NULL;
    if (!f->rd && !f->wr) {
        f->reg = BL_REG_NONE;
        L.nreg--;
    }
    L.nwait--;
}

/* io's turn on its fd is over: the next in line of each of its directions
 * takes it, and is submitted; one that completes at once makes way for the
 * next, and so on. */
static void unwait(bl__io *io)
{
    leave(io);
    for (unsigned d = BL_IN; d <= BL_OUT; d <<= 1) {
        bl__io *next;
        while ((io->dir & d) && (next = bl__fd_dequeue(&L.fds[io->fd], d))) {
            take(next);
            if (!submit(next))
                break;
            leave(next);
            bl__complete(&next->ev);
        }
    }
}

/* io takes its turn and is submitted: 0 pending, 1 done at once. */
static int begin(bl__io *io)
{
    *slot_of(io) = 0;
    take(io);
    L.pass_end = true;
    if (!submit(io))
        return 0;
    leave(io);
    return 1;
}

static int ur_start(bl__io *io)
{
    if (__builtin_expect(io->fd < 0, 0))
        return bl__ready_start(io); /* fails at once, as everywhere */
    bl__fd *f = bl__fd_get(io->fd);
    if (!f)
        return bl__io_error(io, ENOMEM);
    if (*waiter(f, io)) { /* another's turn: wait for it, in order */
        if (bl__fd_enqueue(f, io) == 0)
            return 0;
        return bl__io_error(io, ENOMEM);
    }
    return begin(io);
}

/* bl_wait_fd: a poll, whatever was believed of the fd before (its owner
 * did its I/O behind our back). */
static int ur_wait(bl__io *io)
{
    if (io->fd < 0)
        return 1;
    bl__fd *f = bl__fd_get(io->fd);
    if (!f)
        return bl__io_error(io, ENOMEM);
    if (((io->dir & BL_IN) && f->rd) || ((io->dir & BL_OUT) && f->wr))
        return bl__io_error(io, EBUSY);
    f->ready = 0;
    if (io->fd < U->nms && U->ms[io->fd].slot) {
        /* A connection waited on so is read by its fd's owner too (a TLS
         * library): from now on its reads are one-shot recvs, and the
         * kernel takes no more of its bytes behind the owner's back. */
        U->ms[io->fd].over = true;
        sync_cancel(U->ms[io->fd].slot - 1);
    }
    return begin(io);
}

/* Cancels the operation in slot and waits until the kernel is done with
 * it (its buffer, its file). */
static void sync_cancel(uint32_t slot)
{
    io_uring_submit(&U->ring); /* it may not have been submitted yet */
    struct io_uring_sync_cancel_reg reg = {
        .addr = slot,
        .timeout = {.tv_sec = -1, .tv_nsec = -1},
    };
    while (io_uring_register_sync_cancel(&U->ring, &reg) == -EINTR)
        ;
    /* With deferred task work the kernel lets go of the operation's file
     * only when we next enter: now, so a socket closed after this is
     * closed (a listener no longer takes connections). */
    io_uring_get_events(&U->ring);
}

/* Cancels io's operation in the kernel, if one is in flight, and waits
 * until the kernel is done with io's buffer. */
static void cancel_inflight(bl__io *io)
{
    uint32_t s = *slot_of(io);
    if (!s)
        return;
    *slot_of(io) = 0;
    U->slots[s - 1] = io->op == BL_OP_ACCEPT ? SLOT_DROP_FD : SLOT_DROP;
    sync_cancel(s - 1);
}

static void ur_cancel(bl__io *io)
{
    if (U->trying == io)
        U->trying = NULL; /* freed by its own try function */
    if (bl__fd_unqueue(&L.fds[io->fd], io))
        return; /* it never had its turn */
    cancel_inflight(io);
    unwait(io);
    bl__io_abandon(io);
}

static void ur_forget(int fd)
{
    if (L.fds[fd].rd || L.fds[fd].wr || L.fds[fd].q)
        bl__fd_fail_waiters(fd);
    if (fd >= U->nms)
        return;
    struct ms *m = &U->ms[fd];
    if (m->slot) { /* its connection goes: its bytes are nobody's; its
                      listener goes: the connections still coming too */
        bool accepts = SLOT_IS_MA(U->slots[m->slot - 1]);
        U->slots[m->slot - 1] = accepts ? SLOT_DROP_MA : SLOT_DROP_BUF;
        sync_cancel(m->slot - 1);
    }
    ma_drop_queue(m);
    file_unfix(m, fd);
    *m = (struct ms){0};
}

/* Valgrind keeps RLIMIT_NOFILE in user space, where the kernel's accept
 * does not look: an fd it would not have given is closed (shed, as the
 * reserve's way does with the one it takes).  True if it was. */
static bool beyond_limit(int fd)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || (rlim_t)fd < rl.rlim_cur)
        return false;
    close(fd);
    return true;
}

/* A native operation's result: 1 done, 0 submitted again. */
static int native_done(bl__io *io, int res)
{
    if (io->op == BL_OP_ACCEPT) {
        if (res >= 0 && BL_ON_VALGRIND && beyond_limit(res))
            res = -EMFILE;
        if (res >= 0)
            return bl__accept_fd(io, res);
        if (res == -EMFILE || res == -ENFILE) { /* the reserve's way */
            L.fds[io->fd].ready |= BL_IN;
            return bl__try[io->op](io) || submit(io);
        }
        if (res == -ECONNABORTED || res == -EPROTO || res == -EINTR)
            return submit(io);
        return bl__io_error(io, -res);
    }
    if (res < 0) /* EINTR: nothing moved; again, as the readiness backends do */
        return res == -EINTR ? submit(io) : bl__io_error(io, -res);
    if (io->op == BL_OP_RECV)
        BL_DEFINED(io->buf, (size_t)res);
    if (io->op == BL_OP_SENDALL) {
        io->done += (size_t)res;
        if (io->done < io->len)
            return submit(io);
        res = (int)io->done;
    }
    if (io->op != BL_OP_RECV) { /* the socket took it all: room again */
        L.fds[io->fd].ready |= BL_OUT;
        struct ms *m = ms_get(io->fd);
        if (m) /* (none: the next send goes to the ring) */
            m->sent = U->pass;
    }
    io->ev.r.n = res;
    return 1;
}

/* A poll's result: the syscall of the operation that waited, 1 done, 0
 * submitted again, -1 the event is gone. */
static int polled_done(bl__io *io, int res)
{
    if (res < 0)
        return bl__io_error(io, -res);
    L.fds[io->fd].ready |= (uint8_t)from_poll(res);
    int r = try_op(io);
    if (r)
        return r;
    return submit(io);
}

#ifdef BL_FAULT
/*
 * Fault injection for the ring, in the fault build only (build/fault):
 * tests/fault/faultsys.c, preloaded, decides (bl_faultsys_ring: the shim's
 * seed, rates and counts); not preloaded, nothing happens.  A fault is
 * made at submission, never by rewriting a completion: a recv or send is
 * cut short (its length), or not submitted at all, a nop in its place
 * whose completion stands for the kernel's answer (carried in user_data's
 * upper half; a nop moves no bytes, so none is lost or duplicated): EINTR,
 * ECONNRESET or EPIPE on a socket the shim shut down, EMFILE or ENFILE
 * from an accept (multishot too), a poll that reports at once (spurious
 * readiness: the operation meets a real EAGAIN), a multishot recv ended
 * as it is armed (ENOBUFS, as when the buffer ring runs dry) or later by
 * a cancel (ECANCELED): re-armed by the next read, every byte kept.  A
 * multishot recv's reads are not cut short (its buffers' size is the
 * buffer ring's).
 */
static int (*fault_ring)(char op, int fd, size_t *len);

__attribute__((constructor)) static void fault_find(void)
{
    *(void **)&fault_ring = dlsym(RTLD_DEFAULT, "bl_faultsys_ring");
}

static uint64_t fault_sqe(struct io_uring_sqe *sqe, uint64_t data)
{
    size_t len = sqe->len;
    int res = 0;
    if (!fault_ring)
        return data;
    switch (sqe->opcode) {
    case IORING_OP_RECV:
    case IORING_OP_SEND:
        if (sqe->opcode == IORING_OP_RECV && (sqe->ioprio & IORING_RECV_MULTISHOT))
            res = fault_ring('e', sqe->fd, NULL) ? -ENOBUFS : 0;
        else if (!(res = -fault_ring(sqe->opcode == IORING_OP_RECV ? 'r' : 's', sqe->fd, &len)))
            sqe->len = (uint32_t)len; /* (cut short, or as it was) */
        break;
    case IORING_OP_ACCEPT:
        res = -fault_ring('a', sqe->fd, NULL);
        break;
    case IORING_OP_POLL_ADD:
        if (fault_ring('p', sqe->fd, NULL))
            res = (int)(sqe->poll32_events & (POLLIN | POLLOUT));
        break;
    }
    if (!res)
        return data;
    io_uring_prep_nop(sqe);
    return data | (uint64_t)(uint32_t)res << 32;
}

/* A nop's completion as the answer it stands for. */
static struct io_uring_cqe *fault_cqe(struct io_uring_cqe *cqe, struct io_uring_cqe *own)
{
    if (!(cqe->user_data >> 32))
        return cqe;
    own->user_data = (uint32_t)cqe->user_data;
    own->res = (int32_t)(cqe->user_data >> 32);
    own->flags = 0;
    return own;
}

/* The multishot recv in slot s may end early: cancelled. */
static void fault_end(uint32_t s)
{
    struct io_uring_sqe *sqe;
    if (fault_ring && fault_ring('e', SLOT_MS_FD(U->slots[s]), NULL) && (sqe = sqe_get())) {
        io_uring_prep_cancel64(sqe, s, 0);
        io_uring_sqe_set_data64(sqe, IGNORED);
    }
}
#endif

static void complete(struct io_uring_cqe *cqe)
{
    if (cqe->user_data == IGNORED)
        return;
#ifdef BL_FAULT
    struct io_uring_cqe own;
    cqe = fault_cqe(cqe, &own);
#endif
    uint32_t s = (uint32_t)cqe->user_data;
    bl__io *io = U->slots[s];
    bool more = cqe->flags & IORING_CQE_F_MORE;
    if (SLOT_IS_MA(io) || io == SLOT_DROP_MA) {
        if (!more)
            slot_free(s);
        if (io != SLOT_DROP_MA)
            ma_done(SLOT_MS_FD(io), cqe);
        else if (cqe->res >= 0)
            close(cqe->res);
        return;
    }
    if (SLOT_IS_MS(io) || io == SLOT_DROP_BUF) {
#ifdef BL_FAULT
        if (more && SLOT_IS_MS(io))
            fault_end(s);
#endif
        if (!more)
            slot_free(s);
        if (io == SLOT_DROP_BUF)
            ms_give_back(cqe->flags);
        else
            ms_done(SLOT_MS_FD(io), cqe);
        return;
    }
    slot_free(s);
    if (io == SLOT_DROP || io == SLOT_DROP_FD) {
        if (io == SLOT_DROP_FD && cqe->res >= 0)
            close(cqe->res);
        return;
    }
    *slot_of(io) = 0;
    bool native = io->op == BL_OP_RECV || io->op == BL_OP_SEND ||
                  io->op == BL_OP_SENDALL || io->op == BL_OP_ACCEPT;
    int done = native ? native_done(io, cqe->res) : polled_done(io, cqe->res);
    if (done <= 0)
        return;
    bl__complete(&io->ev); /* (wakes before who is next) */
    unwait(io);
}

/* Every completion in the queue, handled: how many. */
static int reap(struct ur *u)
{
    struct io_uring_cqe *cqe;
    unsigned n = 0, head;
    io_uring_for_each_cqe(&u->ring, head, cqe) {
        complete(cqe);
        n++;
    }
    io_uring_cq_advance(&u->ring, n);
    return (int)n;
}

static int ur_poll(void *st, int timeout_ms, void (*ready)(int fd, unsigned mask))
{
    struct ur *u = st;
    struct io_uring_cqe *cqe;
    (void)ready;
    u->pass++;
    if (timeout_ms == 0) {
        io_uring_submit_and_get_events(&u->ring);
    } else if (BL_ON_VALGRIND) {
        /* Valgrind runs one thread at a time and does not know that
         * io_uring_enter may block: a worker would never run while we
         * wait.  It knows poll(2) does; the ring's fd is readable once
         * completions (or deferred ones) are there. */
        io_uring_submit(&u->ring);
        struct pollfd pfd = {.fd = u->ring.ring_fd, .events = POLLIN};
        if (!io_uring_cq_ready(&u->ring))
            poll(&pfd, 1, timeout_ms);
        io_uring_get_events(&u->ring);
    } else {
        struct __kernel_timespec ts = {
            .tv_sec = timeout_ms / 1000,
            .tv_nsec = (long long)(timeout_ms % 1000) * 1000000,
        };
        int rc = io_uring_submit_and_wait_timeout(&u->ring, &cqe, 1,
                                                  timeout_ms < 0 ? NULL : &ts, NULL);
        if (rc < 0 && rc != -ETIME && rc != -EINTR && rc != -EAGAIN &&
            rc != -EBUSY) {
            errno = -rc;
            return -1;
        }
    }
    return reap(u);
}

/* What the backend needs of the kernel: the operations, the wait's
 * timeout argument, the synchronous cancel. */
static bool kernel_has_it(struct ur *u, unsigned features)
{
    static const int ops[] = {IORING_OP_RECV, IORING_OP_SEND, IORING_OP_ACCEPT,
                              IORING_OP_POLL_ADD};
    if (!(features & IORING_FEAT_EXT_ARG) || !(features & IORING_FEAT_NODROP))
        return false;
    struct io_uring_probe *p = io_uring_get_probe_ring(&u->ring);
    if (!p)
        return false;
    bool all = true;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        all = all && io_uring_opcode_supported(p, ops[i]);
    io_uring_free_probe(p);
    struct io_uring_sync_cancel_reg reg = {.addr = UINT64_MAX,
                                           .timeout = {.tv_sec = -1, .tv_nsec = -1}};
    return all && io_uring_register_sync_cancel(&u->ring, &reg) == -ENOENT;
}

static int ur_init(void **st)
{
    struct ur *u = calloc(1, sizeof *u);
    if (!u)
        return -1;
    struct io_uring_params p = {
        .flags = IORING_SETUP_CQSIZE | IORING_SETUP_SUBMIT_ALL |
                 IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
        .cq_entries = CQ_ENTRIES,
    };
    u->off = features_off();
    if (BL_ON_VALGRIND || (u->off & OFF_DEFER)) /* (valgrind: the ring's fd
                                                    is polled, ur_poll) */
        p.flags &= ~(unsigned)(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN);
    int rc = io_uring_queue_init_params(SQ_ENTRIES, &u->ring, &p);
    if (rc == -EINVAL) { /* before 6.1: no deferred task work */
        p = (struct io_uring_params){.flags = IORING_SETUP_CQSIZE, .cq_entries = CQ_ENTRIES};
        rc = io_uring_queue_init_params(SQ_ENTRIES, &u->ring, &p);
    }
    if (rc < 0) {
        free(u);
        errno = -rc;
        return -1;
    }
    if (getenv("BLUELET_URING_UNSUPPORTED") || !kernel_has_it(u, p.features)) {
        io_uring_queue_exit(&u->ring);
        free(u);
        errno = ENOSYS;
        return -1;
    }
    /* The ring's fd registered with the ring (this thread's): each enter
     * names it by its index, and the kernel looks no fd up.  Without it
     * (an older kernel), the fd. */
    if (!(u->off & OFF_REG_RING))
        (void)io_uring_register_ring_fd(&u->ring);
    /* The file table, sparse (Linux 5.19; none: sockets named by fd). */
    struct rlimit rl;
    if (!(u->off & OFF_FIXED) && getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        unsigned n = rl.rlim_cur < FILES_MAX ? (unsigned)rl.rlim_cur : FILES_MAX;
        if (io_uring_register_files_sparse(&u->ring, n) == 0)
            u->nfiles = (int)n;
    }
    u->freeslot = NO_SLOT;
    u->pass = 1; /* (a connection's sent starts at 0: no send yet) */
    *st = U = u;
    return 0;
}

static void ur_free(void *st)
{
    struct ur *u = st;
    for (int fd = 0; fd < u->nms; fd++) { /* listeners the program keeps */
        uint32_t s = u->ms[fd].slot;
        if (s && SLOT_IS_MA(u->slots[s - 1])) {
            u->slots[s - 1] = SLOT_DROP_MA;
            sync_cancel(s - 1);
        }
    }
    io_uring_get_events(&u->ring); /* the last cancelled ones: dropped */
    reap(u);
    if (u->br) {
        io_uring_unregister_buf_ring(&u->ring, MS_BGID);
        munmap(u->br, MS_NBUFS * sizeof(struct io_uring_buf));
        free(u->bufs);
    }
    for (int fd = 0; fd < u->nms; fd++) /* (listeners not closed) */
        ma_drop_queue(&u->ms[fd]);
    free(u->ms);
    io_uring_queue_exit(&u->ring);
    free(u->slots);
    free(u);
    U = NULL;
}

/* Nothing is registered with a completion backend. */
static int ur_add(void *st, int fd, unsigned want)
{
    (void)st, (void)fd, (void)want;
    return 0;
}

static int ur_del(void *st, int fd)
{
    (void)st, (void)fd;
    return 0;
}

const bl__backend bl__uring = {
    "io_uring", 0, ur_init, ur_free, ur_add, ur_del, ur_poll,
    ur_start, ur_cancel, ur_wait, ur_forget,
};
#else
/* No liburing here: io_uring is not built (ISO C wants something in a unit). */
typedef int bl__uring_unavailable;
#endif
