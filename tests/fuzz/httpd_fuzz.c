/*
 * httpd_fuzz.c - libFuzzer target: the httpd example's request parser
 * (examples/httpd_request.h) on any bytes, cut into lines as httpd's
 * bl_readline() cuts them (lines.h), request after request as on a
 * kept-alive, pipelined connection.  The first byte picks the head limit
 * (httpd -s, 64 to 16 384 bytes).  Checked: the status is one httpd
 * answers; a good request has a method GET or HEAD and a decoded path
 * that begins with '/' and fits; its head was within the limit.  `make fuzz` runs it; tests/fuzz/regress-httpd/
 * keeps what it found, replayed by check-fuzz-regress.
 */
#include <stdint.h>
#include <stdlib.h>

#include "httpd_request.h"
#include "lines.h"

enum { LINE_CAP = 8192 };   /* httpd.blc's LINE_MAX_ */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
    if (!ok)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct request rq;
    static char line[LINE_CAP];
    if (size < 1)
        return 0;
    size_t head_max = 64 + (size_t)data[0] * 64, pos = 1;
    for (;;) {   /* one request after another */
        int status = REQ_MORE;
        request_begin(&rq);
        while (status == REQ_MORE) {
            size_t n = ref_line(data + pos, size - pos, LINE_CAP, "\n");
            if (n == 0)
                return 0;   /* the end of the stream: httpd closes */
            memcpy(line, data + pos, n);
            line[n] = '\0';
            pos += n;
            status = request_feed(&rq, line, n, head_max);
        }
        check(status == 0 || status == 400 || status == 414 || status == 431 || status == 501);
        if (status)
            return 0;   /* answered, and the connection closed */
        check(strcmp(rq.method, "GET") == 0 || strcmp(rq.method, "HEAD") == 0);
        check(rq.head == (strcmp(rq.method, "HEAD") == 0));
        check(rq.path[0] == '/' && strnlen(rq.path, sizeof rq.path) < sizeof rq.path);
        check(rq.bytes <= head_max && rq.keep_alive >= 0 && rq.keep_alive <= 2);
        if (!rq.keep_alive)
            return 0;
    }
}
