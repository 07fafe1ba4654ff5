/*
 * lower_handle.c - coroutine types: the handle type of a result type,
 * and `coroutine` in declarators that are not a coroutine's own
 * definition or prototype (pointers, typedefs, members, parameters).
 *
 * The key decision: a handle type belongs to the result type, not to the
 * coroutine, so that two coroutines of one signature have one function
 * type and their pointers are compatible (`coroutine int (*ops[])(int) =
 * { sq, cube };`).  Its tag is the result type's canonical spelling:
 *
 *     int              struct bl__co_int
 *     unsigned         struct bl__co_uint
 *     const char *     struct bl__co_const_char_p
 *     bl_conn *        struct bl__co_7bl_conn_p
 *     struct pt        struct bl__co_struct_2pt
 *
 * Keywords in one order (`long unsigned int` is `ulong`), qualifiers of
 * the result itself dropped (C ignores them), pointers as `_p` with
 * their qualifiers' initials, and every identifier (typedef names,
 * tags) prefixed with its length, which makes the spelling unambiguous:
 * two different result types never share a tag, so a tag's first
 * declaration (guarded by `#ifndef BL__<tag>`) is right for all.
 * Typedef names are not looked through: `size_t` and `unsigned long`
 * are different handles, and a pointer meeting the other is a C
 * compiler warning, never a miscompile.  A result type with no canonical
 * spelling (an array or function pointer, __typeof__, a type defined in
 * place) gives a definition or prototype the handle of its own,
 * `struct f__co`, and a coroutine pointer a refusal that asks for a
 * typedef.
 *
 * `coroutine T D`, where D declares something other than a coroutine
 * (a pointer to one, a typedef of one, ...): the coroutine is D's last
 * function derivation, and the rewrite makes it return the handle:
 *
 *     coroutine int (*op)(int)          =>  struct bl__co_int *(*op)(int)
 *     typedef coroutine int job(int);   =>  typedef struct bl__co_int *job(int);
 *     coroutine char *(*g)(void)        =>  struct bl__co_char_p *(*g)(void)
 *     coroutine void (*h)(bl_conn *)    =>  bl_coro *(*h)(bl_conn *)
 *
 * The specifiers' type words become the handle pointer, `coroutine`
 * goes, and the result's own pointers before the inner declarator go.
 * These are type edits: sites, for what is rendered, and also applied by
 * put_text, which writes the types of frame members and temporaries.
 */
#include "lower.h"

#include <string.h>

static const char *const qualifiers[] = {
    "const", "__const", "__const__", "volatile", "__volatile",
    "__volatile__", "restrict", "__restrict", "__restrict__", "_Atomic",
    NULL
};
static const char *const not_types[] = {
    "static", "extern", "register", "auto", "_Thread_local", "__thread",
    "inline", "__inline", "__inline__", "_Noreturn", "coroutine", "typedef",
    "__extension__", NULL
};

static bool word_in(const char *const *list, const char *s, size_t n)
{
    for (; *list; list++)
        if (strlen(*list) == n && !memcmp(*list, s, n))
            return true;
    return false;
}

/* The type keywords of a result, counted. */
typedef struct Words {
    int void_, char_, short_, int_, long_, float_, double_, signed_,
        unsigned_, bool_, complex_, int128, other;
    bool is_const, is_volatile;
    Span name;                  // a typedef name, or begin == end
    Node *tag;                  // a struct/union/enum by its tag
} Words;

static bool count_word(Words *k, const char *s, size_t n)
{
#define IS(w) (n == sizeof w - 1 && !memcmp(s, w, n))
    if (IS("void")) k->void_++;
    else if (IS("char")) k->char_++;
    else if (IS("short")) k->short_++;
    else if (IS("int")) k->int_++;
    else if (IS("long")) k->long_++;
    else if (IS("float")) k->float_++;
    else if (IS("double")) k->double_++;
    else if (IS("signed") || IS("__signed") || IS("__signed__")) k->signed_++;
    else if (IS("unsigned")) k->unsigned_++;
    else if (IS("_Bool")) k->bool_++;
    else if (IS("_Complex") || IS("__complex__")) k->complex_++;
    else if (IS("__int128")) k->int128++;
    else return false;
    return true;
#undef IS
}

