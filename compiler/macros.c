/*
 * macros.c - the macro definitions in effect at a point of the main file,
 * and the names their bodies refer to: for the lowering's check that no
 * macro used in a coroutine names one of the locals that move to its frame
 * (lower.c's essay, part 4).
 *
 * blc parses the main file unexpanded, so a macro's body is never patched:
 * a body naming a local `n` of a coroutine would name, after translation,
 * nothing or a file-scope `n`.  Two sources tell what a macro is:
 *  - the main file's own #define and #undef lines, in order (those in a
 *    false #if group left out): exact, and all there is without the
 *    preprocessor;
 *  - the preprocessor's -dU output, which prints the definition of every
 *    macro it expanded, once per definition (cpp.c keeps their text).
 * The definition in effect at offset `at` (the rule, also in the docs):
 * the last #define or #undef of the name before `at` in the main file,
 * unless an #include comes between them and the preprocessor ran; then
 * every definition that -dU printed for the name (a header that defines a
 * macro twice gets both checked; when -dU printed none, the name was
 * never expanded).  Macros named in a body are looked up at the same
 * offset, where they are expanded.
 *
 * A body is read as tokens.  An identifier counts as a reference unless
 * it is one of the macro's parameters, follows `.` or `->` (a member),
 * struct, union or enum (a tag), goto (a label) or `#`, touches `##` (the
 * pasted name is not known), or is declared by the body itself: it follows
 * a type (a type keyword, a typedef name, `struct T`, `__typeof__(...)`,
 * then any `*` and qualifiers), as `tmp` in `do { int tmp = a; ... }`.
 * A tag is no reference, but it is offered to the caller apart, as the
 * text from its keyword on (`struct p`), for lower.c's check of the tags
 * that move to file scope renamed.
 * Names made by pasting the body's own tokens are not looked for (a
 * known limit; macro_pastes() pastes the call's arguments).  The same
 * reading tells what a body declares (macro_declares), for analyze.c's
 * check of a loop macro whose body yields.
 *
 * The index is built once per Ctx, on the first question, in its arena.
 */
#include <string.h>

#include "blc.h"

enum {
    MAX_DEPTH = 32,             // macros within macros followed this deep
    MAX_VISITED = 256,          // distinct macros looked through per use
    MAX_OWN = 64,               // names one body declares, remembered
};

/* One definition: its text from the name on (the directive's for the main
 * file), or an #undef. */
typedef struct Def {
    struct Def *next;           // main file: the next directive of the name
    const char *text, *end;     // from the name to the end of the line(s)
    uint32_t at;                // main file: offset of the directive
    bool undef;                 // an #undef
    bool in_main;               // a line of the main file (else -dU)
} Def;

typedef struct Entry {
    const char *name;           // not NUL-terminated
    uint32_t len;
    Def *main;                  // the main file's directives, in order
    Def *cpp;                   // the -dU definitions
} Entry;

typedef struct MacroIndex {
    Entry *slots;               // open addressing; name NULL: free
    uint32_t cap, used;         // cap a power of two
    uint32_t *includes;         // offsets of the main file's #include lines
    uint32_t nincludes;
} MacroIndex;

/* ---------------------------------------------------------- the index */

/* The bytes of UTF-8 letters count too: the lexer takes them in names. */
static bool ident_start(char c)
{
    return c == '_' || c == '$' || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z') || (unsigned char)c >= 0x80;
}

static bool ident_char(char c)
{
    return ident_start(c) || (c >= '0' && c <= '9');
}

static uint32_t hash_of(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static Entry *slot_of(MacroIndex *x, const char *s, size_t n)
{
    uint32_t i = hash_of(s, n) & (x->cap - 1);
    while (x->slots[i].name && !(x->slots[i].len == n &&
                                 !memcmp(x->slots[i].name, s, n)))
        i = (i + 1) & (x->cap - 1);
    return &x->slots[i];
}

static void grow(Ctx *ctx, MacroIndex *x)
{
    MacroIndex old = *x;
    x->cap = old.cap ? old.cap * 2 : 256;
    x->slots = arena_alloc(ctx->arena, x->cap * sizeof *x->slots);
    for (uint32_t i = 0; i < old.cap; i++)
        if (old.slots[i].name)
            *slot_of(x, old.slots[i].name, old.slots[i].len) = old.slots[i];
}

static Entry *entry(Ctx *ctx, MacroIndex *x, const char *s, size_t n)
{
    if (4 * (x->used + 1) > 3 * x->cap)
        grow(ctx, x);
    Entry *e = slot_of(x, s, n);
    if (!e->name) {
        e->name = s;
        e->len = (uint32_t)n;
        x->used++;
    }
    return e;
}

static const char *skip_blanks(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' ||
                       (*p == '\\' && p + 1 < end && p[1] == '\n')))
        p += *p == '\\' ? 2 : 1;
    return p;
}

