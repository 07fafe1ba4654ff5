/*
 * bluelet.h - the public API of libbluelet, and the contract between the
 * code that blc generates and the runtime that runs it.
 *
 * A coroutine is a heap frame plus a resume function (a switch on the
 * frame's saved state).  Everything a coroutine can wait on -- a runtime
 * event such as bl_recv(), or another coroutine -- is an *awaitable*: a
 * struct whose first member is `bl_aw aw` and which, when it produces a
 * value, has a member `result` of the value's type.  `yield E` suspends on
 * E and then reads E's `result` with E's own type, so user code needs no
 * casts.  The scheduler is single-threaded: one event loop per thread,
 * created by bl_run() and gone when it returns.
 *
 * Ownership, in one place:
 *  - A coroutine constructor (`f(args)` for `coroutine T f(P)`) allocates a
 *    frame and returns its handle.  The frame belongs to whoever yields,
 *    spawns or runs the handle; a handle that is never used leaks, like an
 *    unfreed malloc.  A handle may be used once.
 *  - The runtime frees a frame when its coroutine ends and nobody can read
 *    its result any more: at once for a spawned task (its id stays safe),
 *    and for a called coroutine when its caller next yields or ends.
 *  - An event (bl_recv(), bl_sleep(), ...) belongs to the coroutine that
 *    yields it.  The runtime keeps it, with its result, until that
 *    coroutine's next yield or end, and then frees it.
 *  - bl_kill() frees the task's frames and events, and the events of every
 *    coroutine it was awaiting; fds of bl_conn and bl_listener objects are
 *    the program's to close (bl_server closes the connections it made).
 *  - bl_conn and bl_listener objects are freed by bl_close() and
 *    bl_listener_close().
 * Errors are values: -1 (or NULL) with errno set, valid right after the
 * yield.  The runtime never raises SIGPIPE.
 *
 * BLUELET_DEBUG=1 in the environment (read when the runtime first
 * allocates on a thread) is debug mode: each frame and event its own
 * malloc, freed ones quarantined, and misuse -- an event or handle yielded
 * twice, a handle used after it was freed, a connection used after
 * bl_close() -- aborts naming the .blc file and line of the yield; a freed
 * frame written through a kept pointer is found when it leaves the
 * quarantine (at the latest when bl_run() returns).
 */
#ifndef BLUELET_H
#define BLUELET_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/types.h>

#define BL_VERSION "0.1.0"

/* ------------------------------------------------------------------ */
/* Awaitables and coroutines                                          */
/* ------------------------------------------------------------------ */

typedef struct bl_aw bl_aw;
typedef struct bl_coro bl_coro;
typedef struct bl_coro_info bl_coro_info;
typedef struct bl_conn bl_conn;         /* a connected stream socket */
typedef struct bl_listener bl_listener; /* a listening socket */
typedef uint64_t bl_task;               /* a task id; 0 is never a task */

/* The header every awaitable starts with.  Only the runtime writes it. */
struct bl_aw {
    uint8_t kind;  /* what this awaitable is (runtime-private values) */
    uint8_t flags; /* runtime-private */
    uint16_t spare;
    int err;       /* errno of a failed completion, or 0 */
    bl_aw *next;   /* runtime-private list link */
};

/* What the runtime knows of a coroutine; blc emits one, static const, per
 * coroutine definition. */
struct bl_coro_info {
    const char *name;             /* the coroutine's name in its source */
    const char *file;             /* the .blc it was translated from */
    void (*resume)(bl_coro *co);  /* its state machine */
    size_t frame_size;            /* sizeof its frame struct */
    unsigned nstates;             /* resume points, plus one for the start */
    const unsigned *lines;        /* lines[s]: source line of resume point s;
                                     lines[0]: the line of the definition */
    void (*unwind)(bl_coro *co);  /* runs the cleanup functions of the
                                     locals live at co->state, when the
                                     coroutine is ended while suspended
                                     (killed, timed out, bl_run's end);
                                     NULL when it has none */
};

