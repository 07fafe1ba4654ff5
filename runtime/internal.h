/*
 * internal.h - what the files of libbluelet share and nobody else sees.
 *
 * One loop per thread (struct bl__loop, thread-local).  Every awaitable
 * starts with bl_aw; its `kind` indexes bl__kinds[], the table that says
 * how big it is, how to start it and how to cancel it.  Runtime events all
 * start with struct bl__ev: the public header, a result slot laid out like
 * the public bl_ev_* types (offset 16), and the coroutine that waits.
 *
 * Banners:
 *   alloc.c   size-class free lists for frames and events
 *   sched.c   the loop, tasks, call/return, spawn/join/kill/null, dump
 *   chan.c    channels and conditions: one coroutine wakes another
 *   group.c   task groups: tasks tied to the coroutine that owns them
 *   debug.c   BLUELET_DEBUG: quarantine, misuse named by its .blc line
 *   timer.c   the timer heap, sleep, deadlines (bl_timeout)
 *   io.c      the fd table (readiness cache), fd events, bl_read/bl_write,
 *             the readiness backends' operations
 *   net.c     sockets: listen/accept/connect/recv/send/readline, bl_server
 *   signal.c  bl_signal over a self-pipe
 *   work.c    the worker pool: bl_work, regular files, name lookup's jobs
 *   dgram.c   bl_recvfrom, bl_sendto on any datagram socket
 *   epoll.c poll.c kqueue.c   the backends (backend.h)
 */
#ifndef BLUELET_INTERNAL_H
#define BLUELET_INTERNAL_H

#include "bluelet.h"
#include "backend.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#define BL_HIDDEN __attribute__((visibility("hidden")))

/* Kinds of awaitables (bl_aw.kind).  BL_AW_FAILED (1) is public. */
enum {
    BL_K_NONE,     /* never a valid awaitable */
    BL_K_FAILED,   /* a static failed handle or event: ENOMEM */
    BL_K_CORO,     /* a coroutine frame */
    BL_K_NULL,     /* bl_null(): static */
    BL_K_SPAWN,    /* bl_spawn() */
    BL_K_JOIN,     /* bl_join() */
    BL_K_KILL,     /* bl_kill() */
    BL_K_SLEEP,    /* bl_sleep() */
    BL_K_DEADLINE, /* the timer of a bl_timeout(), never awaited itself */
    BL_K_IO,       /* any fd operation (io.c, net.c) */
    BL_K_SIGNAL,   /* bl_signal() */
    BL_K_CHAN,     /* bl_chan_send(), bl_chan_recv() */
    BL_K_COND,     /* bl_cond_wait() */
    BL_K_WAITFD,   /* bl_wait_fd(): a bl__io of op BL_OP_WAIT */
    BL_K_GROUP_SPAWN, /* bl_group_spawn() */
    BL_K_GROUP_ANY,   /* bl_group_wait_any() */
    BL_K_GROUP_ALL,   /* bl_group_wait_all() */
    BL_K_WORK,     /* a job on a worker thread (work.c) */
    BL_K_COUNT
};

/* bl_aw.flags */
enum {
    BL_F_PENDING = 1,  /* registered somewhere, waiting to complete */
    BL_F_DEADLINE = 2, /* a bl_timeout() timer hangs off aw.next */
    BL_F_STATIC = 4,   /* never freed (bl_null, failed events) */
    BL_F_QUEUED = 8,   /* a coroutine that may be in the ready queue (the
                          mark outlives its resume until it awaits again) */
    BL_F_GROUPS = 16,  /* a coroutine that owns task groups (group.c) */
    BL_F_AT_NULL = BL__F_AT_NULL, /* a coroutine whose awaited is bl_null()'s
                          event, for bl__await() to test in one instruction
                          (set by its last await, cleared by its next; the
                          paths that set awaited to NULL end it) */
};

/* The common head of every runtime event. */
typedef struct bl__ev {
    bl_aw aw;
    union {              /* the result, where bl_ev_int & co. have it */
        int i;
        ssize_t n;
        void *p;
        bl_task t;
        struct { int i; uint32_t aux; } ia; /* int result + 32 spare bits */
    } r;
    bl_coro *co;         /* the coroutine awaiting it */
} bl__ev;

