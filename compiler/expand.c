/*
 * expand.c - the main file's macros, expanded as the compiler expands
 * them, each token keeping where it came from.
 *
 * The parser should read what the compiler reads: the main file with its
 * macros expanded.  But the lowering edits the file's own text, so every
 * token must say where it came from (its provenance, clang's spelling and
 * expansion locations):
 *  - a token spelled in the file, directly or as a macro's argument, is
 *    *raw*: it has its own bytes (`at`) and its index among the file's raw
 *    tokens (`raw`), so a run of raw tokens with consecutive indices is a
 *    stretch of text that can be edited;
 *  - a token that a macro's body, a '#' or a '##' made has no bytes of its
 *    own: it belongs to an *invocation* (`inv`), whose span of the file
 *    (the macro's name through its ')') is the token's `at`.  An
 *    invocation whose name or ')' came out of another invocation's body
 *    takes that one's span, so an invocation's span is always text of the
 *    file.
 *
 * The definitions are the preprocessor's: `cc -E -dD` prints every
 * #define and #undef where it happens, the main file's own and the
 * headers', and expand_learn() records each with the line of the main
 * file from which it is in effect (the line after the directive, or after
 * the #include whose header holds it).  A name is looked up at the line of
 * its use.  Nothing is guessed: `__LINE__`, `__FILE__`, `__COUNTER__` and
 * `_Pragma` are the only names with a meaning of their own.
 *
 * The algorithm is the standard's (C11 6.10.3), as GCC's cpplib runs it:
 * a stack of contexts, one per expansion being read, each disabling its
 * macro while it is live; a name met while its macro is disabled is
 * painted and never expands again.  Arguments are expanded on their own,
 * behind a barrier, before substitution, except next to '#' and '##'.
 * GNU's `, ## __VA_ARGS__`, named variadic parameters and C2x's
 * __VA_OPT__ are kept.
 *
 * The check (expand_check): what cpp printed for the main file, less its
 * white space, is kept; the expansion's spellings must match it byte for
 * byte.  A mismatch is blc's internal error, never a silent misparse.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "blc.h"
#include "c.tab.h"

enum {
    MAX_CONTEXTS = 4096,        // nested expansions (cpp allows ~200 deep
                                // for real code; this bounds the rest)
    NO_LINE = UINT32_MAX,
};

/* One definition of a macro. */
typedef struct Macro {
    struct Macro *older;        // the definition before it (same name)
    const char *name;           // interned
    uint32_t line;              // in effect from this line of the main file
    uint32_t def_line;          // the line of its #define there, or 0
    bool undef;                 // an #undef
    bool fn;                    // function-like
    bool variadic;              // its last parameter takes the rest
    bool lexed;                 // params and body are read (on first use)
    bool disabled;              // being expanded now
    int nparams;
    const char **params;        // interned; __VA_ARGS__ for `...`
    PPTok *body;                // its replacement list
    uint32_t nbody;
    const char *text;           // `NAME body` or `NAME(params) body`
    uint32_t len;
} Macro;

/* Where the main file's presumed lines (its #line directives) begin. */
typedef struct Presumed {
    uint32_t from;              // the first physical line
    int64_t delta;              // physical - presumed
    const char *name;           // the file name, as cpp's markers spell it
    uint32_t len;
} Presumed;

/* A list of tokens being read: an expansion, an argument, a token read
 * ahead and given back. */
typedef struct Context {
    PPTok *toks;
    uint32_t n, pos;
    Macro *macro;               // disabled while this context is live
    bool barrier;               // an argument expanded on its own: its end
                                // is the end of the input
} Context;

/* A growing array of tokens. */
typedef struct Toks {
    PPTok *v;
    uint32_t n, cap;
} Toks;

/* expand_learn's reading of cpp's output, between two pieces of it. */
typedef struct Learn {
    bool begun;                 // main_lines_init has run
    MainLines ml;
    uint32_t line, main_line;   // presumed line; the main file's
                                // physical one
    size_t inc_from;            // where the current #include's text
                                // begins in inctext
    int depth;                  // brackets open in the main text
    bool inside;                // that #include is in a construct (only
                                // those are kept: parse.c)
    Buf text;                   // the main file's text, for the check
    size_t scanned;             // text up to here is known plain (ref_more)
    size_t stripped;            // and up to here is in the reference
    bool not_plain;             // it is not: the lexer spells it
    bool ended;                 // the whole output is learnt (learn_end)
    bool early;                 // expand_check compared before it was
} Learn;

struct Expander {
    Ctx *ctx;
    Symtab *syms;               // where its names are interned: ctx's,
                                // or the table a header pass fills
    Arena *arena;               // definitions and the tokens made: its own,
                                // since the parse releases ctx's as it goes
    RawFn *raw;                 // the file's tokens
    void *raw_arg;
    uint32_t nraw;              // raw tokens read so far
    Macro **slots;              // by name pointer, open addressing
    uint32_t cap, used;
    Context *stack;
    uint32_t depth, capdepth;
    Invocation *invs;           // invs[0] is none
    uint32_t ninvs, capinvs;
    uint32_t counter;           // __COUNTER__
    bool gap;                   // expand_macro: the expansion is empty,
    uint32_t gap_inv;           // made by this invocation
    bool pragmas_read;          // read_pragmas has run
    Presumed *pres;             // the main file's #line directives, from
    uint32_t npres, cappres;    // expand_learn, by physical line
    bool lexed_main;            // expand_learn saw the main file begin
    /* the names with a meaning of their own */
    const char *n_line, *n_file, *n_counter, *n_pragma, *n_va_args,
               *n_va_opt, *n_include_level, *n_base_file, *n_file_name;
    /* expand_check: cpp's main-file text without white space */
    Buf ref;
    size_t ref_at;              // matched so far
    const char *ref_text;       // expand_learn: the text being lexed
    bool checked_bad;           // a mismatch was reported
    MadeTok *made;              // expand_keep_made
    uint32_t nmade, capmade;
    struct Included {           // expand_included: by line
        uint32_t line, off, len;
    } *incs;
    uint32_t nincs, capincs;
    Buf inctext;                // their text
    void *kept;                 // expand_keep: cpp's output, mapped
    size_t kept_size;
    Learn learn;                // expand_learn_more
};

static void toks_push(Toks *t, const PPTok *tok)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->v = xrealloc(t->v, t->cap * sizeof *t->v);
    }
    t->v[t->n++] = *tok;
}

