/*
 * emit.c - renders the output: the source, byte for byte, except the
 * top-level coroutine definitions and declarations, which go through the
 * lowering seam (lower_coroutine, lower_coroutine_decl).  A file without
 * coroutines therefore comes out identical to its input, with no #line.
 * The seam's functions are the transform's (compiler/lower.c and
 * lower_*.c; analyze() in compiler/analyze.c runs before emission).
 *
 * The lowering's text goes through here too, in three parts:
 *
 * Source text: lines, indentation and words of the .blc, as the lowering
 * reads them to place what it generates.
 *
 * Sites and the renderer.  Patches are sites: a span replaced by a
 * string, or kept and wrapped in text before and after; render() applies
 * the sites inside a span, the outermost first, and a site's replacement
 * may itself be a rendering of a smaller span (E inside BL_AWAIT).  Where
 * two sites cover one span, the earlier encloses the later.
 *
 * Lines.  Every user statement keeps its .blc line: the body opens with a
 * #line, and after generated lines the next source text gets one (a
 * generated line followed by source text on the same line ends with one
 * too), so that a C compiler's errors and gdb name the .blc.  The
 * scaffolding before the resume function is marked with the output's own
 * name and line, and the lowering ends with a #line back to the .blc.
 * --no-line drops them all.
 */
#include <stdlib.h>
#include <string.h>

#include "lower.h"

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
        bool plain = !is_coroutine(item);
        if (plain && !mentions_coroutine(item))
            continue;
        emit_span(ctx, out, (Span){.begin = pos, .end = item->span.begin});
        if (plain)
            rc |= lower_plain_function(ctx, item, out);
        else if (item->kind == ND_FUNC)
            rc |= lower_coroutine(ctx, item, out);
        else
            rc |= lower_coroutine_decl(ctx, item, out);
        pos = item->span.end;
    }
    emit_span(ctx, out, (Span){.begin = pos, .end = ctx->len});
    return rc ? -1 : 0;
}


/* ------------------------------------------------------------------ */
/* Source text                                                        */
/* ------------------------------------------------------------------ */

/* The line of byte offset `at`, from 1: counted from the last answer, or
 * from the coroutine's start, whichever is closest before `at`. */
static uint32_t line_of(Lower *L, uint32_t at)
{
    uint32_t from = 0, line = 1;
    if (L->fn && at >= L->fn->span.begin) {
        from = L->fn->span.begin;
        line = L->fn->span.line;
    }
    if (L->line_at >= from && at >= L->line_at && L->line_no) {
        from = L->line_at;
        line = L->line_no;
    }
    for (uint32_t i = from; i < at && i < L->ctx->len; i++)
        line += src(L)[i] == '\n';
    L->line_at = at;
    L->line_no = line;
    return line;
}

/* The offset where the line holding `at` starts. */
uint32_t line_start(Lower *L, uint32_t at)
{
    while (at > 0 && src(L)[at - 1] != '\n')
        at--;
    return at;
}

/* The leading white space of the line holding `at`. */
const char *indent_of(Lower *L, uint32_t at)
{
    uint32_t b = line_start(L, at), e = b;
    while (src(L)[e] == ' ' || src(L)[e] == '\t')
        e++;
    return arena_strndup(L->ctx->arena, src(L) + b, e - b);
}

/* Blanks as wide as the text before `at` on its line (tabs kept), to
 * line up generated lines under a statement that starts mid-line. */
const char *column_of(Lower *L, uint32_t at)
{
    uint32_t b = line_start(L, at);
    char *s = arena_strndup(L->ctx->arena, src(L) + b, at - b);
    for (char *p = s; *p; p++)
        if (*p != '\t')
            *p = ' ';
    return s;
}

/* Whether only white space precedes `at` on its line. */
bool starts_line(Lower *L, uint32_t at)
{
    for (uint32_t i = line_start(L, at); i < at; i++)
        if (src(L)[i] != ' ' && src(L)[i] != '\t')
            return false;
    return true;
}

/* A byte of an identifier, the bytes of UTF-8 letters included: a name
 * like `\u00e9auto` written in UTF-8 holds no word `auto`. */
bool is_word_char(char c)
{
    return c == '_' || c == '$' || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (unsigned char)c >= 0x80;
}

/* The end of the string or character literal, or comment, at i (the one
 * reader of them, c_skip_lexeme). */
uint32_t skip_literal(Lower *L, uint32_t i, uint32_t e)
{
    return (uint32_t)(c_skip_lexeme(src(L) + i, src(L) + e) - src(L));
}

/* ------------------------------------------------------------------ */
/* Sites and the renderer                                             */
/* ------------------------------------------------------------------ */

