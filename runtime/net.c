/*
 * net.c - TCP: listen, accept, connect, recv, send, sendall, sendfile, readline,
 * and bl_server.
 *
 * Sockets are non-blocking and close-on-exec from birth and are never a
 * source of SIGPIPE (MSG_NOSIGNAL, or SO_NOSIGPIPE where that is the way).
 * A bl_conn has a read buffer, allocated by the first bl_readline(), that
 * bl_recv() drains first, so the two interleave correctly.
 *
 * Names: numeric addresses are parsed without DNS (AI_NUMERICHOST), and
 * bl_connect() to one connects on the loop.  bl_connect() to a name is a
 * job for the worker pool (work.c): it resolves the name and then tries
 * every address, staggered as RFC 8305 (happy eyeballs) says: the
 * families interleaved, starting with the first one returned; the next
 * attempt 250 ms after the last began, or at once when it failed; the
 * first to connect wins and the others are closed.  The loop goes on
 * meanwhile, and a deadline (bl_timeout) or a kill stops the attempts
 * through the job's own eventfd.  (The attempts wait in the worker, in
 * poll(2): a name's connect holds a worker until it is done.)  bl_listen()
 * is not a yield: a name there is resolved on the loop.  A name that does
 * not resolve fails with EADDRNOTAVAIL.
 *
 * bl_server() and the task it spawns per connection are written by hand
 * exactly as blc would emit them.
 */
#include "internal.h"

#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#ifdef __linux__
#include <sys/sendfile.h>
#endif
#include <unistd.h>

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0 /* macOS: SO_NOSIGPIPE is set on each socket */
#endif

#define L bl__L

struct bl_listener {
    int fd;
    int reserve;       /* a spare fd, given up to shed a connection on EMFILE */
    char *path;        /* unix:path: the socket's file, removed at close */
};

/* What is alive, for bl_stats(): per thread, like the loop, and counted
 * past bl_run()'s end, where a leak shows. */
static _Thread_local struct {
    size_t conns, listeners; /* objects not yet freed */
    size_t sockets;          /* their fds not yet closed */
} alive;

void bl__net_stats(struct bl_stats *out)
{
    out->conns = alive.conns;
    out->listeners = alive.listeners;
    out->sockets = alive.sockets;
}

/* ------------------------------------------------------------------ */
/* Sockets                                                            */
/* ------------------------------------------------------------------ */

static int socket_nb(int family)
{
#ifdef SOCK_NONBLOCK
    int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
#else
    int fd = socket(family, SOCK_STREAM, 0);
    if (fd >= 0 && (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 ||
                    fcntl(fd, F_SETFL, O_NONBLOCK) < 0)) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
#endif
#ifdef SO_NOSIGPIPE
    if (fd >= 0) {
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
    }
#endif
    return fd;
}

static int accept_nb(int lfd)
{
#ifdef SOCK_NONBLOCK
    return accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
#else
    int fd = accept(lfd, NULL, NULL);
    if (fd >= 0) {
        fcntl(fd, F_SETFD, FD_CLOEXEC);
        fcntl(fd, F_SETFL, O_NONBLOCK);
#ifdef SO_NOSIGPIPE
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
    }
    return fd;
#endif
}

enum { BY_NUMBER = 1, BY_NAME = 2 }; /* how resolve() may resolve */

/* Resolves host:port, numerically first (how: BY_NUMBER, BY_NAME or
 * both).  0, or -1 with errno: EADDRNOTAVAIL when it does not resolve the
 * ways it may, EINVAL for a bad port. */
static int resolve(const char *host, int port, bool passive, int how,
                   struct addrinfo **res)
{
    char serv[16];
    if (port < 0 || port > 65535) {
        errno = EINVAL;
        return -1;
    }
    snprintf(serv, sizeof serv, "%d", port);
    struct addrinfo hints = {
        .ai_family = AF_UNSPEC,
        .ai_socktype = SOCK_STREAM,
        .ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0),
    };
    int rc = EAI_NONAME;
    if (how & BY_NUMBER) {
        hints.ai_flags |= AI_NUMERICHOST;
        rc = getaddrinfo(host, serv, &hints, res);
        hints.ai_flags &= ~AI_NUMERICHOST;
    }
    if (rc == EAI_NONAME && host && (how & BY_NAME))
        rc = getaddrinfo(host, serv, &hints, res);
    if (rc == 0)
        return 0;
    errno = rc == EAI_SYSTEM ? errno : rc == EAI_MEMORY ? ENOMEM : EADDRNOTAVAIL;
    return -1;
}

/* "unix:PATH" names a Unix socket: its path, else NULL. */
static const char *unix_path(const char *host)
{
    return host && strncmp(host, "unix:", 5) == 0 ? host + 5 : NULL;
}

/* The address of the Unix socket at path: 0, or -1 with errno (EINVAL: a
 * port other than 0, or no path; ENAMETOOLONG). */
static int unix_addr(const char *path, int port, struct sockaddr_un *a, socklen_t *len)
{
    size_t n = strlen(path);
    if (port != 0 || n == 0 || n >= sizeof a->sun_path) {
        errno = port != 0 || n == 0 ? EINVAL : ENAMETOOLONG;
        return -1;
    }
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    memcpy(a->sun_path, path, n + 1);
    *len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
    return 0;
}

/* Each send of a connection goes out at once: a request-response exchange
 * never waits for Nagle's algorithm to meet the peer's delayed ACK (some
 * 40 ms a reply).  Not a TCP socket (AF_UNIX): nothing to do. */
