/*
 * uv_echo.c - the libuv peer of the echo benchmark: the design libuv's
 * documentation teaches, uv_read_start() with an allocation callback and
 * uv_write() of what was read.
 *
 *   uv_echo PORT          listens on 127.0.0.1:PORT (0: any free port);
 *                         prints "listening on 127.0.0.1:PORT"; ends
 *                         cleanly on SIGTERM or SIGINT
 *
 * The one liberty taken, the one a careful libuv user takes: read buffers
 * come from a free list instead of malloc, each with its write request in
 * its header, so an echo allocates nothing.  A buffer goes from alloc_cb
 * to read_cb to uv_write() and back to the list in the write callback.
 * A connection whose writes pile up (a client that does not read) stops
 * reading until they drain.
 */
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "server.h"

#define CHUNK_SIZE 65536       /* libuv's suggested read size */
#define MAX_QUEUED (1u << 20)  /* unwritten bytes before we stop reading */

struct chunk {
    uv_write_t req;            /* the echo of this chunk's bytes */
    struct chunk *next;        /* free list link */
    char data[CHUNK_SIZE];
};

struct conn {
    uv_tcp_t tcp;
    int reading;               /* uv_read_start() in effect */
};

static uv_loop_t *loop;
static uv_tcp_t server;
static uv_signal_t sigterm, sigint;
static struct chunk *free_chunks;

static struct chunk *chunk_of(const char *data)
{
    return (struct chunk *)(void *)(data - offsetof(struct chunk, data));
}

static void put_chunk(struct chunk *c)
{
    c->next = free_chunks;
    free_chunks = c;
}

static void alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    (void)h;
    (void)suggested;
    struct chunk *c = free_chunks;
    if (c)
        free_chunks = c->next;
    else
        c = malloc(sizeof *c);
    *buf = c ? uv_buf_init(c->data, CHUNK_SIZE) : uv_buf_init(NULL, 0);
}

static void close_cb(uv_handle_t *h)
{
    if (h->data)
        free(h->data);
}

static void read_cb(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf);

static void write_cb(uv_write_t *req, int status)
{
    struct conn *c = req->handle->data;
    put_chunk((struct chunk *)(void *)req);
    if (status < 0) {
        if (!uv_is_closing((uv_handle_t *)&c->tcp))
            uv_close((uv_handle_t *)&c->tcp, close_cb);
        return;
    }
    if (!c->reading && !uv_is_closing((uv_handle_t *)&c->tcp) &&
        uv_stream_get_write_queue_size((uv_stream_t *)&c->tcp) == 0 &&
        uv_read_start((uv_stream_t *)&c->tcp, alloc_cb, read_cb) == 0)
        c->reading = 1;
}

static void read_cb(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
    struct conn *c = s->data;
    if (nread <= 0) {
        if (buf->base)
            put_chunk(chunk_of(buf->base));
        if (nread < 0 && !uv_is_closing((uv_handle_t *)s))
            uv_close((uv_handle_t *)s, close_cb); /* EOF or error */
        return;
    }
    struct chunk *ch = chunk_of(buf->base);
    uv_buf_t out = uv_buf_init(ch->data, (unsigned)nread);
    if (uv_write(&ch->req, s, &out, 1, write_cb) < 0) {
        put_chunk(ch);
        uv_close((uv_handle_t *)s, close_cb);
        return;
    }
    if (uv_stream_get_write_queue_size(s) > MAX_QUEUED) {
        uv_read_stop(s);
        c->reading = 0;
    }
}

static void connection_cb(uv_stream_t *srv, int status)
{
    if (status < 0)
        return;
    struct conn *c = malloc(sizeof *c);
    if (!c)
        return;
    uv_tcp_init(loop, &c->tcp);
    c->tcp.data = c;
    if (uv_accept(srv, (uv_stream_t *)&c->tcp) < 0) {
        uv_close((uv_handle_t *)&c->tcp, close_cb);
        return;
    }
    uv_tcp_nodelay(&c->tcp, 1);
    c->reading = uv_read_start((uv_stream_t *)&c->tcp, alloc_cb, read_cb) == 0;
}

static void close_any(uv_handle_t *h, void *arg)
{
    (void)arg;
    if (!uv_is_closing(h))
        uv_close(h, h->data ? close_cb : NULL);
}

static void signal_cb(uv_signal_t *sig, int signo)
{
    (void)sig;
    (void)signo;
    uv_walk(loop, close_any, NULL);
}

int main(int argc, char **argv)
{
    long port = echo_port(argc, argv, "uv_echo");
    if (port < 0)
        return 2;
    signal(SIGPIPE, SIG_IGN);
    loop = uv_default_loop();
    struct sockaddr_in sa;
    struct sockaddr_storage bound;
    int len = sizeof bound;
    int err;
    uv_ip4_addr("127.0.0.1", (int)port, &sa);
    uv_tcp_init(loop, &server);
    if ((err = uv_tcp_bind(&server, (const struct sockaddr *)&sa, 0)) < 0 ||
        (err = uv_listen((uv_stream_t *)&server, SOMAXCONN, connection_cb)) < 0 ||
        (err = uv_tcp_getsockname(&server, (struct sockaddr *)&bound, &len)) < 0) {
        fprintf(stderr, "uv_echo: cannot listen on 127.0.0.1:%ld: %s\n", port,
                uv_strerror(err));
        return 1;
    }
    printf("listening on 127.0.0.1:%d\n",
           ntohs(((struct sockaddr_in *)(void *)&bound)->sin_port));
    fflush(stdout);
    uv_signal_init(loop, &sigterm);
    uv_signal_init(loop, &sigint);
    uv_signal_start(&sigterm, signal_cb, SIGTERM);
    uv_signal_start(&sigint, signal_cb, SIGINT);
    uv_run(loop, UV_RUN_DEFAULT);
    while (free_chunks) {
        struct chunk *c = free_chunks;
        free_chunks = c->next;
        free(c);
    }
    return uv_loop_close(loop) == 0 ? 0 : 1;
}