/* A name or a keyword: what a macro may be called. */
static bool is_name(const PPTok *t)
{
    if (t->kind == IDENTIFIER || t->name)
        return true;
    if (t->kind == NUMBER || t->kind == STRING || t->kind == CHAR_CONST ||
        t->kind == PP_OTHER || t->len == 0)
        return false;
    char c = t->text[0];
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* --------------------------------------------------------- the table */

static uint32_t hash_ptr(const void *p)
{
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 17;
    x *= 0x9E3779B97F4A7C15u;
    return (uint32_t)(x >> 32);
}

static Macro **slot_of(Expander *ex, const char *name)
{
    uint32_t mask = ex->cap - 1, i = hash_ptr(name) & mask;
    while (ex->slots[i] && ex->slots[i]->name != name)
        i = (i + 1) & mask;
    return &ex->slots[i];
}

static void grow_table(Expander *ex)
{
    Macro **old = ex->slots;
    uint32_t oldcap = ex->cap;
    ex->cap = oldcap ? oldcap * 2 : 1024;
    ex->slots = xmalloc(ex->cap * sizeof *ex->slots);
    memset(ex->slots, 0, ex->cap * sizeof *ex->slots);
    for (uint32_t i = 0; i < oldcap; i++)
        if (old[i])
            *slot_of(ex, old[i]->name) = old[i];
    free(old);
}

/* The definition of `name` in effect at `line`, an #undef's included:
 * the newest one from before it, or NULL. */
static Macro *in_effect(Expander *ex, const char *name, uint32_t line)
{
    if (!ex->cap)
        return NULL;
    Macro *m = *slot_of(ex, name);
    while (m && m->line > line)
        m = m->older;
    return m;
}

static void read_pragmas(Expander *ex);

/* The definition of `name` in effect at `line`; NULL if none or an
 * #undef. */
static Macro *lookup(Expander *ex, const char *name, uint32_t line)
{
    if (!ex->pragmas_read)
        read_pragmas(ex);
    Macro *m = in_effect(ex, name, line);
    return m && !m->undef ? m : NULL;
}

static bool ident_byte(char c)
{
    return c == '_' || c == '$' || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (unsigned char)c >= 0x80;
}

void expand_define(Expander *ex, uint32_t line, uint32_t def_line,
                   const char *text, size_t len, bool undef)
{
    size_t n = 0;
    while (n < len && ident_byte(text[n]))
        n++;
    if (n == 0)
        return;
    if ((ex->used + 1) * 2 > ex->cap)
        grow_table(ex);
    Macro *m = arena_alloc(ex->arena, sizeof *m);
    m->name = symtab_intern(ex->syms, text, n);
    m->line = line;
    m->def_line = def_line;
    m->undef = undef;
    m->text = text;                     // the file's, or cpp's output
                                        // (expand_keep): not copied
    m->len = (uint32_t)len;
    Macro **s = slot_of(ex, m->name);
    m->older = *s;
    ex->used += *s == NULL;
    *s = m;
}

/* ------------------------------------ #pragma push_macro, pop_macro */

/* Whether the directive in p..end is `#pragma push_macro("NAME")` or
 * pop_macro: *push, and NAME in *name, *len. */
static bool pragma_macro(const char *p, const char *end, bool *push,
                         const char **name, size_t *len)
{
    const char *word[] = {"#", "pragma", NULL, "(", "\"", NULL, "\"", ")"};
    for (int i = 0; i < 8; i++) {
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (i == 0 && end - p >= 2 && p[0] == '%' && p[1] == ':') {
            p += 2;                     // the digraph of '#'
            continue;
        }
        if (i == 2) {
            *push = end - p >= 10 && memcmp(p, "push_macro", 10) == 0;
            word[2] = *push ? "push_macro" : "pop_macro";
        }
        if (i == 5) {
            for (*name = p; p < end && *p != '"' && *p != '\n'; p++)
                ;
            *len = (size_t)(p - *name);
            continue;
        }
        size_t n = strlen(word[i]);
        if ((size_t)(end - p) < n || memcmp(p, word[i], n) != 0)
            return false;
        p += n;
    }
    return *len > 0;
}

/* A pop: from `line` on, `name` is again what `pushed` was (an #undef
 * when it was not defined); newer than what else takes effect there. */
static void restore_macro(Expander *ex, const char *name, const Macro *pushed,
                          uint32_t line)
{
    Macro *m = arena_alloc(ex->arena, sizeof *m);
    if (pushed)
        *m = *pushed;
    else
        *m = (Macro){.name = name, .undef = true, .text = name,
                     .len = (uint32_t)strlen(name)};
    m->line = line;
    m->disabled = false;
    if ((ex->used + 1) * 2 > ex->cap)
        grow_table(ex);
    Macro **at = slot_of(ex, name);
    ex->used += *at == NULL;
    while (*at && (*at)->line > line)
        at = &(*at)->older;
    m->older = *at;
    *at = m;
}

/* Whether offset `off` lies in a false #if group (ctx->skips, sorted). */
static bool skipped(const Ctx *ctx, uint32_t *from, uint32_t off)
{
    while (*from < ctx->cpp.nskips && ctx->cpp.skips[*from].end <= off)
        ++*from;
    for (uint32_t i = *from; i < ctx->cpp.nskips && ctx->cpp.skips[i].begin <= off; i++)
        if (off < ctx->cpp.skips[i].end)
            return true;
    return false;
}

/* cpp's -dD output shows a pop_macro's #undef, not the definition it puts
 * back; the main file's pragmas say it: each pop restores, from the line
 * after it, the definition in effect at its push (a stack per name).
 * Read at the first lookup, when the directives and the false groups are
 * known (scan_directives). */
static void read_pragmas(Expander *ex)
{
    const Ctx *ctx = ex->ctx;
    struct { const char *name; Macro *m; } *stack = NULL;
    uint32_t n = 0, line = 1, at = 0, skip = 0;
    ex->pragmas_read = true;
    for (uint32_t d = 0; d < ctx->cpp.ndirs; d++) {
        const Directive *dir = &ctx->cpp.dirs[d];
        const char *text = ctx->text, *name;
        size_t len = 0;
        bool push = false;
        if (!pragma_macro(text + dir->begin, text + dir->end, &push, &name, &len) ||
            skipped(ctx, &skip, dir->begin))
            continue;
        for (; at < dir->begin; at++)
            line += text[at] == '\n';
        uint32_t first = line;          // the directive's line
        for (; at < dir->end; at++)
            line += text[at] == '\n';
        const char *iname = symtab_intern(ctx->syms, name, len);
        if (push) {
            stack = xrealloc(stack, (n + 1) * sizeof *stack);
            stack[n].name = iname;
            stack[n++].m = in_effect(ex, iname, first);
            continue;
        }
        for (uint32_t i = n; i-- > 0;)
            if (stack[i].name == iname) {
                Macro *m = stack[i].m;
                restore_macro(ex, iname, m && !m->undef ? m : NULL, line);
                memmove(&stack[i], &stack[i + 1], (n - i - 1) * sizeof *stack);
                n--;
                break;
            }
    }
    free(stack);
}

/* ------------------------------------------------- reading a definition */

typedef struct BodyLex {
    Expander *ex;
    const char *text;
    Toks toks;
    uint32_t prev_end;
} BodyLex;

static void body_token(void *arg, int kind, Span at, const char *name)
{
    BodyLex *b = arg;
    const char *p = b->text + at.begin;
    uint32_t len = at.end - at.begin;
    while (kind == PP_HASH && len > 1 && (*p == ' ' || *p == '\t'))
        p++, len--;                     // the rule for '#' at a line's start
    PPTok t = {.kind = kind, .text = p, .len = len, .name = name,
               .raw = PP_NOT_RAW};
    if (at.begin > b->prev_end)
        t.flags |= PT_SPACE;
    b->prev_end = at.end;
    toks_push(&b->toks, &t);
}

/* Tokens of text (arena-allocated, so the spellings live on). */
static Toks lex_text(Expander *ex, const char *text, size_t len)
{
    BodyLex b = {.ex = ex, .text = text};
    lex_raw(ex->ctx, text, len, body_token, &b);
    return b.toks;
}

static int param_index(const Macro *m, const char *name)
{
    for (int i = 0; i < m->nparams; i++)
        if (m->params[i] == name)
            return i;
    return -1;
}

/* Reads `NAME(params) body` into m's parameters and body, once. */
static void read_definition(Expander *ex, Macro *m)
{
    m->lexed = true;
    Toks t = lex_text(ex, m->text, m->len);
    uint32_t i = 1;                     // after the name
    m->fn = t.n > 1 && t.v[1].kind == '(' && !(t.v[1].flags & PT_SPACE);
    if (m->fn) {
        const char **params = arena_alloc(ex->arena, (t.n + 1) * sizeof *params);
        for (i = 2; i < t.n && t.v[i].kind != ')'; i++) {
            if (t.v[i].kind == ',')
                continue;
            if (t.v[i].kind == ELLIPSIS) {
                m->variadic = true;
                if (m->nparams == 0 || params[m->nparams - 1] != NULL)
                    params[m->nparams++] = ex->n_va_args;
                continue;
            }
            if (is_name(&t.v[i]) && i + 1 < t.n && t.v[i + 1].kind == ELLIPSIS) {
                m->variadic = true;     // GNU: `args...`
                params[m->nparams++] = t.v[i].name ? t.v[i].name
                    : symtab_intern(ex->syms, t.v[i].text, t.v[i].len);
                i++;
                continue;
            }
            params[m->nparams++] = t.v[i].name ? t.v[i].name
                : symtab_intern(ex->syms, t.v[i].text, t.v[i].len);
        }
        m->params = params;
        i++;                            // past ')'
    }
    m->nbody = i < t.n ? t.n - i : 0;
    m->body = arena_alloc(ex->arena, (m->nbody + 1) * sizeof *m->body);
    if (m->nbody)
        memcpy(m->body, t.v + i, m->nbody * sizeof *m->body);
    if (m->nbody)
        m->body[0].flags &= (uint16_t)~PT_SPACE;
    for (uint32_t k = 0; k < m->nbody; k++) {
        PPTok *b = &m->body[k];
        int p = m->fn && is_name(b) ? param_index(m, b->name ? b->name
                    : symtab_intern(ex->syms, b->text, b->len)) : -1;
        b->param = (int16_t)p;
    }
    free(t.v);
}

/* ------------------------------------------------------ the contexts */

static void push_context(Expander *ex, PPTok *toks, uint32_t n, Macro *m,
                         bool barrier)
{
    if (ex->depth == ex->capdepth) {
        ex->capdepth = ex->capdepth ? ex->capdepth * 2 : 64;
        ex->stack = xrealloc(ex->stack, ex->capdepth * sizeof *ex->stack);
    }
    ex->stack[ex->depth++] = (Context){toks, n, 0, m, barrier};
    if (m)
        m->disabled = true;
}

static void pop_context(Expander *ex)
{
    Context *c = &ex->stack[--ex->depth];
    if (c->macro)
        c->macro->disabled = false;
    free(c->toks);
}

/* With trigraphs on, a token of the file spelled with them (`??(`,
 * "a??/"b") is spelled as phase 1 leaves it ('[', "a\"b"): what '#',
 * '##' and the check see; its bytes (`at`) stay. */
static void untrigraph(Expander *ex, PPTok *t)
{
    static const char from[] = "=()<>'!-/", to[] = "#[]{}^|~\\";
    const char *q = t->len >= 3 ? memchr(t->text, '?', t->len - 2) : NULL;
    if (!q)
        return;
    char *s = arena_alloc(ex->arena, t->len + 1);
    uint32_t n = 0;
    for (uint32_t i = 0; i < t->len; i++) {
        const char *k = i + 2 < t->len && t->text[i] == '?' && t->text[i + 1] == '?'
                        ? strchr(from, t->text[i + 2]) : NULL;
        if (k && *k) {
            s[n++] = to[k - from];
            i += 2;
        } else {
            s[n++] = t->text[i];
        }
    }
    t->text = s;
    t->len = n;
}

/* The next token, from the innermost context or the file; false at the
 * end of the input (a barrier's end included). */
static bool get(Expander *ex, PPTok *t)
{
    for (;;) {
        if (ex->depth) {
            Context *c = &ex->stack[ex->depth - 1];
            if (c->pos < c->n) {
                *t = c->toks[c->pos++];
                return true;
            }
            if (c->barrier)
                return false;
            pop_context(ex);
            continue;
        }
        if (!ex->raw(ex->raw_arg, t))
            return false;
        t->param = -1;
        if (t->flags & PT_INCLUDED) {   // a header's (expand_include)
            t->raw = PP_NOT_RAW;
            t->flags |= PT_NOEXPAND;
            return true;
        }
        if (ex->ctx->cpp.trigraphs)
            untrigraph(ex, t);
        t->raw = ex->nraw++;
        t->inv = 0;
        return true;
    }
}

/* Gives t back: the next get() returns it. */
static void unget(Expander *ex, const PPTok *t)
{
    if (ex->depth) {
        Context *c = &ex->stack[ex->depth - 1];
        if (c->pos > 0 && c->pos <= c->n) {
            c->toks[--c->pos] = *t;
            return;
        }
    }
    PPTok *one = xmalloc(sizeof *one);
    *one = *t;
    push_context(ex, one, 1, NULL, false);
}

/* ------------------------------------------------------ provenance */

static uint32_t new_invocation(Expander *ex, const PPTok *name, const PPTok *end)
{
    if (ex->ninvs == ex->capinvs) {
        ex->capinvs = ex->capinvs ? ex->capinvs * 2 : 64;
        ex->invs = xrealloc(ex->invs, ex->capinvs * sizeof *ex->invs);
        if (ex->ninvs == 0)
            ex->invs[ex->ninvs++] = (Invocation){0};
    }
    /* Each end stands for its own bytes, or its invocation's; the new
     * one covers both (a name handed in as an argument lies inside the
     * invocation whose body calls it). */
    Invocation *v = &ex->invs[ex->ninvs];
    uint32_t a0 = name->raw != PP_NOT_RAW ? name->raw : ex->invs[name->inv].raw0;
    uint32_t a1 = name->raw != PP_NOT_RAW ? name->raw + 1 : ex->invs[name->inv].raw1;
    uint32_t b0 = end->raw != PP_NOT_RAW ? end->raw : ex->invs[end->inv].raw0;
    uint32_t b1 = end->raw != PP_NOT_RAW ? end->raw + 1 : ex->invs[end->inv].raw1;
    v->at = b0 < a0 ? end->at : name->at;
    v->at.end = name->at.end > end->at.end ? name->at.end : end->at.end;
    v->raw0 = a0 < b0 ? a0 : b0;
    v->raw1 = a1 > b1 ? a1 : b1;
    v->macro = name->name;
    return ex->ninvs++;
}

/* The invocation the tokens of an expansion of `name` ... `end` belong
 * to: the one both came out of, or a new one spanning them. */
static uint32_t invocation_of(Expander *ex, const PPTok *name, const PPTok *end)
{
    if (name->inv && name->inv == end->inv)
        return name->inv;
    return new_invocation(ex, name, end);
}

const Invocation *expand_invocation(const Expander *ex, uint32_t inv)
{
    return inv && inv < ex->ninvs ? &ex->invs[inv] : NULL;
}

/* A token the expansion makes: it belongs to invocation inv. */
static PPTok made_token(Expander *ex, PPTok t, uint32_t inv, const char *by)
{
    t.raw = PP_NOT_RAW;
    t.inv = inv;
    t.made_by = by;
    t.at = ex->invs[inv].at;
    t.param = -1;
    return t;
}

/* ------------------------------------------------------- arguments */

typedef struct Arg {
    Toks raw;                   // as written (for '#' and '##')
    Toks expanded;              // expanded on its own (on first use)
    bool have_expanded;
} Arg;

/* Reads the arguments after `(`, up to the matching ')' (*end).  Returns
 * the count, or -1 if the input ends first. */
static int collect_args(Expander *ex, const Macro *m, Arg *args, int max,
                        PPTok *end)
{
    int n = 0, depth = 0;
    PPTok t;
    memset(args, 0, (size_t)max * sizeof *args);
    for (;;) {
        if (!get(ex, &t))
            return -1;
        if (t.kind == '(')
            depth++;
        else if (t.kind == ')' && depth-- == 0)
            break;
        else if (t.kind == ',' && depth == 0 &&
                 !(m->variadic && n == m->nparams - 1)) {
            if (n + 1 < max)
                n++;
            continue;
        }
        if (n < max)
            toks_push(&args[n].raw, &t);
    }
    *end = t;
    return n + 1;
}

static void expand_all(Expander *ex, Toks *out);

static const Toks *expanded_arg(Expander *ex, Arg *a)
{
    if (!a->have_expanded) {
        a->have_expanded = true;
        PPTok *copy = xmalloc((a->raw.n + 1) * sizeof *copy);
        if (a->raw.n)
            memcpy(copy, a->raw.v, a->raw.n * sizeof *copy);
        push_context(ex, copy, a->raw.n, NULL, true);
        uint32_t depth = ex->depth;
        expand_all(ex, &a->expanded);
        while (ex->depth >= depth)      // the barrier, and anything left
            pop_context(ex);
    }
    return &a->expanded;
}

/* ------------------------------------------------ '#' and '##' */

/* `#x`: the argument's spelling as a string literal, white space between
 * tokens made one space, '"' and '\' in its literals escaped. */
static PPTok stringify(Expander *ex, const Toks *arg, uint32_t inv,
                       const char *by)
{
    Buf b = {0};
    buf_put(&b, "\"", 1);
    for (uint32_t i = 0; i < arg->n; i++) {
        const PPTok *t = &arg->v[i];
        if (i > 0 && (t->flags & PT_SPACE))
            buf_put(&b, " ", 1);
        bool lit = t->kind == STRING || t->kind == CHAR_CONST;
        for (uint32_t k = 0; k < t->len; k++) {
            char c = t->text[k];
            if (lit && (c == '"' || c == '\\'))
                buf_put(&b, "\\", 1);
            buf_put(&b, &c, 1);
        }
    }
    buf_put(&b, "\"", 1);
    PPTok s = {.kind = STRING, .len = (uint32_t)b.len,
               .text = arena_strndup(ex->arena, b.data, b.len)};
    buf_free(&b);
    return made_token(ex, s, inv, by);
}

/* `a ## b`: one token spelled as both; two if that is no token (cpp
 * says so, and so does the check). */
static void paste(Expander *ex, Toks *out, const PPTok *rhs, uint32_t inv,
                  const char *by)
{
    PPTok *lhs = &out->v[out->n - 1];
    size_t n = lhs->len + rhs->len;
    char *s = arena_alloc(ex->arena, n + 1);
    memcpy(s, lhs->text, lhs->len);
    memcpy(s + lhs->len, rhs->text, rhs->len);
    Toks t = lex_text(ex, s, n);
    if (t.n == 1) {
        uint16_t space = lhs->flags & PT_SPACE;
        *lhs = made_token(ex, t.v[0], inv, by);
        lhs->flags = (uint16_t)(space | PT_PASTED);
    } else {
        toks_push(out, rhs);
    }
    free(t.v);
}

/* ---------------------------------------------------- substitution */

typedef struct Subst {
    Expander *ex;
    const Macro *m;
    Arg *args;
    int nargs;
    uint32_t inv;
    Toks out;
    bool paste_next;            // the last thing appended is a '##' lhs
} Subst;

static bool va_empty(const Subst *s)
{
    int i = s->m->nparams - 1;
    return i >= s->nargs || s->args[i].raw.n == 0;
}

/* Appends tokens of an argument; the first takes the parameter's
 * white space. */
static void append_arg(Subst *s, const Toks *a, uint16_t space)
{
    for (uint32_t i = 0; i < a->n; i++) {
        PPTok t = a->v[i];
        if (i == 0)
            t.flags = (uint16_t)((t.flags & ~PT_SPACE) | space);
        toks_push(&s->out, &t);
    }
}

static void append_body(Subst *s, const PPTok *b)
{
    PPTok t = made_token(s->ex, *b, s->inv, s->m->name);
    t.flags = b->flags & PT_SPACE;
    toks_push(&s->out, &t);
}

/* One element of the replacement list at b[i]; returns how many it used. */
static uint32_t subst_one(Subst *s, const PPTok *b, uint32_t i, uint32_t n)
{
    const Macro *m = s->m;
    bool before_paste = i + 1 < n && b[i + 1].kind == PP_PASTE;
    if (m->fn && b[i].kind == PP_HASH && i + 1 < n && b[i + 1].param >= 0) {
        int p = b[i + 1].param;
        Toks none = {0};
        PPTok str = stringify(s->ex, p < s->nargs ? &s->args[p].raw : &none, s->inv,
                              s->m->name);
        str.flags = b[i].flags & PT_SPACE;
        toks_push(&s->out, &str);
        return 2;
    }
    if (b[i].kind == PP_PASTE && i + 1 < n) {
        const PPTok *r = &b[i + 1];
        Toks rt = {0};
        if (r->param >= 0)
            rt = r->param < s->nargs ? s->args[r->param].raw : (Toks){0};
        else {
            rt.v = (PPTok *)r;
            rt.n = 1;
        }
        /* GNU: `, ## __VA_ARGS__` drops the comma when there are none. */
        if (r->param == m->nparams - 1 && m->variadic && s->out.n &&
            s->out.v[s->out.n - 1].kind == ',' && r->param >= 0) {
            if (va_empty(s))
                s->out.n--;
            else
                append_arg(s, &rt, 0);
            return 2;
        }
        if (rt.n == 0)
            return 2;                   // placemarker: nothing to paste
        if (s->out.n == 0 || s->paste_next == false) {
            append_arg(s, &rt, 0);
            return 2;
        }
        PPTok first = rt.v[0];
        if (r->param < 0)
            first = made_token(s->ex, first, s->inv, s->m->name);
        paste(s->ex, &s->out, &first, s->inv, s->m->name);
        for (uint32_t k = 1; k < rt.n; k++)
            toks_push(&s->out, &rt.v[k]);
        s->paste_next = i + 2 < n && b[i + 2].kind == PP_PASTE;
        return 2;
    }
    if (b[i].param >= 0) {
        int p = b[i].param;
        Arg *a = p < s->nargs ? &s->args[p] : NULL;
        uint32_t before = s->out.n;
        if (a)
            append_arg(s, before_paste ? &a->raw : expanded_arg(s->ex, a),
                       b[i].flags & PT_SPACE);
        s->paste_next = before_paste && s->out.n > before;
        return 1;
    }
    if (b[i].name == s->ex->n_va_opt && m->variadic && i + 1 < n && b[i + 1].kind == '(') {
        uint32_t k = i + 2;
        int depth = 0;
        for (; k < n; k++) {
            if (b[k].kind == '(')
                depth++;
            else if (b[k].kind == ')' && depth-- == 0)
                break;
        }
        if (!va_empty(s))
            for (uint32_t j = i + 2; j < k;)
                j += subst_one(s, b, j, k);
        return k + 1 - i;
    }
    append_body(s, &b[i]);
    s->paste_next = before_paste;
    return 1;
}

static Toks substitute(Expander *ex, const Macro *m, Arg *args, int nargs,
                       uint32_t inv)
{
    Subst s = {.ex = ex, .m = m, .args = args, .nargs = nargs, .inv = inv};
    for (uint32_t i = 0; i < m->nbody;)
        i += subst_one(&s, m->body, i, m->nbody);
    return s.out;
}

/* ------------------------------------------------------ expansion */

static PPTok number_token(Expander *ex, const PPTok *at, uint32_t v)
{
    char s[16];
    int n = snprintf(s, sizeof s, "%u", v);
    PPTok t = {.kind = NUMBER, .len = (uint32_t)n, .flags = at->flags & PT_SPACE,
               .text = arena_strndup(ex->arena, s, (size_t)n),
               .raw = PP_NOT_RAW, .inv = at->inv, .at = at->at, .param = -1};
    return t;
}

static PPTok string_token(Expander *ex, const PPTok *at, const char *v)
{
    Buf b = {0};
    buf_put(&b, "\"", 1);
    for (; *v; v++) {
        if (*v == '"' || *v == '\\')
            buf_put(&b, "\\", 1);
        buf_put(&b, v, 1);
    }
    buf_put(&b, "\"", 1);
    PPTok t = {.kind = STRING, .len = (uint32_t)b.len, .flags = at->flags & PT_SPACE,
               .text = arena_strndup(ex->arena, b.data, b.len),
               .raw = PP_NOT_RAW, .inv = at->inv, .at = at->at, .param = -1};
    buf_free(&b);
    return t;
}

/* The #line directive in effect at physical line `line`, or NULL. */
static const Presumed *presumed(const Expander *ex, uint32_t line)
{
    uint32_t lo = 0, hi = ex->npres;    // the last with from <= line
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ex->pres[mid].from <= line)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? &ex->pres[lo - 1] : NULL;
}

