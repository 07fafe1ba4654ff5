/*
 * deps.c - dependency output for make and ninja, as gcc's -M family.
 *
 * The files a translation depended on are the .blc itself and every file
 * the preprocessor read.  blc already runs the preprocessor once to learn
 * the headers' typedef names (cpp.c); its output's line markers
 * (`# 1 "inc/a.h" 1 3 4`) name each file it entered, the flag 3 saying
 * "system header".  So the list comes from that one run, in the order the
 * files were first entered, each file once - the order and set gcc -M
 * prints, since the line markers come from the same reads.
 *
 * The rule is written as gcc writes it: targets, ':', the files, wrapped
 * before column 72 with " \", names quoted for make (space -> '\ ',
 * '#' -> '\#', '$' -> '$$'), and with -MP an empty rule per header.
 */
#include <stdlib.h>
#include <string.h>

#include "blc.h"

enum { DEPS_COLUMNS = 72 };

typedef struct DepFile {
    const char *name;           // as the preprocessor named it
    bool system;                // found in a system directory (flag 3)
} DepFile;

struct Deps {
    DepFile *files;             // in the order first entered; [0] the input
    uint32_t n, cap;
};

/* ------------------------------------------------------------ options */

/* The value of -MF -MT -MQ: joined (-MFfile) or the next argument. */
static const char *option_value(char **argv, int argc, int *i)
{
    const char *a = argv[*i];
    if (a[3])
        return (*i)++, a + 3;
    if (*i + 1 >= argc)
        return NULL;
    *i += 2;
    return argv[*i - 1];
}

int deps_option(Options *o, char **argv, int argc, int i)
{
    const char *a = argv[i];
    static const struct { const char *name; int flags; } flags[] = {
        {"-M", DEPS_PRINT}, {"-MM", DEPS_PRINT | DEPS_USER_ONLY},
        {"-MD", DEPS_WRITE}, {"-MMD", DEPS_WRITE | DEPS_USER_ONLY},
        {"-MP", DEPS_PHONY},
    };
    for (size_t k = 0; k < sizeof flags / sizeof *flags; k++)
        if (!strcmp(a, flags[k].name))
            return o->deps |= flags[k].flags, i + 1;
    if (strncmp(a, "-MF", 3) && strncmp(a, "-MT", 3) && strncmp(a, "-MQ", 3))
        return 0;
    const char *v = option_value(argv, argc, &i);
    if (!v)
        return -1;
    if (a[2] == 'F') {
        o->deps_file = v;
        return i;
    }
    if (!o->deps_targets && !(o->deps_targets = calloc((size_t)argc, sizeof *o->deps_targets)))
        return -1;
    o->deps_targets[o->ndeps_targets++] = (DepTarget){v, a[2] == 'Q'};
    return i;
}

/* -------------------------------------------- collecting the files */

static void add_file(Ctx *ctx, const char *name, size_t n, bool system)
{
    Deps *d = ctx->cpp.deps;
    for (uint32_t i = 0; i < d->n; i++)
        if (strlen(d->files[i].name) == n && !memcmp(d->files[i].name, name, n))
            return;
    if (d->n == d->cap) {
        DepFile *f = arena_alloc(ctx->arena, (d->cap = d->cap ? 2 * d->cap : 64) * sizeof *f);
        if (d->n)
            memcpy(f, d->files, d->n * sizeof *f);
        d->files = f;
    }
    d->files[d->n++] = (DepFile){arena_strndup(ctx->arena, name, n), system};
}

/* The name in a line marker's quotes, with its C escapes undone (the
 * preprocessor writes '\\' and '\"', other bytes as octal); returns the
 * length, or 0 for a malformed marker. */
static size_t marker_name(const char *p, const char *end, char *name)
{
    size_t n = 0;
    for (; p < end && *p != '"'; p++) {
        if (*p != '\\' || p + 1 == end) {
            name[n++] = *p;
        } else if (p[1] >= '0' && p[1] <= '7') {
            int v = 0;
            for (int k = 0; k < 3 && p + 1 < end && p[1] >= '0' && p[1] <= '7'; k++)
                v = v * 8 + *++p - '0';
            name[n++] = (char)v;
        } else {
            name[n++] = *++p;
        }
    }
    return p < end ? n : 0;
}

