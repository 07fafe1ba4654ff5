/*
 * expand_check.c - blc's macro expander against the compiler's:
 * `expand_check [cpp flags] file.c` expands the main file as blc does and
 * checks, token by token, that the spellings are what `cc -E -dD` printed
 * for it (white space aside).  Prints "ok: file (N tokens, M macro
 * tokens)" and exits 0, or names the first token that differs and exits 1.
 */
#include <stdlib.h>
#include <string.h>

#include "blc.h"
#include "c.tab.h"

typedef struct Raw {
    PPTok *v;
    uint32_t n, cap, next;
    uint32_t prev_end;
    const char *text;
} Raw;

static void on_raw(void *arg, int kind, Span at, const char *name)
{
    Raw *r = arg;
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 1024;
        r->v = realloc(r->v, r->cap * sizeof *r->v);
        if (!r->v)
            exit(2);
    }
    PPTok t = {.kind = kind, .text = r->text + at.begin,
               .len = at.end - at.begin, .name = name, .at = at};
    if (at.begin > r->prev_end)
        t.flags = PT_SPACE;
    r->prev_end = at.end;
    r->v[r->n++] = t;
}

static bool pull(void *arg, PPTok *t)
{
    Raw *r = arg;
    if (r->next == r->n)
        return false;
    *t = r->v[r->next++];
    return true;
}

static char *read_all(FILE *f, size_t *len)
{
    Buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_put(&b, chunk, n);
    buf_put(&b, "", 1);
    *len = b.len - 1;
    return b.data;
}

/* `$CC -E -dD flags file`, its output. */
static char *run_cpp(int argc, char **argv, size_t *len)
{
    Buf cmd = {0};
    const char *cc = getenv("CC");
    buf_printf(&cmd, "%s -E -dD -w", cc && *cc ? cc : "cc");
    for (int i = 1; i < argc; i++)
        buf_printf(&cmd, " '%s'", argv[i]);
    buf_put(&cmd, "", 1);
    FILE *p = popen(cmd.data, "r");
    buf_free(&cmd);
    if (!p)
        return NULL;
    char *out = read_all(p, len);
    if (pclose(p) != 0) {
        free(out);
        return NULL;
    }
    return out;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: expand_check [cpp flags] file.c\n", stderr);
        return 2;
    }
    const char *path = argv[argc - 1];
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 2;
    }
    size_t len;
    char *text = read_all(f, &len);
    fclose(f);
    const char *cpp_args[64];
    int ncpp = 0;
    for (int i = 1; i < argc - 1 && ncpp < 64; i++)
        cpp_args[ncpp++] = argv[i];
    Options opt = {.input = path, .cpp_args = cpp_args, .ncpp_args = ncpp};
    Ctx ctx;
    ctx_init(&ctx, &opt, path, text, len);
    ctx.quiet = true;
    ctx.cpp.trigraphs = cpp_trigraphs(&opt);
    cpp_learn_typedefs(&ctx);           // the live lines (its parse may fail)
    size_t outlen;
    char *out = run_cpp(argc, argv, &outlen);
    if (!out) {
        fprintf(stderr, "expand_check: %s: cc -E -dD failed\n", path);
        return 2;
    }
    Raw raw = {.text = ctx.text};
    expand_free(ctx.expander);          // blc's own, from that run: this
    ctx.expander = NULL;                // test makes one from cpp's -dD
    Expander *ex = expand_new(&ctx);
    expand_begin(ex, pull, &raw);
    expand_learn(ex, out, outlen);
    ctx.expander = ex;                  // it judges #ifs cpp printed
    scan_directives(&ctx);              // nothing of (cpp.c)
    lex_raw(&ctx, NULL, 0, on_raw, &raw);
    PPTok t;
    unsigned n = 0, made = 0;
    int rc = 0;
    while (expand_next(ex, &t)) {
        n++;
        made += t.raw == PP_NOT_RAW;
        if (t.kind == PP_OTHER && t.text[0] == '\0')
            continue;                   // a NUL: cpp drops it (as parse.c)
        if (!expand_check(ex, &t)) {
            const char *ref;
            size_t k = expand_check_context(ex, &ref);
            printf("%s:%u:%u: blc expands to '%.*s'%s; cpp printed '%.*s'\n",
                   path, t.at.line, t.at.col, (int)t.len, t.text,
                   t.raw == PP_NOT_RAW ? " (from a macro)" : "", (int)k, ref);
            rc = 1;
            break;
        }
    }
    if (rc == 0 && !expand_check_end(ex)) {
        const char *ref;
        size_t k = expand_check_context(ex, &ref);
        printf("%s: blc's expansion ends; cpp printed more: '%.*s'\n", path,
               (int)k, ref);
        rc = 1;
    }
    if (rc == 0)
        printf("ok: %s (%u tokens, %u from macros)\n", path, n, made);
    ctx.expander = NULL;
    expand_free(ex);
    free(raw.v);
    free(out);
    ctx_free(&ctx);
    free(text);
    return rc;
}
