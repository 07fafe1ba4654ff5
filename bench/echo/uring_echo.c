/*
 * uring_echo.c - the io_uring echo server the runtime is measured against:
 * the best a hand-written completion server gets from the kernel, no
 * coroutines.
 *
 *   uring_echo PORT       listens on 127.0.0.1:PORT (0: any free port);
 *                         prints "listening on 127.0.0.1:PORT"; ends
 *                         cleanly on SIGTERM or SIGINT
 *
 * One thread, one ring (IORING_SETUP_SINGLE_ISSUER | DEFER_TASKRUN where
 * the kernel has them: completions are posted only when we wait, no
 * interrupting task work).  One multishot accept on the listener; per
 * connection one multishot recv that picks its buffer from a provided
 * buffer ring, so no buffer is tied to an idle connection.  The bytes are
 * sent back from the buffer they arrived in, one send in flight per
 * connection (a queue keeps the rest in order), and the buffer goes back
 * to the ring when its send is done.  Per echo: one io_uring_enter, which
 * submits the sends and waits for the next completions.
 */
#include <errno.h>
#include <liburing.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server.h"

#define NBUFS 4096        /* provided buffers (a power of two) */
#define BUF_SIZE 4096     /* bytes each */
#define BGID 1            /* their group */
#define ENTRIES 1024      /* submission queue */

/* user_data: what completed (low 2 bits) and for whom (the fd above). */
enum { OP_ACCEPT, OP_RECV, OP_SEND, OP_SIGNAL };
#define DATA(op, fd) ((uint64_t)(fd) << 2 | (op))

struct chunk {
    unsigned short bid;   /* the provided buffer it lies in */
    unsigned off, len;    /* its unsent part */
};

struct conn {
    struct chunk *q;      /* to send, in order; q[head] is in flight */
    unsigned head, n, cap;
    int open;             /* accepted, not yet closed */
    int recv_over;        /* its multishot recv ended for good */
};

static struct io_uring ring;
static struct io_uring_buf_ring *br;
static char *bufs;
static struct conn *conns;  /* conns[fd] */
static size_t nconns;
static int listen_fd;
static int signal_fd;       /* SIGTERM and SIGINT, read on the ring */
static int stop;

static struct io_uring_sqe *sqe(void)
{
    struct io_uring_sqe *s = io_uring_get_sqe(&ring);
    if (!s) {
        io_uring_submit(&ring);
        s = io_uring_get_sqe(&ring);
    }
    return s;
}

static void give_back(unsigned short bid)
{
    io_uring_buf_ring_add(br, bufs + (size_t)bid * BUF_SIZE, BUF_SIZE, bid,
                          io_uring_buf_ring_mask(NBUFS), 0);
    io_uring_buf_ring_advance(br, 1);
}

static void arm_accept(void)
{
    struct io_uring_sqe *s = sqe();
    io_uring_prep_multishot_accept(s, listen_fd, NULL, NULL, SOCK_CLOEXEC);
    io_uring_sqe_set_data64(s, DATA(OP_ACCEPT, listen_fd));
}

static void arm_recv(int fd)
{
    struct io_uring_sqe *s = sqe();
    io_uring_prep_recv_multishot(s, fd, NULL, 0, 0);
    s->flags |= IOSQE_BUFFER_SELECT;
    s->buf_group = BGID;
    io_uring_sqe_set_data64(s, DATA(OP_RECV, fd));
}

static void send_head(int fd)
{
    struct chunk *c = &conns[fd].q[conns[fd].head];
    struct io_uring_sqe *s = sqe();
    io_uring_prep_send(s, fd, bufs + (size_t)c->bid * BUF_SIZE + c->off, c->len,
                       MSG_NOSIGNAL);
    io_uring_sqe_set_data64(s, DATA(OP_SEND, fd));
}

/* A connection closes once its recv is over and no send is in flight, so
 * no completion can name its fd after the number is reused. */
static void maybe_close(int fd)
{
    struct conn *c = &conns[fd];
    if (!c->recv_over || c->n)
        return;
    free(c->q);
    memset(c, 0, sizeof *c);
    close(fd);
}

/* The connection goes: what it had queued is dropped (but for the send in
 * flight), and shutdown ends its recv, whose last completion closes it. */
static void drop(int fd)
{
    struct conn *c = &conns[fd];
    for (; c->n > 1; c->n--)
        give_back(c->q[(c->head + c->n - 1) % c->cap].bid);
    shutdown(fd, SHUT_RDWR);
    maybe_close(fd);
}

static int grow_conns(int fd)
{
    if ((size_t)fd < nconns)
        return 0;
    size_t n = nconns ? nconns : 1024;
    while (n <= (size_t)fd)
        n *= 2;
    struct conn *t = realloc(conns, n * sizeof *t);
    if (!t)
        return -1;
    memset(t + nconns, 0, (n - nconns) * sizeof *t);
    conns = t;
    nconns = n;
    return 0;
}

/* Queues `len` bytes of buffer bid to send back; sends at once when the
 * connection has nothing in flight. */
static int queue_send(int fd, unsigned short bid, unsigned len)
{
    struct conn *c = &conns[fd];
    if (c->n == c->cap) {
        unsigned cap = c->cap ? 2 * c->cap : 8;
        struct chunk *q = malloc(cap * sizeof *q);
        if (!q)
            return -1;
        for (unsigned i = 0; i < c->n; i++)
            q[i] = c->q[(c->head + i) % c->cap];
        free(c->q);
        c->q = q;
        c->head = 0;
        c->cap = cap;
    }
    c->q[(c->head + c->n) % c->cap] = (struct chunk){bid, 0, len};
    if (c->n++ == 0)
        send_head(fd);
    return 0;
}

