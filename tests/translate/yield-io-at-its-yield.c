/* `yield bl_recv(c, b, n)`, `yield bl_send(c, b, n)` and
 * `yield bl_sendall(c, b, n)`, the call being the whole operand as written,
 * are lowered BL_AWAIT_IO (the syscall made at the yield, no event when it
 * completes there); every other way to yield the same events is BL_AWAIT. */
#include <bluelet.h>

#define SEND_ALL(c, b, n) bl_sendall(c, b, n)

typedef bl_ev_ssize *io_fn(bl_conn *, const void *, size_t);

#ifndef BL__co_7ssize_t
#define BL__co_7ssize_t
struct bl__co_7ssize_t { union { bl_aw aw; bl_coro co; }; ssize_t result; };
#endif
struct echo_once__frame {
    struct bl__co_7ssize_t h;
    bl_conn *c;
    char buf[64];
    ssize_t n;
};
static void echo_once__resume(bl_coro *co);
static const unsigned echo_once__lines[] = { 11, 14, 17, 18, 19, 20, 21, 23 };
static const bl_coro_info echo_once__info = {
    "echo_once", "yield-io-at-its-yield.blc", echo_once__resume,
    sizeof(struct echo_once__frame), 8, echo_once__lines, NULL
};

BL_MUST_USE struct bl__co_7ssize_t *echo_once(bl_conn *c)
{
    struct echo_once__frame *self = bl__frame_new(&echo_once__info);
    if (!self) {
        static struct bl__co_7ssize_t failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->c = c;
    return &self->h;
}

static void echo_once__resume(bl_coro *co)
{
    struct echo_once__frame *self = (struct echo_once__frame *)co;
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
    BL_AWAIT_IO(co, 1, bl_recv(self->c, self->buf, sizeof self->buf));
resume_1: /* line 14 */
    self->n = BL_RESULT(co, bl_recv(self->c, self->buf, sizeof self->buf));      /* BL_AWAIT_IO */
    if (self->n <= 0) {
        self->h.result = self->n; BL_END(co);
    }
    BL_AWAIT_IO(co, 2, bl_send(self->c, self->buf, (size_t)self->n));
resume_2:; /* line 17 */                    /* BL_AWAIT_IO */
    BL_AWAIT_IO(co, 3, bl_sendall (self->c, self->buf, (size_t)self->n));
resume_3:; /* line 18 */                /* BL_AWAIT_IO */
    BL_AWAIT(co, 4, (bl_sendall(self->c, self->buf, (size_t)self->n)));
resume_4:; /* line 19 */               /* parenthesised */
    BL_AWAIT(co, 5, SEND_ALL(self->c, self->buf, (size_t)self->n));
resume_5:; /* line 20 */                   /* made by a macro */
    { __auto_type bl__e = (bl_timeout(1.0, bl_recv(self->c, self->buf, sizeof self->buf))); _Static_assert(BL_AWAITABLE(bl__e), "yield takes a coroutine call, a handle or an event");
      BL_AWAIT(co, 6, BL__AWP(bl__e)); }
resume_6: /* line 21 */
    self->n = BL_RESULT(co, BL__AWP(bl_timeout(1.0, bl_recv(self->c, self->buf, sizeof self->buf)))); /* under a deadline */
    bl_ev_ssize *later = bl_sendall(self->c, self->buf, (size_t)self->n);
    BL_AWAIT(co, 7, later);
resume_7:; /* line 23 */                                         /* made before */
    self->h.result = self->n; BL_END(co);
}

/* A parameter or a local named bl_send is not bluelet.h's. */
struct through__frame {
    struct bl__co_7ssize_t h;
    bl_conn *c;
    io_fn *bl_send;
    char buf[1];
};
static void through__resume(bl_coro *co);
static const unsigned through__lines[] = { 28, 31 };
static const bl_coro_info through__info = {
    "through", "yield-io-at-its-yield.blc", through__resume,
    sizeof(struct through__frame), 2, through__lines, NULL
};

BL_MUST_USE struct bl__co_7ssize_t *through(bl_conn *c, io_fn *bl_send)
{
    struct through__frame *self = bl__frame_new(&through__info);
    if (!self) {
        static struct bl__co_7ssize_t failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->c = c;
    self->bl_send = bl_send;
    return &self->h;
}

static void through__resume(bl_coro *co)
{
    struct through__frame *self = (struct through__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    __builtin_memcpy(self->buf, (__typeof__(self->buf)){ "x" }, sizeof self->buf);
    { __auto_type bl__e = (self->bl_send(self->c, self->buf, 1)); _Static_assert(BL_AWAITABLE(bl__e), "yield takes a coroutine call, a handle or an event");
      BL_AWAIT(co, 1, BL__AWP(bl__e)); }
resume_1: /* line 31 */
    self->h.result = BL_RESULT(co, BL__AWP(self->bl_send(self->c, self->buf, 1))); BL_END(co);
}

static bl_ev_ssize *send_none(bl_conn *c, const void *buf, size_t n)
{
    (void)buf;
    (void)n;
    return bl_send(c, "", 0);
}

struct local__frame {
    struct bl__co_7ssize_t h;
    bl_conn *c;
};
static void local__resume(bl_coro *co);
static const unsigned local__lines[] = { 41, 44 };
static const bl_coro_info local__info = {
    "local", "yield-io-at-its-yield.blc", local__resume,
    sizeof(struct local__frame), 2, local__lines, NULL
};

BL_MUST_USE struct bl__co_7ssize_t *local(bl_conn *c)
{
    struct local__frame *self = bl__frame_new(&local__info);
    if (!self) {
        static struct bl__co_7ssize_t failed = BL_FAILED_HANDLE;
        return &failed;
    }
    self->c = c;
    return &self->h;
}

static void local__resume(bl_coro *co)
{
    struct local__frame *self = (struct local__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    bl_ev_ssize *(*bl_send)(bl_conn *, const void *, size_t) = send_none;
    BL_AWAIT(co, 1, bl_send(self->c, "x", 1));
resume_1: /* line 44 */
    self->h.result = BL_RESULT(co, bl_send(self->c, "x", 1)); BL_END(co);
}
