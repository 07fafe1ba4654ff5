/*
 * backend.h - the contract between the loop and a readiness poller.
 *
 * Six operations, one file each (epoll.c, kqueue.c, poll.c).  An
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

typedef struct bl__backend {
    const char *name;                           /* "epoll", "kqueue", "poll" */
    int edge;                                   /* 1: edge-triggered, add once */
    int (*init)(void **st);                     /* 0, or -1 with errno */
    void (*free)(void *st);                     /* release everything */
    int (*add)(void *st, int fd, unsigned want);/* watch fd (level: for want) */
    int (*del)(void *st, int fd);               /* stop watching fd */
    int (*poll)(void *st, int timeout_ms,       /* wait; ready(fd, mask) for */
                void (*ready)(int fd, unsigned mask)); /* each; EINTR: 0 */
} bl__backend;

__attribute__((visibility("hidden")))
extern const bl__backend bl__epoll, bl__kqueue, bl__poll;

#endif /* BLUELET_BACKEND_H */
