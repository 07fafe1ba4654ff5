/*
 * epoll_echo.c - the reference echo server the runtime is measured
 * against: the classic design, written by hand, no coroutines.
 *
 *   epoll_echo PORT       listens on 127.0.0.1:PORT (0: any free port);
 *                         prints "listening on 127.0.0.1:PORT"; ends
 *                         cleanly on SIGTERM or SIGINT
 *
 * One thread, one level-triggered epoll set, a table of connections
 * indexed by fd.  Readable: read once into a shared buffer and write it
 * straight back; whatever the socket does not take is kept in the
 * connection's own buffer, and the connection then waits for writability
 * instead of readability (so a client that does not read cannot make us
 * buffer without bound).  Per echo that is one epoll_wait (shared by every
 * ready connection), one read and one write: the fewest syscalls an echo
 * can cost.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server.h"

#define BUF_SIZE 65536
#define MAX_EVENTS 256

struct conn {
    int fd;
    char *pending;      /* bytes read but not yet written back */
    size_t off, len;    /* the unwritten part is pending[off, len) */
    size_t cap;
};

static struct conn **conns; /* conns[fd], or NULL */
static size_t nconns;       /* size of the table */
static int ep, listen_fd;
static int spare_fd = -1;   /* given up to accept-and-close when out of fds */
static volatile sig_atomic_t stop;

static void on_signal(int signo)
{
    (void)signo;
    stop = 1;
}

static int watch(int op, int fd, uint32_t events)
{
    struct epoll_event ev = { .events = events, .data.fd = fd };
    return epoll_ctl(ep, op, fd, &ev);
}

static void drop(struct conn *c)
{
    conns[c->fd] = NULL;
    close(c->fd); /* also leaves the epoll set */
    free(c->pending);
    free(c);
}

static struct conn *add_conn(int fd)
{
    if ((size_t)fd >= nconns) {
        size_t n = nconns ? nconns : 1024;
        while (n <= (size_t)fd)
            n *= 2;
        struct conn **t = realloc(conns, n * sizeof *t);
        if (!t)
            return NULL;
        memset(t + nconns, 0, (n - nconns) * sizeof *t);
        conns = t;
        nconns = n;
    }
    struct conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->fd = fd;
    if (watch(EPOLL_CTL_ADD, fd, EPOLLIN) < 0) {
        free(c);
        return NULL;
    }
    conns[fd] = c;
    return c;
}

/* Keeps buf[0, n) to write when the socket can take it, and waits for
 * that instead of for more input. */
static int keep(struct conn *c, const char *buf, size_t n)
{
    if (n > c->cap) {
        char *p = realloc(c->pending, n);
        if (!p)
            return -1;
        c->pending = p;
        c->cap = n;
    }
    memcpy(c->pending, buf, n);
    c->off = 0;
    c->len = n;
    return watch(EPOLL_CTL_MOD, c->fd, EPOLLOUT);
}

/* Writes as much of buf as the socket takes; the number of bytes, or -1
 * when the connection is broken. */
static ssize_t write_some(int fd, const char *buf, size_t n)
{
    ssize_t w;
    do
        w = send(fd, buf, n, MSG_NOSIGNAL);
    while (w < 0 && errno == EINTR);
    if (w < 0)
        return errno == EAGAIN ? 0 : -1;
    return w;
}

static void on_readable(struct conn *c)
{
    static char buf[BUF_SIZE];
    ssize_t n = read(c->fd, buf, sizeof buf);
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    if (n <= 0) {
        drop(c);
        return;
    }
    ssize_t w = write_some(c->fd, buf, (size_t)n);
    if (w < 0 || (w < n && keep(c, buf + w, (size_t)(n - w)) < 0))
        drop(c);
}

static void on_writable(struct conn *c)
{
    ssize_t w = write_some(c->fd, c->pending + c->off, c->len - c->off);
    if (w < 0) {
        drop(c);
        return;
    }
    c->off += (size_t)w;
    if (c->off == c->len && watch(EPOLL_CTL_MOD, c->fd, EPOLLIN) < 0)
        drop(c);
}

/* Accepts every waiting connection.  Out of fds, the spare fd is given
 * up to accept one and close it at once, so the client learns, and the
 * level-triggered listener does not spin. */
static void on_accept(void)
{
    for (;;) {
        int fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if ((errno == EMFILE || errno == ENFILE) && spare_fd >= 0) {
                close(spare_fd);
                fd = accept(listen_fd, NULL, NULL);
                if (fd >= 0)
                    close(fd);
                spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
                continue;
            }
            return; /* EAGAIN: all taken */
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (!add_conn(fd))
            close(fd);
    }
}

static int listen_on(int port)
{
    struct sockaddr_in sa = { .sin_family = AF_INET,
                              .sin_port = htons((uint16_t)port),
                              .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof sa;
    int one = 1;
    listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (listen_fd < 0 ||
        setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        bind(listen_fd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
        listen(listen_fd, SOMAXCONN) < 0 ||
        getsockname(listen_fd, (struct sockaddr *)&sa, &len) < 0 ||
        watch(EPOLL_CTL_ADD, listen_fd, EPOLLIN) < 0)
        return -1;
    printf("listening on 127.0.0.1:%d\n", ntohs(sa.sin_port));
    fflush(stdout);
    return 0;
}

/* SIGTERM and SIGINT are blocked except inside epoll_pwait, so a signal
 * either finds us waiting (EINTR) or waits for the next check of stop. */
static void serve(const sigset_t *waitmask)
{
    struct epoll_event evs[MAX_EVENTS];
    while (!stop) {
        int n = epoll_pwait(ep, evs, MAX_EVENTS, -1, waitmask);
        for (int i = 0; i < n; i++) {
            int fd = evs[i].data.fd;
            if (fd == listen_fd) {
                on_accept();
                continue;
            }
            struct conn *c = conns[fd];
            if (!c)
                continue; /* dropped earlier in this batch */
            if (c->len > c->off)
                on_writable(c);
            else
                on_readable(c);
        }
    }
}

int main(int argc, char **argv)
{
    long port = echo_port(argc, argv, "epoll_echo");
    if (port < 0)
        return 2;
    struct sigaction sa = { .sa_handler = on_signal };
    sigset_t block, waitmask;
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    sigprocmask(SIG_BLOCK, &block, &waitmask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    raise_fd_limit();
    spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0 || listen_on((int)port) < 0) {
        fprintf(stderr, "epoll_echo: cannot listen on 127.0.0.1:%ld: %s\n", port,
                strerror(errno));
        return 1;
    }
    serve(&waitmask);
    for (size_t fd = 0; fd < nconns; fd++)
        if (conns[fd])
            drop(conns[fd]);
    free(conns);
    close(listen_fd);
    close(ep);
    if (spare_fd >= 0)
        close(spare_fd);
    return 0;
}