/* __FILE__ (or __FILE_NAME__: its last component) after a #line: the
 * name as the marker spelt it, escapes and all. */
static PPTok presumed_file(Expander *ex, const PPTok *at, const Presumed *pr,
                           bool base)
{
    const char *name = pr->name;
    uint32_t len = pr->len;
    for (uint32_t i = 0; base && i < pr->len; i++)
        if (pr->name[i] == '/') {
            name = pr->name + i + 1;
            len = pr->len - i - 1;
        }
    char *s = arena_alloc(ex->arena, len + 3);
    s[0] = '"';
    memcpy(s + 1, name, len);
    s[len + 1] = '"';
    PPTok t = {.kind = STRING, .len = len + 2, .flags = at->flags & PT_SPACE,
               .text = s, .raw = PP_NOT_RAW, .inv = at->inv, .at = at->at, .param = -1};
    return t;
}

/* The names with a meaning of their own.  Returns true with *t replaced
 * (or, for _Pragma, consumed: *drop). */
static bool builtin(Expander *ex, PPTok *t, bool *drop)
{
    const char *n = t->name;
    const char *file = ex->ctx->opt && ex->ctx->opt->input ? ex->ctx->opt->input
                                                          : ex->ctx->path;
    PPTok name = *t;
    const Presumed *pr = presumed(ex, t->at.line);
    if (n == ex->n_line)
        *t = number_token(ex, t, pr ? (uint32_t)(t->at.line - pr->delta) : t->at.line);
    else if ((n == ex->n_file || n == ex->n_file_name) && pr)
        *t = presumed_file(ex, t, pr, n == ex->n_file_name);
    else if (n == ex->n_counter)
        *t = number_token(ex, t, ex->counter++);
    else if (n == ex->n_include_level)
        *t = number_token(ex, t, 0);
    else if (n == ex->n_file || n == ex->n_base_file)
        *t = string_token(ex, t, file);
    else if (n == ex->n_file_name) {
        const char *slash = strrchr(file, '/');
        *t = string_token(ex, t, slash ? slash + 1 : file);
    } else if (n == ex->n_pragma) {     // cpp prints it as a #pragma line
        PPTok p;
        if (!get(ex, &p))
            return false;
        if (p.kind != '(') {
            unget(ex, &p);
            return false;
        }
        int depth = 0;
        while (get(ex, &p) && !(p.kind == ')' && depth-- == 0))
            depth += p.kind == '(';
        *drop = true;
        return true;
    } else {
        return false;
    }
    if (name.raw != PP_NOT_RAW) {       // spelled in the file: an invocation
        t->inv = new_invocation(ex, &name, &name);      // of its own
        t->at = name.at;
        t->flags |= PT_INV_FIRST | PT_INV_LAST;
    }
    t->made_by = n;
    return true;
}

