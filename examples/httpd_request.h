/*
 * httpd_request.h - the httpd example's request parser, plain C with no
 * I/O, so that it is fuzzed without a socket (tests/fuzz/httpd_fuzz.c)
 * exactly as examples/httpd.blc runs it.
 *
 * The head is fed one line at a time, each as bl_readline() returns it: n
 * bytes, NUL-terminated, ending in '\n' unless it was cut at the line
 * buffer's size.  request_feed() says REQ_MORE until the head is complete
 * or refused, then an HTTP status: 0 for a good request.  Key decisions:
 *  - Limits first: a cut line is 414 (the request line) or 431 (a header),
 *    and so is a head whose bytes pass head_max; the server answers and
 *    closes without reading on.  Any other error (400, 501) waits for the
 *    head's end, so the client is reading when the answer comes.
 *  - Strict where leniency lets two parsers disagree (RFC 9112): a NUL or
 *    a bare CR in a line, a header without ':' or with space before it, a
 *    folded header, a body (Content-Length but 0, Transfer-Encoding) on a
 *    GET or HEAD are 400, and the connection closes after the answer.
 */
#ifndef HTTPD_REQUEST_H
#define HTTPD_REQUEST_H

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

enum { REQ_MORE = -1 };

struct request {
    char method[8];
    char path[PATH_MAX];  /* decoded, begins with '/' */
    int head;             /* HEAD: headers only */
    int keep_alive;       /* 0: closed after the response; 1: kept open;
                             2: kept open, and the response says so (an
                             HTTP/1.0 client asked for it) */
    int http10;           /* an HTTP/1.0 request */
    int status;           /* the error found so far; 0: none */
    size_t lines;         /* lines of the head fed, stray blank ones apart */
    size_t bytes;         /* bytes of the head fed */
};

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes %XX escapes in place and cuts the query string.  -1 for a bad
 * escape or an encoded NUL. */
static int url_decode(char *path)
{
    char *out = path;
    for (const char *in = path; *in && *in != '?' && *in != '#'; in++) {
        if (*in != '%') {
            *out++ = *in;
            continue;
        }
        int hi = hexval(in[1]), lo = hi < 0 ? -1 : hexval(in[2]);
        if (lo < 0 || (hi == 0 && lo == 0))
            return -1;
        *out++ = (char)(hi << 4 | lo);
        in += 2;
    }
    *out = '\0';
    return 0;
}

/* Parses "METHOD /path HTTP/1.x" (its CRLF cut off).  An HTTP status: 0
 * when the request line is good. */
static int parse_request_line(char *line, struct request *rq)
{
    char *save = NULL;
    char *method = strtok_r(line, " ", &save);
    char *target = strtok_r(NULL, " ", &save);
    char *version = strtok_r(NULL, " ", &save);
    if (!method || !target || !version || strtok_r(NULL, " ", &save)
        || (strcmp(version, "HTTP/1.1") && strcmp(version, "HTTP/1.0")))
        return 400;
    rq->http10 = strcmp(version, "HTTP/1.0") == 0;
    rq->keep_alive = !rq->http10;
    if (strcmp(method, "GET") && strcmp(method, "HEAD"))
        return 501;
    rq->head = strcmp(method, "HEAD") == 0;
    if (target[0] != '/')
        return 400;
    if (strlen(target) >= sizeof rq->path)
        return 414;
    memcpy(rq->method, method, strlen(method) + 1); /* GET or HEAD */
    strcpy(rq->path, target);
    return url_decode(rq->path) ? 400 : 0;
}

/* Reads "Name: value" (its CRLF cut off): an HTTP status, 0 when good. */
static int parse_header(const char *line, struct request *rq)
{
    size_t name = strcspn(line, ":");
    if (line[name] != ':' || name == 0 || strcspn(line, " \t") < name)
        return 400;   /* no name, no colon, or space before it, or folded */
    const char *v = line + name + 1 + strspn(line + name + 1, " \t");
    if (name == 10 && strncasecmp(line, "Connection", 10) == 0) {
        if (strncasecmp(v, "close", 5) == 0)
            rq->keep_alive = 0;
        else if (strncasecmp(v, "keep-alive", 10) == 0)
            rq->keep_alive = rq->http10 ? 2 : 1;
    } else if (name == 17 && strncasecmp(line, "Transfer-Encoding", 17) == 0) {
        return 400;   /* a body we would not read */
    } else if (name == 14 && strncasecmp(line, "Content-Length", 14) == 0) {
        if (v[strspn(v, "0")] != '\0')
            return 400;
    }
    return 0;
}

static void request_begin(struct request *rq)
{
    rq->method[0] = rq->path[0] = '\0';
    rq->head = 0;
    rq->keep_alive = rq->http10 = 0;
    rq->status = 0;
    rq->lines = rq->bytes = 0;
}

/* One line of the head, n bytes (see above): REQ_MORE, or the status. */
static int request_feed(struct request *rq, char *line, size_t n, size_t head_max)
{
    int blank = strcmp(line, "\r\n") == 0 || strcmp(line, "\n") == 0;
    rq->bytes += n;
    if (n == 0 || line[n - 1] != '\n' || rq->bytes > head_max)
        return rq->lines == 0 ? 414 : 431;
    if (blank && rq->lines == 0)
        return REQ_MORE;   /* stray CRLF before a request (RFC 9112, 2.2) */
    if (blank) {
        if (rq->status)
            rq->keep_alive = 0;
        return rq->status;
    }
    /* A NUL in the line, or a CR left once its CRLF (or LF) is cut, is bad. */
    int status = memchr(line, '\0', n) ? 400 : 0;
    line[n - 1 - (n >= 2 && line[n - 2] == '\r')] = '\0';
    if (strchr(line, '\r'))
        status = 400;
    if (status == 0 && rq->lines == 0)
        status = parse_request_line(line, rq);
    else if (status == 0 && rq->status == 0)
        status = parse_header(line, rq);
    rq->lines++;
    if (!rq->status)
        rq->status = status;
    return REQ_MORE;
}

#endif
