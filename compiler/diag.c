/*
 * diag.c - diagnostics in the compilers' form:
 *
 *     file.blc:12:5: error: expected ';' before '}'
 *         x = 1
 *         ^
 *
 * The caret line copies the tabs of the source line so that the caret sits
 * under the column whatever the tab width.  Errors are counted; past
 * ctx->max_errors one last message says so and the parser stops.
 */
#include <string.h>

#include "blc.h"

enum { WINDOW = 240 };          // bytes of a long line shown around the caret

static void show_line(Ctx *ctx, Span at)
{
    const char *t = ctx->text;
    uint32_t pos = at.begin > ctx->len ? ctx->len : at.begin;
    uint32_t b = pos, e = pos;
    while (b > 0 && t[b - 1] != '\n' && pos - b < WINDOW)
        b--;
    while (e < ctx->len && t[e] != '\n' && e - pos < WINDOW)
        e++;
    if (e > 0 && e > b && t[e - 1] == '\r')
        e--;
    FILE *f = ctx->diag;
    fputs(" ", f);
    for (uint32_t i = b; i < e; i++)
        fputc(t[i] == '\0' ? ' ' : t[i], f);
    fputs("\n ", f);
    for (uint32_t i = b; i < pos; i++)
        fputc(t[i] == '\t' ? '\t' : ' ', f);
    fputs("^\n", f);
}

static void report(Ctx *ctx, Span at, const char *kind, const char *fmt,
                   va_list ap)
{
    if (ctx->quiet)
        return;
    fprintf(ctx->diag, "%s:%u:%u: %s: ", ctx->path, at.line, at.col, kind);
    vfprintf(ctx->diag, fmt, ap);
    fputc('\n', ctx->diag);
    show_line(ctx, at);
}

void error_at(Ctx *ctx, Span at, const char *fmt, ...)
{
    if (ctx->max_errors && ctx->nerrors >= ctx->max_errors)
        return;
    va_list ap;
    va_start(ap, fmt);
    report(ctx, at, "error", fmt, ap);
    va_end(ap);
    if (++ctx->nerrors == ctx->max_errors && !ctx->quiet)
        fprintf(ctx->diag, "%s: error: too many errors (%d), stopping\n",
                ctx->path, ctx->max_errors);
}

void warning_at(Ctx *ctx, Span at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(ctx, at, "warning", fmt, ap);
    va_end(ap);
}

void note_at(Ctx *ctx, Span at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(ctx, at, "note", fmt, ap);
    va_end(ap);
}

static void plain(Ctx *ctx, const char *kind, const char *fmt, va_list ap)
{
    if (ctx->quiet)
        return;
    fprintf(ctx->diag, "blc: %s: ", kind);
    vfprintf(ctx->diag, fmt, ap);
    fputc('\n', ctx->diag);
}

void error_plain(Ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    plain(ctx, "error", fmt, ap);
    va_end(ap);
    ctx->nerrors++;
}

void warning_plain(Ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    plain(ctx, "warning", fmt, ap);
    va_end(ap);
}