/* What the result of an awaitable looks like, for timeouts. */
enum { BL_R_INT, BL_R_SSIZE, BL_R_PTR, BL_R_TASK, BL_R_CORO };

typedef struct bl__kind {
    const char *name;             /* for bl_dump */
    size_t size;                  /* bytes to free; 0: sized elsewhere */
    int (*start)(bl__ev *ev);     /* 1: completed now, 0: now pending */
    void (*cancel)(bl__ev *ev);   /* withdraw a pending event */
    void (*describe)(bl__ev *ev, FILE *out); /* what it waits on */
    uint8_t rtype;                /* BL_R_* */
} bl__kind;

extern const bl__kind *const bl__kinds[BL_K_COUNT] BL_HIDDEN;
unsigned bl__rtype(const bl_aw *aw) BL_HIDDEN; /* its BL_R_*, per op for I/O */

/* A timer in the heap (sleep or deadline).  40 bytes: the heap index lives
 * in the spare half of the int result, and while pending, the start
 * sequence number (the tie-break) lives in aw.err, which a timer never
 * needs before it fires. */
typedef struct bl__timer {
    bl_aw aw;
    int result;          /* 0 */
    uint32_t hidx;       /* its index in the heap */
    bl_coro *co;         /* sleep: the sleeper; deadline: the awaiter */
    uint64_t deadline;   /* monotonic nanoseconds */
} bl__timer;

/* Per-fd state: the readiness we believe in, and who waits.  The waiting
 * reader (writer) is the one whose turn it is; others that came while it
 * waited queue behind it, in order, in `q` (io.c). */
struct bl__io;
struct bl__fdq;
typedef struct bl__fd {
    struct bl__io *rd, *wr; /* waiting reader, writer */
    struct bl__fdq *q;      /* readers and writers queued behind them */
    uint8_t ready;          /* BL_IN|BL_OUT we believe in (edge cache) */
    uint8_t reg;            /* BL_REG_*: how it is known to the backend */
    uint8_t want;           /* interest last told a level backend */
} bl__fd;

/* How an fd is known to the backend: not at all; ours, kept registered
 * between operations (on a level backend, told each change of interest);
 * registered while somebody waits; ours on an edge backend, registered
 * once for both directions until it closes: nothing ever to tell. */
enum { BL_REG_NONE, BL_REG_CACHED, BL_REG_TRANSIENT, BL_REG_KEPT };

typedef struct bl__loop {
    bool running;
    const bl__backend *be;
    void *bes;                /* backend state */
    uint64_t now;             /* cached monotonic ns (bl__now()) */
    bool now_valid;           /* now was read in this pass */

    /* tasks: slot i is alive iff gens[i] is odd; id = gen << 32 | i */
    bl_coro **roots;          /* root coroutine, or next free slot + 1 */
    uint32_t *gens;
    uint32_t *nums;           /* nums[i]: the task's number, 1, 2, 3... in
                                 the order tasks started (bl_dump, gdb) */
    uint32_t numcap, lastnum; /* nums' capacity; the last number given */
    uint32_t nslots, slotcap, freeslot; /* freeslot: index + 1, 0 none */
    uint32_t gencap;          /* gens' capacity (slotcap: both's) */
    size_t ntasks;
    uint32_t cur;             /* the running task's slot; BL_NO_TASK
                                 while none runs (timers, the end) */
    uint32_t root;            /* bl_run's task slot */
    bool root_ended;          /* bl_run's task has ended */
    bool ready_ops;           /* the backend's operations are io.c's
                                 (bl__ready_start), started inline */
    bool pass_end;            /* the loop has more to do than run the ready
                                 queue (timers, fds, the end, a big ring):
                                 a pass must end; set by what adds work */

    /* the ready queue is bl__ready (bluelet.h): an entry with its low bit
     * set restores errno from the coroutine's completed awaitable when it
     * resumes; (bl_coro *)1 is a withdrawn entry */
    bool ring_big;            /* the ready queue's ring has more slots than
                                 it keeps after a burst (rq_shrink()); a
                                 flag, so the loop keeps no copy of the
                                 mask: it masks from memory as it pops */
    int budget;               /* fast completions left before yielding
                                 (BL_FAST_MAX at each suspension) */
    bl_ev_ssize sent;         /* the result of a send made at its yield
                                 (bl__send_at(): no event), the running
                                 coroutine's awaited until its next await */
    struct {                  /* what bl__send_at() sends, across send() */
        bl_conn *c;
        const void *buf;
        size_t n;
        bool all;
    } at;
    int depth;                /* nested direct runs of callees */
    bl_coro *tramp;           /* after the running chain unwinds: a callee
                                 too deep to run, for step_tramp() to start, or
                                 the kill mark (the task yielded
                                 bl_kill(bl_self())); NULL: nothing */

    /* timers: 4-ary min-heap */
    bl__timer **heap;
    uint32_t nheap, heapcap;
    uint32_t tseq;

    /* joiners: a list, scanned when a task ends */
    struct bl__join *joins;

    /* fds */
    bl__fd *fds;
    int nfds;
    size_t nreg;              /* fds known to the backend */
    size_t nwait;             /* events waiting for an fd */

    struct bl__loop *next_loop; /* bl__loops */
} bl__loop;