/* Expands m, the macro that name t invokes (next() looked it up): its
 * expansion becomes the innermost context.  Returns false when t stands
 * as it is. */
static bool expand_macro(Expander *ex, PPTok *t, Macro *m)
{
    if (m->disabled) {
        t->flags |= PT_NOEXPAND;        // painted: never again
        return false;
    }
    if (!m->lexed)
        read_definition(ex, m);
    PPTok end = *t;
    Arg small[8], *args = small;
    int nargs = 0;
    if (m->fn) {
        PPTok next;
        if (!get(ex, &next))
            return false;
        if (next.kind != '(') {
            unget(ex, &next);
            return false;
        }
        int max = m->nparams > 0 ? m->nparams : 1;
        if (max > 8)
            args = xmalloc((size_t)max * sizeof *args);
        nargs = collect_args(ex, m, args, max, &end);
        if (nargs < 0) {
            error_at(ex->ctx, t->at, "unterminated argument list invoking macro '%s'",
                     t->name);
            nargs = 0;
        }
        if (m->nparams == 0 && nargs == 1 && args[0].raw.n == 0)
            nargs = 0;
    }
    uint32_t inv = invocation_of(ex, t, &end);
    Toks out = substitute(ex, m, args, nargs, inv);
    if (out.n) {
        /* The first and last token of a new invocation's expansion open
         * and close it; one that goes on an invocation (its name and ')'
         * came out of its body) passes on what its name and ')' had. */
        bool same = inv == t->inv;
        out.v[0].flags = (uint16_t)((out.v[0].flags & ~PT_SPACE) | (t->flags & PT_SPACE));
        out.v[0].flags |= same ? t->flags & PT_INV_FIRST : PT_INV_FIRST;
        out.v[out.n - 1].flags |= same ? end.flags & PT_INV_LAST : PT_INV_LAST;
    } else {
        ex->gap = true;                 // nothing came of it: see next()
        ex->gap_inv = inv;
    }
    for (int i = 0; m->fn && i < (m->nparams > 0 ? m->nparams : 1); i++) {
        free(args[i].raw.v);
        free(args[i].expanded.v);
    }
    if (args != small)
        free(args);
    push_context(ex, out.v, out.n, m, false);
    return true;
}

