/*
 * slow.c - slow clients against a server on 127.0.0.1, and the latency of
 * normal requests while they hang on: the hostile suite's own client
 * (tests/hostile/run.sh), for what curl, ab and wrk cannot do.
 *
 *     slow PORT COUNT SECONDS MODE [NORMAL PATH]
 *
 * Opens COUNT connections and sends each one byte a second of a request
 * that never ends (MODE http: a head whose last header grows forever;
 * MODE resp: a RESP bulk string that never completes), for SECONDS
 * seconds (at most 120), each client's byte at its own hundredth of the
 * second.  With NORMAL > 0 it first times NORMAL plain requests "GET
 * PATH" (a connection each, its answer read to the end, one each 10 ms),
 * then NORMAL more, at the same pace, from the second second on while the
 * slow ones are open (SECONDS must leave time for them), and prints both
 * medians and their ratio.  RLIMIT_NOFILE is raised to COUNT + 64 when lower (said
 * on stderr).  Prints key=value words: held (slow connections still open
 * at the end), closed, the status lines they were closed with (s408,
 * s503, other), base_us, loaded_us, ratio.  Exit 1 on a setup error.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "client.h"

enum { COUNT_MAX = 20000 };

static int port;

/* One plain request and its whole answer (the server closes: HTTP/1.0):
 * its time in microseconds, or -1. */
static double normal_request(const char *path)
{
    char req[512], buf[65536];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.0\r\n\r\n", path);
    double t0 = now();
    int fd = dial(port, 5);
    if (fd < 0)
        return -1;
    ssize_t k = send(fd, req, (size_t)n, MSG_NOSIGNAL);
    size_t got = 0;
    if (k == n)
        while ((k = recv(fd, buf, sizeof buf, 0)) > 0)
            got += (size_t)k;
    close(fd);
    return k == 0 && got > 12 ? (now() - t0) * 1e6 : -1;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *t, int count)
{
    qsort(t, (size_t)count, sizeof *t, cmp);
    return count % 2 ? t[count / 2] : (t[count / 2 - 1] + t[count / 2]) / 2;
}

/* The median time of count requests, one each 10 ms as under load; -1 if
 * one failed. */
static double median_of(int count, const char *path)
{
    double *t = malloc((size_t)count * sizeof *t), m = 0;
    for (int i = 0; i < count && m == 0; i++) {
        double next = now() + 0.01;
        if ((t[i] = normal_request(path)) < 0)
            m = -1;
        while (now() < next)
            nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
    }
    if (m == 0)
        m = median(t, count);
    free(t);
    return m;
}

static void raise_nofile(long want)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)want) {
        rlim_t was = rl.rlim_cur;
        rl.rlim_cur = rl.rlim_max < (rlim_t)want ? rl.rlim_max : (rlim_t)want;
        if (setrlimit(RLIMIT_NOFILE, &rl) == 0)
            fprintf(stderr, "slow: RLIMIT_NOFILE raised from %ld to %ld\n", (long)was,
                    (long)rl.rlim_cur);
    }
}

struct client {
    int fd;            /* -1 once closed */
};

/* How the slow clients ended. */
struct tally {
    int closed, s408, s503, other;   /* closed; of those, answered with */
};

/* The clients epoll says are readable: answered or closed by the server. */
static void reap(struct client *pf, const struct epoll_event *evs, int n, struct tally *r)
{
    for (int e = 0; e < n; e++) {
        int i = (int)evs[e].data.u32;
        char buf[256];
        ssize_t k = recv(pf[i].fd, buf, sizeof buf - 1, 0);
        if (k < 0 && errno == EAGAIN)
            continue;
        if (k > 0) {
            buf[k] = '\0';
            if (strncmp(buf, "HTTP/1.1 408", 12) == 0)
                r->s408++;
            else if (strncmp(buf, "HTTP/1.1 503", 12) == 0)
                r->s503++;
            else
                r->other++;
        }
        close(pf[i].fd);   /* which also takes it out of the epoll set */
        pf[i].fd = -1;
        r->closed++;
    }
}