extern _Thread_local bl__loop bl__L
    __attribute__((tls_model("initial-exec"))) BL_HIDDEN;

/* Every running loop (one per thread in bl_run), linked by next_loop: a
 * plain global, where a debugger starts (runtime/gdb/bluelet.py), in a
 * live process or a core file alike, since the loops themselves are
 * thread-local.  Not hidden, so that the shared library keeps it a global
 * symbol. */
extern bl__loop *bl__loops;

/* alloc.c: size classes of 8 bytes up to slab_max, each a free list; the
 * fast path (a class's free list) is inline, the rest in alloc.c. */
#define BL__SLAB_ALIGN 8
#define BL__NCLASS (2048 / BL__SLAB_ALIGN)
struct bl__slabs {
    void *free[BL__NCLASS];     /* per class: freed objects */
    struct bl__chunk *chunks[BL__NCLASS]; /* per class: where new ones come from */
    size_t live;                /* objects handed out, all classes */
    size_t slab_max;            /* bigger objects come from malloc: 0 until
                                   the first allocation decides, then
                                   2048, or 0 in debug mode */
    bool decided;
};
extern _Thread_local struct bl__slabs bl__S
    __attribute__((tls_model("initial-exec"))) BL_HIDDEN;
void *bl__alloc_slow(size_t size) BL_HIDDEN;
void bl__free_slow(void *p, size_t size) BL_HIDDEN;

#ifdef BL_FAULT /* the fault tests' build (tests/fault/failalloc.c) */
bool bl__fault_alloc(void); /* true: this allocation fails */
#endif

/* An object from its class's free list, or NULL when that takes more
 * (an empty list, debug mode, a fault test's build): then bl__alloc(). */
static inline void *bl__alloc_fast(size_t size)
{
#ifdef BL_FAULT
    return NULL;
#endif
    if (size - 1 < bl__S.slab_max) { /* (0 wraps round: slow) */
        size_t c = (size - 1) / BL__SLAB_ALIGN;
        void *p = bl__S.free[c];
        if (p) {
            bl__S.free[c] = *(void **)p;
            bl__S.live++;
            return p;
        }
    }
    return NULL;
}

static inline void *bl__alloc(size_t size)
{
#ifdef BL_FAULT
    if (bl__fault_alloc()) {
        errno = ENOMEM;
        return NULL;
    }
#endif
    void *p = bl__alloc_fast(size);
    return p ? p : bl__alloc_slow(size);
}

static inline void bl__free(void *p, size_t size)
{
    if (p && size - 1 < bl__S.slab_max) {
        size_t c = (size - 1) / BL__SLAB_ALIGN;
        *(void **)p = bl__S.free[c];
        bl__S.free[c] = p;
        bl__S.live--;
        return;
    }
    bl__free_slow(p, size);
}
void bl__alloc_release(void) BL_HIDDEN; /* give chunks back if all free */
void *bl__array_grow(void *p, size_t old, size_t size) BL_HIDDEN;
void bl__array_free(void *p, size_t size) BL_HIDDEN;
void *bl__ev_new(unsigned kind) BL_HIDDEN;     /* counted as an event */
void bl__ev_free(bl_aw *aw) BL_HIDDEN;         /* any awaitable */
extern _Thread_local size_t bl__nframes BL_HIDDEN, bl__nevents BL_HIDDEN;

