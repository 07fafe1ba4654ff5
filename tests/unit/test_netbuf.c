/*
 * test_netbuf.c - a connection's read buffer and the readiness it
 * implies.  What bl_readline() reads ahead is answered from the buffer, by
 * later readlines and recvs alike, without waiting for the fd to become
 * ready again: the bytes are no longer in the kernel, and while the peer
 * stays open no new edge comes.  And a hang-up that arrives with data in
 * one edge is still seen after a short read has drained the data.
 * Coroutines in the form blc emits; the comment above each is its .blc
 * source.
 */
#include "blt.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

static ssize_t got[8];    /* each operation's result, in order */
static char text[8][16];  /* and its bytes */

/* coroutine void read_ahead(void)
 * {
 *     bl_listener *l = bl_listen("127.0.0.1", 0);
 *     bl_conn *c = yield bl_connect("127.0.0.1", blt_port_of(l));
 *     bl_conn *s = yield bl_accept(l);
 *     yield bl_sendall(c, "a\nb\nc\ntail", 10);
 *     yield bl_sleep(0.05);
 *     for (i = 0; i < 3; i++)
 *         got[i] = yield bl_timeout(1, bl_readline(s, text[i], 16, "\n"));
 *     for (; i < 5; i++) {
 *         got[i] = yield bl_timeout(1, bl_recv(s, text[i], 15));
 *         bl_close(c);    (once: the peer stays open while the buffer is read)
 *     }
 *     bl_close(s);
 *     bl_listener_close(l);
 * } */
struct read_ahead__frame {
    bl_coro co;
    bl_listener *l;
    bl_conn *c, *s;
    int i;
};
static void read_ahead__resume(bl_coro *co);
static const unsigned read_ahead__lines[] = {1, 4, 5, 6, 8, 10, 12};
static const bl_coro_info read_ahead__info = {
    "read_ahead", "test_netbuf.blc", read_ahead__resume,
    sizeof(struct read_ahead__frame), 7, read_ahead__lines, NULL,
};
static bl_coro read_ahead__failed = BL_FAILED_HANDLE;

static bl_coro *read_ahead(void)
{
    struct read_ahead__frame *self = bl__frame_new(&read_ahead__info);
    if (!self)
        return &read_ahead__failed;
    return &self->co;
}

static void read_ahead__resume(bl_coro *co)
{
    struct read_ahead__frame *self = (struct read_ahead__frame *)co;
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
    self->s = BL_RESULT(co, bl_accept(self->l));
    BL_AWAIT(co, 3, bl_sendall(self->c, "a\nb\nc\ntail", 10));
resume_3:
    BL_AWAIT(co, 4, bl_sleep(0.05));
resume_4:
    for (self->i = 0; self->i < 3; self->i++) {
        BL_AWAIT(co, 5, bl_timeout(1, bl_readline(self->s, text[self->i], 16, "\n")));
    resume_5:
        got[self->i] = BL_RESULT(co, bl_timeout(1, bl_readline(self->s, text[self->i], 16, "\n")));
    }
    for (; self->i < 5; self->i++) {
        BL_AWAIT(co, 6, bl_timeout(1, bl_recv(self->s, text[self->i], 15)));
    resume_6:
        got[self->i] = BL_RESULT(co, bl_timeout(1, bl_recv(self->s, text[self->i], 15)));
        if (self->c) {
            bl_close(self->c);
            self->c = NULL;
        }
    }
    bl_close(self->s);
    bl_listener_close(self->l);
    BL_END(co);
}

static void test_readline_then_recv_from_buffer(void **state)
{
    (void)state;
    memset(got, 0x7f, sizeof got);
    memset(text, 0, sizeof text);
    assert_int_equal(bl_run(read_ahead()), 0);
    assert_int_equal(got[0], 2);
    assert_string_equal(text[0], "a\n");
    assert_int_equal(got[1], 2);
    assert_string_equal(text[1], "b\n");
    assert_int_equal(got[2], 2);
    assert_string_equal(text[2], "c\n");
    assert_int_equal(got[3], 4);      /* recv finds the rest in the buffer */
    assert_memory_equal(text[3], "tail", 4);
    assert_int_equal(got[4], 0);      /* then the end of stream */
}

