/*
 * backend.h - the contract between the loop and a backend.
 *
 * A backend waits for the kernel and does the operations on fds.  A
 * readiness backend (epoll.c, kqueue.c, poll.c) brings six functions of its
 * own, the poller, and shares io.c's operations: wait for readiness, then
 * the syscall.  A completion backend (uring.c) submits the operations and
 * completes them on their results; its poller waits for completions.
 *
 * Readiness pollers: an
 * edge-triggered backend (epoll, kqueue) registers an fd once, for both
 * directions, and reports transitions; the loop caches readiness per fd
 * and only asks again after EAGAIN.  A level-triggered backend (poll) is
 * told the interest of each fd whenever it changes and reports state.
 * Native events map to one mask of BL_IN | BL_OUT | BL_HUP (errors and
 * hang-ups count as both directions, so the next syscall reports them).
 */
#ifndef BLUELET_BACKEND_H
#define BLUELET_BACKEND_H

/* BL_HUP: the peer will send no more (EPOLLRDHUP, EV_EOF, POLLHUP): with
 * edge triggering it is reported once, so the loop must remember it. */
enum { BL_IN = 1, BL_OUT = 2, BL_HUP = 4 };

struct bl__io;

typedef struct bl__backend {
    const char *name;                           /* "epoll", "kqueue", "poll", "io_uring" */
    int edge;                                   /* 1: edge-triggered, add once */
    int (*init)(void **st);                     /* 0, or -1 with errno */
    void (*free)(void *st);                     /* release everything */
    int (*add)(void *st, int fd, unsigned want);/* watch fd (level: for want) */
    int (*del)(void *st, int fd);               /* stop watching fd */
    int (*poll)(void *st, int timeout_ms,       /* wait; ready(fd, mask) for */
                void (*ready)(int fd, unsigned mask)); /* each; EINTR: 0 */
    /* The operations on fds: every BL_OP_* below. */
    int (*start)(struct bl__io *io);            /* begin: 1 done (result set), 0 pending */
    void (*cancel)(struct bl__io *io);          /* withdraw pending io; its buffer untouched after */
    int (*wait)(struct bl__io *io);             /* bl_wait_fd begins: as start */
    void (*forget)(int fd);                     /* fd closes now: who waits on it fails, EBADF */
} bl__backend;

/* The operations (bl__io.op), and what a readiness backend does for each
 * once the fd is ready (io.c's try functions). */
enum {
    BL_OP_READ,     /* bl_read: read(2), once per readiness if blocking */
    BL_OP_WRITE,    /* bl_write: write(2), likewise */
    BL_OP_RECV,     /* bl_recv: the connection's buffer first, then recv(2) */
    BL_OP_SEND,     /* bl_send: one send(2) */
    BL_OP_SENDALL,  /* bl_sendall: send(2) until all went */
    BL_OP_READLINE, /* bl_readline: recv(2) into the connection's buffer (the refill) */
    BL_OP_ACCEPT,   /* bl_accept: accept4(2) into a new bl_conn */
    BL_OP_CONNECT,  /* bl_connect: writable, then SO_ERROR says */
    BL_OP_SIGNAL,   /* signal.c's self-pipe, read by the loop */
    BL_OP_SENDFILE, /* bl_sendfile: sendfile(2) until all went */
    BL_OP_WAIT,     /* bl_wait_fd: the ready mask; dir may be BL_IN | BL_OUT */
    BL_OP_WORK,     /* work.c's eventfd, read by the loop */
    BL_OP_RECVFROM, /* bl_recvfrom: recvfrom(2), MSG_DONTWAIT */
    BL_OP_SENDTO,   /* bl_sendto: sendto(2), MSG_DONTWAIT */
    BL_OP_COUNT
};

/* io.c: the readiness backends' operations, shared. */
__attribute__((visibility("hidden"))) int bl__ready_start(struct bl__io *io);
__attribute__((visibility("hidden"))) void bl__ready_cancel(struct bl__io *io);
__attribute__((visibility("hidden"))) int bl__ready_wait(struct bl__io *io);
__attribute__((visibility("hidden"))) void bl__ready_forget(int fd);
#define BL_READY_OPS bl__ready_start, bl__ready_cancel, bl__ready_wait, bl__ready_forget

__attribute__((visibility("hidden")))
extern const bl__backend bl__epoll, bl__kqueue, bl__poll, bl__uring;

#endif /* BLUELET_BACKEND_H */