/* debug.c */
extern _Thread_local int bl__debug BL_HIDDEN;  /* BLUELET_DEBUG is on */
bool bl__debug_init(void) BL_HIDDEN;           /* read it: on? */
void bl__debug_retire(void *p, size_t size, const bl_coro_info *frame)
    BL_HIDDEN;                                 /* quarantine, free later;
                                                  a frame's poison checked */
#define BL_POISON 0xdb                         /* a freed object's bytes */
void bl__debug_flush(void) BL_HIDDEN;          /* free the quarantine */
__attribute__((noreturn, cold))
void bl__misuse(const bl_coro *co, const char *what) BL_HIDDEN; /* abort,
                                           naming co's file:line */
void bl__debug_check_fresh(const bl_coro *co, const bl_coro *h) BL_HIDDEN;
void bl__debug_check_spawn(const bl_coro *co, const bl_aw *h) BL_HIDDEN;
__attribute__((cold))
void bl__debug_reused(const bl_coro *co) BL_HIDDEN; /* its last awaitable
                                                       yielded again */
#define BL_FD_FREED (-2) /* debug: the fd of a connection bl_close() freed */

/* sched.c */
enum { BL_FAST_MAX = 64 }; /* fast completions before a coroutine yields */
static inline void bl__complete(bl__ev *ev);   /* pending -> done, wake */
static inline void bl__wake(bl_coro *co);      /* onto the ready queue */
void bl__rq_grow(void) BL_HIDDEN;              /* its ring doubles */
/* A ready-queue entry with this bit set restores errno from the
 * coroutine's completed awaitable when it resumes (sched.c): a wake whose
 * awaitable failed (bl__wake_from()). */
#define BL_RQ_RESTORE ((uintptr_t)1)
/* A ready-queue entry with this bit set says its coroutine ended in the
 * resume that just returned (BL_END: bl__ended()), for the loop to go on
 * with its caller (sched.c). */
#define BL_RQ_ENDED ((uintptr_t)2)
void bl__cancel(bl_aw *aw) BL_HIDDEN;          /* withdraw, if pending */
void bl__end_chain(bl_coro *top, bool keep_top) BL_HIDDEN; /* cancel, free */
bl_coro *bl__leaf(bl_coro *co) BL_HIDDEN;      /* the innermost callee */
bl_task bl__task_start(bl_coro *root) BL_HIDDEN; /* a new task, queued; 0:
                                                   ENOMEM (root not freed) */
void bl__task_cancel(bl_task t) BL_HIDDEN;     /* as bl_kill(); the running
                                                  task ends at its yield */
bl_coro *bl__running(void) BL_HIDDEN;          /* the running coroutine */
bool bl__task_root(const bl_coro *co) BL_HIDDEN; /* the root of a live task */
int bl__run_helped(bl_aw *root, bl_coro *const *helpers, int nhelpers)
    BL_HIDDEN;                                 /* bl_run, helper tasks beside */
bl_task bl__root_task(void) BL_HIDDEN;         /* bl_run's task, or 0 */

/* threads.c */
extern _Thread_local bool bl__threaded BL_HIDDEN; /* a loop of bl_run_threads */
#define BL_NO_TASK UINT32_MAX

/* timer.c */
uint64_t bl__clock(void) BL_HIDDEN;
/* The loop's clock: read at most once per pass, and only when needed. */
static inline uint64_t bl__now(void);
int bl__timer_add(bl__timer *t) BL_HIDDEN; /* -1: ENOMEM */
void bl__timer_del(bl__timer *t) BL_HIDDEN;
int bl__timers_run(void) BL_HIDDEN;            /* fire due; how many */
int bl__timers_wait_ms(void) BL_HIDDEN;        /* -1: no timers */
void bl__deadline_arm(bl_aw *aw, bl_coro *co) BL_HIDDEN;
void bl__deadline_drop(bl_aw *aw) BL_HIDDEN;
void bl__timers_free(void) BL_HIDDEN;
extern const bl__kind bl__kind_sleep BL_HIDDEN, bl__kind_deadline BL_HIDDEN;