/* Whether offset `at` is in a false #if group; the groups are sorted and
 * the offsets asked grow, so *next (the first group not ended) moves on. */
static bool in_false_group(const Ctx *ctx, uint32_t *next, uint32_t at)
{
    while (*next < ctx->nskips && ctx->skips[*next].end <= at)
        ++*next;
    return *next < ctx->nskips && at >= ctx->skips[*next].begin;
}

/* A directive of the main file: #define and #undef go to their name's
 * list (in order: the directives are), #include to the includes. */
static void index_directive(Ctx *ctx, MacroIndex *x, Def **last, Directive d,
                            uint32_t *skip)
{
    const char *p = ctx->text + d.begin, *end = ctx->text + d.end;
    p = skip_blanks(p, end);
    p = skip_blanks(p + 1, end);                // the '#'
    const char *k = p;
    while (p < end && ident_char(*p))
        p++;
    size_t kn = (size_t)(p - k);
    if ((kn >= 7 && !memcmp(k, "include", 7)) || (kn == 6 && !memcmp(k, "import", 6))) {
        x->includes[x->nincludes++] = d.begin;
        return;
    }
    bool undef = kn == 5 && !memcmp(k, "undef", 5);
    if (!(kn == 6 && !memcmp(k, "define", 6)) && !undef)
        return;
    const char *name = skip_blanks(p, end);
    for (p = name; p < end && ident_char(*p);)
        p++;
    if (p == name || in_false_group(ctx, skip, d.begin))
        return;
    Def *def = arena_alloc(ctx->arena, sizeof *def);
    *def = (Def){ .text = name, .end = end, .at = d.begin, .undef = undef,
                  .in_main = true };
    Entry *e = entry(ctx, x, name, (size_t)(p - name));
    if (!e->main)
        e->main = def;
    else
        last[e - x->slots]->next = def;         // `last` grows with slots
    last[e - x->slots] = def;
}

static MacroIndex *build_index(Ctx *ctx)
{
    MacroIndex *x = arena_alloc(ctx->arena, sizeof *x);
    grow(ctx, x);
    x->includes = arena_alloc(ctx->arena, (ctx->ndirs + 1) * sizeof *x->includes);
    /* The main file's lists are appended to through their last Def, found
     * by slot; a rehash would move slots, so size the table first. */
    while (4 * (ctx->ndirs + 1) > 3 * x->cap)
        grow(ctx, x);
    Def **last = arena_alloc(ctx->arena, x->cap * sizeof *last);
    uint32_t skip = 0;
    for (uint32_t i = 0; i < ctx->ndirs; i++)
        index_directive(ctx, x, last, ctx->dirs[i], &skip);
    for (MacroText *t = ctx->cpp_macros; t; t = t->next) {
        const char *p = t->text, *end = t->text + t->len;
        while (p < end && ident_char(*p))
            p++;
        if (p == t->text)
            continue;
        Def *def = arena_alloc(ctx->arena, sizeof *def);
        Entry *e = entry(ctx, x, t->text, (size_t)(p - t->text));
        *def = (Def){ .next = e->cpp, .text = t->text, .end = end };
        e->cpp = def;
    }
    return x;
}

typedef struct Tok Tok;
static Tok next_tok(const char *p, const char *end);
static bool same_tokens(const Def *a, const Def *b);

/* The definitions of name in effect at `at`, into defs[]; their count.
 * A -dU definition that is, token for token, the main file's last one
 * before `at` is given as that one, for the note at its line. */