/* The next token of the expansion; false at the end.  Text that expands
 * to nothing (an empty macro, _Pragma) joins the token after it: that
 * token's bytes and raw tokens begin where the empty text begins, so that
 * `UNUSED int x;` is one run of the file's text. */
static bool next(Expander *ex, PPTok *t)
{
    uint32_t gap = 0;                   // the invocation that made nothing
    for (;;) {
        if (!get(ex, t))
            return false;
        bool drop = false;
        ex->gap = false;
        if (!is_name(t) || (t->flags & PT_NOEXPAND))
            break;
        bool named = t->name;           // a keyword is no builtin
        if (!named)
            t->name = symtab_intern(ex->syms, t->text, t->len);
        Macro *m = lookup(ex, t->name, t->at.line);
        if (!m && named && builtin(ex, t, &drop)) {
            if (drop) {
                gap = gap ? gap : new_invocation(ex, t, t);
                continue;
            }
            break;
        }
        if (!m || !expand_macro(ex, t, m))
            break;
        if (ex->gap && !gap)
            gap = ex->gap_inv;
    }
    if (gap && t->raw != PP_NOT_RAW && t->inv == 0) {
        const Invocation *g = &ex->invs[gap];
        t->gap_raw = g->raw0;
        t->gap_at = g->at;
        t->flags |= PT_GAP;
    }
    return true;
}