/* The coroutine header: the first member of every frame.  Generated code
 * reads and writes `state` (through the BL_ macros below) and reads
 * `awaited`; everything else is the runtime's. */
struct bl_coro {
    bl_aw aw;                   /* a coroutine is itself awaitable */
    const bl_coro_info *info;   /* static description, from blc */
    int state;                  /* resume point: 0 before the first run,
                                   BL_DONE once ended */
    uint32_t task;              /* runtime-private: owning task slot */
    bl_aw *awaited;             /* what it is suspended on; once resumed,
                                   the completed awaitable to read */
    bl_coro *caller;            /* runtime-private: who awaits this one */
};

#define BL_DONE (-1)

/*
 * Handles.  `coroutine void f(P)` gets a constructor `bl_coro *f(P)`.
 * `coroutine T f(P)` (T not void) gets a handle type of its result type,
 * shared by every coroutine of that result (so that coroutines of one
 * signature have one pointer type), which blc declares in every unit
 * that needs it, its tag T's canonical spelling (blc(1)):
 *
 *     struct bl__co_int { union { bl_aw aw; bl_coro co; }; int result; };
 *     struct bl__co_int *f(P);
 *
 * and the frame, in the defining unit, starts with the handle:
 *
 *     struct f__frame { struct bl__co_int h; P params; locals; temporaries; };
 *
 * A constructor never returns NULL: when the frame cannot be allocated it
 * returns a static handle initialised with BL_FAILED_HANDLE, whose await
 * completes at once with a zero result and errno ENOMEM, and whose spawn
 * fails with ENOMEM.
 */
#define BL_AW_FAILED 1 /* kind of a failed handle; other kinds are private */

/* On every event and on the constructors blc writes: an event or a handle
 * that nobody yields, spawns or runs does nothing and leaks, which the C
 * compiler then says (blc says it where it can see it: a call that is a
 * statement of its own). */
#define BL_MUST_USE __attribute__((warn_unused_result))
#define BL_FAILED_HANDLE { .aw = { .kind = BL_AW_FAILED, .err = 12 /*ENOMEM*/ } }

/* The awaitable header of E, which must have an `aw` member (checked at
 * compile time, never evaluated); E itself is evaluated once. */
#define BL_AW(e) ((bl_aw *)(0 ? (void *)&(e)->aw : (void *)(e)))

/* Generated code only, where blc cannot see whether E is awaitable (a
 * member, an element, a cast): it writes, on E's .blc line,
 *     _Static_assert(BL_AWAITABLE(e), "yield takes a coroutine call, ...");
 * BL_AWAITABLE is what C can check without an error of its own (E is a
 * pointer), and BL__AWP(e) is E, or when E is no pointer a null pointer
 * to a struct { aw; result of E's type }, so that the assertion is the
 * one error. */
#define BL_AWAITABLE(e) (__builtin_classify_type(e) == 5 /* a pointer */)
#define BL__AWP(e)                                                            \
    __builtin_choose_expr(BL_AWAITABLE(e), (e),                               \
                          (struct { bl_aw aw; __typeof__(e) result; } *)0)

/*
 * What generated code does with them.  A resume function is
 *
 *     static void f__resume(bl_coro *co)
 *     {
 *         struct f__frame *self = (struct f__frame *)co;
 *         switch (co->state) { case 0: break; case 1: goto resume_1; ... }
 *         ...
 *         BL_AWAIT(co, 1, bl_recv(self->conn, self->buf, sizeof self->buf));
 *     resume_1:
 *         self->n = BL_RESULT(co, bl_recv(self->conn, self->buf, sizeof self->buf));
 *         ...
 *         BL_END(co);
 *     }
 *
 * BL_AWAIT records the resume point, hands E to the scheduler and returns
 * from the resume function unless E completed at once (the fast path:
 * data already there, a callee that ends without blocking).
 * BL_RESULT reads the completed awaitable's result with E's type; E is not
 * evaluated again (it only names the type).  It is valid until the next
 * BL_AWAIT or the end of the coroutine.
 * BL_END ends the coroutine (and says so to whoever resumed it, so that
 * the loop need not look after every resume); `return v;` becomes
 *     self->h.result = v; BL_END(co);
 */