/* The words of specs: false when they name no type canonically. */
static bool read_words(Lower *L, Node *specs, Words *k)
{
    if ((specs->span.prov & SP_MADE) || !span_editable(specs->span))
        return false;           // a macro wrote it: its text is not its words
    for (Node *t = specs->list; t; t = t->next) {
        bool tag = t->kind == ND_STRUCT || t->kind == ND_UNION || t->kind == ND_ENUM;
        if (t->kind == ND_ALIGNAS)
            continue;
        if (!tag || (t->flags & FL_HAS_BODY) || !t->name || k->tag)
            return false;       // __typeof__, _Atomic(T), a type defined here
        k->tag = t;
    }
    uint32_t at = specs->span.begin;
    int depth = 0;
    Span w;
    while (next_spec_word(L, specs, &at, &depth, &w)) {
        const char *s = src(L) + w.begin;
        size_t n = w.end - w.begin;
        if (depth || is_attribute_word(s, n) || word_in(not_types, s, n))
            continue;
        if (word_in(qualifiers, s, n)) {
            k->is_const |= memmem(s, n, "const", 5) != NULL;
            k->is_volatile |= memmem(s, n, "volatile", 8) != NULL;
            continue;
        }
        if (count_word(k, s, n))
            continue;
        if (k->name.end > k->name.begin || k->tag)
            return false;
        k->name = w;
    }
    return true;
}

/* The base type's code for the tag and its C spelling. */
static bool put_base(Lower *L, const Words *k, Buf *tag, Buf *type)
{
    bool named = k->name.end > k->name.begin;
    int kw = k->void_ + k->char_ + k->short_ + k->int_ + k->long_ + k->float_ +
             k->double_ + k->signed_ + k->unsigned_ + k->bool_ + k->complex_ + k->int128;
    if ((named || k->tag) && kw)
        return false;
    const char *u = k->unsigned_ ? "u" : "", *un = k->unsigned_ ? "unsigned " : "";
    if (k->tag) {
        size_t n = strlen(k->tag->name);
        buf_printf(tag, "%s_%zu%s", tag_keyword(k->tag), n, k->tag->name);
        buf_printf(type, "%s %s", tag_keyword(k->tag), k->tag->name);
    } else if (named) {
        size_t n = k->name.end - k->name.begin;
        buf_printf(tag, "%zu", n);
        buf_put(tag, src(L) + k->name.begin, n);
        buf_put(type, src(L) + k->name.begin, n);
    } else if (k->void_) {
        buf_puts(tag, "void"), buf_puts(type, "void");
    } else if (k->bool_) {
        buf_puts(tag, "bool"), buf_puts(type, "_Bool");
    } else if (k->float_ || k->double_) {
        const char *t = k->float_ ? "float" : k->long_ ? "long double" : "double";
        buf_printf(tag, "%s%s", k->complex_ ? "c" : "",
                   k->float_ ? "float" : k->long_ ? "ldouble" : "double");
        buf_printf(type, "%s%s", t, k->complex_ ? " _Complex" : "");
    } else if (k->complex_) {
        return false;
    } else if (k->char_) {
        const char *s = k->signed_ ? "s" : u, *sn = k->signed_ ? "signed " : un;
        buf_printf(tag, "%schar", s), buf_printf(type, "%schar", sn);
    } else if (k->int128) {
        buf_printf(tag, "%sint128", u), buf_printf(type, "%s__int128", un);
    } else if (k->short_) {
        buf_printf(tag, "%sshort", u), buf_printf(type, "%sshort", un);
    } else if (k->long_) {
        const char *l = k->long_ > 1 ? "long long" : "long";
        buf_printf(tag, "%s%s", u, k->long_ > 1 ? "llong" : "long");
        buf_printf(type, "%s%s", un, l);
    } else if (kw) {
        buf_printf(tag, "%sint", u), buf_printf(type, "%sint", un);
    } else {
        return false;           // implicit int, refused by the analysis
    }
    return true;
}

/* The result type of specs with the derivations `outer` (those after
 * the coroutine's function derivation, from the function out): its tag
 * ("int", "const_char_p") and its C spelling; false when it has no
 * canonical spelling. */
static bool canonical_result(Lower *L, Node *specs, Node *outer, Buf *tag, Buf *type)
{
    Words k = {0};
    if (!read_words(L, specs, &k))
        return false;
    int n = 0;
    for (Node *p = outer; p; p = p->next, n++)
        if (p->kind != ND_D_POINTER)
            return false;
    if (n) {                    // qualifiers of the pointee stay
        if (k.is_const)
            buf_puts(tag, "const_"), buf_puts(type, "const ");
        if (k.is_volatile)
            buf_puts(tag, "volatile_"), buf_puts(type, "volatile ");
    }
    if (!put_base(L, &k, tag, type))
        return false;
    Node *v[64];
    if (n > 64)
        return false;
    n = 0;
    for (Node *p = outer; p; p = p->next)
        v[n++] = p;
    for (int i = n - 1; i >= 0; i--) {          // from the base out
        unsigned q = i ? v[i]->flags : 0;       // the result's own go
        buf_puts(tag, "_p");
        buf_puts(type, type->data[type->len - 1] == ' ' ? "*" : " *");
        static const struct { unsigned fl; const char *c, *w; } quals[] = {
            { FL_CONST, "c", "const" }, { FL_VOLATILE, "v", "volatile" },
            { FL_RESTRICT, "r", "restrict" }, { FL_ATOMIC, "a", "_Atomic" },
        };
        for (int j = 0; j < 4; j++)
            if (q & quals[j].fl)
                buf_puts(tag, quals[j].c), buf_printf(type, "%s ", quals[j].w);
    }
    return true;
}