static void no_delay(int fd)
{
    int one = 1;
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

/* A connection on fd, counted; the caller adopts fd (bl__fd_adopt) unless
 * the fd's entry has a waiter still (a connect completing). */
static bl_conn *conn_new(int fd)
{
    bl_conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->fd = fd;
    no_delay(fd);
    alive.conns++;
    alive.sockets++;
    return c;
}

int bl_conn_fd(const bl_conn *c)
{
    if (!c) {
        errno = EINVAL;
        return -1;
    }
    return c->fd;
}

int bl_listener_fd(const bl_listener *l)
{
    if (!l) {
        errno = EINVAL;
        return -1;
    }
    return l->fd;
}

/* Closes the socket; a connection of bl_server's stays allocated until
 * its handler ends (bl__serve frees it), so the handler may close it. */
static void conn_close(bl_conn *c, bool free_it)
{
    if (c->fd >= 0) {
        bl__fd_forget(c->fd);
        close(c->fd);
        c->fd = -1;
        alive.sockets--;
    }
    if (free_it) {
        free(c->rbuf);
        alive.conns--;
        if (bl__debug) { /* kept a while, marked: a use is recognised */
            c->fd = BL_FD_FREED;
            c->rbuf = NULL;
            bl__debug_retire(c, 0, NULL);
        } else {
            free(c);
        }
    }
}

void bl_close(bl_conn *c)
{
    if (c && c->fd == BL_FD_FREED)
        bl__misuse(bl__running(), "bl_close() of a connection closed already");
    if (c)
        conn_close(c, !c->served);
}

void bl_listener_close(bl_listener *l)
{
    if (!l)
        return;
    bl__fd_forget(l->fd);
    close(l->fd);
    if (l->reserve >= 0)
        close(l->reserve);
    if (l->path) {
        unlink(l->path);
        free(l->path);
    }
    free(l);
    alive.listeners--;
    alive.sockets--;
}

static int listen_on(const struct sockaddr *sa, socklen_t len)
{
    int fd = socket_nb(sa->sa_family);
    if (fd < 0)
        return -1;
    int one = 1, zero = 0;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
#ifdef SO_REUSEPORT
    /* The loops of bl_run_threads() each listen on the port; a lone loop
     * does not, so that a second server on its port fails (EADDRINUSE). */
    if (bl__threaded && sa->sa_family != AF_UNIX &&
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0)
        goto out_close;
#endif
    if (sa->sa_family == AF_INET6) /* "" and "::" take IPv4 too */
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
    if (bind(fd, sa, len) < 0 || listen(fd, SOMAXCONN) < 0)
        goto out_close;
    return fd;
out_close:;
    int e = errno;
    close(fd);
    errno = e;
    return -1;
}

/* Binds "" or NULL to every address, IPv6 and IPv4 when the system has
 * IPv6, IPv4 only otherwise. */
static int listen_any(int port)
{
    struct sockaddr_in6 a6 = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_ANY_INIT,
                              .sin6_port = htons((uint16_t)port)};
    int fd = listen_on((struct sockaddr *)&a6, sizeof a6);
    if (fd >= 0 || (errno != EAFNOSUPPORT && errno != EADDRNOTAVAIL))
        return fd;
    struct sockaddr_in a4 = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_ANY),
                             .sin_port = htons((uint16_t)port)};
    return listen_on((struct sockaddr *)&a4, sizeof a4);
}

bl_listener *bl_listen(const char *host, int port)
{
    int fd;
    const char *path = unix_path(host);
    char *copy = NULL;
    if (port < 0 || port > 65535) {
        errno = EINVAL;
        return NULL;
    }
    if (path) {
        struct sockaddr_un a;
        socklen_t len;
        if (unix_addr(path, port, &a, &len) < 0)
            return NULL;
        if (!(copy = strdup(path)))
            return NULL;
        fd = listen_on((struct sockaddr *)&a, len);
    } else if (!host || !*host) {
        fd = listen_any(port);
    } else {
        struct addrinfo *res;
        if (resolve(host, port, true, BY_NUMBER | BY_NAME, &res) < 0)
            return NULL;
        fd = listen_on(res->ai_addr, res->ai_addrlen);
        freeaddrinfo(res);
    }
    if (fd < 0) {
        free(copy);
        return NULL;
    }
    bl_listener *l = malloc(sizeof *l);
    if (!l) {
        close(fd);
        if (copy)
            unlink(copy);
        free(copy);
        errno = ENOMEM;
        return NULL;
    }
    l->fd = fd;
    l->path = copy;
    l->reserve = open("/dev/null", O_RDONLY | O_CLOEXEC);
    bl__fd_adopt(fd);
    alive.listeners++;
    alive.sockets++;
    return l;
}

/* ------------------------------------------------------------------ */
/* The operations                                                     */
/* ------------------------------------------------------------------ */

static bl_ev_ssize failed_ssize = {{.kind = BL_K_FAILED, .err = ENOMEM}, -1};
static bl_ev_conn failed_conn = {{.kind = BL_K_FAILED, .err = ENOMEM}, NULL};

/* An operation on c, NULL when out of memory.  (On a connection closed
 * already, by its handler while bl_server keeps the object, its fd is -1:
 * it fails with EBADF when it starts, io.c.) */
static bl__io *conn_io(bl_conn *c, void *buf, size_t n, unsigned dir, unsigned op)
{
    bl__io *io = bl__io_alloc();
    if (io)
        bl__conn_io_init(io, c, buf, n, dir, op);
    if (io && !c) /* a failed connect's or accept's NULL, passed on */
        bl__io_fail(io, EINVAL);
    return io;
}

/* What bl__conn_op() (internal.h) does not do inline. */
bl_ev_ssize *bl__conn_op_slow(bl_conn *c, void *buf, size_t n, unsigned dir,
                              unsigned op)
{
    bl__io *io = conn_io(c, buf, n, dir, op);
    return io ? (bl_ev_ssize *)io : &failed_ssize;
}

