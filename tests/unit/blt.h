/*
 * blt.h - what every runtime unit test shares: the leak discipline.
 *
 * Each test runs between blt_setup(), which notes the open fds, and
 * blt_teardown(), which asserts that nothing is left: no frame, event,
 * task, connection, listener, socket or registered fd (bl_stats), and
 * exactly the fds that were open before (libuv's MAKE_VALGRIND_HAPPY).
 * BLT_MAIN names the group after the module and the backend
 * (BLUELET_BACKEND), so a failure says which.
 *
 * The suites are test_*.blc, translated by the blc just built, so their
 * coroutines are what they say (none is lowered by hand).
 *
 * Every join is `if ((yield bl_join(t)) < 0) (void)(yield bl_kill(t));`:
 * under tests/fault's walk the join's event may be the allocation that
 * fails, and the join then completes at once (-1, ENOMEM) with t still
 * alive; what the test frees next (a connection, a channel, its own
 * frame) t may still use.  A kill kills even out of memory (sched.c).
 */
#ifndef BLT_H
#define BLT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bluelet.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* The port a listener bound (to port 0, the tests' way to find a free
 * one); -1 on error. */
static inline int blt_port_of(bl_listener *l)
{
    struct sockaddr_storage a;
    socklen_t len = sizeof a;
    if (getsockname(bl_listener_fd(l), (struct sockaddr *)&a, &len) < 0)
        return -1;
    if (a.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&a)->sin6_port);
    return ntohs(((struct sockaddr_in *)&a)->sin_port);
}

/* A port of 127.0.0.1 that nobody listens on: bound, then closed. */
static inline int blt_free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (fd < 0)
        return -1;
    int rc = bind(fd, (struct sockaddr *)&a, sizeof a) < 0 ||
             getsockname(fd, (struct sockaddr *)&a, &len) < 0;
    close(fd);
    return rc ? -1 : ntohs(a.sin_port);
}

/* What bl_dump() writes, in a string (cap bytes at most). */
static inline void blt_dump(char *buf, size_t cap)
{
    FILE *f = fmemopen(buf, cap - 1, "w");
    memset(buf, 0, cap);
    bl_dump(f);
    fclose(f);
}

/* The line that bl_dump's text `dump` gives as where the coroutine named
 * `name` is, "name (file:line)", read from that file: 1 if it holds
 * `want`, else 0 (with the line, or why there is none, in msg). */
static inline int blt_dump_line_has(const char *dump, const char *name,
                                    const char *want, char *msg, size_t cap)
{
    char key[128], file[256], line[512];
    unsigned at = 0;
    snprintf(key, sizeof key, " %s (", name);
    const char *p = strstr(dump, key);
    if (!p || sscanf(p + strlen(key), "%255[^:]:%u)", file, &at) != 2) {
        snprintf(msg, cap, "no \"%s (file:line)\" in the dump", name);
        return 0;
    }
    FILE *f = fopen(file, "r");
    if (!f) {
        snprintf(msg, cap, "%s: cannot open %s", name, file);
        return 0;
    }
    unsigned n = 0;
    while (fgets(line, sizeof line, f) && ++n < at)
        ;
    fclose(f);
    if (n != at) {
        snprintf(msg, cap, "%s: %s has no line %u", name, file, at);
        return 0;
    }
    snprintf(msg, cap, "%s: %s:%u is \"%s\"", name, file, at, line);
    return strstr(line, want) != NULL;
}

#define BLT_MAXFD 256

static unsigned char blt_fds[BLT_MAXFD];

static void blt_fd_set(unsigned char *set)
{
    for (int fd = 0; fd < BLT_MAXFD; fd++)
        set[fd] = fcntl(fd, F_GETFD) != -1;
}

static int blt_setup(void **state)
{
    (void)state;
    blt_fd_set(blt_fds);
    return 0;
}

static int blt_teardown(void **state)
{
    (void)state;
    struct bl_stats st;
    bl_stats(&st);
    assert_int_equal(st.frames, 0);
    assert_int_equal(st.events, 0);
    assert_int_equal(st.tasks, 0);
    assert_int_equal(st.fds, 0);
    assert_int_equal(st.sockets, 0);
    assert_int_equal(st.conns, 0);
    assert_int_equal(st.listeners, 0);
    unsigned char now[BLT_MAXFD];
    blt_fd_set(now);
    for (int fd = 0; fd < BLT_MAXFD; fd++) {
        if (now[fd] != blt_fds[fd])
            fail_msg("fd %d was %s before the test and is %s after", fd,
                     blt_fds[fd] ? "open" : "closed", now[fd] ? "open" : "closed");
    }
    return 0;
}

#define BLT_TEST(f) cmocka_unit_test_setup_teardown(f, blt_setup, blt_teardown)

#define BLT_MAIN(module, ...)                                                 \
    int main(void)                                                            \
    {                                                                         \
        const struct CMUnitTest tests[] = {__VA_ARGS__};                      \
        char name[64];                                                        \
        snprintf(name, sizeof name, "%s/%s", module, bl_backend());           \
        printf("[ BACKEND  ] %s\n", name);                                    \
        fflush(stdout);                                                       \
        return cmocka_run_group_tests_name(name, tests, NULL, NULL);          \
    }

#endif /* BLT_H */