int main(int argc, char **argv)
{
    if (argc != 5 && argc != 7) {
        fprintf(stderr, "usage: slow PORT COUNT SECONDS http|resp [NORMAL PATH]\n");
        return 2;
    }
    port = atoi(argv[1]);
    int count = atoi(argv[2]), seconds = atoi(argv[3]);
    int normal = argc == 7 ? atoi(argv[5]) : 0;
    const char *path = argc == 7 ? argv[6] : "/";
    const char *head = strcmp(argv[4], "resp") == 0 ? "*2\r\n$3\r\nGET\r\n$1000\r\n"
                                                    : "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    if (count < 1 || count > COUNT_MAX || seconds < 1 || seconds > 120 || normal < 0) {
        fprintf(stderr, "slow: COUNT 1..%d, SECONDS 1..120\n", COUNT_MAX);
        return 2;
    }
    raise_nofile(count + 64);
    double base = normal ? median_of(normal, path) : 0;

    /* The clients' fds, -1 once closed; watched by epoll (a poll() of
     * 5 000 fds every 10 ms would be this client's own load). */
    struct client *pf = calloc((size_t)count, sizeof *pf);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    int *sent = calloc((size_t)count, sizeof *sent);
    struct tally r = { 0 };
    int failed = 0;
    for (int i = 0; i < count; i++) {
        pf[i].fd = dial(port, 5);
        struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t)i };
        if (pf[i].fd >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, pf[i].fd, &ev) < 0) {
            close(pf[i].fd);
            pf[i].fd = -1;
        }
        if (pf[i].fd < 0) {
            failed++;
            continue;
        }
        fcntl(pf[i].fd, F_SETFL, O_NONBLOCK);
    }
    if (failed)
        fprintf(stderr, "slow: %d of %d connections failed: %s\n", failed, count, strerror(errno));
    /* Time runs in slices of 10 ms: in each, a hundredth of the clients
     * send their byte (so each sends one a second, and the server's work
     * is spread as real clients' would be), the answered or closed are
     * reaped, and after the first second one normal request is timed. */
    double start = now(), end = start + seconds, loaded = 0;
    double *t = normal ? malloc((size_t)normal * sizeof *t) : NULL;
    int timed = 0;
    size_t hlen = strlen(head);
    for (long slice = 0; now() < end; slice++) {
        for (int i = (int)(slice % 100); i < count; i += 100) {
            if (pf[i].fd < 0)
                continue;
            char c = sent[i] < (int)hlen ? head[sent[i]] : 'a';
            if (send(pf[i].fd, &c, 1, MSG_NOSIGNAL) == 1)
                sent[i]++;
        }
        if (normal && timed < normal && now() > start + 1) {
            if ((t[timed] = normal_request(path)) < 0)
                normal = -1;
            timed++;
        }
        double next = start + (double)(slice + 1) / 100;
        for (int left = 1; left > 0;) {   /* the rest of the slice */
            left = (int)((next - now()) * 1000);
            struct epoll_event evs[256];
            int ready = epoll_wait(ep, evs, 256, left > 0 ? left : 0);
            reap(pf, evs, ready > 0 ? ready : 0, &r);
        }
    }
    if (normal > 0 && timed == normal)
        loaded = median(t, normal);
    free(t);
    int held = 0;
    for (int i = 0; i < count; i++)
        if (pf[i].fd >= 0) {
            held++;
            close(pf[i].fd);
        }
    printf("held=%d closed=%d failed=%d s408=%d s503=%d other=%d", held, r.closed, failed,
           r.s408, r.s503, r.other);
    if (normal)
        printf(" base_us=%.0f loaded_us=%.0f ratio=%.2f", base, loaded,
               base > 0 && loaded > 0 ? loaded / base : -1.0);
    printf("\n");
    close(ep);
    free(pf);
    free(sent);
    return 0;
}