/* bl_recv, bl_send and bl_sendall, made two per echo round trip: the
 * common case inline. */
#define conn_op(c, buf, n, dir, op) bl__conn_op((c), (void *)(buf), (n), (dir), (op))
bl_ev_ssize *bl_recv(bl_conn *c, void *buf, size_t n)
{
    return conn_op(c, buf, n, BL_IN, BL_OP_RECV);
}

bl_ev_ssize *bl_send(bl_conn *c, const void *buf, size_t n)
{
    return conn_op(c, buf, n, BL_OUT, BL_OP_SEND);
}

bl_ev_ssize *bl_sendall(bl_conn *c, const void *buf, size_t n)
{
    return conn_op(c, buf, n, BL_OUT, BL_OP_SENDALL);
}

/* A send begun at its yield (bl__send_at()) that cannot end there goes
 * on as the event it stands for, `done` bytes sent already (try_send()
 * goes on from there). */
static __attribute__((noinline)) int send_later(bl_coro *co, bl_conn *c,
                                                const void *buf, size_t n,
                                                int all, size_t done)
{
    bl_ev_ssize *ev = conn_op(c, buf, n, BL_OUT, all ? BL_OP_SENDALL : BL_OP_SEND);
    if (ev->aw.kind == BL_K_IO)
        ((bl__io *)ev)->done = done;
    return bl__await_slow(co, &ev->aw);
}

/* bl__send_at() is done: co's await completed now with `result` (-1 and
 * err for a failure), in L.sent, as bl__await_slow() completes one: the
 * previous result freed, the fairness budget spent.  0 (not suspended). */
/* co awaits aw, made here: the previous result freed, as
 * bl__await_slow() begins (aw cannot be it). */
static inline void take_await(bl_coro *co, bl_aw *aw)
{
    bl_aw *prev = co->awaited;
    co->awaited = aw;
    co->aw.flags &= (uint8_t)~(BL_F_QUEUED | BL_F_AT_NULL);
    if (prev)
        bl__ev_release(prev); /* (L.sent itself: static, kept) */
}

static inline int sent_now(bl_coro *co, ssize_t result, int err)
{
    take_await(co, &L.sent.aw);
    L.sent.aw.err = err;
    L.sent.result = result;
    L.budget--;
    return 0;
}

/* A send at its yield whose first send() did not take everything (s: its
 * return; what it sends, in L.at): try_send()'s loop goes on, or the event
 * takes over. */
static __attribute__((noinline)) int send_rest(bl_coro *co, ssize_t s)
{
    bl_conn *c = L.at.c;
    const char *buf = L.at.buf;
    size_t n = L.at.n, done = 0;
    bool all = L.at.all;
    bl__fd *f = &L.fds[c->fd];
    for (;;) {
        if (s < 0) {
            if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)
                return sent_now(co, -1, errno);
            if (errno != EINTR) {
                f->ready &= (uint8_t)~BL_OUT; /* bl__io_again() */
                return send_later(co, c, buf, n, all, done);
            }
        } else {
            done += (size_t)s;
            if (!all || done == n)
                return sent_now(co, (ssize_t)done, 0);
            f->ready &= (uint8_t)~BL_OUT; /* short: the send buffer is full */
            return send_later(co, c, buf, n, all, done);
        }
        s = send(c->fd, buf + done, n - done, MSG_NOSIGNAL);
    }
}

/* `yield bl_send(c, buf, n)` (`all`: bl_sendall), written BL_AWAIT_IO by
 * blc: when c's fd is believed writable and nobody waits to write on it,
 * the send is made here, and when it takes everything (bl_send: whatever
 * it takes) the await completes with no event, its result in L.sent, which
 * stays co's awaited until its next await (one coroutine runs at a time,
 * and only an await writes L.sent).  Anything else -- no connection, debug
 * mode, a completion backend, the fairness budget's last completion (for
 * bl__await_slow() to turn into a yield), nothing to send -- goes on as
 * the event would.  (The arguments wait in L.at across the send, so that
 * nothing but co is kept in a register across it.) */
int bl__send_at(bl_coro *co, bl_conn *c, const void *buf, size_t n, int all)
{
    int fd;
    if (__builtin_expect(!c || !L.ready_ops || L.budget <= 1 || bl__debug || !n ||
                         (unsigned)(fd = c->fd) >= (unsigned)L.nfds, 0))
        return send_later(co, c, buf, n, all, 0);
    bl__fd *f = &L.fds[fd];
    if (!(f->ready & BL_OUT) || f->wr) /* (no writer waits: none queued) */
        return send_later(co, c, buf, n, all, 0);
    L.at.c = c;
    L.at.buf = buf;
    L.at.n = n;
    L.at.all = all;
    ssize_t s = send(fd, buf, n, MSG_NOSIGNAL);
    if (__builtin_expect(s < 0 || (L.at.all && (size_t)s < L.at.n), 0))
        return send_rest(co, s);
    return sent_now(co, s, 0);
}

bl_ev_ssize *bl_sendfile(bl_conn *c, int fd, off_t offset, size_t n)
{
    bl__io *io = conn_io(c, NULL, n, BL_OUT, BL_OP_SENDFILE);
    if (!io)
        return &failed_ssize;
    io->file = fd;
    io->off = offset;
    if (fd < 0)
        bl__io_fail(io, EBADF);
    else if (offset < 0 || n > (size_t)SSIZE_MAX)
        bl__io_fail(io, EINVAL);
    return (bl_ev_ssize *)io;
}

