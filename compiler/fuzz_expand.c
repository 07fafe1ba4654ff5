/*
 * fuzz_expand.c - a libFuzzer target for the macro expander (make fuzz):
 * the bytes are a main file whose own #define and #undef lines are its
 * macros (no preprocessor runs), expanded to the end as the parser would
 * pull them, and its #if conditions judged as scan_directives would.  The properties: no crash, no hang, no leak, no undefined
 * behaviour.  tests/fuzz/replay.c runs it on kept inputs without
 * libFuzzer (check-fuzz-regress).
 *
 * An expansion may grow exponentially (`#define B A A`, `#define C B
 * B`...), as it does in cpp; the target stops after MAX_TOKENS tokens,
 * so a run's time is bounded by the expander's cost per token.
 */
#include <stdlib.h>
#include <string.h>

#include "blc.h"

enum { MAX_TOKENS = 200000 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The file's tokens, lexed once (lex_raw), handed out one by one. */
typedef struct Feed {
    PPTok *v;
    uint32_t n, cap, next, prev_end;
} Feed;

static void on_token(void *arg, int kind, Span at, const char *name)
{
    Feed *f = arg;
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 256;
        f->v = xrealloc(f->v, f->cap * sizeof *f->v);
    }
    f->v[f->n++] = (PPTok){.kind = kind, .len = at.end - at.begin, .name = name,
                           .at = at, .flags = at.begin > f->prev_end ? PT_SPACE : 0};
    f->prev_end = at.end;
}

static bool pull(void *arg, PPTok *t)
{
    Feed *f = arg;
    if (f->next == f->n)
        return false;
    *t = f->v[f->next++];
    return true;
}

/* The file's own #define and #undef lines, each from the line after it;
 * each #if and #elif condition is judged (expand_if, ppeval.c). */
static void define_own(Expander *ex, const Ctx *ctx)
{
    uint32_t line = 1, at = 0;
    for (uint32_t d = 0; d < ctx->cpp.ndirs; d++) {
        const char *p = ctx->text + ctx->cpp.dirs[d].begin, *e = ctx->text + ctx->cpp.dirs[d].end;
        for (; at < ctx->cpp.dirs[d].begin; at++)   // the line of its '#'
            line += ctx->text[at] == '\n';
        p += strspn(p, " \t#");
        p += strspn(p, " \t");
        size_t kw = e - p > 2 && memcmp(p, "if", 2) == 0 ? 2
                  : e - p > 4 && memcmp(p, "elif", 4) == 0 ? 4 : 0;
        if (kw)
            expand_if(ex, line, p + kw, (size_t)(e - p) - kw);
        expand_directive(ex, line, p, e);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Options opt = {.input = "fuzz.c", .no_cpp = true};
    Ctx ctx;
    ctx_init(&ctx, &opt, "fuzz.c", (const char *)data, size);
    ctx.quiet = true;
    scan_directives(&ctx);
    Feed feed = {0};
    lex_raw(&ctx, NULL, 0, on_token, &feed);
    for (uint32_t i = 0; i < feed.n; i++)
        feed.v[i].text = ctx.text + feed.v[i].at.begin;
    Expander *ex = expand_new(&ctx);
    expand_begin(ex, pull, &feed);
    define_own(ex, &ctx);
    PPTok t;
    for (uint32_t n = 0; n < MAX_TOKENS && expand_next(ex, &t); n++)
        ;
    expand_free(ex);
    free(feed.v);
    ctx_free(&ctx);
    return 0;
}
