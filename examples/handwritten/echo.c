/*
 * echo.c - the README's echo server, written by hand exactly as blc
 * translates it: the twin of examples/echo.blc.
 *
 *     #include <bluelet.h>
 *
 *     coroutine void echoer(bl_conn *conn)
 *     {
 *         char buf[1024];
 *         for (;;) {
 *             ssize_t n = yield bl_recv(conn, buf, sizeof buf);
 *             if (n <= 0)
 *                 break;
 *             yield bl_sendall(conn, buf, (size_t)n);
 *         }
 *     }
 *
 *     int main(int argc, char **argv)
 *     {
 *         int port = argc > 1 ? atoi(argv[1]) : 4915;
 *         return bl_run(bl_server("127.0.0.1", port, echoer)) < 0;
 *     }
 *
 * Usage: echo-handwritten [PORT]   (default 4915)
 */
#include <bluelet.h>

#include <stdlib.h>
#include <string.h>
#include <errno.h>

/* coroutine void echoer(bl_conn *conn): its frame, its description, its
 * resume function and its constructor. */
struct echoer__frame {
    bl_coro co;          /* the coroutine header, first */
    bl_conn *conn;       /* the parameter */
    char buf[1024];      /* the locals, alive across yields */
    ssize_t n;
};

static void echoer__resume(bl_coro *co);

static const unsigned echoer__lines[] = {
    6,  /* the definition */
    10, /* resume point 1: yield bl_recv */
    13, /* resume point 2: yield bl_sendall */
};

static const bl_coro_info echoer__info = {
    .name = "echoer",
    .file = "echo.blc",
    .resume = echoer__resume,
    .frame_size = sizeof(struct echoer__frame),
    .nstates = 3,
    .lines = echoer__lines,
};

static bl_coro echoer__failed = BL_FAILED_HANDLE;

bl_coro *echoer(bl_conn *conn);

bl_coro *echoer(bl_conn *conn)
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
        /* line 10: ssize_t n = yield bl_recv(conn, buf, sizeof buf); */
        BL_AWAIT(co, 1, bl_recv(self->conn, self->buf, sizeof self->buf));
    resume_1:
        self->n = BL_RESULT(co, bl_recv(self->conn, self->buf, sizeof self->buf));
        if (self->n <= 0)
            break;
        /* line 13: yield bl_sendall(conn, buf, (size_t)n); */
        BL_AWAIT(co, 2, bl_sendall(self->conn, self->buf, (size_t)self->n));
    resume_2:
        (void)BL_RESULT(co, bl_sendall(self->conn, self->buf, (size_t)self->n));
    }
    BL_END(co);
}

int main(int argc, char **argv)
{
    int port = argc > 1 ? atoi(argv[1]) : 4915;
    if (bl_run(bl_server("127.0.0.1", port, echoer)) < 0) {
        fprintf(stderr, "echo-handwritten: port %d: %s\n", port, strerror(errno));
        return 1;
    }
    return 0;
}