bl_ev_ssize *bl_readline(bl_conn *c, char *buf, size_t cap, const char *delim)
{
    bl__io *io = conn_io(c, buf, cap, BL_IN, BL_OP_READLINE);
    if (!io)
        return &failed_ssize;
    io->delim = delim && *delim ? delim : "\n";
    if (cap < 2)
        bl__io_fail(io, EINVAL);
    return (bl_ev_ssize *)io;
}

bl_ev_conn *bl_accept(bl_listener *l)
{
    bl__io *io = bl__io_new(l ? l->fd : -1, BL_IN, BL_OP_ACCEPT);
    if (!io)
        return &failed_conn;
    io->cached = true;
    io->obj = l;
    if (!l)
        bl__io_fail(io, EINVAL);
    return (bl_ev_conn *)io;
}

static bl_ev_conn *dial(const char *host, int port);
static bl_ev_conn *connect_unix(const char *path, int port);

/* Starts io's connection to sa: the socket becomes io's, connected or on
 * its way (writable means connected: try_connect() tells), or io fails. */
static void connect_start(bl__io *io, const struct sockaddr *sa, socklen_t len)
{
    int fd = socket_nb(sa->sa_family);
    int rc = fd < 0 ? -1 : connect(fd, sa, len);
    if (rc < 0 && (fd < 0 || errno != EINPROGRESS)) {
        bl__io_fail(io, errno);
        if (fd >= 0)
            close(fd);
        return;
    }
    io->fd = fd;
    bl__fd_adopt(fd);
    bl__fd_get(fd)->ready = rc == 0 ? BL_OUT : 0;
}

bl_ev_conn *bl_connect(const char *host, int port)
{
    if (unix_path(host))
        return connect_unix(unix_path(host), port);
    host = host && *host ? host : "127.0.0.1";
    struct addrinfo *res;
    int rc = resolve(host, port, false, BY_NUMBER, &res);
    if (rc < 0 && errno == EADDRNOTAVAIL)
        return dial(host, port); /* a name: a job for a worker */
    int err = errno;
    bl__io *io = bl__io_new(-1, BL_OUT, BL_OP_CONNECT);
    if (!io) {
        if (rc == 0)
            freeaddrinfo(res);
        return &failed_conn;
    }
    io->cached = true;
    if (rc < 0) {
        bl__io_fail(io, err);
        return (bl_ev_conn *)io;
    }
    connect_start(io, res->ai_addr, res->ai_addrlen);
    freeaddrinfo(res);
    return (bl_ev_conn *)io;
}

/* "unix:PATH": a Unix socket connects at once or fails at once (EAGAIN
 * when the listener's backlog is full). */
static bl_ev_conn *connect_unix(const char *path, int port)
{
    bl__io *io = bl__io_new(-1, BL_OUT, BL_OP_CONNECT);
    if (!io)
        return &failed_conn;
    io->cached = true;
    struct sockaddr_un a;
    socklen_t len;
    if (unix_addr(path, port, &a, &len) < 0)
        bl__io_fail(io, errno);
    else
        connect_start(io, (struct sockaddr *)&a, len);
    return (bl_ev_conn *)io;
}

/* Copies buffered bytes, if any, into io's buffer: 1 if it did. */
static int from_buffer(bl__io *io, bl_conn *c)
{
    size_t avail = c->rlen - c->rpos;
    if (!avail)
        return 0;
    size_t n = avail < io->len ? avail : io->len;
    memcpy(io->buf, c->rbuf + c->rpos, n);
    c->rpos += n;
    io->ev.r.n = (ssize_t)n;
    return 1;
}

/* A read of n bytes on a stream socket that returned fewer drained the
 * socket: TCP and Unix stream recv() only return short when the receive
 * queue is empty, and any byte that arrives later raises a new edge.  The
 * next read then waits for the poller instead of trying (and failing with
 * EAGAIN).  Not after the peer's end of stream was reported (BL_HUP): that
 * edge came once and will not come again, and the next read returns 0 at
 * once.  (An urgent mark also stops a TCP read early; urgent data, unused
 * by anything since telnet, could then wait for the next packet.) */
static inline void drained_fd(bl__fd *f, size_t got, size_t asked)
{
    if (got > 0 && got < asked && !(f->ready & BL_HUP))
        f->ready &= (uint8_t)~BL_IN; /* bl__io_again(), inline */
}

static inline void drained(bl__io *io, size_t got, size_t asked)
{
    drained_fd(&L.fds[io->fd], got, asked); /* (an fd being read is in the table) */
}

int bl__try_recv(bl__io *io)
{
    bl_conn *c = io->obj;
    if (__builtin_expect(c->rpos < c->rlen, 0) && from_buffer(io, c))
        return 1;
    for (;;) {
        ssize_t n = recv(c->fd, io->buf, io->len, 0);
        if (n >= 0) {
            drained(io, (size_t)n, io->len);
            io->ev.r.n = n;
            return 1;
        }
        int r = bl__io_errno(io);
        if (r >= 0)
            return r;
    }
}

/* bl__ev_release(aw), then 1: a tail call for recv_wait(). */
static __attribute__((noinline)) int freed_then_1(bl_aw *aw)
{
    bl__ev_release(aw);
    return 1;
}

/* bl__recv_at()'s way out to the event, for the cases it does not serve. */
static __attribute__((noinline)) int recv_later(bl_coro *co, bl_conn *c,
                                                void *buf, size_t n)
{
    return bl__await_slow(co, &conn_op(c, buf, n, BL_IN, BL_OP_RECV)->aw);
}

/* bl__recv_at() waits: the event made, and at once c's fd's reader, fd
 * an edge backend keeps and nobody reads (bl__start_known()'s wait), with
 * bl__await_slow()'s suspension. */
