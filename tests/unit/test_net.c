/*
 * test_net.c - sockets over loopback: echo, ECONNREFUSED, peer reset,
 * half-close, a 10 MB sendall to a slow reader, sendfile from a file to
 * one, readline over split packets and over-long lines, accept after
 * running out of fds.
 *
 * Each test is one root coroutine playing both ends; the server end is a
 * task spawned on a listener bound to 127.0.0.1 port 0.
 */
#include "blt.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <sys/resource.h>
#include <sys/socket.h>

/* A port nobody listens on (bound, then closed). */
static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    bind(fd, (struct sockaddr *)&a, sizeof a);
    getsockname(fd, (struct sockaddr *)&a, &len);
    close(fd);
    return ntohs(a.sin_port);
}

/* TCP_NODELAY of a connection's socket: 1, 0, or -1 on error. */
static int nodelay_of(bl_conn *c)
{
    int on = 0;
    socklen_t len = sizeof on;
    if (getsockopt(bl_conn_fd(c), IPPROTO_TCP, TCP_NODELAY, &on, &len) < 0)
        return -1;
    return on != 0;
}

static int accepted_nodelay; /* what echo_once saw on its accepted end */

/* What a server end saw, for the test to check. */
struct seen {
    ssize_t n[8];
    int err[8];
    char buf[64];
    size_t total;
    int bad;
};

/* ------------------------------------------------------------------ */
/* coroutine void echo_once(bl_listener *l)
 * {
 *     bl_conn *c = yield bl_accept(l);
 *     accepted_nodelay = nodelay_of(c);
 *     char buf[256];
 *     ssize_t n;
 *     while ((n = yield bl_recv(c, buf, sizeof buf)) > 0)
 *         yield bl_sendall(c, buf, n);
 *     bl_close(c);
 * } */
struct echo_once__frame {
    bl_coro co;
    bl_listener *l;
    bl_conn *c;
    char buf[256];
    ssize_t n;
};
static void echo_once__resume(bl_coro *co);
static const unsigned echo_once__lines[] = {1, 3, 6, 7};
static const bl_coro_info echo_once__info = {
    "echo_once", "test_net.blc", echo_once__resume, sizeof(struct echo_once__frame), 4,
    echo_once__lines, NULL,
};
static bl_coro echo_once__failed = BL_FAILED_HANDLE;

static bl_coro *echo_once(bl_listener *l)
{
    struct echo_once__frame *self = bl__frame_new(&echo_once__info);
    if (!self)
        return &echo_once__failed;
    self->l = l;
    return &self->co;
}

static void echo_once__resume(bl_coro *co)
{
    struct echo_once__frame *self = (struct echo_once__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    }
    BL_AWAIT(co, 1, bl_accept(self->l));
resume_1:
    self->c = BL_RESULT(co, bl_accept(self->l));
    if (!self->c)
        BL_END(co);
    accepted_nodelay = nodelay_of(self->c);
    for (;;) {
        BL_AWAIT(co, 2, bl_recv(self->c, self->buf, sizeof self->buf));
    resume_2:
        self->n = BL_RESULT(co, bl_recv(self->c, self->buf, sizeof self->buf));
        if (self->n <= 0)
            break;
        BL_AWAIT(co, 3, bl_sendall(self->c, self->buf, (size_t)self->n));
    resume_3:
        (void)BL_RESULT(co, bl_sendall(self->c, self->buf, (size_t)self->n));
    }
    bl_close(self->c);
    BL_END(co);
}

/* coroutine void echo_client(struct seen *s)
 * {
 *     bl_listener *l = bl_listen("127.0.0.1", 0);
 *     bl_task t = yield bl_spawn(echo_once(l));
 *     bl_conn *c = yield bl_connect("127.0.0.1", blt_port_of(l));
 *     s->n[2] = nodelay_of(c);
 *     s->n[0] = yield bl_sendall(c, "hello", 5);
 *     s->n[1] = yield bl_recv(c, s->buf, sizeof s->buf);
 *     bl_close(c);
 *     yield bl_join(t);
 *     bl_listener_close(l);
 * } */
struct echo_client__frame {
    bl_coro co;
    struct seen *s;
    bl_listener *l;
    bl_task t;
    bl_conn *c;
};
static void echo_client__resume(bl_coro *co);
static const unsigned echo_client__lines[] = {1, 4, 5, 6, 7, 9};
static const bl_coro_info echo_client__info = {
    "echo_client", "test_net.blc", echo_client__resume, sizeof(struct echo_client__frame), 6,
    echo_client__lines, NULL,
};
static bl_coro echo_client__failed = BL_FAILED_HANDLE;

static bl_coro *echo_client(struct seen *s)
{
    struct echo_client__frame *self = bl__frame_new(&echo_client__info);
    if (!self)
        return &echo_client__failed;
    self->s = s;
    return &self->co;
}

static void echo_client__resume(bl_coro *co)
{
    struct echo_client__frame *self = (struct echo_client__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    }
    self->l = bl_listen("127.0.0.1", 0);
    assert_non_null(self->l);
    BL_AWAIT(co, 1, bl_spawn(echo_once(self->l)));
resume_1:
    self->t = BL_RESULT(co, bl_spawn(echo_once(self->l)));
    BL_AWAIT(co, 2, bl_connect("127.0.0.1", blt_port_of(self->l)));
resume_2:
    self->c = BL_RESULT(co, bl_connect("127.0.0.1", blt_port_of(self->l)));
    assert_non_null(self->c);
    self->s->n[2] = nodelay_of(self->c);
    BL_AWAIT(co, 3, bl_sendall(self->c, "hello", 5));
resume_3:
    self->s->n[0] = BL_RESULT(co, bl_sendall(self->c, "hello", 5));
    BL_AWAIT(co, 4, bl_recv(self->c, self->s->buf, sizeof self->s->buf));
resume_4:
    self->s->n[1] = BL_RESULT(co, bl_recv(self->c, self->s->buf, sizeof self->s->buf));
    bl_close(self->c);
    BL_AWAIT(co, 5, bl_join(self->t));
resume_5:
    bl_listener_close(self->l);
    BL_END(co);
}

