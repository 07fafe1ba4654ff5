/*
 * test_io.c - bl_read and bl_write on fds the program owns: pipes (non-
 * blocking and blocking), socketpairs, regular files; EPIPE instead of
 * SIGPIPE; a second reader on one fd (served in turn); a reader killed while it
 * waits; bl_dump of a waiting coroutine.
 */
#include "blt.h"

#include <signal.h>
#include <sys/socket.h>

/* coroutine void reader(int fd, char *buf, size_t n, ssize_t *got)
 * {
 *     *got = yield bl_read(fd, buf, n);
 * } */
struct reader__frame {
    bl_coro co;
    int fd;
    char *buf;
    size_t n;
    ssize_t *got;
};
static void reader__resume(bl_coro *co);
static const unsigned reader__lines[] = {1, 3};
static const bl_coro_info reader__info = {
    "reader", "test_io.blc", reader__resume, sizeof(struct reader__frame), 2, reader__lines, NULL,
};
static bl_coro reader__failed = BL_FAILED_HANDLE;

static bl_coro *reader(int fd, char *buf, size_t n, ssize_t *got)
{
    struct reader__frame *self = bl__frame_new(&reader__info);
    if (!self)
        return &reader__failed;
    self->fd = fd;
    self->buf = buf;
    self->n = n;
    self->got = got;
    return &self->co;
}

