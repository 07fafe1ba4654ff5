/*
 * dgram.c - bl_recvfrom() and bl_sendto(): datagrams on any socket the
 * program owns (UDP, Unix datagram sockets, a connected one too).
 *
 * They take the arguments of recvfrom(2) and sendto(2) and wait for the
 * socket like bl_read() and bl_write() do, registered only while they
 * wait, since the socket is the program's.  Each makes its call with
 * MSG_DONTWAIT (and MSG_NOSIGNAL), so it never blocks whatever the fd's
 * flags are, and a datagram is never split: one call, one datagram.
 */
#include "internal.h"

#include <fcntl.h>

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0
#endif


int bl__try_dgram(bl__io *io)
{
    for (;;) {
        ssize_t n;
        if (io->op == BL_OP_RECVFROM)
            n = recvfrom(io->fd, io->buf, io->len, io->flags | MSG_DONTWAIT,
                         io->obj, io->alen);
        else
            n = sendto(io->fd, io->buf, io->len, io->flags | MSG_DONTWAIT | MSG_NOSIGNAL,
                       io->obj, io->tolen);
        if (n >= 0) {
            io->ev.r.n = n;
            return 1;
        }
        int r = bl__io_errno(io);
        if (r >= 0)
            return r;
    }
}

static bl_ev_ssize failed_ssize = {{.kind = BL_K_FAILED, .err = ENOMEM}, -1};

static bl__io *dgram_new(int fd, void *buf, size_t n, int flags, unsigned dir,
                         unsigned op, void *addr)
{
    bl__io *io = bl__io_new(fd, dir, op);
    if (!io)
        return NULL;
    io->buf = buf;
    io->len = n;
    io->flags = flags;
    io->obj = addr;
    bl__fd *f = bl__fd_get(fd);
    if (!f)
        bl__io_fail(io, fd < 0 ? EBADF : ENOMEM);
    else if (fcntl(fd, F_GETFD) < 0)
        bl__io_fail(io, errno);
    else if (f->reg == BL_REG_NONE)
        f->ready = BL_IN | BL_OUT; /* MSG_DONTWAIT: try first */
    return io;
}

bl_ev_ssize *bl_recvfrom(int fd, void *buf, size_t n, int flags,
                         struct sockaddr *from, socklen_t *fromlen)
{
    bl__io *io = dgram_new(fd, buf, n, flags, BL_IN, BL_OP_RECVFROM, from);
    if (!io)
        return &failed_ssize;
    io->alen = from ? fromlen : NULL;
    if (from && !fromlen)
        bl__io_fail(io, EINVAL);
    return (bl_ev_ssize *)io;
}

bl_ev_ssize *bl_sendto(int fd, const void *buf, size_t n, int flags,
                       const struct sockaddr *to, socklen_t tolen)
{
    bl__io *io = dgram_new(fd, (void *)buf, n, flags, BL_OUT, BL_OP_SENDTO, (void *)to);
    if (!io)
        return &failed_ssize;
    io->tolen = to ? tolen : 0;
    return (bl_ev_ssize *)io;
}