static void test_echo_loopback(void **state)
{
    (void)state;
    struct seen s;
    memset(&s, 0, sizeof s);
    accepted_nodelay = -1;
    assert_int_equal(bl_run(echo_client(&s)), 0);
    assert_int_equal(s.n[0], 5);
    assert_int_equal(s.n[1], 5);
    assert_memory_equal(s.buf, "hello", 5);
    assert_int_equal(s.n[2], 1);            /* connected: TCP_NODELAY */
    assert_int_equal(accepted_nodelay, 1);  /* accepted: TCP_NODELAY */
}

/* ------------------------------------------------------------------ */
/* coroutine void refused(struct seen *s)
 * {
 *     bl_conn *c = yield bl_connect("127.0.0.1", free_port());
 *     s->n[0] = c != NULL;  s->err[0] = errno;
 *     c = yield bl_connect("no-such-host.invalid", 80);
 *     s->n[1] = c != NULL;  s->err[1] = errno;
 * } */
struct refused__frame {
    bl_coro co;
    struct seen *s;
    bl_conn *c;
};
static void refused__resume(bl_coro *co);
static const unsigned refused__lines[] = {1, 3, 5};
static const bl_coro_info refused__info = {
    "refused", "test_net.blc", refused__resume, sizeof(struct refused__frame), 3,
    refused__lines, NULL,
};
static bl_coro refused__failed = BL_FAILED_HANDLE;

static bl_coro *refused(struct seen *s)
{
    struct refused__frame *self = bl__frame_new(&refused__info);
    if (!self)
        return &refused__failed;
    self->s = s;
    return &self->co;
}