static void reader__resume(bl_coro *co)
{
    struct reader__frame *self = (struct reader__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    BL_AWAIT(co, 1, bl_read(self->fd, self->buf, self->n));
resume_1:
    *self->got = BL_RESULT(co, bl_read(self->fd, self->buf, self->n));
    BL_END(co);
}

/* What a test saw. */
struct seen {
    ssize_t n[8];
    int err[8];
    char buf[64];
    char dump[2048];
};

/* coroutine void pipes(int rfd, int wfd, struct seen *s)
 * {
 *     bl_task t = yield bl_spawn(reader(rfd, s->buf, sizeof s->buf, &s->n[0]));
 *     bl_task t2 = yield bl_spawn(reader(rfd, s->buf + 32, 8, &s->n[2]));
 *     yield bl_sleep(0.005);             // both wait, the second behind
 *     s->n[1] = yield bl_write(wfd, "data", 4);
 *     yield bl_join(t);                  // the first read "data"
 *     s->n[4] = yield bl_write(wfd, "more", 4);
 *     yield bl_join(t2);                 // then the second, "more"
 *     close(wfd);
 *     s->n[3] = yield bl_read(rfd, s->buf + 16, 8);  // 0: end of file
 * } */
struct pipes__frame {
    bl_coro co;
    int rfd, wfd;
    struct seen *s;
    bl_task t, t2;
};
static void pipes__resume(bl_coro *co);
static const unsigned pipes__lines[] = {1, 3, 4, 5, 6, 7, 8, 9, 11};
static const bl_coro_info pipes__info = {
    "pipes", "test_io.blc", pipes__resume, sizeof(struct pipes__frame), 9, pipes__lines, NULL,
};
static bl_coro pipes__failed = BL_FAILED_HANDLE;

static bl_coro *pipes(int rfd, int wfd, struct seen *s)
{
    struct pipes__frame *self = bl__frame_new(&pipes__info);
    if (!self)
        return &pipes__failed;
    self->rfd = rfd;
    self->wfd = wfd;
    self->s = s;
    return &self->co;
}

static void pipes__resume(bl_coro *co)
{
    struct pipes__frame *self = (struct pipes__frame *)co;
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
    BL_AWAIT(co, 1, bl_spawn(reader(self->rfd, self->s->buf, sizeof self->s->buf, &self->s->n[0])));
resume_1:
    self->t = BL_RESULT(co, bl_spawn(reader(self->rfd, self->s->buf, sizeof self->s->buf, &self->s->n[0])));
    /* A second reader of the same fd queues behind the first. */
    BL_AWAIT(co, 2, bl_spawn(reader(self->rfd, self->s->buf + 32, 8, &self->s->n[2])));
resume_2:
    self->t2 = BL_RESULT(co, bl_spawn(reader(self->rfd, self->s->buf + 32, 8, &self->s->n[2])));
    BL_AWAIT(co, 3, bl_sleep(0.005));
resume_3:
    BL_AWAIT(co, 4, bl_write(self->wfd, "data", 4));
resume_4:
    self->s->n[1] = BL_RESULT(co, bl_write(self->wfd, "data", 4));
    BL_AWAIT(co, 5, bl_join(self->t));
resume_5:
    BL_AWAIT(co, 6, bl_write(self->wfd, "more", 4));
resume_6:
    self->s->n[4] = BL_RESULT(co, bl_write(self->wfd, "more", 4));
    BL_AWAIT(co, 7, bl_join(self->t2));
resume_7:
    close(self->wfd);
    BL_AWAIT(co, 8, bl_read(self->rfd, self->s->buf + 16, 8));
resume_8:
    self->s->n[3] = BL_RESULT(co, bl_read(self->rfd, self->s->buf + 16, 8));
    BL_END(co);
}

static void run_pipes(int flags)
{
    int p[2];
    assert_int_equal(pipe2(p, flags), 0);
    struct seen s;
    memset(&s, 0, sizeof s);
    assert_int_equal(bl_run(pipes(p[0], p[1], &s)), 0);
    close(p[0]);
    assert_int_equal(s.n[0], 4);
    assert_memory_equal(s.buf, "data", 4);
    assert_int_equal(s.n[1], 4);
    assert_int_equal(s.n[4], 4);
    assert_int_equal(s.n[2], 4);                /* the second reader, in turn */
    assert_memory_equal(s.buf + 32, "more", 4);
    assert_int_equal(s.n[3], 0);
}

static void test_pipe_nonblocking(void **state)
{
    (void)state;
    run_pipes(O_NONBLOCK);
}

static void test_pipe_blocking(void **state)
{
    (void)state;
    run_pipes(0); /* the runtime waits for readiness first: never blocks */
}

/* ------------------------------------------------------------------ */
/* A write into a pipe whose reader is gone: -1 EPIPE, and we live.  A
 * socketpair carries bytes both ways.  A regular file reads at once.
 *
 * coroutine void odd_fds(struct seen *s)
 * {
 *     int p[2]; pipe(p); close(p[0]);
 *     s->n[0] = yield bl_write(p[1], "x", 1);  s->err[0] = errno;   // EPIPE
 *     int sp[2]; socketpair(AF_UNIX, SOCK_STREAM, 0, sp);
 *     s->n[1] = yield bl_write(sp[0], "ping", 4);
 *     s->n[2] = yield bl_read(sp[1], s->buf, sizeof s->buf);          // "ping"
 *     int f = open("/proc/self/stat" or a file, O_RDONLY);
 *     s->n[3] = yield bl_read(f, s->buf + 8, 4);                      // 4
 * } */
struct odd_fds__frame {
    bl_coro co;
    struct seen *s;
    int p[2], sp[2], f;
};
static void odd_fds__resume(bl_coro *co);
static const unsigned odd_fds__lines[] = {1, 4, 6, 7, 9};
static const bl_coro_info odd_fds__info = {
    "odd_fds", "test_io.blc", odd_fds__resume, sizeof(struct odd_fds__frame), 5,
    odd_fds__lines, NULL,
};
static bl_coro odd_fds__failed = BL_FAILED_HANDLE;

static bl_coro *odd_fds(struct seen *s)
{
    struct odd_fds__frame *self = bl__frame_new(&odd_fds__info);
    if (!self)
        return &odd_fds__failed;
    self->s = s;
    return &self->co;
}

static void odd_fds__resume(bl_coro *co)
{
    struct odd_fds__frame *self = (struct odd_fds__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    case 4: goto resume_4;
    }
    assert_int_equal(pipe(self->p), 0);
    close(self->p[0]);
    BL_AWAIT(co, 1, bl_write(self->p[1], "x", 1));
resume_1:
    self->s->n[0] = BL_RESULT(co, bl_write(self->p[1], "x", 1));
    self->s->err[0] = errno;
    close(self->p[1]);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, self->sp), 0);
    BL_AWAIT(co, 2, bl_write(self->sp[0], "ping", 4));
resume_2:
    self->s->n[1] = BL_RESULT(co, bl_write(self->sp[0], "ping", 4));
    BL_AWAIT(co, 3, bl_read(self->sp[1], self->s->buf, sizeof self->s->buf));
resume_3:
    self->s->n[2] = BL_RESULT(co, bl_read(self->sp[1], self->s->buf, sizeof self->s->buf));
    close(self->sp[0]);
    close(self->sp[1]);
    self->f = open(__FILE__, O_RDONLY);
    assert_true(self->f >= 0);
    BL_AWAIT(co, 4, bl_read(self->f, self->s->buf + 8, 4));