static int defs_at(Ctx *ctx, const char *s, size_t n, uint32_t at,
                   Def **defs, int max)
{
    if (!ctx->macros)
        ctx->macros = build_index(ctx);
    MacroIndex *x = ctx->macros;
    Entry *e = slot_of(x, s, n);
    if (!e->name)
        return 0;
    Def *in_main = NULL;
    for (Def *d = e->main; d && d->at < at; d = d->next)
        in_main = d;
    bool include_after = false;
    for (uint32_t i = 0; in_main && i < x->nincludes; i++)
        include_after |= x->includes[i] > in_main->at && x->includes[i] < at;
    int k = 0;
    if (in_main && (ctx->cpp_macros_state == CPP_MACROS_NONE || !include_after)) {
        if (!in_main->undef)
            defs[k++] = in_main;
        return k;
    }
    bool main_def = in_main && !in_main->undef;
    for (Def *d = e->cpp; d && k < max; d = d->next)
        defs[k++] = main_def && same_tokens(d, in_main) ? in_main : d;
    if (main_def && ctx->cpp_macros_state != CPP_MACROS_ALL && k < max)
        defs[k++] = in_main;
    return k;
}

/* -------------------------------------------------------- the bodies */

/* A body's tokens: identifiers, and one punctuator or literal at a time. */
struct Tok {
    const char *p;              // where it starts
    size_t n;                   // its length
    bool ident;
};

static const char *skip_space(const char *p, const char *end)
{
    for (;;) {
        p = skip_blanks(p, end);
        if (p + 1 < end && p[0] == '/' && p[1] == '*') {
            const char *q = p + 2;
            while (q + 1 < end && !(q[0] == '*' && q[1] == '/'))
                q++;
            p = q + 1 < end ? q + 2 : end;
        } else if (p + 1 < end && p[0] == '/' && p[1] == '/') {
            return end;
        } else if (p < end && (*p == '\n' || *p == '\r')) {
            p++;
        } else {
            return p;
        }
    }
}

static const char *skip_literal(const char *p, const char *end)
{
    char q = *p++;
    for (; p < end && *p != q && *p != '\n'; p++)
        if (*p == '\\' && p + 1 < end)
            p++;
    return p < end ? p + 1 : end;
}

/* The token at p (after white space and comments); n == 0 at the end. */
static Tok next_tok(const char *p, const char *end)
{
    p = skip_space(p, end);
    Tok t = { p, 0, false };
    if (p == end)
        return t;
    const char *q = p + 1;
    if (ident_start(*p)) {
        while (q < end && ident_char(*q))
            q++;
        t.ident = true;
    } else if (*p >= '0' && *p <= '9') {        // a pp-number, 1e+5 too
        while (q < end && (ident_char(*q) || *q == '.' ||
                           ((*q == '+' || *q == '-') && memchr("eEpP", q[-1], 4))))
            q++;
    } else if (*p == '"' || *p == '\'') {
        q = skip_literal(p, end);
    } else if (q < end && ((*p == '-' && *q == '>') || (*p == '#' && *q == '#'))) {
        q++;
    }
    t.n = (size_t)(q - p);
    return t;
}

/* Whether two definitions are the same, token for token (-dU prints
 * them with their white space and comments changed). */
static bool same_tokens(const Def *a, const Def *b)
{
    const char *p = a->text, *q = b->text;
    for (;;) {
        Tok s = next_tok(p, a->end), t = next_tok(q, b->end);
        if (s.n != t.n || memcmp(s.p, t.p, s.n))
            return false;
        if (!s.n)
            return true;
        p = s.p + s.n;
        q = t.p + t.n;
    }
}

static bool tok_is(Tok t, const char *s)
{
    return t.n == strlen(s) && !memcmp(t.p, s, t.n);
}

static bool tok_in(Tok t, const char *const *words)
{
    for (; *words; words++)
        if (tok_is(t, *words))
            return true;
    return false;
}

static const char *const type_words[] = {
    "void", "char", "short", "int", "long", "float", "double", "signed",
    "unsigned", "_Bool", "_Complex", "__int128", "bool", NULL
};
static const char *const qualifiers[] = {
    "const", "volatile", "restrict", "__restrict", "__restrict__", "static",
    "register", "auto", "__const", "__volatile__", "*", NULL
};
static const char *const tag_words[] = { "struct", "union", "enum", NULL };
static const char *const typeof_words[] = {
    "typeof", "__typeof__", "__typeof", NULL
};

/* What a macro body is: its parameters and its body, within text. */
typedef struct Body {
    const char *params, *params_end;    // inside ( ), or both NULL
    const char *p, *end;
    const char *own[MAX_OWN];           // names the body declares
    size_t own_len[MAX_OWN];
    int nown;
} Body;

