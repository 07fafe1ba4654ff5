/*
 * kqueue.c - the BSD and macOS backend: kqueue with EV_CLEAR.
 *
 * An fd gets a read and a write filter once, both EV_CLEAR (edge-
 * triggered), and keeps them until deleted; like epoll.c, no kevent()
 * change per wait.  EV_EOF and EV_ERROR are reported as readiness, so the
 * next syscall sees the end or the error.
 */
#if defined(__APPLE__) || defined(__FreeBSD__) || defined(__OpenBSD__) ||     \
    defined(__NetBSD__) || defined(__DragonFly__)
#include "backend.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/event.h>
#include <sys/time.h>
#include <fcntl.h>
#include <unistd.h>

#define MAXEVENTS 256

struct kq {
    int fd;
    struct kevent events[MAXEVENTS];
};

static int kq_init(void **st)
{
    struct kq *kq = malloc(sizeof *kq);
    if (!kq)
        return -1;
    kq->fd = kqueue();
    if (kq->fd < 0) {
        free(kq);
        return -1;
    }
    fcntl(kq->fd, F_SETFD, FD_CLOEXEC);
    *st = kq;
    return 0;
}

static void kq_free(void *st)
{
    struct kq *kq = st;
    close(kq->fd);
    free(kq);
}

static int kq_add(void *st, int fd, unsigned want)
{
    struct kq *kq = st;
    struct kevent ch[2];
    (void)want; /* both filters, always: readiness is cached */
    EV_SET(&ch[0], fd, EVFILT_READ, EV_ADD | EV_CLEAR, 0, 0, NULL);
    EV_SET(&ch[1], fd, EVFILT_WRITE, EV_ADD | EV_CLEAR, 0, 0, NULL);
    if (kevent(kq->fd, ch, 2, NULL, 0, NULL) < 0) {
        if (errno == EINVAL) /* a regular file on some systems */
            errno = EPERM;
        return -1;
    }
    return 0;
}

static int kq_del(void *st, int fd)
{
    struct kq *kq = st;
    struct kevent ch[2];
    EV_SET(&ch[0], fd, EVFILT_READ, EV_DELETE, 0, 0, NULL);
    EV_SET(&ch[1], fd, EVFILT_WRITE, EV_DELETE, 0, 0, NULL);
    /* Delete one by one: a failure of the first must not skip the second. */
    kevent(kq->fd, &ch[0], 1, NULL, 0, NULL);
    kevent(kq->fd, &ch[1], 1, NULL, 0, NULL);
    return 0;
}

static int kq_poll(void *st, int timeout_ms, void (*ready)(int fd, unsigned mask))
{
    struct kq *kq = st;
    struct timespec ts, *tp = NULL;
    if (timeout_ms >= 0) {
        ts.tv_sec = timeout_ms / 1000;
        ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
        tp = &ts;
    }
    int n = kevent(kq->fd, NULL, 0, kq->events, MAXEVENTS, tp);
    if (n < 0)
        return errno == EINTR ? 0 : -1;
    for (int i = 0; i < n; i++) {
        struct kevent *e = &kq->events[i];
        unsigned mask = e->filter == EVFILT_READ ? BL_IN : BL_OUT;
        if (e->flags & (EV_EOF | EV_ERROR))
            mask = BL_IN | BL_OUT | BL_HUP;
        ready((int)e->ident, mask);
    }
    return n;
}

const bl__backend bl__kqueue = {
    "kqueue", 1, kq_init, kq_free, kq_add, kq_del, kq_poll, BL_READY_OPS,
};
#else
/* Not a BSD: kqueue is not built (ISO C wants something in a unit). */
typedef int bl__kqueue_unavailable;
#endif
