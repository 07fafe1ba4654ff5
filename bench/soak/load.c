/*
 * load.c - the soak's client: mixed traffic against the echo, httpd and kv
 * examples on 127.0.0.1, every reply checked byte for byte.
 *
 *     load SECONDS ECHO_PORT HTTPD_PORT KV_PORT FILE_BYTES [WORKERS]
 *
 * WORKERS processes (default 3) each run a cycle of sessions until SECONDS
 * have passed: an echo exchange, an echo half-close, httpd keep-alive GETs
 * of /file (FILE_BYTES bytes of a known pattern), a kv SET/GET/DEL, a
 * connection reset in the middle of a request (SO_LINGER 0), and a held
 * idle connection (20 per worker, the oldest closed as a new one opens).
 * Sockets are blocking with a 10 s receive timeout; a worker pauses 2 ms
 * between sessions so the soak measures leaks, not throughput.  Prints one
 * line per worker (sessions done, failures) and exits 1 on any failure.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../tests/hostile/client.h"

enum { HELD = 20, BUF = 65536 };

static int ports[3];          /* echo, httpd, kv */
static size_t file_bytes;
static unsigned seed;

static int send_all(int fd, const void *p, size_t n)
{
    for (const char *s = p; n;) {
        ssize_t k = send(fd, s, n, MSG_NOSIGNAL);
        if (k <= 0)
            return -1;
        s += k;
        n -= (size_t)k;
    }
    return 0;
}