static void split_def(const Def *d, Body *b)
{
    const char *p = d->text, *end = d->end;
    while (p < end && ident_char(*p))
        p++;
    *b = (Body){ .p = p, .end = end };
    if (p < end && *p == '(') {
        b->params = p + 1;
        while (p < end && *p != ')')
            p++;
        b->params_end = p;
        b->p = p < end ? p + 1 : end;
    }
    while (b->end > b->p && (b->end[-1] == '\n' || b->end[-1] == '\r'))
        b->end--;
}

static bool is_param(const Body *b, Tok t)
{
    if (tok_is(t, "__VA_ARGS__") || tok_is(t, "__VA_OPT__"))
        return true;
    for (const char *p = b->params; p && p < b->params_end;) {
        Tok u = next_tok(p, b->params_end);
        if (!u.n)
            break;
        if (u.ident && u.n == t.n && !memcmp(u.p, t.p, t.n))
            return true;
        p = u.p + u.n;
    }
    return false;
}

static bool is_own(const Body *b, Tok t)
{
    for (int i = 0; i < b->nown; i++)
        if (b->own_len[i] == t.n && !memcmp(b->own[i], t.p, t.n))
            return true;
    return false;
}

/* After `typeof(`: past its closing parenthesis. */
static const char *past_parens(const char *p, const char *end)
{
    int depth = 0;
    for (Tok t; (t = next_tok(p, end)).n; p = t.p + t.n) {
        depth += tok_is(t, "(") - tok_is(t, ")");
        if (depth == 0 && tok_is(t, ")"))
            return t.p + t.n;
    }
    return end;
}

/* The names that body b declares: an identifier right after a type and
 * any `*` and qualifiers. */
static void find_own(Ctx *ctx, Body *b)
{
    bool after_type = false, after_tag = false;
    for (const char *p = b->p; p < b->end;) {
        Tok t = next_tok(p, b->end);
        if (!t.n)
            break;
        p = t.p + t.n;
        SymKind k = t.ident ? symtab_lookup(ctx->syms, t.p, t.n) : SYM_NONE;
        bool type = tok_in(t, type_words) || after_tag || k == SYM_TYPEDEF ||
                    k == SYM_TYPE_MACRO;
        after_tag = tok_in(t, tag_words);
        if (tok_in(t, typeof_words)) {
            p = past_parens(p, b->end);
            type = true;
        }
        if (t.ident && !type && after_type && !tok_in(t, qualifiers) &&
            b->nown < MAX_OWN) {
            b->own[b->nown] = t.p;
            b->own_len[b->nown++] = t.n;
        }
        after_type = type || after_tag || (after_type && tok_in(t, qualifiers));
    }
}

/* The search through macro bodies from one use. */
typedef struct Search {
    Ctx *ctx;
    uint32_t at;                // where the outermost macro is used
    MacroNameFn *wanted;
    void *arg;
    bool declared;              // look for what a body declares instead
    const char *visited[MAX_VISITED];
    size_t visited_len[MAX_VISITED];
    int nvisited;
    MacroRef *ref;
} Search;

static bool search_name(Search *s, const char *name, size_t n, int depth);

static bool seen(Search *s, const char *name, size_t n)
{
    for (int i = 0; i < s->nvisited; i++)
        if (s->visited_len[i] == n && !memcmp(s->visited[i], name, n))
            return true;
    if (s->nvisited == MAX_VISITED)
        return true;                            // looked through enough
    s->visited[s->nvisited] = name;
    s->visited_len[s->nvisited++] = n;
    return false;
}

/* Whether t, an identifier of body b, is not a reference (see the essay). */
static bool not_a_reference(const Body *b, Tok prev, Tok t, Tok next)
{
    return is_param(b, t) || is_own(b, t) || tok_is(prev, ".") ||
           tok_is(prev, "->") || tok_in(prev, tag_words) ||
           tok_is(prev, "goto") || tok_is(prev, "#") || tok_is(prev, "##") ||
           tok_is(next, "##");
}

/* Whether t is a tag the body names, `struct p`: offered to the caller
 * as the text from the keyword to the tag. */
static bool names_tag(const Body *b, Tok prev, Tok t, Tok next)
{
    return tok_in(prev, tag_words) && !is_param(b, t) && !tok_is(next, "##");
}

