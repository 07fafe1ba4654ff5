/*
 * echo-client.c - the byte-exact client of the fault tests: CONNS
 * connections to an echo server on 127.0.0.1:PORT, PAR at a time, each
 * sending BYTES pseudo-random bytes (from SEED) in chunks of random size
 * while reading the echo, then half-closing and reading to the end.
 *
 *     echo-client PORT CONNS PAR BYTES SEED [CUT_OK]
 *
 * Every byte that comes back is compared with the byte sent at that
 * offset: nothing lost, duplicated or reordered.  A connection whose echo
 * ends early (a reset, or the server closing it) is counted "cut"; its
 * bytes must still be a correct prefix, and cuts fail the run unless
 * CUT_OK is 1 (fatal faults injected).  A connection silent for 10 s is
 * a hang.  Prints "echo-client: N exact, N cut, N bytes checked" and
 * exits 0, or 1 naming the first wrong byte or the hang.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    int fd;
    uint64_t seed;            /* this connection's byte stream */
    size_t sent, got;         /* offsets into the stream */
    int closed_wr;
} conn;

static size_t total;          /* bytes each connection sends */

/* The byte at offset i of the stream of seed s (a cheap hash). */
static unsigned char byte_at(uint64_t s, size_t i)
{
    uint64_t x = (s ^ (i * 0x9e3779b97f4a7c15u)) * 0xbf58476d1ce4e5b9u;
    return (unsigned char)(x >> 56);
}

static int open_conn(conn *c, int port, uint64_t seed)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0)
        return -1;
    if (connect(c->fd, (struct sockaddr *)&a, sizeof a) < 0 && errno != EINPROGRESS)
        return -1;
    c->seed = seed;
    c->sent = c->got = 0;
    c->closed_wr = 0;
    return 0;
}

/* Moves what it can; 1: the connection is done (0 on EOF or an error). */
static int step(conn *c, short revents, uint64_t *rng, int *bad)
{
    if ((revents & POLLOUT) && c->sent < total) {
        unsigned char buf[65536];
        *rng = *rng * 6364136223846793005u + 1442695040888963407u;
        size_t n = 1 + (*rng >> 33) % sizeof buf;
        if (n > total - c->sent)
            n = total - c->sent;
        for (size_t i = 0; i < n; i++)
            buf[i] = byte_at(c->seed, c->sent + i);
        ssize_t w = send(c->fd, buf, n, MSG_NOSIGNAL);
        if (w > 0)
            c->sent += (size_t)w;
        else if (w < 0 && errno != EAGAIN && errno != EINTR)
            return 1;
    }
    if (c->sent == total && !c->closed_wr) {
        shutdown(c->fd, SHUT_WR);
        c->closed_wr = 1;
    }
    if (revents & (POLLIN | POLLHUP | POLLERR)) {
        unsigned char buf[65536];
        ssize_t r = recv(c->fd, buf, sizeof buf, 0);
        if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR))
            return 1;
        for (ssize_t i = 0; i < r; i++) {
            if (c->got + (size_t)i >= c->sent || buf[i] != byte_at(c->seed, c->got + (size_t)i)) {
                fprintf(stderr, "echo-client: byte %zu of a connection: got %u, want %u%s\n",
                        c->got + (size_t)i, buf[i], byte_at(c->seed, c->got + (size_t)i),
                        c->got + (size_t)i >= c->sent ? " (never sent)" : "");
                *bad = 1;
                return 1;
            }
        }
        if (r > 0)
            c->got += (size_t)r;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 6) {
        fputs("usage: echo-client PORT CONNS PAR BYTES SEED [CUT_OK]\n", stderr);
        return 2;
    }
    int port = atoi(argv[1]), conns = atoi(argv[2]), par = atoi(argv[3]);
    total = strtoull(argv[4], NULL, 10);
    uint64_t seed = strtoull(argv[5], NULL, 10), rng = seed | 1;
    int cut_ok = argc > 6 && atoi(argv[6]);
    conn cs[64];
    struct pollfd ps[64];
    if (par < 1 || par > 64) {
        fputs("echo-client: PAR is 1 to 64\n", stderr);
        return 2;
    }
    int started = 0, open = 0, exact = 0, cut = 0, bad = 0;
    unsigned long long checked = 0;
    for (int i = 0; i < par; i++)
        cs[i].fd = -1;
    for (;;) {
        for (int i = 0; i < par && started < conns; i++) {
            if (cs[i].fd >= 0)
                continue;
            if (open_conn(&cs[i], port, seed * 1000003u + (uint64_t)started) < 0) {
                perror("echo-client: connect");
                return 1;
            }
            started++, open++;
        }
        if (!open)
            break;
        for (int i = 0; i < par; i++)
            ps[i] = (struct pollfd){.fd = cs[i].fd,
                                    .events = (short)(POLLIN | (cs[i].sent < total ? POLLOUT : 0))};
        int n = poll(ps, (nfds_t)par, 10000);
        if (n == 0) {
            fprintf(stderr, "echo-client: no progress for 10 s (a hang): %d open\n", open);
            return 1;
        }
        for (int i = 0; i < par; i++) {
            if (cs[i].fd < 0 || !ps[i].revents || !step(&cs[i], ps[i].revents, &rng, &bad))
                continue;
            if (bad)
                return 1;
            checked += cs[i].got;
            if (cs[i].got == total)
                exact++;
            else
                cut++;
            close(cs[i].fd);
            cs[i].fd = -1;
            open--;
        }
    }
    printf("echo-client: %d exact, %d cut, %llu bytes checked\n", exact, cut, checked);
    if (cut && !cut_ok) {
        fprintf(stderr, "echo-client: %d connection(s) cut short with no fatal fault injected\n", cut);
        return 1;
    }
    return 0;
}