static Site *add_site(Lower *L, uint32_t b, uint32_t e)
{
    GROW(L->sites, L->nsites, L->capsites);
    Site *s = &L->sites[L->nsites];
    *s = (Site){ .begin = b, .end = e, .seq = (uint32_t)L->nsites };
    L->nsites++;
    return s;
}

void replace(Lower *L, uint32_t b, uint32_t e, const char *text)
{
    add_site(L, b, e)->repl = text;
}

void wrap(Lower *L, Span s, const char *before, const char *after)
{
    Site *site = add_site(L, s.begin, s.end);
    site->before = before;
    site->after = after;
}

static int site_order(const void *pa, const void *pb)
{
    const Site *a = *(Site *const *)pa, *b = *(Site *const *)pb;
    if (a->begin != b->begin)
        return a->begin < b->begin ? -1 : 1;
    bool az = a->begin == a->end, bz = b->begin == b->end;
    if (az != bz)
        return az ? -1 : 1;
    if (a->end != b->end)
        return a->end > b->end ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* A #line at the end of out is superseded by the one about to follow. */
static void drop_trailing_marker(Buf *out)
{
    if (!out->len || out->data[out->len - 1] != '\n')
        return;
    size_t b = out->len - 1;
    while (b > 0 && out->data[b - 1] != '\n')
        b--;
    if (!strncmp(out->data + b, "#line ", 6))
        out->len = b;
}

static void copy_src(Lower *L, Buf *out, uint32_t b, uint32_t e)
{
    Sync *sy = L->sync;
    while (sy && sy->out == out && sy->need && b < e) {
        if (out->len == 0 || out->data[out->len - 1] == '\n') {
            drop_trailing_marker(out);
            emit_line_marker(L->ctx, out, line_of(L, b));
            sy->need = false;
            break;
        }
        const char *nl = memchr(src(L) + b, '\n', e - b);
        if (!nl)
            break;
        uint32_t k = (uint32_t)(nl - src(L)) + 1;
        buf_put(out, src(L) + b, k - b);
        b = k;
    }
    buf_put(out, src(L) + b, e - b);
}

static int count_nl(const char *s, size_t n)
{
    int k = 0;
    for (size_t i = 0; i < n; i++)
        k += s[i] == '\n';
    return k;
}

/* Generated text; one that opens with a directive (a #line) starts a
 * line: the blanks before it go (it indents its own lines), and other
 * text before it on its line ends there. */
static void put_generated(Lower *L, Buf *out, const char *text)
{
    if (!text || !*text)
        return;
    if (text[0] == '#') {
        size_t b = out->len;
        while (b > 0 && (out->data[b - 1] == ' ' || out->data[b - 1] == '\t'))
            b--;
        out->len = b;
        if (b > 0 && out->data[b - 1] != '\n')
            buf_puts(out, "\n");
    }
    buf_puts(out, text);
    if (L->sync && L->sync->out == out && strchr(text, '\n'))
        L->sync->need = true;
}

static void expand(Lower *L, Buf *out, const Site *s)
{
    if (s->repl) {
        put_generated(L, out, s->repl);
        if (L->sync && L->sync->out == out &&
            count_nl(s->repl, strlen(s->repl)) !=
                count_nl(src(L) + s->begin, s->end - s->begin))
            L->sync->need = true;
        return;
    }
    put_generated(L, out, s->before);
    if (!s->reindent) {
        render(L, out, s->begin, s->end, s);
    } else {        // rendered aside, then every indented line moves right
        Buf inner = {0};
        Buf *synced = L->sync ? L->sync->out : NULL;
        if (synced == out)
            L->sync->out = &inner;
        render(L, &inner, s->begin, s->end, s);
        if (synced == out)
            L->sync->out = out;
        for (size_t i = 0; i < inner.len; i++) {
            buf_put(out, inner.data + i, 1);
            char next = i + 1 < inner.len ? inner.data[i + 1] : 0;
            if (inner.data[i] == '\n' && (next == ' ' || next == '\t'))
                buf_puts(out, "    ");
        }
        buf_free(&inner);
    }
    put_generated(L, out, s->after);
}

/* Whether site s applies inside a rendering of [b, e) for `self`. */
static bool site_inside(const Site *s, uint32_t b, uint32_t e, const Site *self)
{
    if (s == self || s->begin < b || s->end > e || s->begin == e)
        return false;
    return !(self && s->begin == self->begin && s->end == self->end &&
             s->seq < self->seq);
}

/* The site that replaces all of [b, e) before any other applies, or NULL:
 * then nothing inside needs sorting (the operand of a lowered chain link,
 * already replaced by its temporary, is rendered once per link). */
static const Site *whole_replacement(Lower *L, uint32_t b, uint32_t e,
                                     const Site *self)
{
    const Site *first = NULL;
    for (int i = 0; i < L->nsites; i++) {
        const Site *s = &L->sites[i];
        if (!site_inside(s, b, e, self) || s->begin != b)
            continue;
        if (s->end == b)
            return NULL;                // an insertion comes first
        if (s->end == e && (!first || s->seq < first->seq))
            first = s;
    }
    return first && first->repl ? first : NULL;
}

/* Appends source [b, e) with every site inside it applied.  A site whose
 * span is the same as `self`'s and that was made before it encloses it. */
void render(Lower *L, Buf *out, uint32_t b, uint32_t e, const Site *self)
{
    const Site *whole = b < e ? whole_replacement(L, b, e, self) : NULL;
    if (whole) {
        expand(L, out, whole);
        return;
    }
    const Site **v = xmalloc(sizeof *v * (size_t)(L->nsites + 1));
    int n = 0;
    for (int i = 0; i < L->nsites; i++)
        if (site_inside(&L->sites[i], b, e, self))
            v[n++] = &L->sites[i];
    qsort(v, (size_t)n, sizeof *v, site_order);
    uint32_t pos = b;
    for (int i = 0; i < n; i++) {
        if (v[i]->begin < pos)
            continue;           // inside a site already applied
        copy_src(L, out, pos, v[i]->begin);
        expand(L, out, v[i]);
        pos = v[i]->end;
    }
    copy_src(L, out, pos, e);
    free(v);
}

/* The rendering of a node as an arena string. */
const char *text_of(Lower *L, Node *n)
{
    Buf b = {0};
    render(L, &b, n->span.begin, n->span.end, NULL);
    return take(L, &b);
}

/* ------------------------------------------------------------------ */
/* #line                                                              */
/* ------------------------------------------------------------------ */

/* The line marker that puts the next generated line at the .blc's `line`. */
void mark(Lower *L, Buf *pre, uint32_t line)
{
    drop_trailing_marker(pre);
    emit_line_marker(L->ctx, pre, line);
}

/* The #line line (with its newline) that names the .blc line of `at`, for
 * generated text after which source text continues; "" with --no-line. */
const char *mark_text(Lower *L, uint32_t at)
{
    Buf b = {0};
    emit_line_marker(L->ctx, &b, line_of(L, at));
    return take(L, &b);
}

void put_c_string(Buf *out, const char *s)
{
    buf_puts(out, "\"");
    for (; *s; s++)
        buf_printf(out, *s == '"' || *s == '\\' ? "\\%c" : "%c", *s);
    buf_puts(out, "\"");
}

/* The name the output goes by, for #line directives about itself. */
static const char *output_name(Lower *L)
{
    const Options *o = L->ctx->opt;
    if (o && o->output)
        return strcmp(o->output, "-") ? o->output : "<stdout>";
    const char *in = L->ctx->path;
    size_t n = strlen(in);
    if (n > 4 && !strcmp(in + n - 4, ".blc"))
        n -= 4;
    return fmt(L, "%.*s.c", (int)n, in);
}

bool no_line(Lower *L)
{
    return L->ctx->opt && L->ctx->opt->no_line;
}

/* The line of out that the next byte appended to it starts, counted from
 * the last #line naming the output (the previous coroutine's), so that a
 * file of many coroutines is not rescanned for each. */
static int output_line(Lower *L, Buf *out)
{
    Buf quoted = {0};
    put_c_string(&quoted, output_name(L));
    for (size_t i = out->len; i > 0; i--) {
        if (i > 1 && out->data[i - 2] != '\n')
            continue;
        const char *p = out->data + i - 1, *end = out->data + out->len;
        char *after;
        long n;
        if ((size_t)(end - p) < 7 || memcmp(p, "#line ", 6) ||
            (n = strtol(p + 6, &after, 10)) <= 0 || *after != ' ' ||
            (size_t)(end - after) < quoted.len + 2 ||
            memcmp(after + 1, quoted.data, quoted.len) || after[1 + quoted.len] != '\n')
            continue;
        const char *next = after + 2 + quoted.len;
        buf_free(&quoted);
        return (int)n + count_nl(next, (size_t)(end - next));
    }
    buf_free(&quoted);
    return count_nl(out->data, out->len) + 1;
}

/* #line for generated lines: they are the output's own. */
void mark_output(Lower *L, Buf *out)
{
    if (no_line(L))
        return;
    if (out->len && out->data[out->len - 1] != '\n')
        buf_puts(out, "\n");
    buf_printf(out, "#line %d ", output_line(L, out) + 1);
    put_c_string(out, output_name(L));
    buf_puts(out, "\n");
}

/* The end of a lowered item: back to the .blc at the line of `end`. */
void resync(Lower *L, Buf *out, uint32_t end)
{
    if (no_line(L))
        return;
    buf_puts(out, "\n");
    emit_line_marker(L->ctx, out, line_of(L, end));
}