/* io.c */
typedef struct bl__io {
    bl__ev ev;
    int fd;
    uint8_t dir;          /* BL_IN or BL_OUT */
    uint8_t op;           /* BL_OP_* */
    bool cached;          /* the fd is ours (bl_conn, bl_listener): keep it
                             registered between operations */
    bool blocking;        /* bl_read/bl_write on an fd without O_NONBLOCK:
                             one syscall per report of readiness */
    union {               /* (sendfile has no buffer, readline no offset:
                             every io stays the same size) */
        char *buf;        /* the bytes */
        int file;         /* sendfile: the file's fd */
    };
    size_t len;
    union {
        size_t done;      /* sendall, sendfile: bytes sent so far */
        int flags;        /* recvfrom, sendto: their flags argument */
    };
    void *obj;            /* bl_conn or bl_listener; recvfrom, sendto: the
                             address */
    union {
        const char *delim;    /* readline */
        off_t off;            /* sendfile: where the file's bytes start */
        socklen_t *alen;      /* recvfrom: the address's room, then length */
        socklen_t tolen;      /* sendto: the address's length */
    };
} bl__io;

typedef int bl__tryfn(bl__io *io); /* 1: done (result set), 0: EAGAIN */
extern bl__tryfn *const bl__try[BL_OP_COUNT] BL_HIDDEN;
int bl__try_recv(bl__io *io) BL_HIDDEN;     /* net.c: the socket ops */
int bl__try_send(bl__io *io) BL_HIDDEN;     /* send and sendall */
int bl__try_readline(bl__io *io) BL_HIDDEN;
int bl__try_accept(bl__io *io) BL_HIDDEN;
int bl__try_connect(bl__io *io) BL_HIDDEN;
int bl__try_sendfile(bl__io *io) BL_HIDDEN; /* net.c */
/* A connection (net.c's; here for the inline paths that look at its
 * buffer). */
struct bl_conn {
    int fd;            /* -1 once closed by its handler (served) */
    bool eof;          /* the peer's end of stream was read */
    bool served;       /* bl_server's: freed when its handler ends */
    bool fed;          /* its bytes come from the backend (io_uring's
                          multishot recv), never from a recv() of ours */
    char *rbuf;        /* bytes received but not yet handed out */
    size_t rpos, rlen, rcap;
};

/* Bytes read ahead wait in the connection: a read the connection's buffer
 * may serve now, tried even when the socket is not believed readable. */
static inline bool bl__io_buffered(const bl__io *io)
{
    if (io->op != BL_OP_RECV && io->op != BL_OP_READLINE)
        return false;
    const bl_conn *c = io->obj;
    return c->rpos < c->rlen;
}
int bl__try_signal(bl__io *io) BL_HIDDEN;   /* signal.c */
int bl__try_dgram(bl__io *io) BL_HIDDEN;    /* dgram.c */

/* The memory of a new operation, counted as an event, its fields for the
 * caller to set (bl__ev_new(BL_K_IO), inline); NULL when out of memory. */
static inline bl__io *bl__io_alloc(void)
{
    bl__io *io = bl__alloc(sizeof *io);
    if (__builtin_expect(io != NULL, 1))
        bl__nevents++;
    return io;
}

/* A new operation on fd, all its fields zero but these; NULL when out of
 * memory.  Inline: two are made per echo round trip. */
static inline bl__io *bl__io_new(int fd, unsigned dir, unsigned op)
{
    bl__io *io = bl__io_alloc();
    if (io)
        *io = (bl__io){.ev.aw.kind = BL_K_IO, .fd = fd, .dir = (uint8_t)dir,
                       .op = (uint8_t)op};
    return io;
}

/* The fields of a new operation on connection c (NULL: a failed
 * connect's or accept's, passed on: the caller fails it), its aw.flags
 * `flags`, the rest zero; field by field, which takes fewer stores than a
 * compound literal. */
