/*
 * chan.c - channels and conditions: one coroutine wakes another.
 *
 * Key decisions (Go's channels, single-threaded):
 *  - A channel is a ring of `cap` values of `elem` bytes and two FIFO
 *    queues of waiting operations, senders and receivers.  At most one
 *    queue is non-empty at a time, and receivers wait only while the ring
 *    is empty, senders only while it is full (capacity 0: always, a
 *    rendezvous).
 *  - A value moves at the moment an operation completes, straight from
 *    the sender's pointer into the receiver's (or through the ring), so a
 *    woken coroutine never finds its value taken by a later one: whoever
 *    waited first is served first, and nothing is retried.
 *  - A waiting operation is unlinked from its queue when it is cancelled
 *    (bl_kill, bl_timeout): a killed waiter leaves nothing behind.
 *  - Closing wakes every waiter with -1 and EPIPE; receivers then drain
 *    the ring, and once it is empty fail with EPIPE too (Go's `ok ==
 *    false`).  A send on a closed channel fails with EPIPE (Go panics).
 *  - A condition is a FIFO queue of waiters without a value or a memory
 *    (pthread_cond_t's rules, with no mutex: only one coroutine runs at a
 *    time, so a predicate checked before the yield cannot change before
 *    the wait is queued).
 */
#include "internal.h"

#include <stdlib.h>

/* ------------------------------------------------------------------ */
/* Waiting operations and their queues                                */
/* ------------------------------------------------------------------ */

typedef struct waitq {
    struct chan_op *head, *tail;
} waitq;

typedef struct chan_op {
    bl__ev ev;              /* r.i: 0, or -1 with aw.err */
    struct chan_op *prev, *next; /* its queue, while it waits */
    waitq *q;               /* the queue it waits in, or NULL */
    bl_chan *ch;            /* the channel (NULL for a condition) */
    void *val;              /* send: the value; recv: where it goes */
    bool send;              /* a send, not a receive */
} chan_op;

struct bl_chan {
    size_t elem, cap;       /* bytes per value, values in the ring */
    size_t head, len;       /* the ring's first value and count */
    bool closed;
    waitq senders, receivers;
    char *ring;             /* cap * elem bytes (NULL when cap is 0) */
};

struct bl_cond {
    waitq waiters;
};

static void waitq_push(waitq *q, chan_op *op)
{
    op->q = q;
    op->next = NULL;
    op->prev = q->tail;
    if (q->tail)
        q->tail->next = op;
    else
        q->head = op;
    q->tail = op;
}

static void waitq_unlink(chan_op *op)
{
    waitq *q = op->q;
    if (op->prev)
        op->prev->next = op->next;
    else
        q->head = op->next;
    if (op->next)
        op->next->prev = op->prev;
    else
        q->tail = op->prev;
    op->q = NULL;
}

static chan_op *waitq_pop(waitq *q)
{
    chan_op *op = q->head;
    if (op)
        waitq_unlink(op);
    return op;
}

/* Completes a waiting operation: 0, or -1 with err. */
static void op_finish(chan_op *op, int err)
{
    op->ev.r.i = err ? -1 : 0;
    op->ev.aw.err = err;
    bl__complete(&op->ev);
}

/* Completes every waiter of q with -1 and EPIPE. */
static void waitq_fail_all(waitq *q)
{
    for (chan_op *op; (op = waitq_pop(q));)
        op_finish(op, EPIPE);
}

static void op_cancel(bl__ev *ev)
{
    chan_op *op = (chan_op *)ev;
    if (op->q)
        waitq_unlink(op);
}

static bl_ev_int failed_op = {{.kind = BL_K_FAILED, .err = ENOMEM}, -1};
static bl_ev_int invalid_op = {{.kind = BL_K_FAILED, .err = EINVAL}, -1};

static bl_ev_int *op_new(unsigned kind, bl_chan *ch, void *val, bool send)
{
    chan_op *op = bl__ev_new(kind);
    if (!op)
        return &failed_op;
    op->prev = op->next = NULL;
    op->q = NULL;
    op->ch = ch;
    op->val = val;
    op->send = send;
    return (bl_ev_int *)op;
}

/* ------------------------------------------------------------------ */
/* Channels                                                           */
/* ------------------------------------------------------------------ */

bl_chan *bl_chan_new(size_t elem_size, size_t cap)
{
    if (cap && elem_size > SIZE_MAX / cap) {
        errno = ENOMEM;
        return NULL;
    }
    bl_chan *ch = calloc(1, sizeof *ch);
    if (!ch)
        return NULL;
    ch->elem = elem_size;
    ch->cap = cap;
    if (cap && elem_size && !(ch->ring = malloc(cap * elem_size))) {
        free(ch);
        return NULL;
    }
    return ch;
}

