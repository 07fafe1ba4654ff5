/*
 * echo.blc - the README's echo server: one coroutine per connection, each
 * reading and writing back what it reads until the client hangs up.
 * Its twin examples/handwritten/echo.c is it as `blc --no-line` writes it.
 *     build/examples/echo PORT [THREADS]
 * THREADS loops, one per thread, each with its own listener on PORT
 * (bl_run_threads); SIGINT or SIGTERM stops them all.
 */
#include <bluelet.h>
#include <stdio.h>
#include <stdlib.h>

struct echoer__frame {
    bl_coro h;
    bl_conn *conn;
    char buf[1024];
    ssize_t n;
};
static void echoer__resume(bl_coro *co);
static const unsigned echoer__lines[] = { 13, 17, 20 };
static const bl_coro_info echoer__info = {
    "echoer", "examples/echo.blc", echoer__resume,
    sizeof(struct echoer__frame), 3, echoer__lines, NULL
};

static BL_MUST_USE bl_coro *echoer(bl_conn *conn)
{
    struct echoer__frame *self = bl__frame_new(&echoer__info);
    if (!self) {
        static bl_coro failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->conn = conn;
    return &self->h;
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
        BL_AWAIT_IO(co, 1, bl_recv(self->conn, self->buf, sizeof self->buf));
resume_1: /* line 17 */
        self->n = BL_RESULT(co, bl_recv(self->conn, self->buf, sizeof self->buf));
        if (self->n <= 0)
            break;
        BL_AWAIT_IO(co, 2, bl_sendall(self->conn, self->buf, (size_t)self->n));
resume_2: /* line 20 */
        if ((BL_RESULT(co, bl_sendall(self->conn, self->buf, (size_t)self->n))) < 0)
            break;
    }
    BL_END(co);
}

/* Each loop's server: bl_run_threads() calls it on the loop's thread. */
static void *serve(void *port)
{
    return bl_server("127.0.0.1", *(int *)port, echoer);
}

int main(int argc, char **argv)
{
    int port = argc > 1 ? atoi(argv[1]) : 4915;
    int threads = argc > 2 ? atoi(argv[2]) : 1;
    if (bl_run_threads(threads, serve, &port) < 0) {
        perror("echo");
        return 1;
    }
    return 0;
}