static uint32_t line_col(const Ctx *ctx, uint32_t at, uint32_t *col)
{
    uint32_t line = 1, bol = 0;
    for (uint32_t i = 0; i < at && i < ctx->len; i++)
        if (ctx->text[i] == '\n') {
            line++;
            bol = i + 1;
        }
    *col = at - bol + 1;
    return line;
}

static void found(Search *s, const Def *d, const Body *b, Tok t)
{
    MacroRef *r = s->ref;
    const char *name = d->text, *p = name;
    while (ident_char(*p))
        p++;
    r->name = arena_strndup(s->ctx->arena, t.p, t.n);
    r->via = arena_strndup(s->ctx->arena, name, (size_t)(p - name));
    const char *body = skip_space(b->p, b->end);
    r->body = body;
    r->body_len = (int)(b->end - body);
    r->in_main = d->in_main;
    if (d->in_main) {
        uint32_t off = (uint32_t)(name - s->ctx->text), col;
        uint32_t line = line_col(s->ctx, off, &col);
        r->def = (Span){.begin = off, .end = (uint32_t)(p - s->ctx->text), .line = line, .col = col};
    }
}

static bool search_body(Search *s, const Def *d, int depth)
{
    Body b;
    split_def(d, &b);
    find_own(s->ctx, &b);
    if (s->declared && b.nown) {
        found(s, d, &b, (Tok){ b.own[0], b.own_len[0], true });
        return true;
    }
    Tok prev = { "", 0, false };
    for (const char *p = b.p; p < b.end;) {
        Tok t = next_tok(p, b.end);
        if (!t.n)
            break;
        p = t.p + t.n;
        Tok next = next_tok(p, b.end);
        if (t.ident && s->wanted && names_tag(&b, prev, t, next)) {
            Tok tag = { prev.p, (size_t)(t.p + t.n - prev.p), true };
            if (s->wanted(s->arg, tag.p, tag.n)) {
                found(s, d, &b, tag);
                return true;
            }
        }
        if (t.ident && !not_a_reference(&b, prev, t, next)) {
            if (s->wanted && s->wanted(s->arg, t.p, t.n)) {
                found(s, d, &b, t);
                return true;
            }
            if (search_name(s, t.p, t.n, depth + 1))
                return true;
        }
        prev = t;
    }
    return false;
}

static bool search_name(Search *s, const char *name, size_t n, int depth)
{
    if (depth > MAX_DEPTH || seen(s, name, n))
        return false;
    Def *defs[8];
    int k = defs_at(s->ctx, name, n, s->at, defs, 8);
    for (int i = 0; i < k; i++)
        if (search_body(s, defs[i], depth))
            return true;
    return false;
}

/* Whether a function-like macro is expanded at `use`: a '(' follows. */
static bool call_follows(const Ctx *ctx, Span use)
{
    Tok t = next_tok(ctx->text + use.end, ctx->text + ctx->len);
    return tok_is(t, "(");
}

static bool search_use(Search *s, const char *name, Span use);

bool macro_refers(Ctx *ctx, const char *name, Span use, MacroNameFn *wanted,
                  void *arg, MacroRef *ref)
{
    Search s = { .ctx = ctx, .at = use.begin, .wanted = wanted, .arg = arg,
                 .ref = ref };
    return search_use(&s, name, use);
}

bool macro_declares(Ctx *ctx, const char *name, Span use, MacroRef *ref)
{
    Search s = { .ctx = ctx, .at = use.begin, .declared = true, .ref = ref };
    return search_use(&s, name, use);
}

static bool search_use(Search *s, const char *name, Span use)
{
    Ctx *ctx = s->ctx;
    size_t n = strlen(name);
    seen(s, name, n);
    Def *defs[8];
    int k = defs_at(ctx, name, n, use.begin, defs, 8);
    for (int i = 0; i < k; i++) {
        Body b;
        split_def(defs[i], &b);
        if (b.params && !call_follows(ctx, use))
            continue;
        if (search_body(s, defs[i], 0))
            return true;
    }
    return false;
}

/* ------------------------------------- arguments that are only names */