static void *slot(bl_chan *ch, size_t i)
{
    return ch->ring + (ch->head + i) % ch->cap * ch->elem;
}

static void copy(bl_chan *ch, void *to, const void *from)
{
    if (ch->elem)
        memcpy(to, from, ch->elem);
}

static int send_start(chan_op *op)
{
    bl_chan *ch = op->ch;
    chan_op *r;
    if (ch->closed) {
        op->ev.r.i = -1;
        op->ev.aw.err = EPIPE;
        return 1;
    }
    if ((r = waitq_pop(&ch->receivers))) { /* the ring is empty */
        copy(ch, r->val, op->val);
        op_finish(r, 0);
    } else if (ch->len < ch->cap) {
        copy(ch, slot(ch, ch->len), op->val);
        ch->len++;
    } else {
        waitq_push(&ch->senders, op);
        return 0;
    }
    op->ev.r.i = 0;
    return 1;
}

static int recv_start(chan_op *op)
{
    bl_chan *ch = op->ch;
    chan_op *s;
    if (ch->len) {
        copy(ch, op->val, slot(ch, 0));
        ch->head = (ch->head + 1) % ch->cap;
        ch->len--;
        if ((s = waitq_pop(&ch->senders))) { /* its value takes the room */
            copy(ch, slot(ch, ch->len), s->val);
            ch->len++;
            op_finish(s, 0);
        }
    } else if ((s = waitq_pop(&ch->senders))) { /* a rendezvous */
        copy(ch, op->val, s->val);
        op_finish(s, 0);
    } else if (ch->closed) {
        op->ev.r.i = -1;
        op->ev.aw.err = EPIPE;
        return 1;
    } else {
        waitq_push(&ch->receivers, op);
        return 0;
    }
    op->ev.r.i = 0;
    return 1;
}

static int chan_start(bl__ev *ev)
{
    chan_op *op = (chan_op *)ev;
    return op->send ? send_start(op) : recv_start(op);
}

bl_ev_int *bl_chan_send(bl_chan *ch, const void *val)
{
    if (!ch || (!val && ch->elem))
        return &invalid_op;
    return op_new(BL_K_CHAN, ch, (void *)val, true);
}

bl_ev_int *bl_chan_recv(bl_chan *ch, void *val)
{
    if (!ch || (!val && ch->elem))
        return &invalid_op;
    return op_new(BL_K_CHAN, ch, val, false);
}

void bl_chan_close(bl_chan *ch)
{
    if (!ch || ch->closed)
        return;
    ch->closed = true;
    waitq_fail_all(&ch->receivers);
    waitq_fail_all(&ch->senders);
}

void bl_chan_free(bl_chan *ch)
{
    if (!ch)
        return;
    bl_chan_close(ch);
    free(ch->ring);
    free(ch);
}

static void chan_describe(bl__ev *ev, FILE *out)
{
    chan_op *op = (chan_op *)ev;
    fprintf(out, " %s %p", op->send ? "send" : "recv", (void *)op->ch);
}

const bl__kind bl__kind_chan = {
    "chan", sizeof(chan_op), chan_start, op_cancel, chan_describe, BL_R_INT,
};

/* ------------------------------------------------------------------ */
/* Conditions                                                         */
/* ------------------------------------------------------------------ */

bl_cond *bl_cond_new(void)
{
    return calloc(1, sizeof(bl_cond));
}

static int cond_start(bl__ev *ev)
{
    chan_op *op = (chan_op *)ev;
    waitq_push(&((bl_cond *)op->val)->waiters, op);
    return 0;
}

bl_ev_int *bl_cond_wait(bl_cond *c)
{
    if (!c)
        return &invalid_op;
    return op_new(BL_K_COND, NULL, c, false);
}

void bl_cond_signal(bl_cond *c)
{
    chan_op *op = c ? waitq_pop(&c->waiters) : NULL;
    if (op)
        op_finish(op, 0);
}

void bl_cond_broadcast(bl_cond *c)
{
    /* Completing only queues the woken: none can wait again meanwhile. */
    for (chan_op *op; c && (op = waitq_pop(&c->waiters));)
        op_finish(op, 0);
}

void bl_cond_free(bl_cond *c)
{
    if (!c)
        return;
    waitq_fail_all(&c->waiters);
    free(c);
}

static void cond_describe(bl__ev *ev, FILE *out)
{
    fprintf(out, " %p", ((chan_op *)ev)->val);
}

const bl__kind bl__kind_cond = {
    "cond", sizeof(chan_op), cond_start, op_cancel, cond_describe, BL_R_INT,
};
