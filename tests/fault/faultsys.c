/*
 * faultsys.c - syscall fault injection for the fault tests: an LD_PRELOAD
 * library that, from a seed and a rate, makes the socket calls of the
 * program it is loaded into fail the ways a loaded kernel and a hostile
 * network make them fail.
 *
 *   BL_FAULT_SEED=S     the pseudo-random sequence (per thread: S and the
 *                       thread's first call)
 *   BL_FAULT_RATE=R     per mille of calls that get a transient fault
 *   BL_FAULT_FATAL=R    per mille of calls that get a fatal one (default 0)
 *   BL_FAULT_LOG=F      the faults injected so far, by kind, are kept in F
 *
 * Why a preloaded library and not a test build of the runtime: it runs
 * the very runtime that is shipped (the examples' own binaries), and it
 * reaches every call the runtime makes through libc, whatever file makes
 * it.  It cannot reach io_uring's I/O, which goes through the ring, not
 * libc: for that, the fault build of the runtime (runtime/uring.c under
 * BL_FAULT, build/fault) asks this library, found with dlsym, about each
 * operation it submits (bl_faultsys_ring, below): the same sequence, the
 * same rates, counted apart as ring-KIND in the log.
 *
 * Each fault is one a real kernel gives, with the readiness the kernel
 * would then report, so that a program correct against Linux is correct
 * under the shim:
 *   transient: a short count (read, recv, write, send, sendfile, the
 *              rest moved by a later call); EINTR before anything moved
 *              (every call); an EAGAIN storm, spurious readiness
 *              reported by epoll_wait/poll for fds that have nothing
 *              (a real EAGAIN follows); EINTR from epoll_wait/poll
 *   fatal:     ECONNRESET from read/recv, EPIPE from write/send/sendfile,
 *              ECONNREFUSED from connect, EMFILE/ENFILE from accept4/accept
 *              (the connection stays queued; the runtime sheds it: net.c)
 * Under epoll's edge trigger a short count or an EINTR leaves data (or
 * room) that the kernel would announce with a new edge: the shim owes
 * that fd an event, reported at the next epoll_wait.  Only sockets are
 * touched (fstat): files read and sent as files behave.
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

enum { F_SHORT, F_EINTR, F_SPURIOUS, F_WAIT_EINTR, F_EMFILE, F_RESET, F_EPIPE, F_REFUSED, F_N };
static const char *const fault_name[F_N] = {
    "short", "eintr", "spurious", "wait-eintr", "emfile", "reset", "epipe", "refused",
};
static atomic_ulong injected[2 * F_N]; /* the second half: the ring's */
static __thread int ring; /* 0, or F_N while the ring's are decided */

static unsigned rate, fatal_rate;
static uint64_t seed;

#define MAXFD 65536
static uint32_t owed[MAXFD];    /* per fd: epoll events owed (0: none) */
static uint64_t epdata[MAXFD];  /* per fd: the data it was added with */
static atomic_bool any_owed;

static __thread uint64_t rng;

