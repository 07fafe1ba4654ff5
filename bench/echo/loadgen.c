/*
 * loadgen.c - the echo benchmark's client: N connections, each ping-ponging
 * fixed-size messages with an echo server on 127.0.0.1, every byte of every
 * reply checked against what was sent.  One thread, level-triggered epoll.
 *
 *   loadgen [-c CONNS] [-n ROUNDTRIPS | -d SECONDS] [-s SIZE] [-P DEPTH]
 *           [-p PID] [-T STALL] [-b SOCKBUF] PORT
 *   loadgen --free-port       print a port nobody listens on, and exit
 *   loadgen --probe PORT      exit 0 when something accepts on PORT
 *
 * A run has two phases.  The ramp opens the connections, at most RAMP at a
 * time waiting for their first echo, so a server with a short listen
 * backlog is never sent more SYNs than it can queue; a connection counts
 * as open once it has done one round trip.  The timed phase starts when all
 * are open: every connection sends a message, waits for its echo, and
 * sends the next, until ROUNDTRIPS have been issued (or SECONDS have
 * passed), then waits for the ones in flight.  With -p, the server's CPU
 * time over the timed phase is read from /proc: utime+stime from
 * /proc/PID/stat (clock ticks) and the threads' on-CPU time from
 * /proc/PID/task/T/schedstat (nanoseconds).
 *
 * -P pipelines: a connection sends DEPTH messages back to back (in one
 * write, as redis-benchmark -P does), then waits for all their echoes
 * before it sends the next DEPTH; each message counts as a round trip.
 *
 * -b shrinks the client's socket buffers (SO_RCVBUF, SO_SNDBUF), so that a
 * big message makes the server's writes partial and tests how it keeps
 * what the socket did not take.
 *
 * It prints one line of key=value pairs and exits 0, or says what went
 * wrong (a wrong byte, an early close, no progress for STALL seconds) and
 * exits 1.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../clock.h"

#define RAMP 64        /* connections at most waiting for their first echo */
#define MAX_SIZE (16 << 20) /* largest message */
#define RECV_CHUNK 65536      /* most bytes read at once */
#define MAX_EVENTS 256

enum phase {
    CONNECTING, /* connect() in progress: waiting for writability */
    SENDING,    /* part of the message still to write; its echo may
                   already be coming back */
    RECEIVING,  /* message written, echo not complete */
    IDLE,       /* between round trips, or finished */
};

struct conn {
    int fd;
    unsigned id;         /* index, mixed into the message bytes */
    enum phase phase;
    uint64_t seq;        /* messages sent on this connection */
    size_t sent;         /* bytes of the current message written */
    size_t got;          /* bytes of its echo received and checked */
    unsigned char *msg;  /* the current message: what must come back */
};

struct run {
    int port;
    unsigned nconns;
    uint64_t target;     /* round trips to issue; 0: run for `seconds` */
    double seconds;
    size_t size;         /* message size */
    unsigned depth;      /* messages sent back to back (-P), 1 by default */
    size_t burst;        /* size * depth: bytes sent at a time */
    int server_pid;      /* 0: do not measure the server */
    double stall;        /* fail after this long without a completed echo */
    int sockbuf;         /* SO_RCVBUF and SO_SNDBUF, or 0: the default */

    int ep;
    struct conn *conns;
    bool timed;          /* in the timed phase */
    bool stopping;       /* no new messages: drain the ones in flight */
    unsigned opened;     /* connections that did their first round trip */
    unsigned started;    /* connections whose connect() has been issued */
    uint64_t issued;     /* timed round trips started */
    uint64_t completed;  /* timed round trips finished */
    uint64_t bytes;      /* bytes received and verified, both phases */
    double deadline;     /* end of a timed run (seconds mode) */
};

__attribute__((noreturn, format(printf, 1, 2)))
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("loadgen: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

/* ------------------------------------------------------------------ */
/* The server's CPU time                                              */
/* ------------------------------------------------------------------ */

struct cpu {
    uint64_t ticks;      /* utime + stime, in clock ticks */
    uint64_t ns;         /* sum of the threads' schedstat on-CPU time */
};

static int read_file(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, cap - 1, f);
    fclose(f);
    buf[n] = '\0';
    return 0;
}

/* utime and stime are fields 14 and 15; the command name (field 2) may
 * hold spaces, so count from its closing parenthesis. */