/* coroutine void reader(bl_conn *s)
 * {
 *     for (int i = 0; i < 2; i++)
 *         got[i] = yield bl_timeout(1, bl_recv(s, text[i], 15));
 * } */
struct reader__frame {
    bl_coro co;
    bl_conn *s;
    int i;
};
static void reader__resume(bl_coro *co);
static const unsigned reader__lines[] = {1, 4};
static const bl_coro_info reader__info = {
    "reader", "test_netbuf.blc", reader__resume,
    sizeof(struct reader__frame), 2, reader__lines, NULL,
};
static bl_coro reader__failed = BL_FAILED_HANDLE;

static bl_coro *reader(bl_conn *s)
{
    struct reader__frame *self = bl__frame_new(&reader__info);
    if (!self)
        return &reader__failed;
    self->s = s;
    return &self->co;
}

static void reader__resume(bl_coro *co)
{
    struct reader__frame *self = (struct reader__frame *)co;
    switch (co->state) {
    case 0: break;
    case 1: goto resume_1;
    }
    for (self->i = 0; self->i < 2; self->i++) {
        BL_AWAIT(co, 1, bl_timeout(1, bl_recv(self->s, text[self->i], 15)));
    resume_1:
        got[self->i] = BL_RESULT(co, bl_timeout(1, bl_recv(self->s, text[self->i], 15)));
    }
    BL_END(co);
}

/* coroutine void data_then_eof(void)
 * {
 *     bl_listener *l = bl_listen("127.0.0.1", 0);
 *     bl_conn *c = yield bl_connect("127.0.0.1", blt_port_of(l));
 *     bl_conn *s = yield bl_accept(l);
 *     bl_task t = yield bl_spawn(reader(s));
 *     yield bl_null();                  (the reader now waits on s)
 *     yield bl_sendall(c, "hello", 5);  (data and FIN, before the loop
 *     bl_close(c);                       polls again: one edge)
 *     yield bl_join(t);
 *     bl_close(s);
 *     bl_listener_close(l);
 * } */
struct data_then_eof__frame {
    bl_coro co;
    bl_listener *l;
    bl_conn *c, *s;
    bl_task t;
};
static void data_then_eof__resume(bl_coro *co);
static const unsigned data_then_eof__lines[] = {1, 4, 5, 6, 7, 8, 10};
static const bl_coro_info data_then_eof__info = {
    "data_then_eof", "test_netbuf.blc", data_then_eof__resume,
    sizeof(struct data_then_eof__frame), 7, data_then_eof__lines, NULL,
};
static bl_coro data_then_eof__failed = BL_FAILED_HANDLE;

static bl_coro *data_then_eof(void)
{
    struct data_then_eof__frame *self = bl__frame_new(&data_then_eof__info);
    if (!self)
        return &data_then_eof__failed;
    return &self->co;
}

static void data_then_eof__resume(bl_coro *co)
{
    struct data_then_eof__frame *self = (struct data_then_eof__frame *)co;
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
    self->s = BL_RESULT(co, bl_accept(self->l));
    BL_AWAIT(co, 3, bl_spawn(reader(self->s)));
resume_3:
    self->t = BL_RESULT(co, bl_spawn(reader(self->s)));
    BL_AWAIT(co, 4, bl_null());
resume_4:
    BL_AWAIT(co, 5, bl_sendall(self->c, "hello", 5));
resume_5:
    bl_close(self->c);
    BL_AWAIT(co, 6, bl_join(self->t));
resume_6:
    bl_close(self->s);
    bl_listener_close(self->l);
    BL_END(co);
}

/* A short read drains the socket, so the runtime stops believing the fd
 * is readable; but a hang-up already reported with that same edge will
 * never be reported again: the next recv must still see the end. */
static void test_short_read_then_eof_in_one_edge(void **state)
{
    (void)state;
    memset(got, 0x7f, sizeof got);
    memset(text, 0, sizeof text);
    assert_int_equal(bl_run(data_then_eof()), 0);
    assert_int_equal(got[0], 5);
    assert_memory_equal(text[0], "hello", 5);
    assert_int_equal(got[1], 0);    /* not -1 with ETIMEDOUT */
}

BLT_MAIN("netbuf", BLT_TEST(test_readline_then_recv_from_buffer),
         BLT_TEST(test_short_read_then_eof_in_one_edge))
