/*
 * floor.c - the least work a server can do to answer bench/httpd's
 * requests on this kernel: a bound for any design, not a web server.
 *
 * Every regular file of DOCS is opened, measured and (up to SMALL bytes)
 * read into memory once, at start, with its whole response head made in
 * advance.  Then one thread, level-triggered epoll, keep-alive: a
 * connection's bytes are read with one recv, each complete request
 * ("GET /NAME HTTP/1.1 ... \r\n\r\n") is answered from the table: a small
 * file with its head in one send, a bigger one with its head sent and its
 * body by sendfile from the file opened at start.  (The head with
 * MSG_MORE, to share the body's first packet, was tried by hand and was
 * no cheaper; no script here measures it.)  No
 * open, fstat or close a request, no parsing past the request line, no
 * allocation: what is left is what the kernel does (accept, recv, send,
 * sendfile, epoll_wait), the cost that httpd and nginx both pay on top of
 * their own.  bench/httpd/run.sh measures it as the server `floor`, so a
 * ratio to nginx that even the floor does not reach is a ratio no server
 * reaches here.
 *
 *   floor DOCS PORT
 *
 * Anything else (another method, a path not in DOCS, a request over the
 * buffer) gets 404 or the connection closed: the benchmark asks only for
 * its files.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define SMALL 16384    /* a file up to this size goes in one send with its head */
#define MAXFILES 64
#define MAXCONN 65536
#define INBUF 8192

struct file {
    char name[256];    /* "/NAME" */
    size_t name_len;
    int fd;
    off_t size;
    char *reply;       /* head, and the body when size <= SMALL */
    size_t reply_len;
};

struct conn {
    char in[INBUF];         /* bytes of requests not yet answered */
    size_t in_len;
    const char *out;        /* what is left of a reply made at start */
    size_t out_len;
    const struct file *body; /* then its body by sendfile, from at */
    off_t at;
    int waiting;            /* EPOLLOUT asked for */
};

static struct file files[MAXFILES];
static size_t nfiles;
static struct conn *conns[MAXCONN];
static int ep;
static const char not_found[] =
    "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";

static void die(const char *what)
{
    perror(what);
    exit(1);
}

/* Every regular file of docs, with its reply made in advance. */
static void load(const char *docs)
{
    DIR *d = opendir(docs);
    if (!d)
        die(docs);
    int dfd = dirfd(d);
    for (struct dirent *e; (e = readdir(d)) && nfiles < MAXFILES;) {
        struct file *f = &files[nfiles];
        struct stat st;
        if (strlen(e->d_name) > sizeof f->name - 2)
            continue;
        int fd = openat(dfd, e->d_name, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
            if (fd >= 0)
                close(fd);
            continue;
        }
        f->name_len = (size_t)snprintf(f->name, sizeof f->name, "/%s", e->d_name);
        f->fd = fd;
        f->size = st.st_size;
        char head[256];
        int n = snprintf(head, sizeof head,
                         "HTTP/1.1 200 OK\r\nServer: floor\r\n"
                         "Content-Type: application/octet-stream\r\n"
                         "Content-Length: %lld\r\n\r\n", (long long)st.st_size);
        size_t body = st.st_size <= SMALL ? (size_t)st.st_size : 0;
        f->reply = malloc((size_t)n + body);
        if (!f->reply)
            die("malloc");
        memcpy(f->reply, head, (size_t)n);
        if (body && pread(fd, f->reply + n, body, 0) != (ssize_t)body)
            die(e->d_name);
        f->reply_len = (size_t)n + body;
        nfiles++;
    }
    closedir(d);
}

static const struct file *lookup(const char *path, size_t len)
{
    for (size_t i = 0; i < nfiles; i++)
        if (files[i].name_len == len && memcmp(files[i].name, path, len) == 0)
            return &files[i];
    return NULL;
}

static void drop(int fd)
{
    free(conns[fd]);
    conns[fd] = NULL;
    close(fd);
}

