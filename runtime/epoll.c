/*
 * epoll.c - the Linux backend: edge-triggered epoll.
 *
 * An fd is added once with EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET and
 * stays until deleted; the loop keeps the readiness it was told, so no
 * epoll_ctl happens per wait.
 */
#ifdef __linux__
#include "backend.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#define MAXEVENTS 256

struct ep {
    int fd;
    struct epoll_event events[MAXEVENTS];
};

static int ep_init(void **st)
{
    struct ep *ep = malloc(sizeof *ep);
    if (!ep)
        return -1;
    ep->fd = epoll_create1(EPOLL_CLOEXEC);
    if (ep->fd < 0) {
        free(ep);
        return -1;
    }
    *st = ep;
    return 0;
}

static void ep_free(void *st)
{
    struct ep *ep = st;
    close(ep->fd);
    free(ep);
}

static int ep_add(void *st, int fd, unsigned want)
{
    struct ep *ep = st;
    (void)want; /* both directions, always: readiness is cached */
    struct epoll_event ev = {
        .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET,
        .data.fd = fd,
    };
    if (epoll_ctl(ep->fd, EPOLL_CTL_ADD, fd, &ev) == 0)
        return 0;
    if (errno == EEXIST) /* a dup of an fd we watch, or a reused number */
        return epoll_ctl(ep->fd, EPOLL_CTL_MOD, fd, &ev);
    return -1;
}

static int ep_del(void *st, int fd)
{
    struct ep *ep = st;
    struct epoll_event ev = {0}; /* kernels before 2.6.9 want one */
    if (epoll_ctl(ep->fd, EPOLL_CTL_DEL, fd, &ev) < 0 && errno != ENOENT &&
        errno != EBADF)
        return -1;
    return 0;
}

/* The native events that matter, as the index of a table: EPOLLIN, OUT,
 * ERR and HUP in place (bits 0, 2, 3, 4), EPOLLRDHUP (bit 13) moved down
 * to bit 5. */
#define EV_BITS (EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP)
#define EV_INDEX(e) (((e) & EV_BITS) | ((e) & EPOLLRDHUP) >> 8)
_Static_assert(EPOLLRDHUP >> 8 == 0x20 && (EV_BITS & 0x20) == 0, "index bits");

/* Native events to the loop's mask: errors and hang-ups are both
 * directions (the next syscall reports them); a hang-up is BL_HUP too. */
#define MASK_OF(i)                                                            \
    ((((i) & (EPOLLIN | EPOLLERR | EPOLLHUP | 0x20)) ? BL_IN : 0) |          \
     (((i) & (EPOLLOUT | EPOLLERR | EPOLLHUP)) ? BL_OUT : 0) |               \
     (((i) & (EPOLLERR | EPOLLHUP | 0x20)) ? BL_HUP : 0))
#define MASK4(i) MASK_OF(i), MASK_OF(i + 1), MASK_OF(i + 2), MASK_OF(i + 3)
#define MASK16(i) MASK4(i), MASK4(i + 4), MASK4(i + 8), MASK4(i + 12)
static const uint8_t masks[64] = {MASK16(0), MASK16(16), MASK16(32), MASK16(48)};

static int ep_poll(void *st, int timeout_ms, void (*ready)(int fd, unsigned mask))
{
    struct ep *ep = st;
    int n = epoll_wait(ep->fd, ep->events, MAXEVENTS, timeout_ms);
    if (n < 0)
        return errno == EINTR ? 0 : -1;
    for (int i = 0; i < n; i++)
        ready(ep->events[i].data.fd, masks[EV_INDEX(ep->events[i].events)]);
    return n;
}

const bl__backend bl__epoll = {
    "epoll", 1, ep_init, ep_free, ep_add, ep_del, ep_poll, BL_READY_OPS,
};
#endif /* __linux__ */