/* One line `# N "name" flags...`: notes the file (not <built-in>). */
static void note_marker(Ctx *ctx, const char *p, const char *end, char *name)
{
    p += strspn(p, " \t");
    if (p == end || *p < '0' || *p > '9')
        return;
    p += strspn(p, "0123456789");
    p += strspn(p, " \t");
    if (p == end || *p != '"')
        return;
    size_t n = marker_name(p + 1, end, name);
    if (n == 0 || name[0] == '<')
        return;
    const char *q = p + 1;
    while (q < end && *q != '"')
        q += *q == '\\' ? 2 : 1;
    bool system = false;
    for (q++; q < end; q++)
        system |= *q == '3' && (q[-1] == ' ' || q[-1] == '\t') &&
                  (q + 1 == end || q[1] == ' ' || q[1] == '\t' || q[1] == '\r');
    add_file(ctx, name, n, system);
}

void deps_note_cpp_output(Ctx *ctx, const char *text, size_t len)
{
    ctx->cpp.deps = arena_alloc(ctx->arena, sizeof *ctx->cpp.deps);
    add_file(ctx, ctx->opt->input, strlen(ctx->opt->input), false);
    char *name = NULL;
    size_t cap = 0;
    for (const char *p = text, *end = text + len; p < end;) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        eol = eol ? eol : end;
        if (*p == '#' && (size_t)(eol - p) > cap) {
            free(name);
            name = malloc(cap = (size_t)(eol - p) * 2);
        }
        if (*p == '#' && name)
            note_marker(ctx, p + 1, eol, name);
        p = eol + 1;
    }
    free(name);
}

/* ------------------------------------------------- writing the rule */

/* name quoted for make, as gcc quotes it: blanks get a backslash (and the
 * backslashes before them are doubled), '#' gets one, '$' is doubled. */
static void put_quoted(Buf *b, const char *name)
{
    size_t slashes = 0;
    for (const char *p = name; *p; p++) {
        if (*p == ' ' || *p == '\t') {
            for (; slashes; slashes--)
                buf_put(b, "\\", 1);
        }
        if (*p == ' ' || *p == '\t' || *p == '#')
            buf_put(b, "\\", 1);
        else if (*p == '$')
            buf_put(b, "$", 1);
        slashes = *p == '\\' ? slashes + 1 : 0;
        buf_put(b, p, 1);
    }
}

/* Appends one name, wrapping the line first when it would pass the
 * column; returns the new column. */
static size_t put_name(Buf *b, size_t col, const char *name, bool quote)
{
    Buf q = {0};
    if (quote)
        put_quoted(&q, name);
    else
        buf_puts(&q, name);
    if (col) {
        if (col + q.len > DEPS_COLUMNS) {
            buf_puts(b, " \\\n");
            col = 0;
        }
        buf_put(b, " ", 1);
        col++;
    }
    buf_put(b, q.data, q.len);
    col += q.len;
    buf_free(&q);
    return col;
}

void deps_render(const Ctx *ctx, const char *target, Buf *out)
{
    const Options *o = ctx->opt;
    const Deps *d = ctx->cpp.deps;
    bool user_only = o->deps & DEPS_USER_ONLY;
    size_t col = 0;
    for (int quoted = 0; quoted < 2; quoted++)      // gcc's order: -MT first
        for (int i = 0; i < o->ndeps_targets; i++)
            if (o->deps_targets[i].quote == quoted)
                col = put_name(out, col, o->deps_targets[i].name, quoted);
    if (!o->ndeps_targets)
        col = put_name(out, col, target, true);
    buf_put(out, ":", 1);
    col++;
    if (!d)                                     // the preprocessor did not run
        col = put_name(out, col, o->input, true);
    for (uint32_t i = 0; d && i < d->n; i++)
        if (!(user_only && d->files[i].system))
            col = put_name(out, col, d->files[i].name, true);
    buf_put(out, "\n", 1);
    for (uint32_t i = 1; d && (o->deps & DEPS_PHONY) && i < d->n; i++) {
        if (!(user_only && d->files[i].system)) {
            put_quoted(out, d->files[i].name);
            buf_puts(out, ":\n");
        }
    }
}

/* The name of the dependency file of -MD: -MF, else the output with .d
 * for its extension; for output to stdout, the input's base name's. */
char *deps_file_name(const Options *o, const char *output)
{
    const char *base = output;
    if (o->deps_file)
        base = o->deps_file;
    else if (!strcmp(output, "-"))
        base = strrchr(o->input, '/') ? strrchr(o->input, '/') + 1 : o->input;
    size_t n = strlen(base);
    char *path = malloc(n + 3);
    if (!path || o->deps_file)
        return path ? memcpy(path, base, n + 1) : NULL;
    const char *slash = strrchr(base, '/');
    const char *dot = strrchr(slash ? slash : base, '.');
    if (dot && dot != (slash ? slash + 1 : base))
        n = (size_t)(dot - base);
    snprintf(path, n + 3, "%.*s.d", (int)n, base);
    return path;
}