/* Sends what c has pending: 1 all sent, 0 the socket is full, -1 failed. */
static int flush(int fd, struct conn *c)
{
    while (c->out_len) {
        ssize_t n = send(fd, c->out, c->out_len, MSG_NOSIGNAL);
        if (n < 0)
            return errno == EAGAIN ? 0 : -1;
        c->out += n;
        c->out_len -= (size_t)n;
    }
    while (c->body && c->at < c->body->size) {
        ssize_t n = sendfile(fd, c->body->fd, &c->at, (size_t)(c->body->size - c->at));
        if (n < 0)
            return errno == EAGAIN ? 0 : -1;
        if (n == 0)
            return -1; /* the file shrank */
    }
    c->body = NULL;
    return 1;
}

/* Answers c's complete requests while the socket takes them: 0, or -1
 * when the connection is to be closed. */
static int serve(int fd, struct conn *c)
{
    for (;;) {
        int r = flush(fd, c);
        if (r < 0)
            return -1;
        if (r == 0) {   /* full: on when it has room, reading nothing meanwhile */
            if (!c->waiting) {
                struct epoll_event ev = {.events = EPOLLOUT, .data.fd = fd};
                if (epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev) < 0)
                    return -1;
                c->waiting = 1;
            }
            return 0;
        }
        char *end = memmem(c->in, c->in_len, "\r\n\r\n", 4);
        if (!end)
            break;
        size_t used = (size_t)(end + 4 - c->in);
        const struct file *f = NULL;
        if (used > 4 && memcmp(c->in, "GET ", 4) == 0) {
            char *path = c->in + 4, *sp = memchr(path, ' ', used - 4);
            if (sp)
                f = lookup(path, (size_t)(sp - path));
        }
        if (f) {
            c->out = f->reply;
            c->out_len = f->reply_len;
            c->body = f->size > SMALL ? f : NULL;
            c->at = 0;
        } else {
            c->out = not_found;
            c->out_len = sizeof not_found - 1;
        }
        memmove(c->in, c->in + used, c->in_len - used);
        c->in_len -= used;
    }
    if (c->waiting) {
        struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
        if (epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev) < 0)
            return -1;
        c->waiting = 0;
    }
    return c->in_len == sizeof c->in ? -1 : 0; /* a request over the buffer */
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: floor DOCS PORT\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    load(argv[1]);
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[2])),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0
        || bind(lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(lfd, 1024) < 0)
        die("listen");
    ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = lfd};
    if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) < 0)
        die("epoll");
    struct epoll_event evs[256];
    for (;;) {
        int n = epoll_wait(ep, evs, 256, -1);
        if (n < 0 && errno != EINTR)
            die("epoll_wait");
        for (int i = 0; i < n; i++) {
            int fd = evs[i].data.fd;
            if (fd == lfd) {
                int cfd;
                while ((cfd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
                    struct epoll_event cev = {.events = EPOLLIN, .data.fd = cfd};
                    if (cfd >= MAXCONN || !(conns[cfd] = calloc(1, sizeof *conns[cfd]))
                        || setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0
                        || epoll_ctl(ep, EPOLL_CTL_ADD, cfd, &cev) < 0) {
                        if (cfd < MAXCONN)
                            free(conns[cfd]), conns[cfd] = NULL;
                        close(cfd);
                    }
                }
                continue;
            }
            struct conn *c = conns[fd];
            if (!(evs[i].events & (EPOLLIN | EPOLLOUT))) { /* an error alone */
                drop(fd);
                continue;
            }
            if (evs[i].events & EPOLLIN && c->in_len < sizeof c->in) {
                ssize_t r = recv(fd, c->in + c->in_len, sizeof c->in - c->in_len, 0);
                if (r <= 0 && !(r < 0 && errno == EAGAIN)) {
                    drop(fd);
                    continue;
                }
                if (r > 0)
                    c->in_len += (size_t)r;
            }
            if (serve(fd, c) < 0)
                drop(fd);
        }
    }
}