static uint64_t stat_ticks(int pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    if (read_file(path, buf, sizeof buf) < 0)
        die("cannot read %s: %s", path, strerror(errno));
    char *p = strrchr(buf, ')');
    unsigned long long utime, stime;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
                     &utime, &stime) != 2)
        die("cannot parse %s", path);
    return utime + stime;
}

static uint64_t schedstat_ns(int pid)
{
    char path[64], buf[256];
    snprintf(path, sizeof path, "/proc/%d/task", pid);
    DIR *d = opendir(path);
    if (!d)
        die("cannot read %s: %s", path, strerror(errno));
    uint64_t sum = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char file[64 + sizeof e->d_name];
        unsigned long long ns;
        snprintf(file, sizeof file, "/proc/%d/task/%s/schedstat", pid, e->d_name);
        if (read_file(file, buf, sizeof buf) == 0 && sscanf(buf, "%llu", &ns) == 1)
            sum += ns;
    }
    closedir(d);
    return sum;
}

static struct cpu server_cpu(const struct run *r)
{
    struct cpu c = { 0, 0 };
    if (r->server_pid) {
        c.ticks = stat_ticks(r->server_pid);
        c.ns = schedstat_ns(r->server_pid);
    }
    return c;
}

/* ------------------------------------------------------------------ */
/* Messages                                                           */
/* ------------------------------------------------------------------ */

/* The bytes of message `seq` on connection `id`: xorshift64*, so every
 * message differs and a reply from the wrong message or connection shows. */
static void fill_message(unsigned char *msg, size_t size, unsigned id, uint64_t seq)
{
    uint64_t x = ((uint64_t)id + 1) * 0x9E3779B97F4A7C15u ^ (seq + 1) * 0xD1B54A32D192ED03u;
    for (size_t i = 0; i < size; i++) {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        msg[i] = (unsigned char)((x * 0x2545F4914F6CDD1Du) >> 56);
    }
}

/* ------------------------------------------------------------------ */
/* Connections                                                        */
/* ------------------------------------------------------------------ */

static void watch(struct run *r, struct conn *c, int op, uint32_t events)
{
    struct epoll_event ev = { .events = events, .data.ptr = c };
    if (epoll_ctl(r->ep, op, c->fd, &ev) < 0)
        die("epoll_ctl: %s", strerror(errno));
}

static void start_connect(struct run *r, struct conn *c)
{
    struct sockaddr_in sa = {
        .sin_family = AF_INET,
        .sin_port = htons((uint16_t)r->port),
        .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
    };
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0)
        die("socket: %s", strerror(errno));
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (r->sockbuf) {
        setsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &r->sockbuf, sizeof r->sockbuf);
        setsockopt(c->fd, SOL_SOCKET, SO_SNDBUF, &r->sockbuf, sizeof r->sockbuf);
    }
    if (connect(c->fd, (struct sockaddr *)&sa, sizeof sa) < 0 && errno != EINPROGRESS)
        die("connect to 127.0.0.1:%d: %s", r->port, strerror(errno));
    c->phase = CONNECTING;
    watch(r, c, EPOLL_CTL_ADD, EPOLLOUT);
    r->started++;
}

/* Writes what is left of the current message; watches for writability
 * only while a part is left (level-triggered EPOLLOUT would spin), and
 * for readability always: a message bigger than the socket buffers comes
 * back while it is still being sent, and must be read for the server to
 * go on. */
static void send_rest(struct run *r, struct conn *c)
{
    while (c->sent < r->burst) {
        ssize_t n = send(c->fd, c->msg + c->sent, r->burst - c->sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN)
                die("connection %u: send: %s", c->id, strerror(errno));
            if (c->phase != SENDING)
                watch(r, c, EPOLL_CTL_MOD, EPOLLIN | EPOLLOUT);
            c->phase = SENDING;
            return;
        }
        c->sent += (size_t)n;
    }
    if (c->phase == SENDING)
        watch(r, c, EPOLL_CTL_MOD, EPOLLIN);
    c->phase = RECEIVING;
}

static void send_message(struct run *r, struct conn *c)
{
    for (unsigned k = 0; k < r->depth; k++)
        fill_message(c->msg + k * r->size, r->size, c->id, c->seq++);
    c->sent = 0;
    c->got = 0;
    send_rest(r, c);
}

/* May this connection start another timed round trip? */
static bool may_issue(struct run *r)
{
    if (r->stopping)
        return false;
    if (r->target ? r->issued >= r->target : now() >= r->deadline) {
        r->stopping = true;
        return false;
    }
    r->issued += r->depth;
    return true;
}