static void expand_all(Expander *ex, Toks *out)
{
    PPTok t;
    while (next(ex, &t))
        toks_push(out, &t);
}

int expand_next(Expander *ex, PPTok *t)
{
    if (!next(ex, t))
        return 0;
    if (t->kind == IDENTIFIER && !t->name)
        t->name = symtab_intern(ex->syms, t->text, t->len);
    return 1;
}

const Invocation *expand_invocation_in(const Expander *ex, uint32_t r0, uint32_t r1)
{
    for (uint32_t i = 1; ex && i < ex->ninvs; i++) {
        const Invocation *v = &ex->invs[i];
        if ((v->raw0 >= r0 && v->raw0 < r1) || (v->raw0 <= r0 && r0 < v->raw1))
            return v;
    }
    return NULL;
}

void expand_directive(Expander *ex, uint32_t line, const char *p, const char *e)
{
    const char *start = p;
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    bool def = e - p > 7 && memcmp(p, "define", 6) == 0 && (p[6] == ' ' || p[6] == '\t');
    bool undef = e - p > 6 && memcmp(p, "undef", 5) == 0 && (p[5] == ' ' || p[5] == '\t');
    if (!def && !undef)
        return;
    p += def ? 6 : 5;
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    while (e > p && (e[-1] == '\n' || e[-1] == '\r'))
        e--;
    uint32_t last = line;                       // the directive's last line
    for (const char *q = start; q < e; q++)
        last += *q == '\n';
    expand_define(ex, last + 1, line, p, (size_t)(e - p), undef);
}

bool expand_definition(const Expander *ex, const char *name, uint32_t line,
                       uint32_t *def_line, const char **text, size_t *len)
{
    Macro *m = lookup((Expander *)ex, name, line);
    if (!m)
        return false;
    *def_line = m->def_line;
    *text = m->text;
    *len = m->len;
    return true;
}

bool expand_definition_at(const Expander *ex, const char *name, uint32_t line,
                          Span *at)
{
    uint32_t def;
    const char *text;
    size_t len;
    if (!expand_definition(ex, name, line, &def, &text, &len) || def == 0)
        return false;
    const char *s = ex->ctx->text, *end = s + ex->ctx->len, *p = s;
    for (uint32_t l = 1; l < def && p < end; l++) {
        p = memchr(p, '\n', (size_t)(end - p));
        p = p ? p + 1 : end;
    }
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    eol = eol ? eol : end;
    size_t n = strlen(name);
    for (const char *q = p; q + n <= eol; q++)
        if (!memcmp(q, name, n) && (q == p || !ident_byte(q[-1])) &&
            (q + n == eol || !ident_byte(q[n]))) {
            *at = (Span){ .begin = (uint32_t)(q - s), .end = (uint32_t)(q - s + n),
                          .line = def, .col = (uint32_t)(q - p) + 1 };
            return true;
        }
    return false;
}

void expand_keep(Expander *ex, void *base, size_t size)
{
    ex->kept = base;
    ex->kept_size = size;
}

const char *expand_included(const Expander *ex, uint32_t line, size_t *len)
{
    for (uint32_t i = 0; ex && i < ex->nincs; i++)
        if (ex->incs[i].line == line) {
            *len = ex->incs[i].len;
            return ex->inctext.data + ex->incs[i].off;
        }
    return NULL;
}

uint32_t expand_include(Expander *ex, Span at)
{
    PPTok name = {.raw = ex->nraw, .at = at,
                  .name = symtab_intern(ex->syms, "#include", 8)};
    uint32_t inv = new_invocation(ex, &name, &name);
    ex->invs[inv].raw1 = ex->invs[inv].raw0;    // it stands for no token
    return inv;
}

/* The bracket depth after cpp's text p..e, from depth: the compiler's
 * tokens, so no comment is left and only literals are skipped. */
static int bracket_depth(const char *p, const char *e, int depth)
{
    while (p < e) {
        if (*p == '"' || *p == '\'') {
            p = c_skip_lexeme(p, e);
            continue;
        }
        depth += (*p == '(' || *p == '[' || *p == '{') -
                 (*p == ')' || *p == ']' || *p == '}');
        p++;
    }
    return depth;
}

/* expand_learn: the text of an #include of the main file, from `from` in
 * inctext, is done: kept for the line before `back` (where the main file
 * goes on), if it printed any. */