resume_4:
    self->s->n[3] = BL_RESULT(co, bl_read(self->f, self->s->buf + 8, 4));
    close(self->f);
    BL_END(co);
}

static void test_odd_fds(void **state)
{
    (void)state;
    struct seen s;
    memset(&s, 0, sizeof s);
    assert_int_equal(bl_run(odd_fds(&s)), 0);
    assert_int_equal(s.n[0], -1);
    assert_int_equal(s.err[0], EPIPE);
    assert_int_equal(s.n[1], 4);
    assert_int_equal(s.n[2], 4);
    assert_memory_equal(s.buf, "ping", 4);
    assert_int_equal(s.n[3], 4);
    assert_memory_equal(s.buf + 8, "/*\n ", 4);
    /* SIGPIPE's disposition is back to what it was. */
    struct sigaction sa;
    sigaction(SIGPIPE, NULL, &sa);
    assert_true(sa.sa_handler == SIG_DFL);
}

/* ------------------------------------------------------------------ */
/* A reader killed while it waits: its fd is no longer watched; bl_dump
 * shows it waiting, with its file:line.
 *
 * coroutine void kill_reader(int fd, struct seen *s)
 * {
 *     bl_task t = yield bl_spawn(reader(fd, s->buf, 8, &s->n[0]));
 *     yield bl_sleep(0.002);
 *     bl_dump(memstream);
 *     yield bl_kill(t);
 * } */
struct kill_reader__frame {
    bl_coro co;
    int fd;
    struct seen *s;
    bl_task t;
};
static void kill_reader__resume(bl_coro *co);
static const unsigned kill_reader__lines[] = {1, 3, 4, 6};
static const bl_coro_info kill_reader__info = {
    "kill_reader", "test_io.blc", kill_reader__resume, sizeof(struct kill_reader__frame), 4,
    kill_reader__lines, NULL,
};
static bl_coro kill_reader__failed = BL_FAILED_HANDLE;

static bl_coro *kill_reader(int fd, struct seen *s)
{
    struct kill_reader__frame *self = bl__frame_new(&kill_reader__info);
    if (!self)
        return &kill_reader__failed;
    self->fd = fd;
    self->s = s;
    return &self->co;
}

static void kill_reader__resume(bl_coro *co)
{
    struct kill_reader__frame *self = (struct kill_reader__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    case 2: goto resume_2;
    case 3: goto resume_3;
    }
    BL_AWAIT(co, 1, bl_spawn(reader(self->fd, self->s->buf, 8, &self->s->n[0])));
resume_1:
    self->t = BL_RESULT(co, bl_spawn(reader(self->fd, self->s->buf, 8, &self->s->n[0])));
    BL_AWAIT(co, 2, bl_sleep(0.002));
resume_2: {
    FILE *f = fmemopen(self->s->dump, sizeof self->s->dump - 1, "w");
    bl_dump(f);
    fclose(f);
    struct bl_stats st;
    bl_stats(&st);
    self->s->n[1] = (ssize_t)st.fds;
}
    BL_AWAIT(co, 3, bl_kill(self->t));
resume_3: {
    struct bl_stats st;
    bl_stats(&st);
    self->s->n[2] = (ssize_t)st.fds;
    self->s->n[3] = (ssize_t)st.tasks;
}
    BL_END(co);
}

static void test_kill_waiting_reader(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    struct seen s;
    memset(&s, 0, sizeof s);
    s.n[0] = 12345;
    assert_int_equal(bl_run(kill_reader(p[0], &s)), 0);
    close(p[0]);
    close(p[1]);
    assert_int_equal(s.n[0], 12345); /* never completed */
    assert_int_equal(s.n[1], 1);     /* the pipe was watched... */
    assert_int_equal(s.n[2], 0);     /* ...and is not after the kill */
    assert_int_equal(s.n[3], 1);     /* only the root is left */
    /* The dump: both tasks, where they are suspended, what they wait on. */
    assert_non_null(strstr(s.dump, "kill_reader (test_io.blc:4) running"));
    assert_non_null(strstr(s.dump, "reader (test_io.blc:3) waits on io read fd"));
}

BLT_MAIN("io",
         BLT_TEST(test_pipe_nonblocking),
         BLT_TEST(test_pipe_blocking),
         BLT_TEST(test_odd_fds),
         BLT_TEST(test_kill_waiting_reader))