static int recv_all(int fd, void *p, size_t n)
{
    for (char *s = p; n;) {
        ssize_t k = recv(fd, s, n, 0);
        if (k <= 0)
            return -1;
        s += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Reads an HTTP head (to the blank line) into buf, NUL-terminated. */
static int recv_head(int fd, char *buf, size_t cap)
{
    size_t len = 0;
    while (len + 1 < cap) {
        if (recv(fd, buf + len, 1, 0) != 1)
            return -1;
        buf[++len] = '\0';
        if (len >= 4 && memcmp(buf + len - 4, "\r\n\r\n", 4) == 0)
            return 0;
    }
    return -1;
}

static unsigned char pattern(size_t i)
{
    return (unsigned char)('a' + i % 26);
}

static int echo_session(int half_close)
{
    static char out[BUF], in[BUF];
    size_t n = 1 + rand_r(&seed) % (sizeof out - 1);
    for (size_t i = 0; i < n; i++)
        out[i] = (char)rand_r(&seed);
    int fd = dial(ports[0], 10), ok = fd >= 0 && send_all(fd, out, n) == 0;
    if (ok && half_close)
        ok = shutdown(fd, SHUT_WR) == 0;
    ok = ok && recv_all(fd, in, n) == 0 && memcmp(in, out, n) == 0;
    if (ok && half_close)
        ok = recv(fd, in, 1, 0) == 0;   /* then the server's EOF */
    if (fd >= 0)
        close(fd);
    return ok ? 0 : -1;
}

static int http_session(void)
{
    static char head[4096], body[BUF];
    int fd = dial(ports[1], 10), ok = fd >= 0;
    for (int r = 0; ok && r < 3; r++) {
        static const char req[] = "GET /file HTTP/1.1\r\nHost: soak\r\n\r\n";
        const char *cl;
        ok = send_all(fd, req, sizeof req - 1) == 0 && recv_head(fd, head, sizeof head) == 0
             && strncmp(head, "HTTP/1.1 200 ", 13) == 0
             && (cl = strcasestr(head, "\r\nContent-Length: ")) != NULL
             && strtoul(cl + 18, NULL, 10) == file_bytes;
        for (size_t at = 0; ok && at < file_bytes;) {
            size_t k = file_bytes - at < sizeof body ? file_bytes - at : sizeof body;
            ok = recv_all(fd, body, k) == 0;
            for (size_t i = 0; ok && i < k; i++)
                ok = (unsigned char)body[i] == pattern(at + i);
            at += k;
        }
    }
    if (fd >= 0)
        close(fd);
    return ok ? 0 : -1;
}

static int kv_session(void)
{
    char key[32], val[64], cmd[256], reply[256];
    int kl = snprintf(key, sizeof key, "k%u", rand_r(&seed) % 1000);
    int vl = snprintf(val, sizeof val, "v%u-%u", rand_r(&seed), rand_r(&seed));
    int n = snprintf(cmd, sizeof cmd,
                     "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n"
                     "*2\r\n$3\r\nGET\r\n$%d\r\n%s\r\n*2\r\n$3\r\nDEL\r\n$%d\r\n%s\r\n",
                     kl, key, vl, val, kl, key, kl, key);
    char want[256];
    int wn = snprintf(want, sizeof want, "+OK\r\n$%d\r\n%s\r\n:1\r\n", vl, val);
    int fd = dial(ports[2], 10);
    int ok = fd >= 0 && send_all(fd, cmd, (size_t)n) == 0
             && recv_all(fd, reply, (size_t)wn) == 0 && memcmp(reply, want, (size_t)wn) == 0;
    if (fd >= 0)
        close(fd);
    return ok ? 0 : -1;
}

/* A request cut off in the middle, and the connection reset. */
static int reset_session(void)
{
    static const char *const partial[] = {
        "hello, half an echo", "GET /file HTTP/1.1\r\nHost: so", "*3\r\n$3\r\nSET\r\n$2\r\nk",
    };
    int which = (int)(rand_r(&seed) % 3);
    int fd = dial(ports[which], 10);
    if (fd < 0)
        return -1;
    int ok = send_all(fd, partial[which], strlen(partial[which])) == 0;
    struct linger lg = { .l_onoff = 1, .l_linger = 0 };
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(fd);
    return ok ? 0 : -1;
}

static int worker(double seconds, int id)
{
    int held[HELD], nheld = 0, at = 0;
    long done = 0, failures = 0;
    double end = now() + seconds;
    seed = (unsigned)(getpid() * 2654435761u);
    for (long i = 0; now() < end; i++) {
        int r;
        switch (i % 6) {
        case 0: r = echo_session(0); break;
        case 1: r = echo_session(1); break;
        case 2: r = http_session(); break;
        case 3: r = kv_session(); break;
        case 4: r = reset_session(); break;
        default: {   /* hold an idle connection, dropping the oldest */
            int fd = dial(ports[rand_r(&seed) % 3], 10);
            r = fd >= 0 ? 0 : -1;
            if (fd >= 0 && nheld == HELD) {
                close(held[at]);
                held[at] = fd;
                at = (at + 1) % HELD;
            } else if (fd >= 0) {
                held[nheld++] = fd;
            }
        }
        }
        if (r < 0 && failures++ < 5)
            fprintf(stderr, "load %d: session %ld (kind %ld) failed: %s\n", id, i, i % 6,
                    strerror(errno));
        done++;
        nanosleep(&(struct timespec){ .tv_nsec = 2000000 }, NULL);
    }
    for (int k = 0; k < nheld; k++)
        close(held[k]);
    printf("load %d: %ld sessions, %ld failed\n", id, done, failures);
    fflush(stdout);
    return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc < 6 || argc > 7) {
        fprintf(stderr, "usage: load SECONDS ECHO_PORT HTTPD_PORT KV_PORT FILE_BYTES [WORKERS]\n");
        return 2;
    }
    double seconds = atof(argv[1]);
    for (int i = 0; i < 3; i++)
        ports[i] = atoi(argv[2 + i]);
    file_bytes = strtoul(argv[5], NULL, 10);
    int workers = argc == 7 ? atoi(argv[6]) : 3, status = 0;
    pid_t pid[64];
    if (workers < 1 || workers > 64)
        return 2;
    for (int w = 0; w < workers; w++) {
        pid[w] = fork();
        if (pid[w] == 0)
            _exit(worker(seconds, w));
    }
    for (int w = 0; w < workers; w++) {
        int st;
        if (pid[w] < 0 || waitpid(pid[w], &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
            status = 1;
    }
    return status;
}