static void end_included(Expander *ex, size_t from, uint32_t back)
{
    if (ex->inctext.len == from || back < 2)
        return;
    if (ex->nincs == ex->capincs) {
        ex->capincs = ex->capincs ? 2 * ex->capincs : 8;
        ex->incs = xrealloc(ex->incs, ex->capincs * sizeof *ex->incs);
    }
    ex->incs[ex->nincs++] = (struct Included){back - 1, (uint32_t)from,
                                              (uint32_t)(ex->inctext.len - from)};
}

uint32_t expand_keep_made(Expander *ex, const PPTok *t)
{
    if (ex->nmade == ex->capmade) {
        ex->capmade = ex->capmade ? 2 * ex->capmade : 256;
        ex->made = xrealloc(ex->made, ex->capmade * sizeof *ex->made);
    }
    ex->made[ex->nmade++] = (MadeTok){t->inv, t->flags, t->made_by};
    return ex->nmade;
}

const MadeTok *expand_made(const Expander *ex, Span s)
{
    uint32_t id = s.prov >> SP_TOKEN_SHIFT;
    return ex && id > 0 && id <= ex->nmade ? &ex->made[id - 1] : NULL;
}

/* ---------------------------------------------------- #if conditions */

/* A token of a condition at `line`: raw index 0, so that invocations made
 * of it are well formed (no parse sees them). */
static PPTok cond_token(PPTok t, uint32_t line)
{
    t.at.line = line;
    t.raw = 0;
    t.inv = 0;
    t.param = -1;
    return t;
}

int expand_defined(Expander *ex, uint32_t line, const char *name, size_t len)
{
    const Macro *m = in_effect(ex, symtab_intern(ex->syms, name, len), line);
    return m && !m->undef;
}

int expand_if(Expander *ex, uint32_t line, const char *text, size_t len)
{
    Toks in = lex_text(ex, text, len), out = {0};
    PPTok *v = xmalloc((in.n + 1) * sizeof *v);
    uint32_t n = 0;
    for (uint32_t i = 0; i < in.n; i++) {  // `defined X`, `defined (X)`
        PPTok t = cond_token(in.v[i], line);
        bool paren = i + 1 < in.n && in.v[i + 1].kind == '(';
        uint32_t at = i + 1 + paren;
        if (t.len == 7 && memcmp(t.text, "defined", 7) == 0 && at < in.n &&
            is_name(&in.v[at]) && (!paren || (at + 1 < in.n && in.v[at + 1].kind == ')'))) {
            t.kind = NUMBER;
            t.text = expand_defined(ex, line, in.v[at].text, in.v[at].len) ? "1" : "0";
            t.len = 1;
            t.name = NULL;
            i = at + paren;
        }
        v[n++] = t;
    }
    push_context(ex, v, n, NULL, true);
    uint32_t depth = ex->depth;
    expand_all(ex, &out);
    while (ex->depth >= depth)          // the barrier, and anything left
        pop_context(ex);
    int r = pp_eval(out.v, out.n);
    free(in.v);
    free(out.v);
    return r;
}

/* ------------------------------------------------- life and learning */

void expand_begin(Expander *ex, RawFn *raw, void *arg)
{
    ex->raw = raw;
    ex->raw_arg = arg;
}

Expander *expand_new(Ctx *ctx)
{
    return expand_new_in(ctx, ctx->syms);
}

Expander *expand_new_in(Ctx *ctx, Symtab *st)
{
    Expander *ex = xmalloc(sizeof *ex);
    *ex = (Expander){.ctx = ctx, .syms = st, .arena = arena_new()};
#define NAME(f, s) ex->f = symtab_intern(st, s, sizeof s - 1)
    NAME(n_line, "__LINE__");
    NAME(n_file, "__FILE__");
    NAME(n_counter, "__COUNTER__");
    NAME(n_pragma, "_Pragma");
    NAME(n_va_args, "__VA_ARGS__");
    NAME(n_va_opt, "__VA_OPT__");
    NAME(n_include_level, "__INCLUDE_LEVEL__");
    NAME(n_base_file, "__BASE_FILE__");
    NAME(n_file_name, "__FILE_NAME__");
#undef NAME
    return ex;
}

void expand_free(Expander *ex)
{
    if (!ex)
        return;
    while (ex->depth)
        pop_context(ex);
    free(ex->stack);
    free(ex->slots);
    free(ex->invs);
    free(ex->made);
    free(ex->incs);
    if (ex->kept)
        munmap(ex->kept, ex->kept_size);
    buf_free(&ex->inctext);
    free(ex->pres);
    buf_free(&ex->ref);
    if (ex->learn.begun)
        main_lines_free(&ex->learn.ml);
    buf_free(&ex->learn.text);
    arena_free(ex->arena);
    free(ex);
}

/* The white space cpp's output may hold between tokens. */
static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/* A token's spelling as the check compares it: a name as the interned
 * UTF-8 (cpp may print a letter as a UCN), white space left out. */
/* Whether text[i] is part of a token's spelling as compared: not white
 * space, not a backslash-newline. */
static bool spelled_byte(const char *text, size_t i, size_t len)
{
    return !blank(text[i]) && !(text[i] == '\\' && i + 1 < len && text[i + 1] == '\n');
}

static void spelling(Buf *b, int kind, const char *text, size_t len,
                     const char *name)
{
    if (kind == IDENTIFIER && name) {
        text = name;
        len = strlen(name);
    }
    for (size_t i = 0; i < len;) {     // runs of spelled bytes, at once
        size_t j = i;
        while (j < len && spelled_byte(text, j, len))
            j++;
        buf_put(b, text + i, j - i);
        i = j + (j < len);
    }
}

static void ref_token(void *arg, int kind, Span at, const char *name)
{
    Expander *ex = arg;
    (void)at;
    spelling(&ex->ref, kind, ex->ref_text + at.begin, at.end - at.begin, name);
}

/* From physical line `from` of the main file on, its presumed lines are
 * physical - delta, in the file `name` (its #line directives). */
static void add_presumed(Expander *ex, uint32_t from, int64_t delta,
                         const char *name, size_t n)
{
    if (ex->npres == ex->cappres) {
        ex->cappres = ex->cappres ? ex->cappres * 2 : 8;
        ex->pres = xrealloc(ex->pres, ex->cappres * sizeof *ex->pres);
    }
    ex->pres[ex->npres++] = (Presumed){from, delta, arena_strndup(ex->arena, name, n),
                                       (uint32_t)n};
}

/* The check's reference from the main file's text learnt so far, as it
 * streams in (the rest at the end, `last`): the tokens' spellings without
 * white space, as expand_check compares them: cpp's text less its blanks,
 * unless a name's spelling may not be its bytes (a backslash or a byte
 * over 0x7f outside literals: a UCN, UTF-8), where, at the end, the lexer
 * spells it.  The text is whole lines, each ending in a blank ('\n'), so
 * its runs of non-blanks never straddle two calls; a literal that runs to
 * the end of what has come is looked at again when more has. */