static inline __attribute__((always_inline)) int recv_wait(bl_coro *co, bl_conn *c,
                                                           void *buf, size_t n, int fd)
{
    bl__io *io = bl__alloc_fast(sizeof *io);
    if (__builtin_expect(io == NULL, 0))
        return recv_later(co, c, buf, n);
    L.fds[fd].rd = io;
    bl__nevents++;
    bl__conn_io_init_flags(io, c, buf, n, BL_IN, BL_OP_RECV, BL_F_PENDING);
    io->ev.co = co;
    bl_aw *prev = co->awaited; /* bl__await_slow()'s, but last */
    co->awaited = &io->ev.aw;
    co->aw.flags &= (uint8_t)~(BL_F_QUEUED | BL_F_AT_NULL);
    L.nwait++;
    L.pass_end = true;
    L.budget = BL_FAST_MAX;
    /* (a tail call, so that no register is kept; L.sent, a failed
     * handle's static event, nothing to free) */
    return prev && prev->kind > BL_K_FAILED ? freed_then_1(prev) : 1;
}

/* bl__recv_at() on a socket believed readable: try_recv(), the arguments
 * for fields; a read that completes makes no event. */
static __attribute__((noinline)) int recv_now(bl_coro *co, bl_conn *c, void *buf,
                                              size_t n, int fd)
{
    for (;;) {
        ssize_t got = recv(fd, buf, n, 0);
        if (got >= 0) {
            drained_fd(&L.fds[fd], (size_t)got, n);
            return sent_now(co, got, 0);
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return sent_now(co, -1, errno);
        L.fds[fd].ready &= (uint8_t)~BL_IN; /* bl__io_again() */
        if (L.fds[fd].reg != BL_REG_KEPT) /* (to be registered: the event's) */
            return recv_later(co, c, buf, n);
        return recv_wait(co, c, buf, n, fd);
    }
}

/* `yield bl_recv(c, buf, n)`, written BL_AWAIT_IO by blc: when nobody
 * waits to read c, nothing waits in its buffer and its fd is one an edge
 * backend keeps, what bl__await_slow() would do with the event, written
 * for this one case: a socket believed readable is read here, and a read
 * that completes makes no event (its result in L.sent, as bl__send_at()'s);
 * else the event is made and waits at once, the fd's reader.  Anything
 * else -- no connection, debug mode, a completion backend, the fairness
 * budget's last completion -- goes on as the event would. */
int bl__recv_at(bl_coro *co, bl_conn *c, void *buf, size_t n)
{
    int fd;
    if (__builtin_expect(!c || !L.ready_ops || bl__debug || c->rpos < c->rlen ||
                         (unsigned)(fd = c->fd) >= (unsigned)L.nfds, 0))
        return recv_later(co, c, buf, n);
    bl__fd *f = &L.fds[fd];
    if (f->rd) /* (a reader waits: others queue behind it) */
        return recv_later(co, c, buf, n);
    if (f->ready & BL_IN)
        return L.budget > 1 ? recv_now(co, c, buf, n, fd) : recv_later(co, c, buf, n);
    if (f->reg != BL_REG_KEPT) /* (not registered yet, or a level backend) */
        return recv_later(co, c, buf, n);
    return recv_wait(co, c, buf, n, fd);
}

/* send: one send(); sendall: until everything went or the socket is full. */
int bl__try_send(bl__io *io)
{
    while (io->done < io->len) {
        ssize_t n = send(io->fd, io->buf + io->done, io->len - io->done, MSG_NOSIGNAL);
        if (n < 0) {
            int r = bl__io_errno(io);
            if (r >= 0)
                return r;
            continue;
        }
        io->done += (size_t)n;
        if (io->op == BL_OP_SEND)
            break;
        if (io->done < io->len) /* short: the send buffer is full */
            return bl__io_again(io);
    }
    io->ev.r.n = (ssize_t)io->done;
    return 1;
}

/* One step of a sendfile: at most `want` bytes of the file from `off` onto
 * the socket, without copying them through user space where the system
 * can (Linux); elsewhere through a buffer, pread() then send().  The bytes
 * sent, 0 at the file's end, -1 with errno.  sendfile() has no
 * MSG_NOSIGNAL: a peer gone is EPIPE because the loop ignores SIGPIPE while
 * it runs (sched.c), as for bl_write() on a socket. */
static ssize_t file_to_socket(int sock, int file, off_t off, size_t want)
{
#ifdef __linux__
    return sendfile(sock, file, &off, want);
#else
    char chunk[16384];
    ssize_t got = pread(file, chunk, want < sizeof chunk ? want : sizeof chunk, off);
    if (got <= 0)
        return got;
    return send(sock, chunk, (size_t)got, MSG_NOSIGNAL);
#endif
}

/* sendfile: until all n bytes went, the file ended, or the socket is full.
 * A short step may be either, so the next step tells (EAGAIN, or 0): taken
 * for a full socket, a file's end would wait for an edge that never comes. */
int bl__try_sendfile(bl__io *io)
{
    while (io->done < io->len) {
        size_t want = io->len - io->done;
        if (want > (size_t)1 << 30)
            want = (size_t)1 << 30;
        ssize_t n = file_to_socket(io->fd, io->file, io->off + (off_t)io->done,
                                   want);
        if (n < 0) {
            int r = bl__io_errno(io);
            if (r >= 0)
                return r;
            continue;
        }
        if (n == 0)             /* the file ended first: a short total */
            break;
        io->done += (size_t)n;
    }
    io->ev.r.n = (ssize_t)io->done;
    return 1;
}

/* Makes room for more bytes after the buffered ones: 0, or -1. */
static int buffer_room(bl_conn *c, size_t need)
{
    if (c->rpos > 0) {
        memmove(c->rbuf, c->rbuf + c->rpos, c->rlen - c->rpos);
        c->rlen -= c->rpos;
        c->rpos = 0;
    }
    size_t cap = c->rcap ? c->rcap : 4096;
    while (cap < need)
        cap *= 2;
    if (cap == c->rcap)
        return 0;
    char *b = realloc(c->rbuf, cap);
    if (!b)
        return -1;
    c->rbuf = b;
    c->rcap = cap;
    return 0;
}

/* Bytes the backend received for c (io_uring's multishot recv) join the
 * read-ahead buffer, where recv and readline take them: 0, or -1. */
int bl__conn_append(bl_conn *c, const void *p, size_t n)
{
    if (buffer_room(c, c->rlen - c->rpos + n) < 0)
        return -1;
    memcpy(c->rbuf + c->rlen, p, n);
    c->rlen += n;
    return 0;
}

size_t bl__conn_buffered(const bl_conn *c)
{
    return c->rlen - c->rpos;
}

void bl__conn_feed(bl_conn *c, bool fed)
{
    c->fed = fed;
}

/* The length of the line at the head of the buffer that fits in max
 * bytes, or 0 when more bytes are needed. */
static size_t line_length(bl_conn *c, const char *delim, size_t max)
{
    size_t avail = c->rlen - c->rpos, dlen = strlen(delim);
    const char *head = avail ? c->rbuf + c->rpos : NULL; /* rbuf: NULL until bytes came */
    const char *d = avail ? memmem(head, avail, delim, dlen) : NULL;
    if (d)
        return (size_t)(d - head) + dlen < max ? (size_t)(d - head) + dlen : max;
    if (avail >= max)
        return max; /* over-long: the first max bytes, the rest stays */
    if (c->eof)
        return avail; /* the last line has no delimiter; then 0 */
    return 0;
}

int bl__try_readline(bl__io *io)
{
    bl_conn *c = io->obj;
    size_t max = io->len - 1;
    for (;;) {
        size_t n = line_length(c, io->delim, max);
        if (n > 0 || (c->eof && c->rpos == c->rlen)) {
            memcpy(io->buf, c->rbuf + c->rpos, n);
            io->buf[n] = '\0';
            c->rpos += n;
            if (c->rpos == c->rlen)
                c->rpos = c->rlen = 0;
            io->ev.r.n = (ssize_t)n;
            return 1;
        }
        if (c->fed)
            return 0; /* the backend brings more */
        if (buffer_room(c, io->len) < 0)
            return bl__io_error(io, ENOMEM);
        size_t room = c->rcap - c->rlen;
        ssize_t got = recv(c->fd, c->rbuf + c->rlen, room, 0);
        if (got < 0) {
            int r = bl__io_errno(io);
            if (r >= 0)
                return r;
            continue;
        }
        if (got == 0)
            c->eof = true;
        c->rlen += (size_t)got;
        drained(io, (size_t)got, room);
        if (got > 0 && (size_t)got < room && !line_length(c, io->delim, max))
            return 0; /* drained, and still no line: wait */
    }
}

int bl__accept_fd(bl__io *io, int fd)
{
    bl_conn *c = conn_new(fd);
    if (!c) {
        close(fd);
        return bl__io_error(io, ENOMEM);
    }
    bl__fd_adopt(fd);
    io->ev.r.p = c;
    return 1;
}

int bl__try_accept(bl__io *io)
{
    bl_listener *l = io->obj;
    for (;;) {
        int fd = accept_nb(l->fd);
        if (fd >= 0)
            return bl__accept_fd(io, fd);
        switch (errno) {
        case EINTR:
        case ECONNABORTED:
        case EPROTO:
            continue;
        case EAGAIN:
#if EWOULDBLOCK != EAGAIN
        case EWOULDBLOCK:
#endif
            return bl__io_again(io);
        case EMFILE:
        case ENFILE:
            /* Out of fds: give up the reserve to take the connection and
             * close it at once, so the client hears something and the
             * backlog keeps moving.  Without a reserve: an error. */
            if (l->reserve < 0)
                return bl__io_error(io, errno);
            close(l->reserve);
            fd = accept(l->fd, NULL, NULL);
            int e = errno;
            if (fd >= 0)
                close(fd);
            l->reserve = open("/dev/null", O_RDONLY | O_CLOEXEC);
            if (fd < 0 && (e == EAGAIN || e == EWOULDBLOCK))
                return bl__io_again(io); /* Linux says EMFILE first */
            continue;
        default:
            return bl__io_error(io, errno);
        }
    }
}

int bl__try_connect(bl__io *io)
{
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(io->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
        err = errno;
    if (err == 0) {
        bl_conn *c = conn_new(io->fd);
        if (c) {
            io->ev.r.p = c;
            bl__fd_get(io->fd)->ready |= BL_IN | BL_OUT;
            return 1;
        }
        err = ENOMEM;
    }
    /* The socket goes now; the entry it leaves is unwaited harmlessly. */
    bl__fd_forget(io->fd);
    close(io->fd);
    return bl__io_error(io, err);
}


/* ------------------------------------------------------------------ */
/* Connecting to a name: resolved and raced on a worker (RFC 8305)    */
/* ------------------------------------------------------------------ */

enum {
    DIAL_MAX = 32,          /* addresses tried at most */
    DIAL_STAGGER_MS = 250,  /* RFC 8305's Connection Attempt Delay */
};

typedef struct dialjob {
    bl__job j;
    int port;
    int cancel[2];          /* readable once the loop gave up: eventfd
                               (both the same) or pipe */
    int fd;                 /* the socket that connected, or -1 */
    int err;
    char host[];
} dialjob;

/* The addresses of res in the order to try them (RFC 8305, section 4):
 * the first one's family first, then the other family's first, and so
 * on alternately; what one family has left over comes last.  How many. */
static size_t interleave(struct addrinfo *res, struct addrinfo **out)
{
    struct addrinfo *fam[2][DIAL_MAX];
    size_t n[2] = {0, 0}, k = 0;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        int f = ai->ai_family != res->ai_family;
        if (n[f] < DIAL_MAX)
            fam[f][n[f]++] = ai;
    }
    for (size_t i = 0; k < DIAL_MAX && (i < n[0] || i < n[1]); i++)
        for (int f = 0; f < 2; f++)
            if (i < n[f] && k < DIAL_MAX)
                out[k++] = fam[f][i];
    return k;
}

static int64_t ms_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The race: pf[0] is the cancel fd, pf[1..n-1] the attempts in flight. */
struct race {
    struct pollfd pf[1 + DIAL_MAX];
    nfds_t n;
    int err;                /* the last attempt's error */
};

/* Starts a connection to ai: 1 connected at once (*fd set), 0 in flight,
 * -1 failed at once (r->err set). */
static int attempt(struct race *r, const struct addrinfo *ai, int *fd)
{
    int s = socket_nb(ai->ai_family);
    if (s < 0) {
        r->err = errno;
        return -1;
    }
    if (connect(s, ai->ai_addr, ai->ai_addrlen) == 0) {
        *fd = s;
        return 1;
    }
    if (errno != EINPROGRESS) {
        r->err = errno;
        close(s);
        return -1;
    }
    r->pf[r->n++] = (struct pollfd){.fd = s, .events = POLLOUT};
    return 0;
}

/* The first attempt that connected among those poll() reported, or -1;
 * those that failed are closed and dropped. */
static int settle(struct race *r)
{
    for (nfds_t i = 1; i < r->n; i++) {
        if (!r->pf[i].revents)
            continue;
        int err = 0;
        socklen_t len = sizeof err;
        if (getsockopt(r->pf[i].fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
            err = errno;
        if (err == 0) {
            int fd = r->pf[i].fd;
            r->pf[i] = r->pf[--r->n];
            return fd;
        }
        r->err = err;
        close(r->pf[i].fd);
        r->pf[i--] = r->pf[--r->n];
    }
    return -1;
}

/* Tries the addresses as RFC 8305 says: the connected socket, or -1 with
 * r->err.  Every other socket is closed. */
static int race(struct race *r, struct addrinfo **addr, size_t naddr)
{
    size_t next = 0;
    int64_t due = 0;        /* when the next attempt starts */
    int fd = -1;
    while (fd < 0) {
        if (next < naddr && (r->n == 1 || ms_now() >= due)) {
            int a = attempt(r, addr[next++], &fd);
            due = ms_now() + DIAL_STAGGER_MS;
            if (a != 0)
                due = 0;    /* connected, or failed: the next one now */
            continue;
        }
        if (r->n == 1)
            break;          /* nothing in flight, nothing left */
        int64_t wait = next < naddr ? due - ms_now() : -1;
        int got = poll(r->pf, r->n, wait < 0 && next < naddr ? 0 : (int)wait);
        if (got < 0 && errno != EINTR) {
            r->err = errno;
            break;
        }
        if (got <= 0)
            continue;
        if (r->pf[0].revents) {
            r->err = ECANCELED;
            break;
        }
        nfds_t before = r->n;
        fd = settle(r);
        if (r->n < before && fd < 0)
            due = 0;        /* one failed: the next one now */
    }
    for (nfds_t i = 1; i < r->n; i++)
        close(r->pf[i].fd);
    r->n = 1;
    return fd;
}

static void dial_run(bl__job *j)
{
    dialjob *d = (dialjob *)j;
    struct addrinfo *res, *addr[DIAL_MAX];
    if (resolve(d->host, d->port, false, BY_NAME, &res) < 0) {
        d->err = errno;
        return;
    }
    struct race r = {.pf[0] = {.fd = d->cancel[0], .events = POLLIN}, .n = 1,
                     .err = EADDRNOTAVAIL};
    d->fd = race(&r, addr, interleave(res, addr));
    d->err = d->fd < 0 ? r.err : 0;
    freeaddrinfo(res);
}

static void dial_abandon(bl__job *j)
{
    bl__notify(((dialjob *)j)->cancel);
}

static void dial_done(bl__job *j)
{
    dialjob *d = (dialjob *)j;
    int err = d->err;
    if (d->fd >= 0 && j->ev) {
        bl_conn *c = conn_new(d->fd);
        j->ev->r.p = c;
        err = c ? 0 : ENOMEM;
        if (c) { /* connected on a worker: ours now, and ready */
            bl__fd_adopt(d->fd);
            d->fd = -1;
        }
    }
    if (d->fd >= 0)
        close(d->fd);
    bl__job_finish(j, err);
    bl__notify_close(d->cancel);
    free(d);
}

static bl_ev_conn *dial(const char *host, int port)
{
    size_t len = strlen(host);
    dialjob *d = malloc(sizeof *d + len + 1);
    if (!d)
        return &failed_conn;
    *d = (dialjob){.j = {.run = dial_run, .done = dial_done, .abandon = dial_abandon,
                         .what = "connect"},
                   .port = port, .fd = -1};
    memcpy(d->host, host, len + 1);
    if (bl__notify_open(d->cancel) < 0) {
        free(d);
        return &failed_conn;
    }
    bl__ev *ev = bl__work_new(&d->j, BL_R_PTR);
    return ev ? (bl_ev_conn *)ev : &failed_conn;
}

/* ------------------------------------------------------------------ */
/* bl_server, in the translator's form                                */
/* ------------------------------------------------------------------ */

/* coroutine void bl__serve(bl_conn *conn, bl_handler *handler)
 * {
 *     yield handler(conn);
 *     bl_close(conn);          // (and free it, even if the handler closed it)
 * } */
struct bl__serve__frame {
    bl_coro co;
    bl_conn *conn;
    bl_handler *handler;
};

static void bl__serve__resume(bl_coro *co);
static const bl_coro_info bl__serve__info; /* after its resume function */
static bl_coro bl__serve__failed = {.aw = {.kind = BL_AW_FAILED, .err = ENOMEM}};

static bl_coro *bl__serve(bl_conn *conn, bl_handler *handler)
{
    struct bl__serve__frame *self = bl__frame_new(&bl__serve__info);
    if (!self)
        return &bl__serve__failed;
    self->conn = conn;
    self->handler = handler;
    conn->served = true;
    return &self->co;
}

/* The lines of the resume function and of its awaits (BL__AWAIT_AT). */
enum {
    bl__serve__L0 = __LINE__ + 3,
    bl__serve__L1 = bl__serve__L0 + 7,
};
static void bl__serve__resume(bl_coro *co)
{
    struct bl__serve__frame *self = (struct bl__serve__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL__AWAIT_AT(bl__serve__L1, co, 1, self->handler(self->conn));
resume_1:
    conn_close(self->conn, true);
    BL_END(co);
}

static const unsigned bl__serve__lines[] = {bl__serve__L0, bl__serve__L1};
static const bl_coro_info bl__serve__info = {
    "bl__serve", __FILE__, bl__serve__resume, sizeof(struct bl__serve__frame),
    2, bl__serve__lines, NULL,
};

/* coroutine int bl_server(const char *host, int port, bl_handler *handler)
 * {
 *     bl_listener *l = bl_listen(host, port);
 *     if (!l)
 *         return -1;
 *     for (;;) {
 *         bl_conn *conn = yield bl_accept(l);
 *         if (!conn) {             // out of fds and no reserve, ENOBUFS...
 *             yield bl_sleep(0.05);
 *             continue;
 *         }
 *         if (!(yield bl_spawn(bl__serve(conn, handler))))
 *             bl_close(conn);      // no memory for its task (and free it)
 *     }
 * } */
struct bl_server__frame {
    struct bl_server__co h;
    const char *host;
    int port;
    bl_handler *handler;
    bl_listener *l;
    bl_conn *conn;
};

static void bl_server__resume(bl_coro *co);
static const bl_coro_info bl_server__info; /* after its resume function */
static struct bl_server__co bl_server__failed = {.aw = {.kind = BL_AW_FAILED, .err = ENOMEM}, -1};

struct bl_server__co *bl_server(const char *host, int port, bl_handler *handler)
{
    struct bl_server__frame *self = bl__frame_new(&bl_server__info);
    if (!self)
        return &bl_server__failed;
    self->host = host;
    self->port = port;
    self->handler = handler;
    return &self->h;
}

/* The lines of the resume function and of its awaits (BL__AWAIT_AT). */
enum {
    bl_server__L0 = __LINE__ + 5,
    bl_server__L1 = bl_server__L0 + 16,
    bl_server__L2 = bl_server__L0 + 20,
    bl_server__L3 = bl_server__L0 + 33,
};
static void bl_server__resume(bl_coro *co)
{
    struct bl_server__frame *self = (struct bl_server__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    }
    self->l = bl_listen(self->host, self->port);
    if (!self->l) {
        co->aw.err = errno; /* the runtime's own: errno for the awaiter */
        self->h.result = -1;
        BL_END(co);
    }
    for (;;) {
        BL__AWAIT_AT(bl_server__L1, co, 1, bl_accept(self->l));
    resume_1:
        self->conn = BL_RESULT(co, bl_accept(self->l));
        if (!self->conn) {      /* EMFILE, ENOMEM...: a pause, then on */
            BL__AWAIT_AT(bl_server__L2, co, 2, bl_sleep(0.05));
        resume_2:
            if (BL_RESULT(co, bl_sleep(0.05)) < 0) {
                /* No memory even for the pause: end with the error
                 * rather than accept again at once (a spin). */
                co->aw.err = errno;
                bl_listener_close(self->l);
                self->l = NULL;
                self->h.result = -1;
                BL_END(co);
            }
            continue;
        }
        BL__AWAIT_AT(bl_server__L3, co, 3, bl_spawn(bl__serve(self->conn, self->handler)));
    resume_3:
        if (!BL_RESULT(co, bl_spawn(bl__serve(self->conn, self->handler))))
            conn_close(self->conn, true); /* its task never ran */
    }
}

static const unsigned bl_server__lines[] = {
    bl_server__L0, bl_server__L1, bl_server__L2, bl_server__L3,
};
static const bl_coro_info bl_server__info = {
    "bl_server", __FILE__, bl_server__resume, sizeof(struct bl_server__frame),
    4, bl_server__lines, NULL,
};

/* The runtime's coroutines ended before their end (kill, timeout, the end
 * of bl_run) give back what they hold. */
void bl__net_cleanup(bl_coro *co)
{
    if (co->info == &bl__serve__info) {
        conn_close(((struct bl__serve__frame *)co)->conn, true);
    } else if (co->info == &bl_server__info && co->state != 0) { /* (0: never ran) */
        struct bl_server__frame *self = (struct bl_server__frame *)co;
        bl_listener_close(self->l);
        self->l = NULL;
    }
}

int bl__net_status(const bl_coro *co)
{
    if (co->info == &bl_server__info && co->state == BL_DONE)
        return ((const struct bl_server__co *)co)->result;
    return 0;
}