/* `T result`, the handle's member, from T's spelling in type (taken). */
static const char *result_decl(Lower *L, Buf *type)
{
    char last = type->data[type->len - 1];
    buf_puts(type, last == ' ' || last == '*' ? "result" : " result");
    return take(L, type);
}

/* The handle of the coroutine declared by specs and function declarator
 * d: its tag ("bl__co_int", or "f__co" when the result type has no
 * canonical spelling) and its result member ("int result"); NULL for a
 * void coroutine.  `fallback` is the result member written from the
 * declaration's own text (result_member). */
const char *handle_tag(Lower *L, Node *specs, Node *d, const char *fallback,
                       const char **result)
{
    *result = fallback;
    if (!fallback)
        return NULL;
    Buf tag = {0}, type = {0};
    Node *fd = declarator_func(d);
    if (!canonical_result(L, specs, fd ? fd->next : NULL, &tag, &type)) {
        buf_free(&tag);
        buf_free(&type);
        return fmt(L, "%s__co", d->name);
    }
    *result = result_decl(L, &type);
    return fmt(L, "bl__co_%s", take(L, &tag));
}

/* The handle type, once per output: not again when out or L->output has it,
 * and guarded, since a header translated by blc may have declared it. */
void put_handle(Lower *L, Buf *out, const char *tag, const char *result)
{
    if (!tag)
        return;
    char guard[300];            // BL__co_int for bl__co_int, BL__f__co
    const char *g = strncmp(tag, "bl__", 4) ? tag : tag + 4;
    snprintf(guard, sizeof guard, "#define BL__%s\n", g);
    const Buf *seen[2] = { out, L->output };
    for (int i = 0; i < 2; i++)
        if (seen[i] && seen[i]->data &&
            memmem(seen[i]->data, seen[i]->len, guard, strlen(guard)))
            return;             // this unit has it already
    buf_printf(out, "#ifndef BL__%s\n%s", g, guard);
    buf_printf(out, "struct %s { union { bl_aw aw; bl_coro co; }; %s; };\n",
               tag, result);
    buf_puts(out, "#endif\n");
}

/* Whether d is a coroutine's prototype: `coroutine T f(P), g(Q);`, every
 * declarator a function's, no typedef. */
bool is_coroutine_prototype(Node *d)
{
    if (d->kind != ND_DECL || !(d->flags & FL_COROUTINE) || (d->flags & FL_TYPEDEF))
        return false;
    for (Node *id = d->list; id; id = id->next)
        if (!id->declarator || !id->declarator->name || !declarator_func(id->declarator))
            return false;
    return d->list != NULL;
}

/* A type edit: [b, e) becomes text, wherever it is rendered or written
 * by put_text. */
static void type_edit(Lower *L, uint32_t b, uint32_t e, const char *text)
{
    if (e == b && !*text)
        return;
    replace(L, b, e, text);
    GROW(L->tedits, L->ntedits, L->captedits);
    L->tedits[L->ntedits++] = (Site){ .begin = b, .end = e, .repl = text };
}

/* The type edit that starts at `at` and ends by e, or NULL. */
const Site *type_edit_at(Lower *L, uint32_t at, uint32_t e)
{
    for (int i = 0; i < L->ntedits; i++)
        if (L->tedits[i].begin == at && L->tedits[i].end <= e)
            return &L->tedits[i];
    return NULL;
}

/* Source [b, e) as written but for the type edits. */
void put_edited(Lower *L, Buf *out, uint32_t b, uint32_t e)
{
    while (b < e) {
        const Site *t = type_edit_at(L, b, e);
        if (t) {
            buf_puts(out, t->repl);
            b = t->end > b ? t->end : b + 1;
            continue;
        }
        buf_put(out, src(L) + b, 1);
        b++;
    }
}

/* The first offset from i on, up to e, that is not a blank. */
static uint32_t skip_blanks(Lower *L, uint32_t i, uint32_t e)
{
    while (i < e && (src(L)[i] == ' ' || src(L)[i] == '\t'))
        i++;
    return i;
}

/* The specifiers' edits: their type words and qualifiers become the
 * handle pointer (the first) or nothing, `coroutine` goes. */
