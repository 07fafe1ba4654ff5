/*
 * bench/httpd/nodelay.c - an LD_PRELOAD library that sets TCP_NODELAY on
 * every connection the program accepts, for the `httpd-nodelay` server of
 * bench/httpd: httpd unchanged but for Nagle's algorithm, to show how much
 * of the gap to nginx that one socket option is.  A diagnostic, not a fix:
 * the fix belongs in the runtime or the example.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <sys/socket.h>

static int nodelay(int fd)
{
    int one = 1;
    if (fd >= 0)
        (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
    static int (*real)(int, struct sockaddr *, socklen_t *, int);
    if (real == NULL)
        *(void **)&real = dlsym(RTLD_NEXT, "accept4");
    return real ? nodelay(real(fd, addr, len, flags)) : -1;
}

int accept(int fd, struct sockaddr *addr, socklen_t *len)
{
    static int (*real)(int, struct sockaddr *, socklen_t *);
    if (real == NULL)
        *(void **)&real = dlsym(RTLD_NEXT, "accept");
    return real ? nodelay(real(fd, addr, len)) : -1;
}