#define BL_AWAIT(co, n, e)                                                    \
    do {                                                                      \
        (co)->state = (n);                                                    \
        if (bl__await((co), BL_AW(e)))                                        \
            return;                                                           \
    } while (0)
#define BL_RESULT(co, e) (((__typeof__(e))(void *)(co)->awaited)->result)
#define BL_END(co)                                                            \
    do {                                                                      \
        (co)->state = BL_DONE;                                                \
        bl__ended(co);                                                        \
        return;                                                               \
    } while (0)

/* `yield bl_recv(c, b, n)`, `yield bl_send(c, b, n)` and
 * `yield bl_sendall(c, b, n)`, the call the yield's whole operand, are
 * written BL_AWAIT_IO(co, N, E) by blc: the same as BL_AWAIT, but the
 * syscall is made at once when the connection is believed ready and
 * nobody waits on it in that direction, and one that completes there
 * makes no event (its result is read with BL_RESULT as any other, valid
 * until the next await).  E's callee names which (bl__at_bl_recv... below);
 * E is evaluated once. */
#define BL_AWAIT_IO(co, n, e)                                                 \
    do {                                                                      \
        (co)->state = (n);                                                    \
        if (BL__AT((co), bl__at_##e))                                         \
            return;                                                           \
    } while (0)
#define BL__AT(co, ...) BL__AT_(co, __VA_ARGS__)
#define BL__AT_(co, f, ...) f(co, __VA_ARGS__)
#define bl__at_bl_recv(c, b, n) bl__recv_at, (c), (b), (n)
#define bl__at_bl_send(c, b, n) bl__send_at, (c), (b), (n), 0
#define bl__at_bl_sendall(c, b, n) bl__send_at, (c), (b), (n), 1
int bl__recv_at(bl_coro *co, bl_conn *c, void *buf, size_t n);
                                               /* as bl__await(co, bl_recv(c, buf, n)) */
int bl__send_at(bl_coro *co, bl_conn *c, const void *buf, size_t n, int all);
                                               /* as bl__await(co, bl_send
                                                  (all: bl_sendall)(c, buf, n)) */

/* Runtime entry points used by generated code only. */
void *bl__frame_new(const bl_coro_info *info); /* header set, rest undefined;
                                                  NULL when out of memory */
void bl__ended(bl_coro *co);                   /* co ended: tells whoever
                                                  resumed it */
static inline int bl__await(bl_coro *co, bl_aw *aw); /* 1: suspended,
                                                        0: done now */

/* ------------------------------------------------------------------ */
/* Events, typed by their result                                      */
/* ------------------------------------------------------------------ */

typedef struct bl_ev_int { bl_aw aw; int result; } bl_ev_int;
typedef struct bl_ev_ssize { bl_aw aw; ssize_t result; } bl_ev_ssize;
typedef struct bl_ev_conn { bl_aw aw; bl_conn *result; } bl_ev_conn;
typedef struct bl_ev_task { bl_aw aw; bl_task result; } bl_ev_task;

/* Runs the coroutine h until it ends, then ends every task still alive.
 * Returns 0, or -1 with errno when the loop cannot start (EINVAL: an
 * unknown BLUELET_BACKEND; EBUSY: a loop already runs on this thread),
 * when h is a runtime coroutine (bl_server) that failed, or when nothing
 * could ever wake the coroutines still waiting (EDEADLK: no ready
 * coroutine, no timer, no fd or signal waited on).  While it runs, a
 * default SIGPIPE disposition is set to SIG_IGN (restored after), so a
 * write to a closed pipe fails with EPIPE. */
#define bl_run(h) bl__run(BL_AW(h))
int bl__run(bl_aw *root);

/*
 * Tasks.  A task id stays safe after its task ended: it then names no
 * task (ids carry a generation), and
 *  - bl_join() of an ended or unknown task completes at once with 0;
 *  - bl_kill() of an ended or unknown task is a no-op with result 0;
 *  - bl_join(bl_self()) fails at once: -1, EDEADLK;
 *  - bl_kill(bl_self()) ends the calling task at that yield (it never
 *    resumes); its joiners wake.
 * Joiners of one task wake in the order they joined.  Timers with equal
 * deadlines fire in the order they were started; deadlines come from a
 * monotonic clock read at most once per pass of the loop.
 */
BL_MUST_USE static inline bl_ev_int *bl_null(void);  /* let others run; result 0 */
#define bl_spawn(h) bl__spawn(BL_AW(h))  /* start h as a task; its id */
BL_MUST_USE bl_ev_task *bl__spawn(bl_aw *h);         /* (0 and ENOMEM if it cannot) */
#define bl_call(h) (h)                   /* `yield bl_call(h)` is `yield h` */
BL_MUST_USE bl_ev_int *bl_join(bl_task t);           /* wait for t to end; 0 */
BL_MUST_USE bl_ev_int *bl_kill(bl_task t);           /* end t and its callees; 0 */
BL_MUST_USE bl_ev_int *bl_sleep(double seconds);     /* 0 */
bl_task bl_self(void);                   /* the running task's id */

/* A deadline on any awaitable: returns E itself; if E has not completed
 * after `seconds`, it is cancelled and completes with -1 (NULL for a
 * connection, a zero result for a coroutine) and errno ETIMEDOUT. */
#define bl_timeout(seconds, e) ((__typeof__(e))bl__timeout((seconds), BL_AW(e)))
BL_MUST_USE bl_aw *bl__timeout(double seconds, bl_aw *aw);

/* Waits until one of the listed signals (0-terminated) is delivered; its
 * number.  Listed signals are caught while anyone waits for them. */
BL_MUST_USE bl_ev_int *bl_signal(int signo, ...);

/* ------------------------------------------------------------------ */
/* Channels and conditions                                            */
/* ------------------------------------------------------------------ */

/*
 * A channel carries values of elem_size bytes from coroutine to coroutine
 * (Go's chan).  It holds up to `cap` values; with cap 0 every send waits
 * for a receiver and every receive for a sender (a rendezvous).  Waiters
 * of each kind are served first come, first served; a value moves when
 * its operation completes, so the sender's value (the receiver's
 * destination) must stay valid until its yield returns (a local of the
 * coroutine does).  bl_chan_close(): every waiter wakes with -1 and
 * EPIPE, sends fail with EPIPE from then on, and receives take the values
 * still held, then fail with EPIPE.  bl_chan_free() closes, then frees.
 * A waiter ended by bl_kill() or bl_timeout() leaves its queue; its value
 * is not sent.  bl_chan_new(): NULL with errno ENOMEM.
 */
typedef struct bl_chan bl_chan;
bl_chan *bl_chan_new(size_t elem_size, size_t cap);
BL_MUST_USE bl_ev_int *bl_chan_send(bl_chan *ch, const void *val); /* 0, or -1 */
BL_MUST_USE bl_ev_int *bl_chan_recv(bl_chan *ch, void *val);       /* 0, or -1 */
void bl_chan_close(bl_chan *ch);                       /* again: no-op */
void bl_chan_free(bl_chan *ch);

/*
 * A condition: coroutines wait until another signals it (pthread_cond_t
 * without the mutex: one coroutine runs at a time, so test the predicate
 * in a loop around the wait, and nothing changes between the test and
 * the wait).  bl_cond_signal() wakes the longest waiter, broadcast every
 * waiter; a signal nobody waits for is lost.  bl_cond_free() wakes those
 * still waiting with -1 and EPIPE.  bl_cond_new(): NULL with ENOMEM.
 */
typedef struct bl_cond bl_cond;
bl_cond *bl_cond_new(void);
BL_MUST_USE bl_ev_int *bl_cond_wait(bl_cond *c);                   /* 0, or -1 */
void bl_cond_signal(bl_cond *c);
void bl_cond_broadcast(bl_cond *c);
void bl_cond_free(bl_cond *c);

/* ------------------------------------------------------------------ */
/* Task groups                                                        */
/* ------------------------------------------------------------------ */

/*
 * Structured tasks (Trio's nurseries, libdill's bundles).  A group belongs
 * to the coroutine that calls bl_group_new() (NULL and EPERM outside one,
 * ENOMEM).  When that coroutine ends -- returns, is killed or times out --
 * the group is freed and every task still in it killed, so no task of a
 * group outlives the frame whose locals it was given; the group pointer is
 * then invalid.  bl_group_free() does the same earlier.
 *  - bl_group_spawn(g, h): starts h as a task of g; its id (0 and errno
 *    ENOMEM, EINVAL).
 *  - bl_group_wait_any(g): the id of a task of g that ended, each
 *    reported once, in the order they ended (an ended task is remembered
 *    until reported, like a child process until waitpid()); 0 and ECHILD
 *    when none is alive and none is left to report.
 *  - bl_group_wait_all(g): 0 once no task of g is alive (at once if none
 *    is); the ended tasks count as reported.
 *  - bl_group_cancel(g): kills every task of g but the caller's own ("the
 *    rest"), at once; they leave g.
 * A task that frees its own group, or whose group's owner it kills, ends
 * at its next yield, as with bl_kill(bl_self()).
 */
typedef struct bl_group bl_group;
bl_group *bl_group_new(void);
#define bl_group_spawn(g, h) bl__group_spawn((g), BL_AW(h))
BL_MUST_USE bl_ev_task *bl__group_spawn(bl_group *g, bl_aw *h);
BL_MUST_USE bl_ev_task *bl_group_wait_any(bl_group *g);
BL_MUST_USE bl_ev_int *bl_group_wait_all(bl_group *g);
void bl_group_cancel(bl_group *g);
void bl_group_free(bl_group *g);

/* ------------------------------------------------------------------ */
/* Waiting on an fd                                                   */
/* ------------------------------------------------------------------ */

/*
 * Waits until fd is readable or writable, as `events` asks (BL_READABLE,
 * BL_WRITABLE or both), for driving a library that does its own I/O on
 * its own non-blocking fd (hiredis, libpq, c-ares, libcurl).  The result
 * is the mask of those that are ready (an error or hang-up on the fd
 * makes it both); -1 with errno: EBADF (not an open fd), EINVAL (no
 * event asked), EBUSY (another coroutine already waits on fd in that
 * direction, with bl_wait_fd() or bl_read()/bl_write()), ETIMEDOUT
 * under bl_timeout().  The runtime does no I/O on fd and keeps no hold on
 * it once the wait is over; closing fd while someone waits on it is the
 * program's mistake (kill or time out the waiter first).  A regular file
 * is always ready.
 */
#define BL_READABLE 1
#define BL_WRITABLE 2
BL_MUST_USE bl_ev_int *bl_wait_fd(int fd, int events);

/* ------------------------------------------------------------------ */
/* Files and sockets                                                  */
/* ------------------------------------------------------------------ */

/* Any fd (pipes, terminals, files).  The fd's flags are left alone: on an
 * fd without O_NONBLOCK, the runtime waits until it is readable
 * (writable), then makes one read() (one write() of at most PIPE_BUF
 * bytes), which cannot block on pipes, FIFOs, sockets and terminals.
 * Several coroutines may wait to read (write) one fd: they are served in
 * the order they yielded, one at a time, whatever the load (connections
 * too: two bl_sendall()s on one bl_conn go out one after the other, each
 * whole).  When bl_close() or bl_listener_close() closes a connection or
 * listener, whoever waits on it, or is queued, fails with EBADF. */
BL_MUST_USE bl_ev_ssize *bl_read(int fd, void *buf, size_t n);         /* bytes, 0 at EOF */
BL_MUST_USE bl_ev_ssize *bl_write(int fd, const void *buf, size_t n);  /* bytes written */

/* Hosts: numeric addresses (IPv4 or IPv6) never touch DNS.  bl_connect()
 * to a name resolves it on a worker thread (see bl_work), so the loop runs
 * on, and tries every address, staggered as RFC 8305 says (families
 * interleaved, the next attempt 250 ms after the last or as soon as it
 * fails; the first to connect wins), all within its bl_timeout(); NULL or
 * "": 127.0.0.1.  bl_listen() resolves a name on the loop.  A name that
 * does not resolve fails with EADDRNOTAVAIL; a port outside 0-65535,
 * EINVAL.
 * bl_listen(): "" or NULL is
 * every address (IPv6 and IPv4), SO_REUSEADDR, backlog SOMAXCONN; port 0
 * picks a free port (bl_listener_fd() + getsockname() tell which).
 * bl_accept() keeps serving when the process is out of fds: it sheds the
 * pending connection (accepted and closed at once) using a spare fd.
 * bl_sendall(): the total, or -1 (what was sent before an error is lost).
 * Connections are TCP_NODELAY: a send goes out at once, so send a message
 * whole (one bl_sendall of head and body) rather than in small pieces. */
BL_MUST_USE bl_ev_conn *bl_connect(const char *host, int port);
bl_listener *bl_listen(const char *host, int port);        /* not a yield */
BL_MUST_USE bl_ev_conn *bl_accept(bl_listener *l);
BL_MUST_USE bl_ev_ssize *bl_recv(bl_conn *c, void *buf, size_t n);     /* 0 at EOF */
BL_MUST_USE bl_ev_ssize *bl_send(bl_conn *c, const void *buf, size_t n);
BL_MUST_USE bl_ev_ssize *bl_sendall(bl_conn *c, const void *buf, size_t n);
/* Sends n bytes of the file open on fd, from offset on (the fd's own
 * offset is left alone), without copying them through the process where
 * the system can (sendfile(2) on Linux).  The total, fewer than n only when
 * the file ends first; -1 with errno (what was sent before is lost). */
BL_MUST_USE bl_ev_ssize *bl_sendfile(bl_conn *c, int fd, off_t offset, size_t n);
/* Reads up to and including `delim` (NULL: "\n"), at most cap - 1 bytes,
 * and NUL-terminates.  Its length; 0 at end of stream.  A line longer than
 * cap - 1 comes back as its first cap - 1 bytes, without delimiter; the
 * rest stays for the next call.  At end of stream a last line without
 * delimiter comes back as it is, then 0.  Bytes read ahead stay in the
 * connection's buffer, where bl_recv() finds them first.  cap < 2: -1,
 * EINVAL. */
BL_MUST_USE bl_ev_ssize *bl_readline(bl_conn *c, char *buf, size_t cap, const char *delim);
int bl_conn_fd(const bl_conn *c);              /* -1 once closed */
int bl_listener_fd(const bl_listener *l);
/* Close and free.  Coroutines waiting on the object, or queued behind one
 * that waits, wake with -1 (NULL) and EBADF.  A connection of bl_server's
 * that its handler closes early stays allocated until the handler ends;
 * operations on it fail at once with EBADF. */
void bl_close(bl_conn *c);
void bl_listener_close(bl_listener *l);

/* Cleanup functions for __attribute__((cleanup(fn))) locals, which run
 * when the local's scope ends, and in a coroutine also when it is killed
 * or timed out inside that scope:
 *     __attribute__((cleanup(bl_closep))) bl_conn *c = yield bl_connect(h, p);
 * Each takes the local's address and accepts its null value. */
static inline void bl_closep(bl_conn **c) { bl_close(*c); }
static inline void bl_listener_closep(bl_listener **l) { bl_listener_close(*l); }
void bl_fdclosep(int *fd);      /* close(*fd) unless *fd < 0 */
void bl_freep(void *p);         /* free(*(void **)p) */

/* One coroutine `handler(conn)` per accepted connection, each a task of
 * its own, and each connection closed when its handler ends, however it
 * ends (killed too).  A handler may bl_close() its connection early (the
 * object then stays valid until the handler ends).  Result -1 with errno
 * when it cannot listen; when killed, it closes its listener.  In a .blc,
 * a bl_handler is any `coroutine void h(bl_conn *conn)`, and
 * `coroutine void (*h)(bl_conn *)` is a `bl_handler *`. */
typedef bl_coro *bl_handler(bl_conn *conn);
struct bl_server__co { union { bl_aw aw; bl_coro co; }; int result; };
BL_MUST_USE struct bl_server__co *bl_server(const char *host, int port, bl_handler *handler);

/* ------------------------------------------------------------------ */
/* Introspection                                                      */
/* ------------------------------------------------------------------ */

/* Every live coroutine: its task, name, what it waits on, and the
 * file:line where it is suspended. */
void bl_dump(FILE *out);
const char *bl_backend(void);            /* "epoll", "kqueue" or "poll" */

/* What is alive on this thread; the runtime's own objects are counted
 * after bl_run() returns too, so a leak shows. */
struct bl_stats {
    size_t frames;    /* live coroutine frames */
    size_t events;    /* live events */
    size_t tasks;     /* live tasks */
    size_t fds;       /* fds registered with the poller */
    size_t sockets;   /* fds of connections and listeners not closed */
    size_t conns;     /* bl_conn objects not freed */
    size_t listeners; /* bl_listener objects not closed */
};
void bl_stats(struct bl_stats *out);

/* ------------------------------------------------------------------ */
/* Runtime-private: the inline fast path of the switch                */
/* ------------------------------------------------------------------ */

/* bl_null()'s one static event, and the loop's ready queue: a ring of
 * mask + 1 coroutines (a power of two), entries head .. tail - 1 (indices
 * run free).  Only the runtime reads or writes them, but for the code
 * inlined here. */
struct bl__ready {
    bl_coro **ring;
    size_t head, tail, mask;
};
extern __thread struct bl__ready bl__ready
    __attribute__((tls_model("initial-exec")));
extern bl_ev_int bl__null_ev;
int bl__await_slow(bl_coro *co, bl_aw *aw);

static inline bl_ev_int *bl_null(void)
{
    return &bl__null_ev;
}

/* A coroutine's aw.flags bit: its awaited is bl__null_ev (set and
 * cleared by bl__await_slow() only). */
#define BL__F_AT_NULL 32

/* A bl_null() after a bl_null() (nothing to free, nothing that can fail)
 * goes straight onto the ready queue, which always keeps a free slot for
 * the running coroutine; everything else takes bl__await_slow().  (The
 * flag first: for bl_null() the compiler knows the second test, and for
 * anything else the first fails with one load.) */
static inline int bl__await(bl_coro *co, bl_aw *aw)
{
    if ((co->aw.flags & BL__F_AT_NULL) && aw == &bl__null_ev.aw) {
        size_t t = bl__ready.tail;
        bl__ready.tail = t + 1; /* (first: then gcc masks from memory) */
        bl__ready.ring[t & bl__ready.mask] = co;
        return 1;
    }
    return bl__await_slow(co, aw);
}

/* ------------------------------------------------------------------ */
/* Blocking work off the loop                                         */
/* ------------------------------------------------------------------ */

/* `void *r = yield bl_work(fn, arg)` runs fn(arg) on a worker thread and
 * suspends until it returns: its result, with errno as fn left it (when
 * fn set one).  The loop goes on meanwhile.  NULL with errno when the job
 * cannot start (ENOMEM; EAGAIN: no thread; EINVAL: fn NULL).  fn must
 * not touch the loop (no bl_ calls); the workers are the loop's own, up
 * to BLUELET_WORKERS (default 4), started when needed and joined when
 * bl_run() returns, which first waits for every fn still running.  A
 * bl_work() killed or timed out does not stop fn: its result is dropped,
 * and whatever arg points to must stay valid until fn returns (give such
 * work memory of its own, not the frame's).  Regular files go through
 * the workers too: bl_read() and bl_write() on one make a single read(2)
 * or write(2) of at most 1 MiB there. */
typedef struct bl_ev_ptr { bl_aw aw; void *result; } bl_ev_ptr;
typedef void *bl_work_fn(void *arg);
BL_MUST_USE bl_ev_ptr *bl_work(bl_work_fn *fn, void *arg);

/* ------------------------------------------------------------------ */
/* One loop per core                                                  */
/* ------------------------------------------------------------------ */

/* Runs n loops, one per thread (the caller's thread is the first), each
 * bl_run() of its own handle start(arg): start is called on the loop's own
 * thread (a handle belongs to the thread that made it) and returns a
 * coroutine handle of any type (NULL fails that loop with EINVAL).  The
 * loops share nothing: a listener, connection, channel or task of one
 * loop is not to be used in another.  With n > 1, bl_listen() sets
 * SO_REUSEPORT on TCP listeners in these loops (and only there), so each loop listens on the same port
 * and the kernel spreads the connections over them (port 0 would give
 * each loop a port of its own; a "unix:" path can be bound once only).
 * The first loop to end -- its coroutine returned, failed or was killed
 * -- stops the others, and so do SIGINT and SIGTERM (caught while it
 * runs; bl_signal() waiters for them, in any loop, wake too): every task
 * of every loop is then ended as at the end of bl_run().  Returns when
 * every loop has ended: 0, or -1 with the errno of the first loop (in
 * thread order) whose bl_run() failed; EINVAL (n < 1, start NULL), EAGAIN
 * (no thread: those started are stopped); ENOMEM (or the error met) when
 * a loop could not keep watching for the stop or the signals: every loop
 * is then stopped. */
typedef void *bl_start_fn(void *arg);
int bl_run_threads(int n, bl_start_fn *start, void *arg);

/* ------------------------------------------------------------------ */
/* Datagrams and local sockets                                        */
/* ------------------------------------------------------------------ */

/* recvfrom(2) and sendto(2), with their arguments, on any datagram socket
 * the program owns (UDP, AF_UNIX SOCK_DGRAM; connected ones too, with
 * from/to NULL): each waits until the socket is ready, then makes one call
 * with MSG_DONTWAIT added, whatever the fd's flags: one datagram, never
 * split.  bl_recvfrom(): its length (with MSG_TRUNC, its real length),
 * *fromlen set as recvfrom(2) sets it.  bl_sendto(): the bytes sent.  -1
 * with errno (EBADF; EINVAL: from without fromlen; EMSGSIZE...).  Waiters
 * on one socket are served in order, as on any fd.
 *
 * "unix:PATH" as the host of bl_listen(), bl_connect() and bl_server(),
 * with port 0 (else EINVAL), is a Unix stream socket at PATH.  bl_listen()
 * fails with EADDRINUSE when PATH exists (remove a stale one first), and
 * bl_listener_close() removes PATH.  bl_connect() connects at once or
 * fails at once: ENOENT, ECONNREFUSED, or EAGAIN when the listener's
 * backlog is full. */
BL_MUST_USE bl_ev_ssize *bl_recvfrom(int fd, void *buf, size_t n, int flags,
                         struct sockaddr *from, socklen_t *fromlen);
BL_MUST_USE bl_ev_ssize *bl_sendto(int fd, const void *buf, size_t n, int flags,
                       const struct sockaddr *to, socklen_t tolen);

#endif /* BLUELET_H */