/* A function-like macro may use a parameter only as a name: `#x`
 * stringifies it, `a##b` pastes it, `p->x` and __builtin_offsetof(T, x)
 * take it as a member.  An argument written for such a parameter names
 * no variable, so the lowering leaves it as written: STR(n) stays STR(n),
 * never STR(self->n), and offsetof(struct pt, y) keeps its member `y`.
 * A parameter handed whole to another macro is judged by that macro's
 * use of it (container_of's member goes on to offsetof).  One value use
 * anywhere (assert's `expr`, which is also stringified) makes it a
 * value: then the argument is patched, and the stringified text reads
 * `self->n` -- only the text changes. */

enum {
    MAX_BODY_TOKS = 1024,       // longer bodies: every argument a value
    MAX_NAME_DEPTH = 8,         // macros passing a parameter on, followed
};

/* Parameter number of t among b's named parameters, or -1. */
static int param_index(const Body *b, Tok t)
{
    int i = 0;
    for (const char *p = b->params; p && p < b->params_end; i++) {
        Tok u = next_tok(p, b->params_end);
        if (!u.n || !u.ident)
            break;
        if (u.n == t.n && !memcmp(u.p, t.p, t.n))
            return i;
        Tok comma = next_tok(u.p + u.n, b->params_end);
        p = comma.p + comma.n;
    }
    return -1;
}

static int body_tokens(const Body *b, Tok *toks, int max)
{
    int n = 0;
    for (const char *p = b->p; p < b->end; p = toks[n - 1].p + toks[n - 1].n) {
        Tok t = next_tok(p, b->end);
        if (!t.n)
            break;
        if (n == max)
            return -1;
        toks[n++] = t;
    }
    return n;
}

/* When toks[i] is a whole argument of a call in the body, `f(.., x, ..)`:
 * the callee's token index, with the argument's number in *argno; or -1. */
static int enclosing_call(const Tok *toks, int i, int n, int *argno)
{
    if (i == 0 || i + 1 >= n ||
        !(tok_is(toks[i - 1], "(") || tok_is(toks[i - 1], ",")) ||
        !(tok_is(toks[i + 1], ")") || tok_is(toks[i + 1], ",")))
        return -1;
    int depth = 0, commas = 0;
    for (int j = i - 1; j >= 0; j--) {
        if (tok_is(toks[j], ")"))
            depth++;
        else if (tok_is(toks[j], "(") && depth > 0)
            depth--;
        else if (tok_is(toks[j], "(")) {
            *argno = commas;
            return j > 0 && toks[j - 1].ident ? j - 1 : -1;
        } else if (depth == 0 && tok_is(toks[j], ","))
            commas++;
    }
    return -1;
}

static unsigned name_params(Ctx *ctx, uint32_t at, const char *name, size_t n,
                            int depth);

/* Whether the parameter at toks[i] is used there as a name only. */
static bool used_as_name(Ctx *ctx, uint32_t at, const Tok *toks, int i, int n,
                         int depth)
{
    Tok none = { "", 0, false };
    Tok prev = i > 0 ? toks[i - 1] : none, next = i + 1 < n ? toks[i + 1] : none;
    if (tok_is(prev, "#") || tok_is(prev, "##") || tok_is(next, "##") ||
        tok_is(prev, ".") || tok_is(prev, "->"))
        return true;
    int argno = 0, callee = enclosing_call(toks, i, n, &argno);
    if (callee < 0)
        return false;
    if (tok_is(toks[callee], "__builtin_offsetof"))
        return argno == 1;
    return argno < 32 &&
           (name_params(ctx, at, toks[callee].p, toks[callee].n, depth + 1) >> argno & 1);
}

/* Bit i: named parameter i of definition d is used only as a name. */
static unsigned def_name_params(Ctx *ctx, uint32_t at, const Def *d, int depth)
{
    Body b;
    split_def(d, &b);
    Tok toks[MAX_BODY_TOKS];
    int n = b.params ? body_tokens(&b, toks, MAX_BODY_TOKS) : -1;
    unsigned uses = 0, values = 0;
    for (int i = 0; i < n; i++) {
        int j = toks[i].ident ? param_index(&b, toks[i]) : -1;
        if (j < 0 || j >= 32)
            continue;
        uses |= 1u << j;
        if (!used_as_name(ctx, at, toks, i, n, depth))
            values |= 1u << j;
    }
    return uses & ~values;
}

/* The same for the macro `name` in effect at `at`: bits set in every one
 * of its definitions (0 for a name that is no function-like macro). */