static void ref_more(Expander *ex, bool last)
{
    Learn *l = &ex->learn;
    const char *t = l->text.data ? l->text.data : "", *end_t = t + l->text.len;
    const char *q = t + l->scanned;
    while (q < end_t && !l->not_plain) {
        if (*q == '"' || *q == '\'') {
            const char *after = c_skip_lexeme(q, end_t);
            if (after == end_t && !last)
                break;                  // may end otherwise with more text
            q = after;
            continue;
        }
        l->not_plain = *q == '\\' || (unsigned char)*q >= 0x80;
        q++;
    }
    l->scanned = (size_t)(q - t);
    if (!l->not_plain) {
        for (size_t i = l->stripped; i < l->text.len;) {
            size_t j = i;
            while (j < l->text.len && !blank(t[j]))
                j++;
            buf_put(&ex->ref, t + i, j - i);
            i = j + (j < l->text.len);
        }
        l->stripped = l->text.len;
    }
    if (last && l->not_plain) {
        ex->ref.len = 0;
        ex->ref_text = t;
        lex_raw(ex->ctx, ex->ref_text, l->text.len, ref_token, ex);
        ex->ref_text = NULL;
    }
}

/* The whole output is read: the main file's text is the check's
 * reference. */
static void learn_end(Expander *ex)
{
    Learn *l = &ex->learn;
    main_lines_free(&l->ml);
    l->begun = false;
    l->ended = true;
    ref_more(ex, true);
    buf_free(&l->text);
}

size_t expand_learn_more(Expander *ex, const char *out, size_t len, bool last)
{
    Learn *l = &ex->learn;
    if (!l->begun) {
        main_lines_init(&l->ml, ex->ctx);
        l->line = 1;
        l->begun = true;
    }
    MainLines *ml = &l->ml;
    const char *p = out, *end = out + len;
    if (!last) {                        // whole lines only
        while (end > p && end[-1] != '\n')
            end--;
    }
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        const char *q = p;
        while (q < e && (*q == ' ' || *q == '\t'))
            q++;
        uint32_t mline;
        const char *name;
        size_t n;
        int flag;
        if (q < e && *q == '#' && read_marker(q + 1, e, &mline, &name, &n, &flag)) {
            int64_t delta = ml->delta;
            const char *cur = ml->cur;
            bool was_main = ml->in_main;
            main_lines_marker(ml, mline, name, n, flag, l->main_line);
            if (was_main && !ml->in_main && flag == 1) {
                l->inc_from = ex->inctext.len;
                l->inside = l->depth > 0;
            } else if (!was_main && ml->in_main && flag == 2) {
                end_included(ex, l->inc_from, (uint32_t)(mline + ml->delta));
                l->inside = false;
            }
            if (ml->in_main && ml->begun && (ml->delta != delta || ml->cur != cur) &&
                (ml->delta != 0 || ex->npres > 0 || ml->cur_len != ml->main_len ||
                 memcmp(ml->cur, ml->main, ml->main_len) != 0))
                add_presumed(ex, (uint32_t)(mline + ml->delta), ml->delta, ml->cur, ml->cur_len);
            l->line = mline;
        } else if (q < e && *q == '#') {
            q++;
            while (q < e && (*q == ' ' || *q == '\t'))
                q++;
            bool def = e - q > 7 && memcmp(q, "define ", 7) == 0;
            bool undef = e - q > 6 && memcmp(q, "undef ", 6) == 0;
            uint32_t line = l->line;
            uint32_t from = ml->in_main ? (uint32_t)(line + ml->delta) + 1 : l->main_line + 1;
            if (def || undef)
                expand_define(ex, from, ml->in_main ? (uint32_t)(line + ml->delta) : 0,
                              q + (def ? 7 : 6),
                              (size_t)(e - q - (def ? 7 : 6)), undef);

            if (ml->in_main)
                l->main_line = (uint32_t)(line + ml->delta);
            l->line++;
        } else {
            if (ml->in_main) {
                l->main_line = (uint32_t)(l->line + ml->delta);
                buf_put(&l->text, q, (size_t)(e - q));
                buf_put(&l->text, "\n", 1);
                l->depth = bracket_depth(q, e, l->depth);
            } else if (l->inside && q < e) {
                buf_put(&ex->inctext, q, (size_t)(e - q));
                buf_put(&ex->inctext, "\n", 1);
            }
            l->line++;
        }
        p = nl ? nl + 1 : end;
    }
    if (last)
        learn_end(ex);
    else
        ref_more(ex, false);            // while cpp still works
    return (size_t)(end - out);
}

void expand_learn(Expander *ex, const char *out, size_t len)
{
    expand_learn_more(ex, out, len, true);
}

uint32_t expand_learnt_line(const Expander *ex)
{
    return ex->learn.ended ? UINT32_MAX : ex->learn.main_line;
}

bool expand_check_stale(const Expander *ex)
{
    return ex->learn.early && ex->learn.not_plain;
}

/* A main parse overlapping cpp (cpp_pull): reads on until the reference
 * holds `upto` bytes that are the complete reference's (it is plain, so
 * it only grows), or all of it.  A comparison made before the end is
 * noted (expand_check_stale). */
static void need_ref(Expander *ex, size_t upto)
{
    Learn *l = &ex->learn;
    while (!l->ended && (l->not_plain || ex->ref.len < upto) && cpp_pull(ex->ctx))
        ;
    l->early |= !l->ended;
}

bool expand_check(Expander *ex, const PPTok *t)
{
    if (ex->checked_bad)
        return false;
    const char *text = t->text;         // compared as spelling() writes it
    size_t len = t->len, at = ex->ref_at;
    if (t->kind == IDENTIFIER && t->name)
        len = symtab_interned_len(t->name);
    if (!ex->learn.ended)               // at most len bytes are compared
        need_ref(ex, at + len);
    if (t->kind == IDENTIFIER && t->name) {   // every byte spelled
        bool same = at + len <= ex->ref.len && memcmp(ex->ref.data + at, t->name, len) == 0;
        ex->ref_at = same ? at + len : at;
        ex->checked_bad = !same;
        return same;
    }
    size_t k = 0;                       // the reference holds no blank: a
    if (at + len <= ex->ref.len)        // token the same byte for byte is
        while (k < len && ex->ref.data[at + k] == text[k])   // all spelled
            k++;
    if (k == len) {
        ex->ref_at = at + len;
        return true;
    }
    bool same = true;
    for (size_t i = 0; i < len && same; i++)
        if (spelled_byte(text, i, len))
            same = at < ex->ref.len && ex->ref.data[at++] == text[i];
    ex->ref_at = same ? at : ex->ref_at;
    ex->checked_bad = !same;
    return same;
}

bool expand_check_end(Expander *ex)
{
    if (!ex->learn.ended)
        need_ref(ex, SIZE_MAX);
    return !ex->checked_bad && ex->ref_at == ex->ref.len;
}

size_t expand_check_context(Expander *ex, const char **ref)
{
    if (!ex->learn.ended)
        need_ref(ex, SIZE_MAX);
    *ref = ex->ref.data ? ex->ref.data + ex->ref_at : "";
    return ex->ref.len - ex->ref_at < 60 ? ex->ref.len - ex->ref_at : 60;
}
