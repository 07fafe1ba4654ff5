/*
 * lines.h - the reference for bl_readline(): where its next line ends in
 * a stream known whole, written from bluelet.h's contract, not from
 * runtime/net.c.  The readline fuzz target checks the runtime against it
 * across arbitrary packet splits; the httpd fuzz target uses it to cut
 * its input into the lines httpd's bl_readline() would return.
 */
#ifndef FUZZ_LINES_H
#define FUZZ_LINES_H

#include <stddef.h>
#include <string.h>

/* The length of the line bl_readline(c, buf, cap, delim) returns when the
 * bytes left in the stream are s[0..len) and the stream then ends: up to
 * and including the first delim, at most cap - 1 bytes; without a delim,
 * cap - 1 bytes, or at the end what is left (0: the end). */
static size_t ref_line(const unsigned char *s, size_t len, size_t cap, const char *delim)
{
    size_t max = cap - 1, dlen = strlen(delim);
    for (size_t i = 0; i + dlen <= len && i < max; i++)
        if (memcmp(s + i, delim, dlen) == 0)
            return i + dlen < max ? i + dlen : max;
    return len < max ? len : max;
}

#endif
