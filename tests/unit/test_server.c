/*
 * test_server.c - bl_server and bl_signal: a server stopped gracefully
 * by a signal, its connection tasks killed while blocked in recv (their
 * connections closed), a server that cannot listen, signal dispositions
 * restored when nobody waits, a deadline on a signal wait.
 */
#include "blt.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>

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

/* coroutine void echoer(bl_conn *conn)   -- as in the README */
struct echoer__frame {
    bl_coro co;
    bl_conn *conn;
    char buf[1024];
    ssize_t n;
};
static void echoer__resume(bl_coro *co);
static const unsigned echoer__lines[] = {1, 5, 8};
static const bl_coro_info echoer__info = {
    "echoer", "test_server.blc", echoer__resume, sizeof(struct echoer__frame), 3, echoer__lines, NULL,
};
static bl_coro echoer__failed = BL_FAILED_HANDLE;

static bl_coro *echoer(bl_conn *conn)
{
    struct echoer__frame *self = bl__frame_new(&echoer__info);
    if (!self)
        return &echoer__failed;
    self->conn = conn;
    return &self->co;
}

static void echoer__resume(bl_coro *co)
{
    struct echoer__frame *self = (struct echoer__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    for (;;) {
        BL_AWAIT(co, 1, bl_recv(self->conn, self->buf, sizeof self->buf));
    resume_1:
        self->n = BL_RESULT(co, bl_recv(self->conn, self->buf, sizeof self->buf));
        if (self->n <= 0)
            break;
        BL_AWAIT(co, 2, bl_sendall(self->conn, self->buf, (size_t)self->n));
    resume_2:
        (void)BL_RESULT(co, bl_sendall(self->conn, self->buf, (size_t)self->n));
    }
    BL_END(co);
}

struct seen {
    ssize_t n[8];
    int err[8];
    char buf[64];
};

/* coroutine void client(int port, struct seen *s)
 * {
 *     yield bl_sleep(0.005);                      // the server listens
 *     bl_conn *c = yield bl_connect("127.0.0.1", port);
 *     s->n[0] = yield bl_sendall(c, "abc", 3);
 *     s->n[1] = yield bl_recv(c, s->buf, sizeof s->buf);    // "abc"
 *     kill(getpid(), SIGUSR1);                    // stop the server
 *     // Its connections live on (tasks of their own): nothing comes.
 *     s->n[2] = yield bl_timeout(0.02, bl_recv(c, s->buf + 8, 8));
 *     s->err[2] = errno;                          // -1 ETIMEDOUT
 *     bl_close(c);
 * } */
struct client__frame {
    bl_coro co;
    int port;
    struct seen *s;
    bl_conn *c;
};
static void client__resume(bl_coro *co);
static const unsigned client__lines[] = {1, 3, 4, 5, 6, 8};
static const bl_coro_info client__info = {
    "client", "test_server.blc", client__resume, sizeof(struct client__frame), 6, client__lines, NULL,
};
static bl_coro client__failed = BL_FAILED_HANDLE;

static bl_coro *client(int port, struct seen *s)
{
    struct client__frame *self = bl__frame_new(&client__info);
    if (!self)
        return &client__failed;
    self->port = port;
    self->s = s;
    return &self->co;
}

static void client__resume(bl_coro *co)
{
    struct client__frame *self = (struct client__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    }
    BL_AWAIT(co, 1, bl_sleep(0.005));
resume_1:
    BL_AWAIT(co, 2, bl_connect("127.0.0.1", self->port));
resume_2:
    self->c = BL_RESULT(co, bl_connect("127.0.0.1", self->port));
    assert_non_null(self->c);
    BL_AWAIT(co, 3, bl_sendall(self->c, "abc", 3));
resume_3:
    self->s->n[0] = BL_RESULT(co, bl_sendall(self->c, "abc", 3));
    BL_AWAIT(co, 4, bl_recv(self->c, self->s->buf, sizeof self->s->buf));
resume_4:
    self->s->n[1] = BL_RESULT(co, bl_recv(self->c, self->s->buf, sizeof self->s->buf));
    kill(getpid(), SIGUSR1);
    BL_AWAIT(co, 5, bl_timeout(0.02, bl_recv(self->c, self->s->buf + 8, 8)));
resume_5:
    self->s->n[2] = BL_RESULT(co, bl_timeout(0.02, bl_recv(self->c, self->s->buf + 8, 8)));
    self->s->err[2] = errno;
    bl_close(self->c);
    BL_END(co);
}

/* coroutine void serve_until_signal(int port, struct seen *s)
 * {
 *     bl_task srv = yield bl_spawn(bl_server("127.0.0.1", port, echoer));
 *     bl_task cli = yield bl_spawn(client(port, s));
 *     s->n[3] = yield bl_signal(SIGUSR1, SIGUSR2, 0);
 *     yield bl_kill(srv);         // the listener closes; the echoer lives on
 *     bl_conn *late = yield bl_connect("127.0.0.1", port);
 *     s->n[4] = late != NULL;  s->err[4] = errno;       // refused now
 *     yield bl_join(cli);         // it closes its end; its echoer ends
 * } */
struct serve_until_signal__frame {
    bl_coro co;
    int port;
    struct seen *s;
    bl_task srv, cli;
    bl_conn *late;
};
static void serve_until_signal__resume(bl_coro *co);
static const unsigned serve_until_signal__lines[] = {1, 3, 4, 5, 6, 7, 9};
static const bl_coro_info serve_until_signal__info = {
    "serve_until_signal", "test_server.blc", serve_until_signal__resume,
    sizeof(struct serve_until_signal__frame), 7, serve_until_signal__lines, NULL,
};
static bl_coro serve_until_signal__failed = BL_FAILED_HANDLE;

static bl_coro *serve_until_signal(int port, struct seen *s)
{
    struct serve_until_signal__frame *self = bl__frame_new(&serve_until_signal__info);
    if (!self)
        return &serve_until_signal__failed;
    self->port = port;
    self->s = s;
    return &self->co;
}

static void serve_until_signal__resume(bl_coro *co)
{
    struct serve_until_signal__frame *self = (struct serve_until_signal__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    case 5: goto resume_5;
    case 6: goto resume_6;
    }
    BL_AWAIT(co, 1, bl_spawn(bl_server("127.0.0.1", self->port, echoer)));
resume_1:
    self->srv = BL_RESULT(co, bl_spawn(bl_server("127.0.0.1", self->port, echoer)));
    BL_AWAIT(co, 2, bl_spawn(client(self->port, self->s)));
resume_2:
    self->cli = BL_RESULT(co, bl_spawn(client(self->port, self->s)));
    BL_AWAIT(co, 3, bl_signal(SIGUSR1, SIGUSR2, 0));
resume_3:
    self->s->n[3] = BL_RESULT(co, bl_signal(SIGUSR1, SIGUSR2, 0));
    BL_AWAIT(co, 4, bl_kill(self->srv));
resume_4:
    BL_AWAIT(co, 5, bl_connect("127.0.0.1", self->port));
resume_5:
    self->late = BL_RESULT(co, bl_connect("127.0.0.1", self->port));
    self->s->n[4] = self->late != NULL;
    self->s->err[4] = errno;
    bl_close(self->late);
    BL_AWAIT(co, 6, bl_join(self->cli));
resume_6:
    BL_END(co);
}

static void test_server_stopped_by_signal(void **state)
{
    (void)state;
    struct seen s;
    memset(&s, 0, sizeof s);
    assert_int_equal(bl_run(serve_until_signal(free_port(), &s)), 0);
    assert_int_equal(s.n[0], 3);
    assert_int_equal(s.n[1], 3);
    assert_memory_equal(s.buf, "abc", 3);
    assert_int_equal(s.n[2], -1);
    assert_int_equal(s.err[2], ETIMEDOUT);
    assert_int_equal(s.n[3], SIGUSR1);
    assert_int_equal(s.n[4], 0);
    assert_int_equal(s.err[4], ECONNREFUSED);
    /* Nobody waits any more: the previous dispositions are back. */
    struct sigaction sa;
    sigaction(SIGUSR1, NULL, &sa);
    assert_true(sa.sa_handler == SIG_DFL);
    sigaction(SIGUSR2, NULL, &sa);
    assert_true(sa.sa_handler == SIG_DFL);
}

/* ------------------------------------------------------------------ */
/* Killing a connection's task while its handler is blocked in recv
 * closes the connection: the client reads the end of stream.
 *
 * coroutine void kill_handler(int port, struct seen *s)
 * {
 *     bl_task srv = yield bl_spawn(bl_server("127.0.0.1", port, echoer));
 *     yield bl_sleep(0.005);
 *     bl_conn *c = yield bl_connect("127.0.0.1", port);
 *     yield bl_sleep(0.005);             // accepted; its echoer is in recv
 *     yield bl_kill(srv + 1);            // hmm: task ids are opaque...
 * }
 * Task ids are opaque, so the handler's task is reached another way: the
 * whole server and its connections end when the root ends.  The client
 * (the root) sees its connection closed by the end of the echoer task only
 * after bl_run, so it looks from outside: a plain socket. */
static int plain_connect(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* coroutine void brief_server(int port, int *client, bl_handler *handler)
 * {
 *     yield bl_spawn(bl_server("127.0.0.1", port, handler));
 *     yield bl_sleep(0.005);
 *     *client = plain_connect(port);     // blocking, loopback: at once
 *     yield bl_sleep(0.01);              // accepted; its echoer waits in recv
 * }                                      // bl_run kills the server and echoer */
struct brief_server__frame {
    bl_coro co;
    int port;
    int *client;
    bl_handler *handler;
};
static void brief_server__resume(bl_coro *co);
static const unsigned brief_server__lines[] = {1, 3, 4, 6};
static const bl_coro_info brief_server__info = {
    "brief_server", "test_server.blc", brief_server__resume,
    sizeof(struct brief_server__frame), 4, brief_server__lines, NULL,
};
static bl_coro brief_server__failed = BL_FAILED_HANDLE;

static bl_coro *brief_server(int port, int *client, bl_handler *handler)
{
    struct brief_server__frame *self = bl__frame_new(&brief_server__info);
    if (!self)
        return &brief_server__failed;
    self->port = port;
    self->client = client;
    self->handler = handler;
    return &self->co;
}

static void brief_server__resume(bl_coro *co)
{
    struct brief_server__frame *self = (struct brief_server__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    }
    BL_AWAIT(co, 1, bl_spawn(bl_server("127.0.0.1", self->port, self->handler)));
resume_1:
    BL_AWAIT(co, 2, bl_sleep(0.005));
resume_2:
    *self->client = plain_connect(self->port);
    BL_AWAIT(co, 3, bl_sleep(0.01));
resume_3:
    BL_END(co);
}

static void test_handler_killed_closes_conn(void **state)
{
    (void)state;
    int client = -1;
    assert_int_equal(bl_run(brief_server(free_port(), &client, echoer)), 0);
    assert_true(client >= 0);
    char c;
    assert_int_equal(recv(client, &c, 1, MSG_DONTWAIT), 0); /* closed */
    close(client);
}

/* coroutine void greeter(bl_conn *conn)   // closes its connection itself
 * {
 *     yield bl_sendall(conn, "hi", 2);
 *     bl_close(conn);
 *     yield bl_sleep(0.001);               // conn must not be used now
 * } */
struct greeter__frame {
    bl_coro co;
    bl_conn *conn;
};
static void greeter__resume(bl_coro *co);
static const unsigned greeter__lines[] = {1, 3, 5};
static const bl_coro_info greeter__info = {
    "greeter", "test_server.blc", greeter__resume, sizeof(struct greeter__frame), 3,
    greeter__lines, NULL,
};
static bl_coro greeter__failed = BL_FAILED_HANDLE;

static bl_coro *greeter(bl_conn *conn)
{
    struct greeter__frame *self = bl__frame_new(&greeter__info);
    if (!self)
        return &greeter__failed;
    self->conn = conn;
    return &self->co;
}

static void greeter__resume(bl_coro *co)
{
    struct greeter__frame *self = (struct greeter__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    BL_AWAIT(co, 1, bl_sendall(self->conn, "hi", 2));
resume_1:
    bl_close(self->conn);
    BL_AWAIT(co, 2, bl_sleep(0.001));
resume_2:
    BL_END(co);
}

static void test_handler_closes_its_conn(void **state)
{
    (void)state;
    int client = -1;
    assert_int_equal(bl_run(brief_server(free_port(), &client, greeter)), 0);
    assert_true(client >= 0);
    char buf[4];
    assert_int_equal(recv(client, buf, sizeof buf, MSG_DONTWAIT), 2);
    assert_memory_equal(buf, "hi", 2);
    assert_int_equal(recv(client, buf, sizeof buf, MSG_DONTWAIT), 0);
    close(client);
}

/* A server that cannot listen: bl_run says why. */
static void test_server_cannot_listen(void **state)
{
    (void)state;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(fd, 1), 0);
    getsockname(fd, (struct sockaddr *)&a, &len);
    errno = 0;
    assert_int_equal(bl_run(bl_server("127.0.0.1", ntohs(a.sin_port), echoer)), -1);
    assert_int_equal(errno, EADDRINUSE);
    close(fd);
}

/* ------------------------------------------------------------------ */
/* coroutine void signal_deadline(struct seen *s)
 * {
 *     s->n[0] = yield bl_timeout(0.01, bl_signal(SIGUSR2, 0));  s->err[0] = errno;
 *     s->n[1] = yield bl_signal(0);                             s->err[1] = errno;
 * } */
struct signal_deadline__frame {
    bl_coro co;
    struct seen *s;
};
static void signal_deadline__resume(bl_coro *co);
static const unsigned signal_deadline__lines[] = {1, 3, 4};
static const bl_coro_info signal_deadline__info = {
    "signal_deadline", "test_server.blc", signal_deadline__resume,
    sizeof(struct signal_deadline__frame), 3, signal_deadline__lines, NULL,
};
static bl_coro signal_deadline__failed = BL_FAILED_HANDLE;

static bl_coro *signal_deadline(struct seen *s)
{
    struct signal_deadline__frame *self = bl__frame_new(&signal_deadline__info);
    if (!self)
        return &signal_deadline__failed;
    self->s = s;
    return &self->co;
}

static void signal_deadline__resume(bl_coro *co)
{
    struct signal_deadline__frame *self = (struct signal_deadline__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    }
    BL_AWAIT(co, 1, bl_timeout(0.01, bl_signal(SIGUSR2, 0)));
resume_1:
    self->s->n[0] = BL_RESULT(co, bl_timeout(0.01, bl_signal(SIGUSR2, 0)));
    self->s->err[0] = errno;
    BL_AWAIT(co, 2, bl_signal(0));
resume_2:
    self->s->n[1] = BL_RESULT(co, bl_signal(0));
    self->s->err[1] = errno;
    BL_END(co);
}

static void test_signal_deadline(void **state)
{
    (void)state;
    struct seen s;
    memset(&s, 0, sizeof s);
    assert_int_equal(bl_run(signal_deadline(&s)), 0);
    assert_int_equal(s.n[0], -1);
    assert_int_equal(s.err[0], ETIMEDOUT);
    assert_int_equal(s.n[1], -1);
    assert_int_equal(s.err[1], EINVAL);
    struct sigaction sa;
    sigaction(SIGUSR2, NULL, &sa);
    assert_true(sa.sa_handler == SIG_DFL);
}

BLT_MAIN("server",
         BLT_TEST(test_server_stopped_by_signal),
         BLT_TEST(test_handler_killed_closes_conn),
         BLT_TEST(test_handler_closes_its_conn),
         BLT_TEST(test_server_cannot_listen),
         BLT_TEST(test_signal_deadline))