static unsigned name_params(Ctx *ctx, uint32_t at, const char *name, size_t n,
                            int depth)
{
    if (depth > MAX_NAME_DEPTH)
        return 0;
    Def *defs[8];
    int k = defs_at(ctx, name, n, at, defs, 8);
    unsigned mask = k ? ~0u : 0;
    for (int i = 0; i < k && mask; i++)
        mask &= def_name_params(ctx, at, defs[i], depth);
    return mask;
}

unsigned macro_name_args(Ctx *ctx, const char *name, Span use)
{
    if (!call_follows(ctx, use))
        return 0;
    return name_params(ctx, use.begin, name, strlen(name), 0);
}

/* A name pasted with ## from the call's arguments, as in `CAT(n, 2)` =>
 * n2: the lowering cannot patch it, so a pasted name that is a frame
 * member is refused.  A run `a ## b ## ...` of a body is pasted as the
 * preprocessor would: the last token of each operand (an argument's
 * tokens, or the body's token) with the first of the next. */
typedef struct Paste {
    Search *s;
    const Def *d;
    const Body *b;
    char cur[256];              // the token being pasted onto
    size_t len;
    bool pasted;                // cur was made by ##
} Paste;

/* Tells when a name made by ## is wanted (found() records it). */
static bool paste_done(Paste *ps)
{
    Search *s = ps->s;
    if (!ps->pasted || !ps->len || !ident_start(ps->cur[0]) ||
        !s->wanted(s->arg, ps->cur, ps->len))
        return false;
    const char *name = arena_strndup(s->ctx->arena, ps->cur, ps->len);
    found(s, ps->d, ps->b, (Tok){ name, ps->len, true });
    return true;
}

/* Pastes operand [p, end) onto ps->cur; true when a wanted name was made. */
static bool paste_operand(Paste *ps, const char *p, const char *end, bool first)
{
    Tok t = next_tok(p, end);
    if (!t.n)
        return false;                   // an empty argument: a placemarker
    Tok last = t;
    int ntoks = 0;
    for (Tok u = t; u.n; u = next_tok(u.p + u.n, end), ntoks++)
        last = u;
    if (!first) {
        if (ps->len + t.n >= sizeof ps->cur)
            return false;
        memcpy(ps->cur + ps->len, t.p, t.n);
        ps->len += t.n;
        ps->pasted = true;
        if (ntoks == 1)
            return false;
        if (paste_done(ps))
            return true;
    }
    ps->len = last.n < sizeof ps->cur ? last.n : 0;
    memcpy(ps->cur, last.p, ps->len);
    ps->pasted = false;
    return false;
}

static bool paste_run(Search *s, const Def *d, const Body *b, const Tok *toks,
                      int i, int n, const Span *args, int nargs)
{
    Paste ps = { .s = s, .d = d, .b = b };
    for (bool first = true;; i += 2, first = false) {
        Tok t = toks[i];
        int j = t.ident ? param_index(b, t) : -1;
        if (j >= nargs)
            return false;
        const char *p = j >= 0 ? s->ctx->text + args[j].begin : t.p;
        const char *end = j >= 0 ? s->ctx->text + args[j].end : t.p + t.n;
        if (paste_operand(&ps, p, end, first))
            return true;
        if (i + 2 >= n || !tok_is(toks[i + 1], "##"))
            break;
    }
    return paste_done(&ps);
}

bool macro_pastes(Ctx *ctx, const char *name, Span use, const Span *args,
                  int nargs, MacroNameFn *wanted, void *arg, MacroRef *ref)
{
    Search s = { .ctx = ctx, .at = use.begin, .wanted = wanted, .arg = arg,
                 .ref = ref };
    Def *defs[8];
    int k = call_follows(ctx, use) ? defs_at(ctx, name, strlen(name), use.begin, defs, 8) : 0;
    for (int d = 0; d < k; d++) {
        Body b;
        split_def(defs[d], &b);
        Tok toks[MAX_BODY_TOKS];
        int n = b.params ? body_tokens(&b, toks, MAX_BODY_TOKS) : -1;
        for (int i = 0; i + 2 < n; i++) {
            bool starts = tok_is(toks[i + 1], "##") && (i == 0 || !tok_is(toks[i - 1], "##"));
            if (starts && paste_run(&s, defs[d], &b, toks, i, n, args, nargs))
                return true;
        }
    }
    return false;
}