static void connected(struct run *r, struct conn *c)
{
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err)
        die("connect to 127.0.0.1:%d: %s", r->port, strerror(err));
    watch(r, c, EPOLL_CTL_MOD, EPOLLIN);
    c->phase = IDLE;
    send_message(r, c);
}

/* A whole echo arrived. */
static void round_trip_done(struct run *r, struct conn *c)
{
    c->phase = IDLE;
    if (!r->timed) {
        r->opened++;
        if (r->started < r->nconns)
            start_connect(r, &r->conns[r->started]);
        return;
    }
    r->completed += r->depth;
    if (may_issue(r))
        send_message(r, c);
}

static void receive(struct run *r, struct conn *c)
{
    /* Read no further than what was sent: the server has nothing else to
     * send.  With nothing outstanding, any byte is one too many. */
    static unsigned char buf[RECV_CHUNK];
    size_t want = c->phase == CONNECTING ? 0 : c->sent - c->got;
    if (want > sizeof buf)
        want = sizeof buf;
    ssize_t n = recv(c->fd, buf, want ? want : 1, 0);
    if (n < 0) {
        if (errno == EAGAIN || errno == EINTR)
            return;
        die("connection %u: recv: %s", c->id, strerror(errno));
    }
    if (n == 0)
        die("connection %u: server closed the connection after %" PRIu64
            " messages (%zu of %zu bytes of the last echo)",
            c->id, c->seq, c->got, r->burst);
    if (want == 0)
        die("connection %u: %zd bytes nobody asked for", c->id, n);
    if (memcmp(buf, c->msg + c->got, (size_t)n) != 0) {
        size_t i = 0;
        while (buf[i] == c->msg[c->got + i])
            i++;
        die("connection %u, message %" PRIu64 ", byte %zu: got 0x%02x, sent 0x%02x",
            c->id, c->seq - 1, c->got + i, buf[i], c->msg[c->got + i]);
    }
    c->got += (size_t)n;
    r->bytes += (uint64_t)n;
    if (c->got == r->burst)
        round_trip_done(r, c);
}

static void handle(struct run *r, struct conn *c, uint32_t events)
{
    if (c->phase == CONNECTING) {
        connected(r, c);
        return;
    }
    if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
        receive(r, c);
    if (c->phase == SENDING && (events & EPOLLOUT))
        send_rest(r, c);
}

/* ------------------------------------------------------------------ */
/* The run                                                            */
/* ------------------------------------------------------------------ */

/* Waits for events until `done` holds, failing after `stall` seconds
 * without a completed round trip. */
static void loop(struct run *r, bool (*done)(const struct run *))
{
    struct epoll_event evs[MAX_EVENTS];
    uint64_t last = r->opened + r->completed;
    double since = now();
    while (!done(r)) {
        int n = epoll_wait(r->ep, evs, MAX_EVENTS, 100);
        if (n < 0 && errno != EINTR)
            die("epoll_wait: %s", strerror(errno));
        for (int i = 0; i < n; i++)
            handle(r, evs[i].data.ptr, evs[i].events);
        double t = now();
        if (r->opened + r->completed != last) {
            last = r->opened + r->completed;
            since = t;
        } else if (t - since > r->stall) {
            die("no echo for %.1f s: %u of %u connections open, "
                "%" PRIu64 " of %" PRIu64 " round trips done",
                r->stall, r->opened, r->nconns, r->completed, r->issued);
        }
        if (r->timed && !r->target && !r->stopping && t >= r->deadline)
            r->stopping = true;
    }
}

static bool all_open(const struct run *r)
{
    return r->opened == r->nconns;
}

static bool all_done(const struct run *r)
{
    return r->stopping && r->completed == r->issued;
}

static void raise_fd_limit(unsigned nconns)
{
    struct rlimit rl;
    rlim_t need = (rlim_t)nconns + 64;
    if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur >= need)
        return;
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need)
        die("%u connections need %llu fds; the hard limit is %llu", nconns,
            (unsigned long long)need, (unsigned long long)rl.rlim_max);
    rl.rlim_cur = need;
    if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
        die("setrlimit: %s", strerror(errno));
}