static inline void bl__conn_io_init_flags(bl__io *io, bl_conn *c, void *buf,
                                          size_t n, unsigned dir, unsigned op,
                                          unsigned flags)
{
    io->ev.aw = (bl_aw){.kind = BL_K_IO, .flags = (uint8_t)flags};
    io->ev.r.n = 0;
    io->ev.co = NULL;
    io->fd = c ? c->fd : -1;
    io->dir = (uint8_t)dir;
    io->op = (uint8_t)op;
    io->cached = true;
    io->blocking = false;
    io->buf = buf;
    io->len = n;
    io->done = 0;
    io->obj = c;
    io->delim = NULL;
}
/* The same, its flags 0. */
static inline void bl__conn_io_init(bl__io *io, bl_conn *c, void *buf, size_t n,
                                    unsigned dir, unsigned op)
{
    bl__conn_io_init_flags(io, c, buf, n, dir, op, 0);
}

/* net.c's bl_recv, bl_send and bl_sendall: a connection and a free event
 * at hand is the inline case, which saves no register; anything else is a
 * tail call to bl__conn_op_slow(). */
bl_ev_ssize *bl__conn_op_slow(bl_conn *c, void *buf, size_t n, unsigned dir,
                              unsigned op) BL_HIDDEN;
static inline bl_ev_ssize *bl__conn_op(bl_conn *c, void *buf, size_t n,
                                       unsigned dir, unsigned op)
{
    bl__io *io = c ? bl__alloc_fast(sizeof *io) : NULL;
    if (__builtin_expect(io == NULL, 0))
        return bl__conn_op_slow(c, buf, n, dir, op);
    bl__nevents++;
    bl__conn_io_init(io, c, buf, n, dir, op);
    return (bl_ev_ssize *)io;
}

/* A yielded awaitable that its coroutine is done with (the runtime's, not a
 * static one): as bl__ev_free(), with the I/O path's kind inline. */
static inline void bl__ev_release(bl_aw *aw)
{
    if (aw->kind == BL_K_IO) {
        bl__free(aw, sizeof(bl__io));
        bl__nevents--;
        return;
    }
    bl__ev_free(aw);
}
/* The waiter slot of io's direction on its fd. */
static inline bl__io **bl__waiter(bl__fd *f, const bl__io *io)
{
    return io->dir == BL_IN ? &f->rd : &f->wr;
}
int bl__start_wait(bl__io *io) BL_HIDDEN; /* io.c: a start's wait */
int bl__start_far(bl__io *io) BL_HIDDEN;  /* io.c: a start, fd not in the table */
void bl__io_fail(bl__io *io, int err) BL_HIDDEN; /* complete at start */
void bl__io_abandon(bl__io *io) BL_HIDDEN; /* ended before its result was
                                              taken: a connect's socket,
                                              nobody's yet, closed */
int bl__io_error(bl__io *io, int err) BL_HIDDEN; /* try: failed, 1 */
void bl__io_drop_result(bl_aw *aw) BL_HIDDEN;    /* an unread accept's */
int bl__io_again(bl__io *io) BL_HIDDEN;  /* try: EAGAIN, belief off, 0 */
int bl__io_errno(bl__io *io) BL_HIDDEN;  /* try: after a failed syscall:
                                            -1 retry (EINTR), else 0 or 1 */
static inline bl__fd *bl__fd_get(int fd);       /* NULL: out of memory */
bl__fd *bl__fd_grow(int fd) BL_HIDDEN;           /* its slow path */
void bl__fd_adopt(int fd) BL_HIDDEN;        /* a new fd of ours: ready */
void bl__fd_forget(int fd) BL_HIDDEN;       /* before closing it: waiters
                                               fail with EBADF */
void bl__fd_ready(int fd, unsigned mask) BL_HIDDEN; /* from the backend */
/* One event waits on an fd per direction (bl__fd.rd, .wr); those that come
 * meanwhile queue behind it, in order (any backend's). */
int bl__fd_enqueue(bl__fd *f, bl__io *io) BL_HIDDEN;   /* 0, -1: ENOMEM */
bool bl__fd_unqueue(bl__fd *f, const bl__io *io) BL_HIDDEN; /* was queued */
bl__io *bl__fd_dequeue(bl__fd *f, unsigned dir) BL_HIDDEN;  /* next, or NULL */
void bl__fd_fail_waiters(int fd) BL_HIDDEN; /* fd closes: all fail, EBADF */
int bl__conn_append(bl_conn *c, const void *p, size_t n) BL_HIDDEN; /* net.c:
                                        received bytes to c's buffer: 0, -1 */