static void on_accept(struct io_uring_cqe *cqe)
{
    if (!(cqe->flags & IORING_CQE_F_MORE))
        arm_accept();
    int fd = cqe->res;
    if (fd < 0)
        return;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (grow_conns(fd) < 0) {
        close(fd);
        return;
    }
    conns[fd].open = 1;
    arm_recv(fd);
}

static void on_recv(int fd, struct io_uring_cqe *cqe)
{
    if (cqe->res > 0) {
        unsigned short bid = (unsigned short)(cqe->flags >> IORING_CQE_BUFFER_SHIFT);
        if (queue_send(fd, bid, (unsigned)cqe->res) < 0) {
            give_back(bid);
            drop(fd);
            return;
        }
        if (!(cqe->flags & IORING_CQE_F_MORE))
            arm_recv(fd); /* the kernel stopped it: again */
        return;
    }
    if (cqe->res == -ENOBUFS) { /* every buffer is out: again, later */
        arm_recv(fd);
        return;
    }
    if (cqe->flags & IORING_CQE_F_MORE)
        return;
    conns[fd].recv_over = 1; /* end of stream, or an error */
    drop(fd);
}

static void on_send(int fd, struct io_uring_cqe *cqe)
{
    struct conn *c = &conns[fd];
    struct chunk *h = &c->q[c->head];
    if (cqe->res < 0)
        h->len = 0; /* broken: the rest of it goes too */
    else
        h->off += (unsigned)cqe->res, h->len -= (unsigned)cqe->res;
    if (h->len == 0) {
        give_back(h->bid);
        c->head = (c->head + 1) % c->cap;
        c->n--;
    }
    if (cqe->res < 0)
        drop(fd);
    else if (c->n)
        send_head(fd);
    else
        maybe_close(fd);
}

static int setup(int port)
{
    struct io_uring_params p = {
        .flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN |
                 IORING_SETUP_CQSIZE,
        .cq_entries = 8 * ENTRIES,
    };
    if (io_uring_queue_init_params(ENTRIES, &ring, &p) < 0) {
        p = (struct io_uring_params){.flags = IORING_SETUP_CQSIZE, .cq_entries = 8 * ENTRIES};
        if (io_uring_queue_init_params(ENTRIES, &ring, &p) < 0)
            return -1;
    }
    size_t rsize = NBUFS * sizeof(struct io_uring_buf);
    br = mmap(NULL, rsize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    bufs = malloc((size_t)NBUFS * BUF_SIZE);
    if (br == MAP_FAILED || !bufs)
        return -1;
    struct io_uring_buf_reg reg = {.ring_addr = (uintptr_t)br, .ring_entries = NBUFS,
                                   .bgid = BGID};
    if (io_uring_register_buf_ring(&ring, &reg, 0) < 0)
        return -1;
    io_uring_buf_ring_init(br);
    for (unsigned i = 0; i < NBUFS; i++)
        io_uring_buf_ring_add(br, bufs + (size_t)i * BUF_SIZE, BUF_SIZE, (unsigned short)i,
                              io_uring_buf_ring_mask(NBUFS), (int)i);
    io_uring_buf_ring_advance(br, NBUFS);

    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof sa;
    int one = 1;
    listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd < 0 ||
        setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        bind(listen_fd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
        listen(listen_fd, SOMAXCONN) < 0 ||
        getsockname(listen_fd, (struct sockaddr *)&sa, &len) < 0)
        return -1;
    printf("listening on 127.0.0.1:%d\n", ntohs(sa.sin_port));
    fflush(stdout);
    arm_accept();
    struct io_uring_sqe *s = sqe();
    io_uring_prep_poll_add(s, signal_fd, POLLIN);
    io_uring_sqe_set_data64(s, DATA(OP_SIGNAL, signal_fd));
    return 0;
}

static void serve(void)
{
    while (!stop) {
        struct io_uring_cqe *cqe;
        int rc = io_uring_submit_and_wait(&ring, 1);
        if (rc < 0 && rc != -EINTR)
            break;
        unsigned head, n = 0;
        io_uring_for_each_cqe(&ring, head, cqe) {
            int fd = (int)(cqe->user_data >> 2);
            switch (cqe->user_data & 3) {
            case OP_ACCEPT: on_accept(cqe); break;
            case OP_RECV: on_recv(fd, cqe); break;
            case OP_SEND: on_send(fd, cqe); break;
            case OP_SIGNAL: stop = 1; break;
            }
            n++;
        }
        io_uring_cq_advance(&ring, n);
    }
}

int main(int argc, char **argv)
{
    long port = echo_port(argc, argv, "uring_echo");
    if (port < 0)
        return 2;
    /* SIGTERM and SIGINT are read from a signalfd polled on the ring, not
     * caught: a handler would not run while io_uring_enter blocks under
     * valgrind (it holds signals through that call), and a signalfd is
     * readable whoever blocks the signal. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    if (sigprocmask(SIG_BLOCK, &stop_signals, NULL) < 0 ||
        (signal_fd = signalfd(-1, &stop_signals, SFD_CLOEXEC)) < 0) {
        perror("uring_echo: signalfd");
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);
    raise_fd_limit();
    if (setup((int)port) < 0) {
        fprintf(stderr, "uring_echo: cannot serve on 127.0.0.1:%ld: %s\n", port,
                strerror(errno));
        return 1;
    }
    serve();
    for (size_t fd = 0; fd < nconns; fd++) {
        if (conns[fd].open) {
            free(conns[fd].q);
            close((int)fd);
        }
    }
    free(conns);
    io_uring_queue_exit(&ring);
    close(listen_fd);
    close(signal_fd);
    free(bufs);
    return 0;
}