static void run(struct run *r)
{
    raise_fd_limit(r->nconns);
    r->ep = epoll_create1(EPOLL_CLOEXEC);
    if (r->ep < 0)
        die("epoll_create1: %s", strerror(errno));
    r->conns = calloc(r->nconns, sizeof *r->conns);
    r->burst = r->size * r->depth;
    unsigned char *msgs = malloc((size_t)r->nconns * r->burst);
    if (!r->conns || !msgs)
        die("out of memory");
    for (unsigned i = 0; i < r->nconns; i++) {
        r->conns[i].id = i;
        r->conns[i].msg = msgs + (size_t)i * r->burst;
    }

    for (unsigned i = 0; i < r->nconns && i < RAMP; i++)
        start_connect(r, &r->conns[i]);
    loop(r, all_open);

    struct cpu c0 = server_cpu(r);
    double t0 = now();
    r->timed = true;
    r->deadline = t0 + r->seconds;
    for (unsigned i = 0; i < r->nconns; i++)
        if (may_issue(r))
            send_message(r, &r->conns[i]);
    if (!r->stopping && r->target && r->issued >= r->target)
        r->stopping = true;
    loop(r, all_done);
    double t1 = now();
    struct cpu c1 = server_cpu(r);

    double secs = t1 - t0;
    printf("conns=%u size=%zu depth=%u roundtrips=%" PRIu64 " seconds=%.3f rt_per_s=%.0f "
           "bytes_verified=%" PRIu64,
           r->nconns, r->size, r->depth, r->completed, secs, (double)r->completed / secs,
           r->bytes);
    if (r->server_pid && r->completed) {
        double tick_ns = 1e9 / (double)sysconf(_SC_CLK_TCK);
        printf(" server_cpu_s=%.3f server_ns_per_rt=%.0f server_stat_ns_per_rt=%.0f",
               (double)(c1.ns - c0.ns) * 1e-9,
               (double)(c1.ns - c0.ns) / (double)r->completed,
               (double)(c1.ticks - c0.ticks) * tick_ns / (double)r->completed);
    }
    putchar('\n');
    for (unsigned i = 0; i < r->nconns; i++)
        close(r->conns[i].fd);
    close(r->ep);
    free(msgs);
    free(r->conns);
}

/* ------------------------------------------------------------------ */
/* Helper modes and options                                           */
/* ------------------------------------------------------------------ */

static int free_port(void)
{
    struct sockaddr_in sa = { .sin_family = AF_INET,
                              .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof sa;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &len) < 0)
        die("cannot find a free port: %s", strerror(errno));
    close(fd);
    printf("%d\n", ntohs(sa.sin_port));
    return 0;
}

static int probe(int port)
{
    struct sockaddr_in sa = { .sin_family = AF_INET,
                              .sin_port = htons((uint16_t)port),
                              .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int ok = fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
    if (fd >= 0)
        close(fd);
    return ok ? 0 : 1;
}

static void usage(void)
{
    fputs("usage: loadgen [-c CONNS] [-n ROUNDTRIPS | -d SECONDS] [-s SIZE] "
          "[-P DEPTH] [-p SERVER_PID] [-T STALL_SECONDS] [-b SOCKBUF] PORT\n"
          "       loadgen --free-port | --probe PORT\n", stderr);
    exit(2);
}

static long number(const char *s, long lo, long hi)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        die("bad number '%s' (want %ld..%ld)", s, lo, hi);
    return v;
}

int main(int argc, char **argv)
{
    struct run r = { .nconns = 1, .target = 0, .seconds = 0, .size = 64,
                     .depth = 1, .stall = 5 };
    if (argc == 2 && strcmp(argv[1], "--free-port") == 0)
        return free_port();
    if (argc == 3 && strcmp(argv[1], "--probe") == 0)
        return probe((int)number(argv[2], 1, 65535));
    int opt;
    while ((opt = getopt(argc, argv, "c:n:d:s:P:p:T:b:")) != -1) {
        switch (opt) {
        case 'c': r.nconns = (unsigned)number(optarg, 1, 100000); break;
        case 'n': r.target = (uint64_t)number(optarg, 1, 1L << 40); break;
        case 'd': r.seconds = atof(optarg); break;
        case 's': r.size = (size_t)number(optarg, 1, MAX_SIZE); break;
        case 'P': r.depth = (unsigned)number(optarg, 1, 1024); break;
        case 'p': r.server_pid = (int)number(optarg, 1, 1 << 30); break;
        case 'T': r.stall = atof(optarg); break;
        case 'b': r.sockbuf = (int)number(optarg, 1024, 1 << 30); break;
        default: usage();
        }
    }
    if (optind != argc - 1 || (r.target == 0) == (r.seconds <= 0) || r.stall <= 0 ||
        r.size * r.depth > MAX_SIZE)
        usage();
    r.port = (int)number(argv[optind], 1, 65535);
    signal(SIGPIPE, SIG_IGN);
    run(&r);
    return 0;
}