size_t bl__conn_buffered(const bl_conn *c) BL_HIDDEN; /* bytes waiting in it */
void bl__conn_feed(bl_conn *c, bool fed) BL_HIDDEN; /* the backend brings its
                                        bytes (readline makes no recv()) */
int bl__accept_fd(bl__io *io, int fd) BL_HIDDEN; /* net.c: an accepted fd
                                        becomes io's bl_conn: 1 (or failed) */
/* An internal reader: waits on fd (op's try function serves it and never
 * completes it) until stopped.  NULL with errno. */
bl__io *bl__reader_start(int fd, unsigned op) BL_HIDDEN;
void bl__reader_stop(bl__io *io) BL_HIDDEN; /* cancels and frees it */
int bl__io_init(void) BL_HIDDEN;
void bl__io_free(void) BL_HIDDEN;
extern const bl__kind bl__kind_io BL_HIDDEN, bl__kind_waitfd BL_HIDDEN;

/* net.c: the runtime's own coroutines, ended early by kill or timeout */
void bl__net_cleanup(bl_coro *co) BL_HIDDEN;
int bl__net_status(const bl_coro *co) BL_HIDDEN; /* bl_server: -1 failed */
void bl__net_stats(struct bl_stats *out) BL_HIDDEN; /* conns, listeners, sockets */

/* group.c */
void bl__groups_end(bl_coro *owner) BL_HIDDEN; /* owner ends: its groups go */
void bl__group_member_end(bl_coro *co) BL_HIDDEN; /* a killed frame: if a
                                                     group's, out of it */
extern const bl__kind bl__kind_group_spawn BL_HIDDEN, bl__kind_group_any BL_HIDDEN,
    bl__kind_group_all BL_HIDDEN;

/* chan.c */
extern const bl__kind bl__kind_chan BL_HIDDEN, bl__kind_cond BL_HIDDEN;

/* work.c: a job runs on a worker thread, then its `done` on the loop */
typedef struct bl__job {
    struct bl__job *next;             /* the pool's lists */
    void (*run)(struct bl__job *j);   /* on a worker: the blocking part */
    void (*done)(struct bl__job *j);  /* on the loop: the result to ev (if
                                         any, by bl__job_finish), then free
                                         the job and what it made; also for
                                         a job dropped unrun */
    void (*abandon)(struct bl__job *j); /* on the loop, optional: its event
                                           was cancelled (ev is NULL now) */
    bl__ev *ev;                       /* who waits; NULL once abandoned */
    const char *what;                 /* for bl_dump */
} bl__job;
int bl__job_submit(bl__job *j) BL_HIDDEN;        /* 0, or -1 with errno */
bl__ev *bl__work_new(bl__job *j, unsigned rtype) BL_HIDDEN; /* its event */
void bl__job_finish(bl__job *j, int err) BL_HIDDEN; /* complete j->ev */
unsigned bl__work_rtype(const bl_aw *aw) BL_HIDDEN;
int bl__try_work(bl__io *io) BL_HIDDEN;
bool bl__is_file(int fd) BL_HIDDEN;    /* regular or block: never waited on */
bl_ev_ssize *bl__file_io(int fd, void *buf, size_t n, bool write) BL_HIDDEN;
void bl__work_free(void) BL_HIDDEN;
int bl__notify_open(int fds[2]) BL_HIDDEN;      /* eventfd, or a pipe: 0, -1 */
void bl__notify(const int fds[2]) BL_HIDDEN;    /* fds[0] readable; any thread */
void bl__notify_close(int fds[2]) BL_HIDDEN;
extern const bl__kind bl__kind_work BL_HIDDEN;

/* signal.c */
extern const bl__kind bl__kind_signal BL_HIDDEN;
void bl__signal_free(void) BL_HIDDEN;

/* The clock, read at most once per pass of the loop; a read ends the pass
 * (pass_end), so that the next one reads it afresh. */
static inline uint64_t bl__now(void)
{
    if (!bl__L.now_valid) {
        bl__L.now = bl__clock();
        bl__L.now_valid = true;
        bl__L.pass_end = true;
    }
    return bl__L.now;
}