static void edit_specs(Lower *L, Node *specs, const char *handle)
{
    uint32_t at = specs->span.begin, e = specs->span.end;
    int depth = 0;
    Span w;
    for (Node *t = specs->list; t; t = t->next)
        if (t->kind != ND_ALIGNAS) {
            type_edit(L, t->span.begin, skip_blanks(L, t->span.end, e), handle);
            handle = "";
        }
    while (next_spec_word(L, specs, &at, &depth, &w)) {
        const char *s = src(L) + w.begin;
        size_t n = w.end - w.begin;
        if (depth || is_attribute_word(s, n))
            continue;
        bool co = n == 9 && !memcmp(s, "coroutine", 9);
        if (!co && word_in(not_types, s, n))
            continue;
        type_edit(L, w.begin, skip_blanks(L, w.end, e), co ? "" : handle);
        if (!co)
            handle = "";
    }
    uint32_t gap = skip_blanks(L, e, L->ctx->len);
    if (gap > e)
        type_edit(L, e, gap, "");       // `struct bl__co_int *(*op)(int)`
}

/* The last function derivation of d: the coroutine's. */
static Node *coroutine_derivation(Node *d)
{
    Node *fd = NULL;
    for (Node *x = d ? d->derived : NULL; x; x = x->next)
        if (x->kind == ND_D_FUNC)
            fd = x;
    return fd;
}

/* `coroutine T D` where D is not a coroutine's prototype (see above):
 * the type edits, and the handle's type into handles. */
static void rewrite_coroutine_type(Lower *L, Node *n, Buf *handles)
{
    Node *one[1] = { n->declarator }, **ds = one;
    int nd = 1;
    if (n->kind == ND_DECL) {
        nd = 0;
        for (Node *id = n->list; id; id = id->next)
            nd++;
        ds = arena_alloc(L->ctx->arena, sizeof *ds * (size_t)(nd ? nd : 1));
        nd = 0;
        for (Node *id = n->list; id; id = id->next)
            ds[nd++] = id->declarator;
    }
    const char *tag = NULL;
    for (int i = 0; i < nd; i++) {
        Node *d = ds[i], *fd = coroutine_derivation(d);
        Span at = d && d->name ? d->name_span : n->span;
        if (!fd) {
            error_at(L->ctx, at, "'coroutine' applies to functions only");
            return;
        }
        Buf t = {0}, type = {0};
        bool ok = canonical_result(L, n->specs, fd->next, &t, &type);
        const char *this_tag = ok ? take(L, &t) : NULL;
        if (!ok) {
            buf_free(&t);
            buf_free(&type);
            error_at(L->ctx, n->specs->span, "a coroutine pointer's result "
                     "type must be a type name or a pointer to one: name "
                     "it with a typedef");
            return;
        }
        if (tag && strcmp(tag, this_tag)) {
            buf_free(&type);
            error_at(L->ctx, at, "coroutine types of different results in one "
                     "declaration: declare them one per declaration");
            return;
        }
        if (!tag && strcmp(this_tag, "void"))
            put_handle(L, handles, fmt(L, "bl__co_%s", this_tag), result_decl(L, &type));
        buf_free(&type);
        tag = this_tag;
        uint32_t end = 0;
        for (Node *x = fd->next; x; x = x->next)
            end = x->span.end > end ? x->span.end : end;
        if (end > d->span.begin)
            type_edit(L, d->span.begin, skip_blanks(L, end, d->span.end), "");
    }
    if (tag)
        edit_specs(L, n->specs, strcmp(tag, "void") ?
                   fmt(L, "struct bl__co_%s *", tag) : "bl_coro *");
}

typedef struct CoWalk {
    Lower *L;
    Node *skip;                 // the coroutine definition's own specs
    Buf *handles;
} CoWalk;

static int find_coroutine_types(Node *n, void *arg)
{
    CoWalk *w = arg;
    if ((n->kind == ND_DECL || n->kind == ND_PARAM || n->kind == ND_TYPENAME) &&
        n->specs && n->specs != w->skip && (n->specs->flags & FL_COROUTINE) &&
        !is_coroutine_prototype(n))
        rewrite_coroutine_type(w->L, n, w->handles);
    return visit_flat(n, find_coroutine_types, arg);
}

/* Every coroutine type under root, but for the specifiers `skip` (a
 * coroutine definition's): its type edits, its handles into handles. */
void coroutine_types(Lower *L, Node *root, Node *skip, Buf *handles)
{
    CoWalk w = { L, skip, handles };
    find_coroutine_types(root, &w);
}

static int mentions(Node *n, void *arg)
{
    if (n->kind == ND_SPECS && (n->flags & FL_COROUTINE) && n != arg)
        return 1;
    return visit_flat(n, mentions, arg);
}

/* Whether an item that is no coroutine definition mentions `coroutine`
 * (a prototype in a block, a coroutine pointer, ...). */
bool mentions_coroutine(Node *item)
{
    return visit_flat(item, mentions, item->kind == ND_FUNC ? item->specs : NULL);
}
