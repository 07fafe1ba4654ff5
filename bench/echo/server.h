/*
 * server.h - what the hand-written echo servers share (epoll_echo.c,
 * uring_echo.c, uv_echo.c): the command line, and room for 1000
 * connections.  Header-only; each server is one file plus this.
 */
#ifndef BENCH_ECHO_SERVER_H
#define BENCH_ECHO_SERVER_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

/* `NAME PORT`: the port (0 to 65535), or -1 after printing the usage. */
static long echo_port(int argc, char **argv, const char *name)
{
    char *end;
    long port = argc == 2 ? strtol(argv[1], &end, 10) : -1;
    if (argc != 2 || *end || port < 0 || port > 65535) {
        fprintf(stderr, "usage: %s PORT\n", name);
        return -1;
    }
    return port;
}

/* The soft fd limit up to the hard one. */
static inline void raise_fd_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

#endif /* BENCH_ECHO_SERVER_H */
