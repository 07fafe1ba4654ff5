/*
 * emit.c - renders the output: the source, byte for byte, except the
 * top-level coroutine definitions and declarations, which go through the
 * lowering seam (lower_coroutine, lower_coroutine_decl).  A file without
 * coroutines therefore comes out identical to its input, with no #line.
 *
 * The seam's functions are the transform's (compiler/lower.c; analyze()
 * in compiler/analyze.c runs before emission).
 */
#include <string.h>

#include "blc.h"

void emit_span(Ctx *ctx, Buf *out, Span s)
{
    if (s.end > s.begin)
        buf_put(out, ctx->text + s.begin, s.end - s.begin);
}

void emit_line_marker(Ctx *ctx, Buf *out, uint32_t line)
{
    if (ctx->opt && ctx->opt->no_line)
        return;
    if (out->len > 0 && out->data[out->len - 1] != '\n')
        buf_put(out, "\n", 1);
    buf_printf(out, "#line %u \"", line);
    for (const char *p = ctx->path; *p; p++) {
        if (*p == '"' || *p == '\\')
            buf_put(out, "\\", 1);
        buf_put(out, p, 1);
    }
    buf_puts(out, "\"\n");
}

static bool is_coroutine(const Node *item)
{
    return (item->kind == ND_FUNC || item->kind == ND_DECL) &&
           (item->flags & FL_COROUTINE);
}

int emit_tu(Ctx *ctx, Buf *out)
{
    uint32_t pos = 0;
    int rc = 0;
    for (Node *item = ctx->tu ? ctx->tu->list : NULL; item; item = item->next) {
        if (!is_coroutine(item))
            continue;
        emit_span(ctx, out, (Span){.begin = pos, .end = item->span.begin});
        if (item->kind == ND_FUNC)
            rc |= lower_coroutine(ctx, item, out);
        else
            rc |= lower_coroutine_decl(ctx, item, out);
        pos = item->span.end;
    }
    emit_span(ctx, out, (Span){.begin = pos, .end = ctx->len});
    return rc ? -1 : 0;
}