/* fd's entry in the fd table, which grows to hold it (io.c): NULL when
 * fd < 0 or out of memory.  Inline: on the path of every operation. */
static inline bl__fd *bl__fd_get(int fd)
{
    if (__builtin_expect((unsigned)fd < (unsigned)bl__L.nfds, 1))
        return &bl__L.fds[fd];
    return bl__fd_grow(fd);
}

/*
 * Appends an entry to the ready queue, keeping a slot free for the running
 * coroutine: the hot path of bl__await() (bluelet.h), a bl_null() after a
 * bl_null(), pushes with no check at all.  That is safe because a pass
 * resumes one coroutine at a time, having just taken it off the ring, and
 * bl_null() suspends it, so the chain it runs makes at most one such push
 * per resume.  (Inline: every completion wakes someone.)
 */
static inline void bl__rq_push(bl_coro *entry)
{
    size_t t = bl__ready.tail;
    if (__builtin_expect(t - bl__ready.head >= bl__ready.mask, 0))
        bl__rq_grow();
    bl__ready.tail = t + 1; /* (first: then gcc masks from memory) */
    bl__ready.ring[t & bl__ready.mask] = entry;
}

/* Onto the ready queue, to resume with errno restored from `done`, the
 * awaitable it awaited, which has completed (its err is final): tagged
 * only when it failed, so a success resumes with nothing to look at. */
static inline void bl__wake_from(bl_coro *co, const bl_aw *done)
{
    bl__rq_push((bl_coro *)((uintptr_t)co | (done->err ? BL_RQ_RESTORE : 0)));
    co->aw.flags |= BL_F_QUEUED;
}

/* The same when the awaitable is co's awaited, or none (a task's start). */
static inline void bl__wake(bl_coro *co)
{
    bl__rq_push((bl_coro *)((uintptr_t)co |
                            (co->awaited && co->awaited->err ? BL_RQ_RESTORE : 0)));
    co->aw.flags |= BL_F_QUEUED;
}

static inline void bl__complete(bl__ev *ev)
{
    ev->aw.flags &= (uint8_t)~BL_F_PENDING;
    if (ev->aw.flags & BL_F_DEADLINE)
        bl__deadline_drop(&ev->aw);
    bl__wake_from(ev->co, &ev->aw);
}

/* The start of io, whose fd is in the table: the syscall at once when the
 * fd is believed ready, else bl__start_wait() (io.c).  An fd believed ready in io's
 * direction has no waiter in it (one waits because it found the fd not
 * ready, and a report serves it first), so only bytes buffered ahead need
 * the check: a line still being read has them.  The common wait -- its
 * turn, an fd an edge backend keeps -- is inline, with no call. */
static inline int bl__start_known(bl__io *io)
{
    bl__fd *f = &bl__L.fds[io->fd];
    if ((f->ready & io->dir) || (bl__io_buffered(io) && !*bl__waiter(f, io))) {
        if (bl__try[io->op](io))
            return 1;
        return bl__start_wait(io);
    }
    if (*bl__waiter(f, io) || f->reg != BL_REG_KEPT)
        return bl__start_wait(io);
    *bl__waiter(f, io) = io; /* bl__start_wait(), no more to do */
    bl__L.nwait++;
    bl__L.pass_end = true;
    return 0;
}

/* A task id from its slot. */
static inline bl_task bl__task_id(uint32_t slot)
{
    return (bl_task)bl__L.gens[slot] << 32 | slot;
}

/* The runtime's own coroutines are written by hand in blc's form; their
 * line tables (bl_coro_info.lines: bl_dump, gdb) are kept right by the
 * compiler.  An enum before the resume function names its lines, the
 * first as `NAME__L0 = __LINE__ + k` (the resume function's, k lines on)
 * and each await's as an offset from it; each await is written
 * BL__AWAIT_AT(NAME__Ln, co, n, e), BL_AWAIT(co, n, e) that fails the
 * build when it is not on the line the table says. */
#define BL__AWAIT_AT(line, co, n, e)                                          \
    do {                                                                      \
        _Static_assert(__LINE__ == (line), "the line table's " #line          \
                       " is not this await's line");                          \
        BL_AWAIT(co, n, e);                                                   \
    } while (0)

#endif /* BLUELET_INTERNAL_H */
