/*
 * poll.c - the portable backend: level-triggered poll(2).
 *
 * The set holds the fds somebody waits on, with what they wait for; the
 * loop tells us whenever that changes.  Reported fds are collected first
 * and handed out after, since handling one may change the set.
 */
#include "backend.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

struct pl {
    struct pollfd *set;   /* the fds watched, packed */
    int n, cap;
    int *where;           /* where[fd]: index in set + 1, or 0 */
    int nwhere;
    struct { int fd; unsigned mask; } *out; /* reported, to hand out */
};

static int pl_init(void **st)
{
    struct pl *pl = calloc(1, sizeof *pl);
    if (!pl)
        return -1;
    *st = pl;
    return 0;
}

static void pl_free(void *st)
{
    struct pl *pl = st;
    free(pl->set);
    free(pl->where);
    free(pl->out);
    free(pl);
}

static int grow(struct pl *pl, int fd)
{
    if (fd >= pl->nwhere) {
        int n = pl->nwhere ? pl->nwhere : 64;
        while (n <= fd)
            n *= 2;
        int *w = realloc(pl->where, (size_t)n * sizeof *w);
        if (!w)
            return -1;
        memset(w + pl->nwhere, 0, (size_t)(n - pl->nwhere) * sizeof *w);
        pl->where = w;
        pl->nwhere = n;
    }
    if (pl->n == pl->cap) {
        int cap = pl->cap ? 2 * pl->cap : 64;
        struct pollfd *s = realloc(pl->set, (size_t)cap * sizeof *s);
        if (!s)
            return -1;
        pl->set = s;
        void *o = realloc(pl->out, (size_t)cap * sizeof *pl->out);
        if (!o)
            return -1;
        pl->out = o;
        pl->cap = cap;
    }
    return 0;
}

static int pl_del(void *st, int fd)
{
    struct pl *pl = st;
    if (fd < 0 || fd >= pl->nwhere || !pl->where[fd])
        return 0;
    int i = pl->where[fd] - 1;
    pl->set[i] = pl->set[--pl->n];
    pl->where[pl->set[i].fd] = i + 1;
    pl->where[fd] = 0;
    return 0;
}

static int pl_add(void *st, int fd, unsigned want)
{
    struct pl *pl = st;
    if (!want)
        return pl_del(st, fd);
    if (grow(pl, fd) < 0) {
        errno = ENOMEM;
        return -1;
    }
    if (!pl->where[fd]) {
        pl->set[pl->n] = (struct pollfd){.fd = fd};
        pl->where[fd] = ++pl->n;
    }
    struct pollfd *p = &pl->set[pl->where[fd] - 1];
    p->events = (short)(((want & BL_IN) ? POLLIN : 0) | ((want & BL_OUT) ? POLLOUT : 0));
    return 0;
}

static int pl_poll(void *st, int timeout_ms, void (*ready)(int fd, unsigned mask))
{
    struct pl *pl = st;
    int n = poll(pl->set, (nfds_t)pl->n, timeout_ms);
    if (n <= 0)
        return n < 0 && errno != EINTR ? -1 : 0;
    int nout = 0;
    for (int i = 0; i < pl->n && nout < n; i++) {
        short r = pl->set[i].revents;
        if (!r)
            continue;
        unsigned mask = 0;
        if (r & (POLLIN | POLLERR | POLLHUP | POLLNVAL))
            mask |= BL_IN;
        if (r & (POLLOUT | POLLERR | POLLHUP | POLLNVAL))
            mask |= BL_OUT;
        if (r & (POLLERR | POLLHUP | POLLNVAL))
            mask |= BL_HUP;
        pl->out[nout].fd = pl->set[i].fd;
        pl->out[nout++].mask = mask;
    }
    for (int i = 0; i < nout; i++)
        ready(pl->out[i].fd, pl->out[i].mask);
    return nout;
}

const bl__backend bl__poll = {
    "poll", 0, pl_init, pl_free, pl_add, pl_del, pl_poll, BL_READY_OPS,
};