static void refused__resume(bl_coro *co)
{
    struct refused__frame *self = (struct refused__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    BL_AWAIT(co, 1, bl_connect("127.0.0.1", free_port()));
resume_1:
    self->c = BL_RESULT(co, bl_connect("127.0.0.1", free_port()));
    self->s->n[0] = self->c != NULL;
    self->s->err[0] = errno;
    BL_AWAIT(co, 2, bl_connect("127.0.0.1", 70000));
resume_2:
    self->c = BL_RESULT(co, bl_connect("127.0.0.1", 70000));
    self->s->n[1] = self->c != NULL;
    self->s->err[1] = errno;
    BL_END(co);
}

static void test_connect_refused(void **state)
{
    (void)state;
    struct seen s;
    memset(&s, 0, sizeof s);
    assert_int_equal(bl_run(refused(&s)), 0);
    assert_int_equal(s.n[0], 0);
    assert_int_equal(s.err[0], ECONNREFUSED);
    assert_int_equal(s.n[1], 0);
    assert_int_equal(s.err[1], EINVAL);
}

/* ------------------------------------------------------------------ */
/* The peer resets (SO_LINGER 0), or half-closes.
 *
 * coroutine void peer(struct seen *s, int how)   // 0: reset, 1: half-close
 * {
 *     bl_listener *l = bl_listen("127.0.0.1", 0);
 *     bl_conn *c = yield bl_connect("127.0.0.1", blt_port_of(l));
 *     bl_conn *a = yield bl_accept(l);
 *     if (how == 0) {
 *         setsockopt(bl_conn_fd(c), SOL_SOCKET, SO_LINGER, &(struct linger){1, 0}, ...);
 *         bl_close(c);
 *         yield bl_sleep(0.01);
 *         s->n[0] = yield bl_recv(a, s->buf, sizeof s->buf);  s->err[0] = errno;
 *         s->n[1] = yield bl_send(a, "x", 1);                 s->err[1] = errno;
 *     } else {
 *         shutdown(bl_conn_fd(c), SHUT_WR);
 *         s->n[0] = yield bl_recv(a, s->buf, sizeof s->buf);   // 0: end of stream
 *         s->n[1] = yield bl_sendall(a, "bye", 3);             // still writable
 *         bl_close(a);
 *         s->n[2] = yield bl_recv(c, s->buf, sizeof s->buf);   // "bye"
 *         s->n[3] = yield bl_recv(c, s->buf + 3, 8);           // 0
 *         bl_close(c);
 *         a = NULL;
 *     }
 *     bl_close(a);
 *     bl_listener_close(l);
 * } */
struct peer__frame {
    bl_coro co;
    struct seen *s;
    int how;
    bl_listener *l;
    bl_conn *c, *a;
};
static void peer__resume(bl_coro *co);
static const unsigned peer__lines[] = {1, 4, 5, 9, 10, 11, 14, 15, 17, 18};
static const bl_coro_info peer__info = {
    "peer", "test_net.blc", peer__resume, sizeof(struct peer__frame), 10, peer__lines, NULL,
};
static bl_coro peer__failed = BL_FAILED_HANDLE;

static bl_coro *peer(struct seen *s, int how)
{
    struct peer__frame *self = bl__frame_new(&peer__info);
    if (!self)
        return &peer__failed;
    self->s = s;
    self->how = how;
    return &self->co;
}

static void peer__resume(bl_coro *co)
{
    struct peer__frame *self = (struct peer__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    case 6: goto resume_6;
    case 7: goto resume_7;
    case 8: goto resume_8;
    case 9: goto resume_9;
    }
    self->l = bl_listen("127.0.0.1", 0);
    assert_non_null(self->l);
    BL_AWAIT(co, 1, bl_connect("127.0.0.1", blt_port_of(self->l)));
resume_1:
    self->c = BL_RESULT(co, bl_connect("127.0.0.1", blt_port_of(self->l)));
    assert_non_null(self->c);
    BL_AWAIT(co, 2, bl_accept(self->l));
resume_2:
    self->a = BL_RESULT(co, bl_accept(self->l));
    assert_non_null(self->a);
    if (self->how == 0) {
        setsockopt(bl_conn_fd(self->c), SOL_SOCKET, SO_LINGER, &(struct linger){1, 0},
                   sizeof(struct linger));
        bl_close(self->c);
        BL_AWAIT(co, 3, bl_sleep(0.01));
    resume_3:
        BL_AWAIT(co, 4, bl_recv(self->a, self->s->buf, sizeof self->s->buf));
    resume_4:
        self->s->n[0] = BL_RESULT(co, bl_recv(self->a, self->s->buf, sizeof self->s->buf));
        self->s->err[0] = errno;
        BL_AWAIT(co, 5, bl_send(self->a, "x", 1));
    resume_5:
        self->s->n[1] = BL_RESULT(co, bl_send(self->a, "x", 1));
        self->s->err[1] = errno;
    } else {
        shutdown(bl_conn_fd(self->c), SHUT_WR);
        BL_AWAIT(co, 6, bl_recv(self->a, self->s->buf, sizeof self->s->buf));
    resume_6:
        self->s->n[0] = BL_RESULT(co, bl_recv(self->a, self->s->buf, sizeof self->s->buf));
        BL_AWAIT(co, 7, bl_sendall(self->a, "bye", 3));
    resume_7:
        self->s->n[1] = BL_RESULT(co, bl_sendall(self->a, "bye", 3));
        bl_close(self->a);
        BL_AWAIT(co, 8, bl_recv(self->c, self->s->buf, sizeof self->s->buf));
    resume_8:
        self->s->n[2] = BL_RESULT(co, bl_recv(self->c, self->s->buf, sizeof self->s->buf));
        BL_AWAIT(co, 9, bl_recv(self->c, self->s->buf + 3, 8));
    resume_9:
        self->s->n[3] = BL_RESULT(co, bl_recv(self->c, self->s->buf + 3, 8));
        bl_close(self->c);
        self->a = NULL;
    }
    bl_close(self->a);
    bl_listener_close(self->l);
    BL_END(co);
}

static void test_peer_reset(void **state)
{
    (void)state;
    struct seen s;
    memset(&s, 0, sizeof s);
    assert_int_equal(bl_run(peer(&s, 0)), 0);
    assert_int_equal(s.n[0], -1);
    assert_int_equal(s.err[0], ECONNRESET);
    assert_int_equal(s.n[1], -1);
    assert_true(s.err[1] == EPIPE || s.err[1] == ECONNRESET);
}

static void test_peer_half_close(void **state)
{
    (void)state;
    struct seen s;
    memset(&s, 0, sizeof s);
    assert_int_equal(bl_run(peer(&s, 1)), 0);
    assert_int_equal(s.n[0], 0);
    assert_int_equal(s.n[1], 3);
    assert_int_equal(s.n[2], 3);
    assert_memory_equal(s.buf, "bye", 3);
    assert_int_equal(s.n[3], 0);
}

/* ------------------------------------------------------------------ */
/* 10 MB through sendall to a reader that dawdles.
 *
 * coroutine void slow_reader(bl_conn *a, struct seen *s)
 * {
 *     static char buf[65536];
 *     for (int i = 0;; i++) {
 *         ssize_t n = yield bl_recv(a, buf, sizeof buf);
 *         if (n <= 0) break;
 *         check(buf, n, s);                 // the pattern, at its offset
 *         if (i % 8 == 0) yield bl_sleep(0.0005);
 *     }
 * }
 * coroutine void big_send(struct seen *s, char *data)
 * {
 *     l = bl_listen(...); c = yield bl_connect(...); a = yield bl_accept(l);
 *     t = yield bl_spawn(slow_reader(a, s));
 *     s->n[0] = yield bl_sendall(c, data, BIG);
 *     bl_close(c); yield bl_join(t); bl_close(a); bl_listener_close(l);
 * } */
#define BIG (10 * 1024 * 1024)

static char pattern_at(size_t i)
{
    return (char)(i * 7 + i / 4096);
}

static void check(const char *buf, size_t n, struct seen *s)
{
    for (size_t i = 0; i < n; i++)
        if (buf[i] != pattern_at(s->total + i))
            s->bad++;
    s->total += n;
}

struct slow_reader__frame {
    bl_coro co;
    bl_conn *a;
    struct seen *s;
    char buf[65536];
    int i;
    ssize_t n;
};
static void slow_reader__resume(bl_coro *co);
static const unsigned slow_reader__lines[] = {1, 5, 8};
static const bl_coro_info slow_reader__info = {
    "slow_reader", "test_net.blc", slow_reader__resume, sizeof(struct slow_reader__frame), 3,
    slow_reader__lines, NULL,
};
static bl_coro slow_reader__failed = BL_FAILED_HANDLE;

static bl_coro *slow_reader(bl_conn *a, struct seen *s)
{
    struct slow_reader__frame *self = bl__frame_new(&slow_reader__info);
    if (!self)
        return &slow_reader__failed;
    self->a = a;
    self->s = s;
    return &self->co;
}

static void slow_reader__resume(bl_coro *co)
{
    struct slow_reader__frame *self = (struct slow_reader__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    for (self->i = 0;; self->i++) {
        BL_AWAIT(co, 1, bl_recv(self->a, self->buf, sizeof self->buf));
    resume_1:
        self->n = BL_RESULT(co, bl_recv(self->a, self->buf, sizeof self->buf));
        if (self->n <= 0)
            break;
        check(self->buf, (size_t)self->n, self->s);
        if (self->i % 8 == 0) {
            BL_AWAIT(co, 2, bl_sleep(0.0005));
        resume_2:;
        }
    }
    BL_END(co);
}

struct big_send__frame {
    bl_coro co;
    struct seen *s;
    const char *data;
    bl_listener *l;
    bl_conn *c, *a;
    bl_task t;
};
static void big_send__resume(bl_coro *co);
static const unsigned big_send__lines[] = {12, 14, 14, 15, 16, 17};
static const bl_coro_info big_send__info = {
    "big_send", "test_net.blc", big_send__resume, sizeof(struct big_send__frame), 6,
    big_send__lines, NULL,
};
static bl_coro big_send__failed = BL_FAILED_HANDLE;

static bl_coro *big_send(struct seen *s, const char *data)
{
    struct big_send__frame *self = bl__frame_new(&big_send__info);
    if (!self)
        return &big_send__failed;
    self->s = s;
    self->data = data;
    return &self->co;
}

static void big_send__resume(bl_coro *co)
{
    struct big_send__frame *self = (struct big_send__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    }
    self->l = bl_listen("127.0.0.1", 0);
    BL_AWAIT(co, 1, bl_connect("127.0.0.1", blt_port_of(self->l)));
resume_1:
    self->c = BL_RESULT(co, bl_connect("127.0.0.1", blt_port_of(self->l)));
    BL_AWAIT(co, 2, bl_accept(self->l));
resume_2:
    self->a = BL_RESULT(co, bl_accept(self->l));
    BL_AWAIT(co, 3, bl_spawn(slow_reader(self->a, self->s)));
resume_3:
    self->t = BL_RESULT(co, bl_spawn(slow_reader(self->a, self->s)));
    BL_AWAIT(co, 4, bl_sendall(self->c, self->data, BIG));
resume_4:
    self->s->n[0] = BL_RESULT(co, bl_sendall(self->c, self->data, BIG));
    bl_close(self->c);
    BL_AWAIT(co, 5, bl_join(self->t));
resume_5:
    bl_close(self->a);
    bl_listener_close(self->l);
    BL_END(co);
}

static void test_sendall_10mb_slow_reader(void **state)
{
    (void)state;
    char *data = malloc(BIG);
    assert_non_null(data);
    for (size_t i = 0; i < BIG; i++)
        data[i] = pattern_at(i);
    struct seen s;
    memset(&s, 0, sizeof s);
    assert_int_equal(bl_run(big_send(&s, data)), 0);
    free(data);
    assert_int_equal(s.n[0], BIG);
    assert_int_equal(s.total, BIG);
    assert_int_equal(s.bad, 0);
}

/* ------------------------------------------------------------------ */
/* sendfile: most of a 10 MB file to the same dawdling reader, from an
 * offset; a count past the file's end; a bad fd; a peer that is gone.
 *
 * coroutine void file_send(struct seen *s, int fd, off_t off, size_t n,
 *                          bool peer_gone)
 * {
 *     l = bl_listen(...); c = yield bl_connect(...); a = yield bl_accept(l);
 *     if (peer_gone) { bl_close(a); a = NULL; yield bl_sleep(0.01); }
 *     else t = yield bl_spawn(slow_reader(a, s));
 *     s->n[0] = yield bl_sendfile(c, fd, off, n);
 *     s->err[0] = errno;
 *     bl_close(c);
 *     if (a) { yield bl_join(t); bl_close(a); }
 *     bl_listener_close(l);
 * } */
struct file_send__frame {
    bl_coro co;
    struct seen *s;
    int fd;
    off_t off;
    size_t n;
    bool peer_gone;
    bl_listener *l;
    bl_conn *c, *a;
    bl_task t;
};
static void file_send__resume(bl_coro *co);
static const unsigned file_send__lines[] = {4, 6, 6, 8, 9, 10, 14};
static const bl_coro_info file_send__info = {
    "file_send", "test_net.blc", file_send__resume, sizeof(struct file_send__frame), 7,
    file_send__lines, NULL,
};
static bl_coro file_send__failed = BL_FAILED_HANDLE;

static bl_coro *file_send(struct seen *s, int fd, off_t off, size_t n, bool peer_gone)
{
    struct file_send__frame *self = bl__frame_new(&file_send__info);
    if (!self)
        return &file_send__failed;
    self->s = s;
    self->fd = fd;
    self->off = off;
    self->n = n;
    self->peer_gone = peer_gone;
    return &self->co;
}

static void file_send__resume(bl_coro *co)
{
    struct file_send__frame *self = (struct file_send__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    case 6: goto resume_6;
    }
    self->l = bl_listen("127.0.0.1", 0);
    BL_AWAIT(co, 1, bl_connect("127.0.0.1", blt_port_of(self->l)));
resume_1:
    self->c = BL_RESULT(co, bl_connect("127.0.0.1", blt_port_of(self->l)));
    BL_AWAIT(co, 2, bl_accept(self->l));
resume_2:
    self->a = BL_RESULT(co, bl_accept(self->l));
    if (self->peer_gone) {
        bl_close(self->a);
        self->a = NULL;
        BL_AWAIT(co, 3, bl_sleep(0.01));
    resume_3:;
    } else {
        BL_AWAIT(co, 4, bl_spawn(slow_reader(self->a, self->s)));
    resume_4:
        self->t = BL_RESULT(co, bl_spawn(slow_reader(self->a, self->s)));
    }
    BL_AWAIT(co, 5, bl_sendfile(self->c, self->fd, self->off, self->n));
resume_5:
    self->s->n[0] = BL_RESULT(co, bl_sendfile(self->c, self->fd, self->off, self->n));
    self->s->err[0] = errno;
    bl_close(self->c);
    if (self->a) {
        BL_AWAIT(co, 6, bl_join(self->t));
    resume_6:
        bl_close(self->a);
    }
    bl_listener_close(self->l);
    BL_END(co);
}

/* A temporary file holding BIG bytes of the pattern: its fd, unlinked. */
static int pattern_file(void)
{
    char path[] = "/tmp/bluelet-sendfile-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    char *data = malloc(BIG);
    assert_non_null(data);
    for (size_t i = 0; i < BIG; i++)
        data[i] = pattern_at(i);
    for (size_t done = 0; done < BIG;) {
        ssize_t n = write(fd, data + done, BIG - done);
        assert_true(n > 0);
        done += (size_t)n;
    }
    free(data);
    return fd;
}

static void test_sendfile(void **state)
{
    (void)state;
    int fd = pattern_file();
    assert_int_equal(lseek(fd, 123, SEEK_SET), 123);    /* left alone */
    off_t off = 4096 * 3 + 5;

    /* most of the file, from an offset, to a slow reader */
    struct seen s;
    memset(&s, 0, sizeof s);
    s.total = (size_t)off;                  /* check() wants the pattern from off */
    assert_int_equal(bl_run(file_send(&s, fd, off, BIG - (size_t)off, false)), 0);
    assert_int_equal(s.n[0], BIG - off);
    assert_int_equal(s.total, BIG);
    assert_int_equal(s.bad, 0);
    assert_int_equal(lseek(fd, 0, SEEK_CUR), 123);

    /* a count past the end: what the file has */
    memset(&s, 0, sizeof s);
    s.total = BIG - 100;
    assert_int_equal(bl_run(file_send(&s, fd, BIG - 100, 1000, false)), 0);
    assert_int_equal(s.n[0], 100);
    assert_int_equal(s.total, BIG);
    assert_int_equal(s.bad, 0);

    /* no file, a negative offset */
    memset(&s, 0, sizeof s);
    assert_int_equal(bl_run(file_send(&s, -1, 0, 10, false)), 0);
    assert_int_equal(s.n[0], -1);
    assert_int_equal(s.err[0], EBADF);
    memset(&s, 0, sizeof s);
    assert_int_equal(bl_run(file_send(&s, fd, -1, 10, false)), 0);
    assert_int_equal(s.n[0], -1);
    assert_int_equal(s.err[0], EINVAL);

    /* the peer has closed: an error, never SIGPIPE */
    memset(&s, 0, sizeof s);
    assert_int_equal(bl_run(file_send(&s, fd, 0, BIG, true)), 0);
    assert_int_equal(s.n[0], -1);
    assert_true(s.err[0] == EPIPE || s.err[0] == ECONNRESET);
    close(fd);
}

/* ------------------------------------------------------------------ */
/* readline over a line split into many packets, an over-long line,
 * readline and recv interleaved, a custom delimiter, the last line.
 *
 * coroutine void dribble(bl_conn *c, const char *text)  // a packet a byte
 * {
 *     for (size_t i = 0; text[i]; i++) {
 *         yield bl_sendall(c, text + i, 1);
 *         yield bl_sleep(0.0002);
 *     }
 *     shutdown(bl_conn_fd(c), SHUT_WR);
 * }
 * coroutine void lines(char out[8][32], ssize_t *n)
 * {
 *     ...connect c, accept a, spawn dribble(c, TEXT)...
 *     n[0] = yield bl_readline(a, out[0], 32, NULL);     // "hello\n"
 *     n[1] = yield bl_readline(a, out[1], 8, NULL);      // "0123456" (cap - 1)
 *     n[2] = yield bl_recv(a, out[2], 1);                // "7"
 *     n[3] = yield bl_readline(a, out[3], 32, NULL);     // "89abc\n"
 *     n[4] = yield bl_readline(a, out[4], 32, "\r\n");   // "crlf\r\n"
 *     n[5] = yield bl_readline(a, out[5], 32, NULL);     // "tail" (no delimiter)
 *     n[6] = yield bl_readline(a, out[6], 32, NULL);     // 0
 * } */
#define TEXT "hello\n0123456789abc\ncrlf\r\ntail"

struct dribble__frame {
    bl_coro co;
    bl_conn *c;
    const char *text;
    size_t i;
};
static void dribble__resume(bl_coro *co);
static const unsigned dribble__lines[] = {1, 4, 5};
static const bl_coro_info dribble__info = {
    "dribble", "test_net.blc", dribble__resume, sizeof(struct dribble__frame), 3,
    dribble__lines, NULL,
};
static bl_coro dribble__failed = BL_FAILED_HANDLE;

static bl_coro *dribble(bl_conn *c, const char *text)
{
    struct dribble__frame *self = bl__frame_new(&dribble__info);
    if (!self)
        return &dribble__failed;
    self->c = c;
    self->text = text;
    return &self->co;
}

static void dribble__resume(bl_coro *co)
{
    struct dribble__frame *self = (struct dribble__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    for (self->i = 0; self->text[self->i]; self->i++) {
        BL_AWAIT(co, 1, bl_sendall(self->c, self->text + self->i, 1));
    resume_1:
        BL_AWAIT(co, 2, bl_sleep(0.0002));
    resume_2:;
    }
    shutdown(bl_conn_fd(self->c), SHUT_WR);
    BL_END(co);
}

struct lines__frame {
    bl_coro co;
    char (*out)[32];
    ssize_t *n;
    bl_listener *l;
    bl_conn *c, *a;
    bl_task t;
};
static void lines__resume(bl_coro *co);
static const unsigned lines__lines[] = {9, 11, 11, 11, 12, 13, 14, 15, 16, 17, 18, 19};
static const bl_coro_info lines__info = {
    "lines", "test_net.blc", lines__resume, sizeof(struct lines__frame), 12, lines__lines, NULL,
};
static bl_coro lines__failed = BL_FAILED_HANDLE;

static bl_coro *lines(char (*out)[32], ssize_t *n)
{
    struct lines__frame *self = bl__frame_new(&lines__info);
    if (!self)
        return &lines__failed;
    self->out = out;
    self->n = n;
    return &self->co;
}

static void lines__resume(bl_coro *co)
{
    struct lines__frame *self = (struct lines__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    case 6: goto resume_6;
    case 7: goto resume_7;
    case 8: goto resume_8;
    case 9: goto resume_9;
    case 10: goto resume_10;
    case 11: goto resume_11;
    }
    self->l = bl_listen("127.0.0.1", 0);
    BL_AWAIT(co, 1, bl_connect("127.0.0.1", blt_port_of(self->l)));
resume_1:
    self->c = BL_RESULT(co, bl_connect("127.0.0.1", blt_port_of(self->l)));
    BL_AWAIT(co, 2, bl_accept(self->l));
resume_2:
    self->a = BL_RESULT(co, bl_accept(self->l));
    BL_AWAIT(co, 3, bl_spawn(dribble(self->c, TEXT)));
resume_3:
    self->t = BL_RESULT(co, bl_spawn(dribble(self->c, TEXT)));
    BL_AWAIT(co, 4, bl_readline(self->a, self->out[0], 32, NULL));
resume_4:
    self->n[0] = BL_RESULT(co, bl_readline(self->a, self->out[0], 32, NULL));
    BL_AWAIT(co, 5, bl_readline(self->a, self->out[1], 8, NULL));
resume_5:
    self->n[1] = BL_RESULT(co, bl_readline(self->a, self->out[1], 8, NULL));
    BL_AWAIT(co, 6, bl_recv(self->a, self->out[2], 1));
resume_6:
    self->n[2] = BL_RESULT(co, bl_recv(self->a, self->out[2], 1));
    BL_AWAIT(co, 7, bl_readline(self->a, self->out[3], 32, NULL));
resume_7:
    self->n[3] = BL_RESULT(co, bl_readline(self->a, self->out[3], 32, NULL));
    BL_AWAIT(co, 8, bl_readline(self->a, self->out[4], 32, "\r\n"));
resume_8:
    self->n[4] = BL_RESULT(co, bl_readline(self->a, self->out[4], 32, "\r\n"));
    BL_AWAIT(co, 9, bl_readline(self->a, self->out[5], 32, NULL));
resume_9:
    self->n[5] = BL_RESULT(co, bl_readline(self->a, self->out[5], 32, NULL));
    BL_AWAIT(co, 10, bl_readline(self->a, self->out[6], 32, NULL));
resume_10:
    self->n[6] = BL_RESULT(co, bl_readline(self->a, self->out[6], 32, NULL));
    BL_AWAIT(co, 11, bl_join(self->t));
resume_11:
    bl_close(self->a);
    bl_close(self->c);
    bl_listener_close(self->l);
    BL_END(co);
}

static void test_readline(void **state)
{
    (void)state;
    char out[8][32];
    ssize_t n[8];
    memset(out, 0, sizeof out);
    assert_int_equal(bl_run(lines(out, n)), 0);
    assert_int_equal(n[0], 6);
    assert_string_equal(out[0], "hello\n");
    assert_int_equal(n[1], 7);
    assert_string_equal(out[1], "0123456");
    assert_int_equal(n[2], 1);
    assert_memory_equal(out[2], "7", 1);
    assert_int_equal(n[3], 6);
    assert_string_equal(out[3], "89abc\n");
    assert_int_equal(n[4], 6);
    assert_string_equal(out[4], "crlf\r\n");
    assert_int_equal(n[5], 4);
    assert_string_equal(out[5], "tail");
    assert_int_equal(n[6], 0);
    assert_string_equal(out[6], "");
}

/* ------------------------------------------------------------------ */
/* Out of fds: the first connection is shed (accepted and closed), and
 * accept serves the next one once fds are back.
 *
 * coroutine void starved(struct seen *s)
 * {
 *     bl_listener *l = bl_listen("127.0.0.1", 0);
 *     int c1 = plain_connect(port);  int c2 = socket(...);
 *     lower RLIMIT_NOFILE to the fds now open, fill the rest with dup();
 *     bl_task t = yield bl_spawn(release_later(fillers));   // frees them in 20 ms
 *     bl_conn *a = yield bl_accept(l);     // sheds c1, waits, takes c2
 *     ...c2 connects once the fds are back; c1 reads end of stream...
 * } */
static int fillers[BLT_MAXFD];
static int nfillers;

static void release_fds(void)
{
    while (nfillers > 0)
        close(fillers[--nfillers]);
}

/* coroutine void releaser(int port, int c2)
 * {
 *     yield bl_sleep(0.02);
 *     release_fds();
 *     connect(c2, 127.0.0.1:port);   // blocking, loopback: immediate
 * } */
struct releaser__frame {
    bl_coro co;
    int port, c2;
};
static void releaser__resume(bl_coro *co);
static const unsigned releaser__lines[] = {1, 3};
static const bl_coro_info releaser__info = {
    "releaser", "test_net.blc", releaser__resume, sizeof(struct releaser__frame), 2,
    releaser__lines, NULL,
};
static bl_coro releaser__failed = BL_FAILED_HANDLE;

static bl_coro *releaser(int port, int c2)
{
    struct releaser__frame *self = bl__frame_new(&releaser__info);
    if (!self)
        return &releaser__failed;
    self->port = port;
    self->c2 = c2;
    return &self->co;
}

static int plain_connect(int fd, int port)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    return connect(fd, (struct sockaddr *)&a, sizeof a);
}

static void releaser__resume(bl_coro *co)
{
    struct releaser__frame *self = (struct releaser__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_sleep(0.02));
resume_1:
    release_fds();
    assert_int_equal(plain_connect(self->c2, self->port), 0);
    BL_END(co);
}

struct starved__frame {
    bl_coro co;
    struct seen *s;
    bl_listener *l;
    int c1, c2;
    bl_conn *a;
    bl_task t;
};
static void starved__resume(bl_coro *co);
static const unsigned starved__lines[] = {1, 5, 6, 7, 8};
static const bl_coro_info starved__info = {
    "starved", "test_net.blc", starved__resume, sizeof(struct starved__frame), 5,
    starved__lines, NULL,
};
static bl_coro starved__failed = BL_FAILED_HANDLE;

static bl_coro *starved(struct seen *s)
{
    struct starved__frame *self = bl__frame_new(&starved__info);
    if (!self)
        return &starved__failed;
    self->s = s;
    return &self->co;
}

static void starved__resume(bl_coro *co)
{
    struct starved__frame *self = (struct starved__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    }
    self->l = bl_listen("127.0.0.1", 0);
    assert_non_null(self->l);
    self->c1 = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    self->c2 = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    assert_int_equal(plain_connect(self->c1, blt_port_of(self->l)), 0);
    /* Every fd below the limit taken: accept4() fails with EMFILE. */
    nfillers = 0;
    for (int fd; nfillers < BLT_MAXFD && (fd = dup(0)) >= 0;)
        fillers[nfillers++] = fd;
    assert_int_equal(errno, EMFILE);
    BL_AWAIT(co, 1, bl_spawn(releaser(blt_port_of(self->l), self->c2)));
resume_1:
    self->t = BL_RESULT(co, bl_spawn(releaser(blt_port_of(self->l), self->c2)));
    BL_AWAIT(co, 2, bl_accept(self->l));
resume_2:
    self->a = BL_RESULT(co, bl_accept(self->l));
    self->s->err[0] = errno;
    self->s->n[0] = self->a != NULL;
    /* c1 was shed: end of stream (or a reset) */
    self->s->n[1] = recv(self->c1, self->s->buf, sizeof self->s->buf, MSG_DONTWAIT);
    self->s->err[1] = errno;
    BL_AWAIT(co, 3, bl_sendall(self->a, "ok", 2));
resume_3:
    self->s->n[2] = BL_RESULT(co, bl_sendall(self->a, "ok", 2));
    self->s->n[3] = recv(self->c2, self->s->buf, 2, MSG_WAITALL);
    BL_AWAIT(co, 4, bl_join(self->t));
resume_4:
    bl_close(self->a);
    close(self->c1);
    close(self->c2);
    bl_listener_close(self->l);
    BL_END(co);
}

static void test_accept_out_of_fds(void **state)
{
    (void)state;
    struct rlimit old, low;
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
    low = old;
    low.rlim_cur = 64; /* the test's own fds are few, and all below 64 */
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
    struct seen s;
    memset(&s, 0, sizeof s);
    int rc = bl_run(starved(&s));
    release_fds();
    setrlimit(RLIMIT_NOFILE, &old);
    assert_int_equal(rc, 0);
    assert_int_equal(s.n[0], 1);
    assert_true(s.n[1] == 0 || (s.n[1] == -1 && s.err[1] == ECONNRESET));
    assert_int_equal(s.n[2], 2);
    assert_int_equal(s.n[3], 2);
    assert_memory_equal(s.buf, "ok", 2);
}

/* ------------------------------------------------------------------ */
/* A task killed while blocked in recv: its frames and its event go, the
 * connection stays the program's (and still works).
 *
 * coroutine void kill_in_recv(struct seen *s)
 * {
 *     ...l, c = connect, a = accept...
 *     bl_task t = yield bl_spawn(slow_reader(a, s));   // blocks in recv
 *     yield bl_sleep(0.002);
 *     yield bl_kill(t);
 *     s->n[0..1] = frames, tasks left          // 1, 1: ours
 *     s->n[2] = yield bl_sendall(c, "x", 1);
 *     s->n[3] = yield bl_recv(a, s->buf, 8);   // "x": a still works
 * } */
struct kill_in_recv__frame {
    bl_coro co;
    struct seen *s;
    bl_listener *l;
    bl_conn *c, *a;
    bl_task t;
};
static void kill_in_recv__resume(bl_coro *co);
static const unsigned kill_in_recv__lines[] = {1, 3, 3, 4, 5, 6, 8, 9};
static const bl_coro_info kill_in_recv__info = {
    "kill_in_recv", "test_net.blc", kill_in_recv__resume, sizeof(struct kill_in_recv__frame),
    8, kill_in_recv__lines, NULL,
};
static bl_coro kill_in_recv__failed = BL_FAILED_HANDLE;

static bl_coro *kill_in_recv(struct seen *s)
{
    struct kill_in_recv__frame *self = bl__frame_new(&kill_in_recv__info);
    if (!self)
        return &kill_in_recv__failed;
    self->s = s;
    return &self->co;
}

static void kill_in_recv__resume(bl_coro *co)
{
    struct kill_in_recv__frame *self = (struct kill_in_recv__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    case 6: goto resume_6;
    case 7: goto resume_7;
    }
    self->l = bl_listen("127.0.0.1", 0);
    BL_AWAIT(co, 1, bl_connect("127.0.0.1", blt_port_of(self->l)));
resume_1:
    self->c = BL_RESULT(co, bl_connect("127.0.0.1", blt_port_of(self->l)));
    BL_AWAIT(co, 2, bl_accept(self->l));
resume_2:
    self->a = BL_RESULT(co, bl_accept(self->l));
    BL_AWAIT(co, 3, bl_spawn(slow_reader(self->a, self->s)));
resume_3:
    self->t = BL_RESULT(co, bl_spawn(slow_reader(self->a, self->s)));
    BL_AWAIT(co, 4, bl_sleep(0.002));
resume_4:
    BL_AWAIT(co, 5, bl_kill(self->t));
resume_5: {
    struct bl_stats st;
    bl_stats(&st);
    self->s->n[0] = (ssize_t)st.frames;
    self->s->n[1] = (ssize_t)st.tasks;
}
    BL_AWAIT(co, 6, bl_sendall(self->c, "x", 1));
resume_6:
    self->s->n[2] = BL_RESULT(co, bl_sendall(self->c, "x", 1));
    BL_AWAIT(co, 7, bl_recv(self->a, self->s->buf, 8));
resume_7:
    self->s->n[3] = BL_RESULT(co, bl_recv(self->a, self->s->buf, 8));
    bl_close(self->a);
    bl_close(self->c);
    bl_listener_close(self->l);
    BL_END(co);
}

static void test_kill_blocked_in_recv(void **state)
{
    (void)state;
    struct seen s;
    memset(&s, 0, sizeof s);
    assert_int_equal(bl_run(kill_in_recv(&s)), 0);
    assert_int_equal(s.n[0], 1);
    assert_int_equal(s.n[1], 1);
    assert_int_equal(s.n[2], 1);
    assert_int_equal(s.n[3], 1);
    assert_int_equal(s.total, 0); /* the killed reader never read */
    assert_memory_equal(s.buf, "x", 1);
}

/* ------------------------------------------------------------------ */
/* Lines that arrive together: the second is served from the buffer even
 * though the socket was drained (no wait for a poller that will not
 * report it again), and so are the bytes recv asks for after them.
 *
 * coroutine void burst(char out[4][32], ssize_t *n)
 * {
 *     ...l, c = connect, a = accept...
 *     yield bl_sendall(c, "one\ntwo\nthree", 13);
 *     yield bl_sleep(0.002);                           // all of it arrived
 *     n[0] = yield bl_readline(a, out[0], 32, NULL);   // "one\n"
 *     n[1] = yield bl_readline(a, out[1], 32, NULL);   // "two\n"
 *     n[2] = yield bl_recv(a, out[2], 32);             // "three"
 *     shutdown(bl_conn_fd(c), SHUT_WR);
 *     n[3] = yield bl_recv(a, out[3], 32);             // 0
 * } */
struct burst__frame {
    bl_coro co;
    char (*out)[32];
    ssize_t *n;
    bl_listener *l;
    bl_conn *c, *a;
};
static void burst__resume(bl_coro *co);
static const unsigned burst__lines[] = {1, 3, 3, 4, 6, 7, 8, 9, 10};
static const bl_coro_info burst__info = {
    "burst", "test_net.blc", burst__resume, sizeof(struct burst__frame), 9, burst__lines, NULL,
};
static bl_coro burst__failed = BL_FAILED_HANDLE;

static bl_coro *burst(char (*out)[32], ssize_t *n)
{
    struct burst__frame *self = bl__frame_new(&burst__info);
    if (!self)
        return &burst__failed;
    self->out = out;
    self->n = n;
    return &self->co;
}

static void burst__resume(bl_coro *co)
{
    struct burst__frame *self = (struct burst__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    case 6: goto resume_6;
    case 7: goto resume_7;
    case 8: goto resume_8;
    }
    self->l = bl_listen("127.0.0.1", 0);
    BL_AWAIT(co, 1, bl_connect("127.0.0.1", blt_port_of(self->l)));
resume_1:
    self->c = BL_RESULT(co, bl_connect("127.0.0.1", blt_port_of(self->l)));
    BL_AWAIT(co, 2, bl_accept(self->l));
resume_2:
    self->a = BL_RESULT(co, bl_accept(self->l));
    BL_AWAIT(co, 3, bl_sendall(self->c, "one\ntwo\nthree", 13));
resume_3:
    BL_AWAIT(co, 4, bl_sleep(0.002));
resume_4:
    BL_AWAIT(co, 5, bl_readline(self->a, self->out[0], 32, NULL));
resume_5:
    self->n[0] = BL_RESULT(co, bl_readline(self->a, self->out[0], 32, NULL));
    BL_AWAIT(co, 6, bl_readline(self->a, self->out[1], 32, NULL));
resume_6:
    self->n[1] = BL_RESULT(co, bl_readline(self->a, self->out[1], 32, NULL));
    BL_AWAIT(co, 7, bl_recv(self->a, self->out[2], 32));
resume_7:
    self->n[2] = BL_RESULT(co, bl_recv(self->a, self->out[2], 32));
    shutdown(bl_conn_fd(self->c), SHUT_WR);
    BL_AWAIT(co, 8, bl_recv(self->a, self->out[3], 32));
resume_8:
    self->n[3] = BL_RESULT(co, bl_recv(self->a, self->out[3], 32));
    bl_close(self->a);
    bl_close(self->c);
    bl_listener_close(self->l);
    BL_END(co);
}

static void test_readline_burst(void **state)
{
    (void)state;
    char out[4][32];
    ssize_t n[4] = {-9, -9, -9, -9};
    memset(out, 0, sizeof out);
    assert_int_equal(bl_run(burst(out, n)), 0);
    assert_int_equal(n[0], 4);
    assert_string_equal(out[0], "one\n");
    assert_int_equal(n[1], 4);
    assert_string_equal(out[1], "two\n");
    assert_int_equal(n[2], 5);
    assert_memory_equal(out[2], "three", 5);
    assert_int_equal(n[3], 0);
}

/* ------------------------------------------------------------------ */
/* Deadlines on socket operations: each times out cleanly, and the same
 * listener and connection work afterwards.
 *
 * coroutine void deadlines(struct seen *s)
 * {
 *     bl_listener *l = bl_listen("127.0.0.1", 0);
 *     bl_conn *x = yield bl_timeout(0.005, bl_accept(l));          // NULL
 *     s->n[0] = x != NULL;  s->err[0] = errno;                     // ETIMEDOUT
 *     bl_conn *c = yield bl_connect("127.0.0.1", blt_port_of(l));
 *     bl_conn *a = yield bl_timeout(1, bl_accept(l));              // accepted
 *     s->n[1] = yield bl_timeout(0.005, bl_recv(a, s->buf, 8));    // -1
 *     s->err[1] = errno;                                           // ETIMEDOUT
 *     yield bl_sendall(c, "late", 4);
 *     s->n[2] = yield bl_timeout(1, bl_recv(a, s->buf, 8));        // 4
 *     s->n[3] = yield bl_timeout(0.005, bl_readline(a, s->buf, 8, NULL));
 *     s->err[3] = errno;                                           // ETIMEDOUT
 * } */
struct sock_deadlines__frame {
    bl_coro co;
    struct seen *s;
    bl_listener *l;
    bl_conn *x, *c, *a;
};
static void sock_deadlines__resume(bl_coro *co);
static const unsigned sock_deadlines__lines[] = {1, 4, 6, 7, 8, 10, 11, 12};
static const bl_coro_info sock_deadlines__info = {
    "sock_deadlines", "test_net.blc", sock_deadlines__resume,
    sizeof(struct sock_deadlines__frame), 8, sock_deadlines__lines, NULL,
};
static bl_coro sock_deadlines__failed = BL_FAILED_HANDLE;

static bl_coro *sock_deadlines(struct seen *s)
{
    struct sock_deadlines__frame *self = bl__frame_new(&sock_deadlines__info);
    if (!self)
        return &sock_deadlines__failed;
    self->s = s;
    return &self->co;
}

static void sock_deadlines__resume(bl_coro *co)
{
    struct sock_deadlines__frame *self = (struct sock_deadlines__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    case 6: goto resume_6;
    case 7: goto resume_7;
    }
    self->l = bl_listen("127.0.0.1", 0);
    BL_AWAIT(co, 1, bl_timeout(0.005, bl_accept(self->l)));
resume_1:
    self->x = BL_RESULT(co, bl_timeout(0.005, bl_accept(self->l)));
    self->s->n[0] = self->x != NULL;
    self->s->err[0] = errno;
    BL_AWAIT(co, 2, bl_connect("127.0.0.1", blt_port_of(self->l)));
resume_2:
    self->c = BL_RESULT(co, bl_connect("127.0.0.1", blt_port_of(self->l)));
    BL_AWAIT(co, 3, bl_timeout(1, bl_accept(self->l)));
resume_3:
    self->a = BL_RESULT(co, bl_timeout(1, bl_accept(self->l)));
    assert_non_null(self->a);
    BL_AWAIT(co, 4, bl_timeout(0.005, bl_recv(self->a, self->s->buf, 8)));
resume_4:
    self->s->n[1] = BL_RESULT(co, bl_timeout(0.005, bl_recv(self->a, self->s->buf, 8)));
    self->s->err[1] = errno;
    BL_AWAIT(co, 5, bl_sendall(self->c, "late", 4));
resume_5:
    BL_AWAIT(co, 6, bl_timeout(1, bl_recv(self->a, self->s->buf, 8)));
resume_6:
    self->s->n[2] = BL_RESULT(co, bl_timeout(1, bl_recv(self->a, self->s->buf, 8)));
    BL_AWAIT(co, 7, bl_timeout(0.005, bl_readline(self->a, self->s->buf + 8, 8, NULL)));
resume_7:
    self->s->n[3] = BL_RESULT(co, bl_timeout(0.005, bl_readline(self->a, self->s->buf + 8, 8, NULL)));
    self->s->err[3] = errno;
    bl_close(self->a);
    bl_close(self->c);
    bl_listener_close(self->l);
    BL_END(co);
}

static void test_socket_deadlines(void **state)
{
    (void)state;
    struct seen s;
    memset(&s, 0, sizeof s);
    assert_int_equal(bl_run(sock_deadlines(&s)), 0);
    assert_int_equal(s.n[0], 0);
    assert_int_equal(s.err[0], ETIMEDOUT);
    assert_int_equal(s.n[1], -1);
    assert_int_equal(s.err[1], ETIMEDOUT);
    assert_int_equal(s.n[2], 4);
    assert_memory_equal(s.buf, "late", 4);
    assert_int_equal(s.n[3], -1);
    assert_int_equal(s.err[3], ETIMEDOUT);
}

BLT_MAIN("net",
         BLT_TEST(test_echo_loopback),
         BLT_TEST(test_connect_refused),
         BLT_TEST(test_peer_reset),
         BLT_TEST(test_peer_half_close),
         BLT_TEST(test_sendall_10mb_slow_reader),
         BLT_TEST(test_sendfile),
         BLT_TEST(test_readline),
         BLT_TEST(test_readline_burst),
         BLT_TEST(test_accept_out_of_fds),
         BLT_TEST(test_kill_blocked_in_recv),
         BLT_TEST(test_socket_deadlines))