static uint64_t next(void)
{
    if (!rng)
        rng = seed * 0x9e3779b97f4a7c15u + (uint64_t)(uintptr_t)&rng + 1;
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static bool roll(unsigned per_mille)
{
    return per_mille && next() % 1000 < per_mille;
}

/* The log is rewritten at each fault: the program may end by a signal. */
static int log_fd = -1;

static void report(void)
{
    char text[1024];
    int len = 0;
    for (int i = 0; i < 2 * F_N; i++)
        len += snprintf(text + len, sizeof text - (size_t)len, "%s%s %lu\n",
                        i < F_N ? "" : "ring-", fault_name[i % F_N],
                        (unsigned long)atomic_load(&injected[i]));
    if (log_fd >= 0 && pwrite(log_fd, text, (size_t)len, 0) < 0)
        return; /* (nothing to do about it) */
}

#define REAL(name) static __typeof__(name) *real_##name;
REAL(read) REAL(recv) REAL(write) REAL(send) REAL(sendfile) REAL(accept4)
REAL(accept) REAL(connect) REAL(epoll_wait) REAL(epoll_ctl) REAL(poll)

__attribute__((constructor)) static void faultsys_init(void)
{
#define LOAD(name) real_##name = (__typeof__(name) *)dlsym(RTLD_NEXT, #name);
    LOAD(read) LOAD(recv) LOAD(write) LOAD(send) LOAD(sendfile) LOAD(accept4)
    LOAD(accept) LOAD(connect) LOAD(epoll_wait) LOAD(epoll_ctl) LOAD(poll)
    const char *s = getenv("BL_FAULT_SEED"), *r = getenv("BL_FAULT_RATE"),
               *f = getenv("BL_FAULT_FATAL");
    seed = s ? strtoull(s, NULL, 10) : 1;
    rate = r ? (unsigned)atoi(r) : 0;
    fatal_rate = f ? (unsigned)atoi(f) : 0;
    const char *log = getenv("BL_FAULT_LOG");
    if (log)
        log_fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    report();
}

static bool is_socket(int fd)
{
    struct stat st;
    return fd >= 0 && fd < MAXFD && fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
}

static void count(int kind)
{
    atomic_fetch_add(&injected[ring + kind], 1);
    report();
}

/* The kernel would report fd again (more data came, room was made). */
static void owe(int fd, uint32_t events)
{
    if (!events) /* (the ring's: no edge to owe) */
        return;
    __atomic_fetch_or(&owed[fd], events, __ATOMIC_RELAXED);
    atomic_store(&any_owed, true);
}

/* A transfer call's fault, decided before the call: 0 none, else the
 * errno to fail with; *len may be cut short (at least 1 byte moves). */
static int transfer_fault(int fd, size_t *len, int fatal_err, uint32_t edge)
{
    if (!is_socket(fd))
        return 0;
    if (roll(fatal_rate)) { /* the connection dies, as it would */
        count(fatal_err == EPIPE ? F_EPIPE : F_RESET);
        shutdown(fd, SHUT_RDWR);
        return fatal_err;
    }
    if (!roll(rate))
        return 0;
    if (*len > 1 && next() % 2) {
        *len = 1 + next() % (*len - 1);
        count(F_SHORT);
        owe(fd, edge);
        return 0;
    }
    count(F_EINTR);
    owe(fd, edge);
    return EINTR;
}

#define TRANSFER(fd, len, fatal, edge, call)                   \
    do {                                                       \
        int e_ = transfer_fault((fd), &(len), (fatal), (edge)); \
        if (e_) {                                              \
            errno = e_;                                        \
            return -1;                                         \
        }                                                      \
        return call;                                           \
    } while (0)

ssize_t read(int fd, void *buf, size_t n)
{
    TRANSFER(fd, n, ECONNRESET, EPOLLIN, real_read(fd, buf, n));
}

ssize_t recv(int fd, void *buf, size_t n, int flags)
{
    TRANSFER(fd, n, ECONNRESET, EPOLLIN, real_recv(fd, buf, n, flags));
}

ssize_t write(int fd, const void *buf, size_t n)
{
    TRANSFER(fd, n, EPIPE, EPOLLOUT, real_write(fd, buf, n));
}

ssize_t send(int fd, const void *buf, size_t n, int flags)
{
    TRANSFER(fd, n, EPIPE, EPOLLOUT, real_send(fd, buf, n, flags));
}

ssize_t sendfile(int out, int in, off_t *off, size_t n)
{
    TRANSFER(out, n, EPIPE, EPOLLOUT, real_sendfile(out, in, off, n));
}

static int accept_fault(void)
{
    if (!roll(fatal_rate))
        return 0;
    count(F_EMFILE);
    return next() % 2 ? EMFILE : ENFILE;
}

int accept4(int fd, struct sockaddr *a, socklen_t *len, int flags)
{
    int e = accept_fault();
    if (e) {
        errno = e;
        return -1;
    }
    return real_accept4(fd, a, len, flags);
}

int accept(int fd, struct sockaddr *a, socklen_t *len)
{
    int e = accept_fault();
    if (e) {
        errno = e;
        return -1;
    }
    return real_accept(fd, a, len);
}

int connect(int fd, const struct sockaddr *a, socklen_t len)
{
    if (roll(fatal_rate)) {
        count(F_REFUSED);
        errno = ECONNREFUSED;
        return -1;
    }
    return real_connect(fd, a, len);
}

int epoll_ctl(int ep, int op, int fd, struct epoll_event *ev)
{
    if (ev && fd >= 0 && fd < MAXFD && (op == EPOLL_CTL_ADD || op == EPOLL_CTL_MOD))
        epdata[fd] = ev->data.u64;
    if (op == EPOLL_CTL_DEL && fd >= 0 && fd < MAXFD)
        __atomic_store_n(&owed[fd], 0, __ATOMIC_RELAXED);
    return real_epoll_ctl(ep, op, fd, ev);
}

/* Adds the events owed, and now and then a spurious one (an fd reported
 * with nothing to read or no room: the EAGAIN storm). */
static int add_owed(struct epoll_event *evs, int n, int max)
{
    if (atomic_exchange(&any_owed, false)) {
        for (int fd = 0; fd < MAXFD && n < max; fd++) {
            uint32_t e = __atomic_exchange_n(&owed[fd], 0, __ATOMIC_RELAXED);
            if (e)
                evs[n++] = (struct epoll_event){.events = e, .data.u64 = epdata[fd]};
        }
    }
    if (n > 0 && n < max && roll(rate)) { /* a storm: the same fds again */
        int k = n;
        for (int i = 0; i < k && n < max; i++)
            evs[n++] = (struct epoll_event){.events = EPOLLIN | EPOLLOUT, .data = evs[i].data};
        count(F_SPURIOUS);
    }
    return n;
}

int epoll_wait(int ep, struct epoll_event *evs, int max, int timeout)
{
    if (roll(rate)) {
        count(F_WAIT_EINTR);
        errno = EINTR;
        return -1;
    }
    if (atomic_load(&any_owed))
        timeout = 0; /* the kernel would have an edge to report now */
    int n = real_epoll_wait(ep, evs, max, timeout);
    return n < 0 ? n : add_owed(evs, n, max);
}

int poll(struct pollfd *fds, nfds_t n, int timeout)
{
    if (roll(rate)) {
        count(F_WAIT_EINTR);
        errno = EINTR;
        return -1;
    }
    int r = real_poll(fds, n, timeout);
    if (r > 0 && roll(rate)) { /* a storm: every fd reported as it asked */
        r = 0;
        for (nfds_t i = 0; i < n; i++) {
            if (fds[i].fd >= 0 && fds[i].events && !fds[i].revents)
                fds[i].revents = fds[i].events & (POLLIN | POLLOUT);
            r += fds[i].revents != 0;
        }
        count(F_SPURIOUS);
    }
    return r;
}

/*
 * The fault build's io_uring backend asks this about each operation it is
 * about to submit to the ring (runtime/uring.c, fault_sqe), which it makes
 * as the kernel would have answered instead:
 *   op 'r' recv, 's' send: *len may be cut short; or an errno, after
 *          which it is not submitted (EINTR; ECONNRESET or EPIPE, after
 *          the socket was shut down, so that the error is real);
 *   op 'a' accept: EMFILE or ENFILE (the connection stays queued);
 *   op 'p' a poll: -1 when it is to report the fd ready at once, spurious
 *          readiness (the operation that waited meets a real EAGAIN);
 *   op 'e' a multishot recv (or one being armed): EINTR when it is to end
 *          early (re-armed by the next read, every byte kept).
 * 0: no fault.
 */
int bl_faultsys_ring(char op, int fd, size_t *len);
int bl_faultsys_ring(char op, int fd, size_t *len)
{
    int e = 0;
    ring = F_N;
    switch (op) {
    case 'r':
    case 's':
        e = transfer_fault(fd, len, op == 'r' ? ECONNRESET : EPIPE, 0);
        break;
    case 'a':
        e = accept_fault();
        break;
    case 'p':
        if (roll(rate)) {
            count(F_SPURIOUS);
            e = -1;
        }
        break;
    case 'e':
        if (roll(rate)) {
            count(F_EINTR);
            e = EINTR;
        }
        break;
    }
    ring = 0;
    return e;
}
