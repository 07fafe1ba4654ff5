/*
 * lower_type.c - what can be known of a type without a type system: the
 * types of frame members and temporaries, written as text for file scope,
 * and the few questions the lowering asks of a type (may it be const, or
 * an array; how many elements has an unsized array).
 *
 * The key decision: blc knows no C types, so it never computes one; it
 * copies the declaration's own text and lets the C compiler compute it,
 * through __typeof__.  A member's type is its declaration's specifiers
 * (less storage classes and top-level const) and its declarator with the
 * name renamed; array and function parameters become the pointers C
 * adjusts them to.  A member's type is declared at file scope, where no
 * local exists: a local or parameter that it names (`__typeof__(x) y`,
 * `char b[sizeof x]`) is written there as a typed null lvalue (below),
 * `__auto_type y = e` becomes `__typeof__(((void)0, e')) y`, e' written the
 * same way (the comma yields e's type as __auto_type takes it: arrays
 * decayed, qualifiers dropped), and `typeof` is written `__typeof__`,
 * which -std=c11 accepts.
 *
 * Temporaries' types.  A temporary is declared
 * `__typeof__(((__typeof__(E'))0)->result) t__1;` (the awaitable's
 * `result` member, the contract of bluelet.h).  E' is E with every
 * reference to a block-scope name replaced by a null-based lvalue of the
 * name's declared type, `(*(T (*))0)`, built from its declaration's
 * specifiers and declarator with the name replaced by `(*)`: a frame
 * member's declaration cannot mention `self` or the frame itself, and
 * __typeof__ never evaluates its operand.
 *
 * Const.  A member that stays const, of a type const through a typedef or
 * __typeof__ (`CI x = 1` with `typedef const int CI`), or a struct or
 * union with a const member, which C does not let us assign either, is
 * initialised by copy (lower_frame.c).  Which types may be const
 * (member_may_be_const): blc looks into the coroutine's typedefs and the
 * file's own, the struct and union definitions of both, and a __typeof__
 * of a local (`__typeof__(c)`, `__typeof__(*p)`); a __typeof__ of anything
 * else may be const; a typedef or struct of a header is taken for
 * non-const, so that `size_t n = 0;` stays `self->n = 0;` (a const one
 * there fails to compile, never miscompiles).
 *
 * Unsized arrays.  An unsized array takes its size from
 * `__typeof__((T[]){ init })`, with every value of init replaced by 0
 * (file scope wants constants), except an array of structs (or of a
 * typedef name) with an element that may be a struct value -- not braced,
 * nor a number, string or arithmetic -- which a 0 would turn into a
 * scalar and which is no constant: `struct pt a[] = { v, { 1, 2 } }` is
 * sized by counting its elements, `struct pt a[sizeof ((char []){ 0, 0
 * })]`, designators kept (`[4] = 0`).  A local of an unsized array type
 * that a typedef of the coroutine or of the file names (`typedef int U[];
 * U u = { 1, 2 };`) is sized the same way: `__typeof__((U){ 0, 0 }) u`,
 * or by counting, `__typeof__((*(U *)0)[0]) u[sizeof ((char []){ 0, 0
 * })]`, and its typed null has that type too.
 *
 * Limits, known and left: an unsized array sized by counting takes each
 * element of its initialiser for a whole one, so brace elision across its
 * elements (`struct pt a[] = { x, y }` with int x and y, which
 * -Wmissing-braces warns of) gives it another size.  A local whose type
 * is a header's typedef of a const type (or a header's struct with a
 * const member), or of an unsized array, does not compile, nor a frame
 * member's type naming an enumerator of an anonymous enum nested in the
 * struct of a static or extern variable.
 */
#include "lower.h"

#include <string.h>

static void put_typed_null(Lower *L, Buf *out, Var *v);
static bool type_is_const(Lower *L, Node *specs, Node *first, int depth);
static bool specs_may_be_const(Lower *L, Node *specs, int depth);

/* One word of file-scope text: a typedef name, tag or enumerator of the
 * coroutine by its hoisted name (its unit noted as named there), a local
 * or parameter as a typed null lvalue (it can only stand in an operand
 * that is never evaluated: __typeof__, sizeof), typeof as __typeof__
 * (which -std=c11 accepts). */
static void put_word(Lower *L, Buf *out, uint32_t i, uint32_t j)
{
    Occ *o = occ_at(L, i);
    Var *v = o ? NULL : ref_at(L, i);
    if (o) {
        buf_puts(out, o->var->member);
        if (o->var->unit && L->named)
            add_unit(L->ctx->arena, L->named, o->var->unit);
    } else if (v && v->kind != B_KEEP && v->specs && v->declarator) {
        put_typed_null(L, out, v);
        keep_used(L, v);
    } else if (j - i == 6 && !memcmp(src(L) + i, "typeof", 6)) {
        buf_puts(out, "__typeof__");
    } else {
        buf_put(out, src(L) + i, j - i);
    }
}

/* Appends source bytes [b, e) to out as text for file scope (put_word),
 * dropping the whole words in `drop` (a NULL-terminated list) that appear
 * outside braces and parentheses: storage classes and qualifiers that a
 * frame member must not carry. */
void put_text(Lower *L, Buf *out, uint32_t b, uint32_t e,
                     const char *const *drop)
{
    int depth = 0;
    uint32_t i = b;
    while (i < e) {
        const Site *t = type_edit_at(L, i, e);
        if (t && t->end > i) {
            buf_puts(out, t->repl);
            i = t->end;
            continue;
        }
        char c = src(L)[i];
        if (c == '"' || c == '\'' ||
            (c == '/' && i + 1 < e && (src(L)[i + 1] == '*' || src(L)[i + 1] == '/'))) {
            uint32_t k = skip_literal(L, i, e);
            buf_put(out, src(L) + i, k - i);
            i = k;
            continue;
        }
        depth += (c == '{' || c == '(' || c == '[') - (c == '}' || c == ')' || c == ']');
        if (is_word_char(c) && (i == b || !is_word_char(src(L)[i - 1]))) {
            uint32_t j = i;
            while (j < e && is_word_char(src(L)[j]))
                j++;
            bool dropped = false;
            for (const char *const *d = drop; d && depth == 0 && *d; d++)
                if (strlen(*d) == j - i && !memcmp(src(L) + i, *d, j - i))
                    dropped = true;
            if (dropped) {
                while (j < e && (src(L)[j] == ' ' || src(L)[j] == '\t'))
                    j++;
            } else {
                put_word(L, out, i, j);
            }
            i = j;
            continue;
        }
        buf_put(out, &c, 1);
        i++;
    }
}

static const char *const storage_words[] = {
    "static", "extern", "register", "auto", "_Thread_local", "__thread",
    "inline", "__inline", "__inline__", "_Noreturn", "coroutine", "typedef",
    NULL
};
static const char *const storage_and_const[] = {
    "static", "extern", "register", "auto", "_Thread_local", "__thread",
    "inline", "__inline", "__inline__", "_Noreturn", "coroutine", "typedef",
    "const", "__const", "__const__", NULL
};

/* Trims trailing blanks of b. */
static void trim_right(Buf *b)
{
    while (b->len && (b->data[b->len - 1] == ' ' || b->data[b->len - 1] == '\t'))
        b->len--;
}

const char *tag_keyword(Node *t)
{
    return t->kind == ND_STRUCT ? "struct" : t->kind == ND_UNION ? "union" : "enum";
}

/* The specifiers of a declaration as a type for a frame member or a cast:
 * storage classes dropped (and top-level const when strip_const), and, if
 * tag_only, a tagged struct/union/enum body reduced to its tag, since a
 * type can be defined only once. */
void put_specs(Lower *L, Buf *out, Node *specs, bool strip_const,
                      bool tag_only)
{
    const char *const *drop = strip_const ? storage_and_const : storage_words;
    uint32_t pos = specs->span.begin;
    for (Node *t = specs->list; t; t = t->next) {
        bool tagged = (t->kind == ND_STRUCT || t->kind == ND_UNION ||
                       t->kind == ND_ENUM) && (t->flags & FL_HAS_BODY) && t->name;
        if (!tag_only || !tagged || t->span.begin < pos)
            continue;
        put_text(L, out, pos, t->span.begin, drop);
        buf_printf(out, "%s ", tag_keyword(t));
        put_word(L, out, t->name_span.begin, t->name_span.end);
        pos = t->span.end;
    }
    put_text(L, out, pos, specs->span.end, drop);
    trim_right(out);
}

/* The end of the array suffix `[...]` right after the name, or 0. */
uint32_t array_suffix_end(Lower *L, Node *d)
{
    uint32_t i = d->name_span.end;
    while (src(L)[i] == ' ' || src(L)[i] == '\t')
        i++;
    if (src(L)[i] != '[')
        return 0;
    for (int depth = 0; i < L->ctx->len; i++) {
        depth += (src(L)[i] == '[') - (src(L)[i] == ']');
        if (depth == 0)
            return i + 1;
    }
    return 0;
}

/* The declarator of v with its name replaced by `name` (or by an abstract
 * "(*)" and so on), parameters adjusted as C adjusts them: an array
 * becomes a pointer to its element, a function a pointer to it. */
void put_declarator(Lower *L, Buf *out, Var *v, const char *name,
                           bool strip_const)
{
    Node *d = v->declarator;
    Node *first = d->derived;
    uint32_t skip_end = d->name_span.end;
    bool wrap = false;
    if (v->param && first && first->kind == ND_D_ARRAY) {
        skip_end = array_suffix_end(L, d);
        wrap = skip_end != 0;
        if (!wrap)
            skip_end = d->name_span.end;
    } else if (v->param && first && first->kind == ND_D_FUNC) {
        wrap = true;
    }
    uint32_t b = d->span.begin, e = d->span.end;
    uint32_t nb = d->name_span.begin;
    /* `*const p`: the const of the member itself goes, when asked. */
    if (strip_const && first && first->kind == ND_D_POINTER &&
        (first->flags & FL_CONST)) {
        static const char *const only_const[] = {
            "const", "__const", "__const__", NULL
        };
        uint32_t star = nb;
        while (star > b && src(L)[star - 1] != '*')
            star--;
        put_text(L, out, b, star, NULL);
        put_text(L, out, star, nb, only_const);
    } else {
        put_text(L, out, b, nb, NULL);
    }
    /* Parenthesised only when another suffix follows: `int (*m)[3]`. */
    buf_printf(out, !wrap ? "%s" : e > skip_end ? "(*%s)" : "*%s", name);
    put_text(L, out, skip_end, e, NULL);
}

/* `(*(T (*))0)`: an lvalue of v's type that mentions no variable, for the
 * __typeof__ of a temporary (see the essay above). */
static void put_typed_null(Lower *L, Buf *out, Var *v)
{
    buf_puts(out, "(*(");
    if (put_array_param_type(L, out, v)) {
        buf_puts(out, " (*))0)");
        return;
    }
    if (put_unsized_type(L, out, v, v->init, false, "(*)")) {
        buf_puts(out, ")0)");
        return;
    }
    put_member_specs(L, out, v, v->init, false);
    buf_puts(out, " ");
    put_declarator(L, out, v, "(*)", false);
    buf_puts(out, ")0)");
}

/* The next word of specs from *at on, outside its struct, enum and
 * typeof parts and its string literals; *depth counts the parentheses
 * around it (an attribute's).  False at the end. */
bool next_spec_word(Lower *L, Node *specs, uint32_t *at, int *depth,
                           Span *w)
{
    uint32_t i = *at, e = specs->span.end;
    while (i < e) {
        Node *t = specs->list;
        while (t && !(i >= t->span.begin && i < t->span.end))
            t = t->next;
        char c = src(L)[i];
        if (t && t->kind == ND_NAME) {  // a typedef name a macro made
            *w = t->span;
            *at = t->span.end;
            return true;
        } else if (t) {
            i = t->span.end;
        } else if (c == '"' || c == '\'') {
            i = skip_literal(L, i, e);
        } else if (is_word_char(c) && !(i > 0 && is_word_char(src(L)[i - 1]))) {
            uint32_t j = i;
            while (j < e && is_word_char(src(L)[j]))
                j++;
            *w = (Span){ .begin = i, .end = j };
            *at = j;
            return true;
        } else {
            *depth += (c == '(') - (c == ')');
            i++;
        }
    }
    *at = e;
    return false;
}

typedef struct TypeWalk {
    Lower *L;
    Buf *out;
    uint32_t pos;               // source copied up to here
} TypeWalk;

/* The value of statement expression n: its last statement when that is
 * an expression statement, else NULL (its type is void). */
Node *stmt_expr_value(Node *n)
{
    Node *last = NULL;
    for (Node *i = n->body ? n->body->list : NULL; i; i = i->next)
        last = i;
    if (!last || last->kind != ND_EXPR_STMT || last->body)
        return NULL;
    return last->lhs;
}

/* ({ ...; e; }) => ((void)0, e'): the type of its value, converted as a
 * statement expression converts it (arrays decayed, qualifiers
 * dropped); ((void)0) for one without a value. */
void put_stmt_expr_type(Lower *L, Buf *out, Node *n)
{
    Node *e = stmt_expr_value(n);
    buf_puts(out, "((void)0");
    if (e) {
        buf_puts(out, ", ");
        put_type_expr(L, out, e);
    }
    buf_puts(out, ")");
}

/* A variable that stays a C variable of the resume function (one of a
 * statement expression's), not of variable length: file-scope text may
 * name it by its typed null too. */
static bool is_kept_local(Var *v)
{
    if (v->kind != B_KEEP || !v->decl || !v->specs || !v->declarator ||
        (v->decl->flags & FL_TYPEDEF))
        return false;
    for (Node *a = v->declarator->derived; a; a = a->next)
        if (a->kind == ND_D_ARRAY && (a->flags & FL_VLA))
            return false;
    return true;
}

static int type_walk(Node *n, void *arg)
{
    TypeWalk *tw = arg;
    Lower *L = tw->L;
    /* A macro's expansion may hold an argument twice (Span's provenance):
     * the invocation's text is copied once, in order, each name of its
     * arguments replaced once; nodes a macro made are looked into. */
    if (n->span.begin < tw->pos && !(n->span.prov & SP_MADE))
        return 0;
    if (n->kind == ND_COMPOUND_LIT && n->type && n->init) {
        /* file scope wants a constant initialiser; the type is the same */
        put_text(L, tw->out, tw->pos, n->span.begin, NULL);
        buf_puts(tw->out, "(");
        put_type_expr(L, tw->out, n->type);
        buf_puts(tw->out, ")");
        put_zero_init(L, tw->out, n->init);
        tw->pos = n->span.end;
        return 0;
    }
    if (n->kind == ND_STMT_EXPR) {
        put_text(L, tw->out, tw->pos, n->span.begin, NULL);
        put_stmt_expr_type(L, tw->out, n);
        tw->pos = n->span.end;
        return 0;
    }
    Var *v = n->kind == ND_IDENT ? ref_at(L, n->span.begin) : NULL;
    if ((v && (v->kind != B_KEEP || is_kept_local(v))) || n->kind == ND_YIELD) {
        put_text(L, tw->out, tw->pos, n->span.begin, NULL);
        if (v) {
            put_typed_null(L, tw->out, v);
        } else {
            buf_puts(tw->out, "((__typeof__(");
            put_type_expr(L, tw->out, n->lhs);
            buf_puts(tw->out, "))0)->result");
        }
        tw->pos = n->span.end;
        return 0;
    }
    visit_flat(n, type_walk, tw);
    return 0;
}

/* The text of e for use inside __typeof__ at file scope: block-scope names
 * become typed null lvalues, yields the type of their result. */
void put_type_expr(Lower *L, Buf *out, Node *e)
{
    TypeWalk tw = { L, out, e->span.begin };
    type_walk(e, &tw);
    put_text(L, out, tw.pos, e->span.end, NULL);
}

bool first_is(Node *d, NodeKind kind)
{
    return d && d->derived && d->derived->kind == kind;
}

/* Initialiser `init` with every value replaced by 0 (strings kept): it
 * has the shape of init, so it sizes an array the way init does, and it
 * is constant, as a compound literal at file scope must be. */
void put_zero_init(Lower *L, Buf *out, Node *init)
{
    if (init->kind == ND_STRING) {
        put_text(L, out, init->span.begin, init->span.end, NULL);
        return;
    }
    if (init->kind != ND_INIT_LIST) {
        buf_puts(out, "0");
        return;
    }
    buf_puts(out, "{ ");
    for (Node *e = init->list; e; e = e->next) {
        if (e->kind == ND_DESIG_INIT && e->then) {
            put_text(L, out, e->span.begin, e->then->span.begin, NULL);
            put_zero_init(L, out, e->then);
        } else {
            put_zero_init(L, out, e);
        }
        buf_puts(out, e->next ? ", " : " ");
    }
    buf_puts(out, "}");
}

/* Whether word w is a keyword: the lexer says (one table, c.l's). */
static bool is_keyword(Lower *L, Span w)
{
    return lex_keyword(L->ctx, src(L) + w.begin, w.end - w.begin);
}

/* Whether a frame member's specifiers define a type: an anonymous
 * struct, union or enum with its body.  A tagged one is hoisted and named
 * by its tag. */
bool defines_type(Node *specs)
{
    for (Node *t = specs->list; t; t = t->next)
        if ((t->kind == ND_STRUCT || t->kind == ND_UNION || t->kind == ND_ENUM) &&
            (t->flags & FL_HAS_BODY) && !t->name)
            return true;
    return false;
}

/* Where the words of specs outside its struct, enum and typeof parts and
 * its attributes hold `word` (word NULL: any word that is no keyword, a
 * typedef name); an empty span if they do not. */
static Span specs_word(Lower *L, Node *specs, const char *word)
{
    uint32_t at = specs->span.begin;
    int depth = 0;
    Span w;
    while (next_spec_word(L, specs, &at, &depth, &w)) {
        size_t n = w.end - w.begin;
        if (depth == 0 && (word ? strlen(word) == n && !memcmp(src(L) + w.begin, word, n)
                                : !is_keyword(L, w)))
            return w;
    }
    return (Span){ 0 };
}

static bool specs_have_word(Lower *L, Node *specs, const char *word)
{
    return specs_word(L, specs, word).end != 0;
}

/* Whether a type of these specifiers (and no declarator) may be an
 * array: it is a __typeof__, or a typedef name other than one of the
 * coroutine's own that is no array. */
static bool specs_may_be_array(Lower *L, Node *specs)
{
    for (Node *t = specs->list; t; t = t->next)
        if (t->kind == ND_TYPEOF)
            return true;
    Span w = specs_word(L, specs, NULL);
    if (!w.end)
        return false;
    Var *t = lookup_in(L, src(L) + w.begin, w.end - w.begin, false);
    if (!t || t->kind != B_KEEP || !t->specs || !t->declarator)
        return true;
    if (t->declarator->derived)
        return first_is(t->declarator, ND_D_ARRAY);
    return specs_may_be_array(L, t->specs);
}

bool type_may_be_array(Lower *L, Var *v)
{
    return !v->declarator->derived && specs_may_be_array(L, v->specs);
}

/* The typedef `name` of the file itself (not of a header), or NULL. */
static Node *file_typedef(Lower *L, const char *s, size_t n, Node **specs)
{
    for (Node *it = L->ctx->tu ? L->ctx->tu->list : NULL; it; it = it->next) {
        if (it->kind != ND_DECL || !(it->flags & FL_TYPEDEF))
            continue;
        for (Node *id = it->list; id; id = id->next) {
            Node *d = id->declarator;
            if (d && d->name && strlen(d->name) == n && !memcmp(d->name, s, n)) {
                *specs = it->specs;
                return d;
            }
        }
    }
    return NULL;
}

/* The declarator (and *specs, the specifiers) of the typedef that specs
 * name, if it is the coroutine's or the file's own; else NULL. */
static Node *typedef_of(Lower *L, Node *specs, Node **tspecs)
{
    Span w = specs_word(L, specs, NULL);
    if (!w.end)
        return NULL;
    const char *name = src(L) + w.begin;
    size_t n = w.end - w.begin;
    Var *t = lookup_in(L, name, n, false);
    if (t && t->kind == B_KEEP && t->specs && t->declarator) {
        *tspecs = t->specs;
        return t->declarator;
    }
    return file_typedef(L, name, n, tspecs);
}

static Node *derived_of(Node *d)
{
    return d ? d->derived : NULL;
}

/* The definition of the struct or union that t names: t itself, the
 * coroutine's, or one at the top of the file; else NULL. */
static Node *record_def(Lower *L, Node *t)
{
    if ((t->flags & FL_HAS_BODY) || !t->name)
        return t->flags & FL_HAS_BODY ? t : NULL;
    Var *v = lookup_in(L, t->name, strlen(t->name), true);
    if (v)
        return v->def;
    for (Node *it = L->ctx->tu ? L->ctx->tu->list : NULL; it; it = it->next)
        for (Node *u = it->kind == ND_DECL ? it->specs->list : NULL; u; u = u->next)
            if (u->kind == t->kind && (u->flags & FL_HAS_BODY) && u->name &&
                !strcmp(u->name, t->name))
                return u;
    return NULL;
}

/* Whether a struct or union has a const member (or one of its members
 * has), which makes it as unassignable as a const one. */
static bool has_const_member(Lower *L, Node *rec, int depth)
{
    for (Node *m = rec->list; m; m = m->next) {
        if (m->kind != ND_DECL || !m->specs)
            continue;
        if (!m->list && specs_may_be_const(L, m->specs, depth + 1))
            return true;                // an anonymous struct member
        for (Node *id = m->list; id; id = id->next)
            if (type_is_const(L, m->specs, derived_of(id->declarator), depth + 1))
                return true;
    }
    return false;
}

/* Whether the typedef names and __typeof__s of specs may make a type
 * const, their own `const` aside (a struct with a const member counts): a typedef of the coroutine or of the
 * file is looked into, one of a header is taken for non-const (so that
 * `size_t n = 0;` stays an assignment), a __typeof__ is const when its
 * type or the local it names is, and unknown (const) otherwise. */
static bool specs_may_be_const(Lower *L, Node *specs, int depth)
{
    if (depth > 32)
        return true;
    for (Node *t = specs->list; t; t = t->next) {
        Node *rec = t->kind == ND_STRUCT || t->kind == ND_UNION ? record_def(L, t) : NULL;
        if (rec && has_const_member(L, rec, depth))
            return true;
        if (t->kind != ND_TYPEOF)
            continue;
        if (t->type && type_is_const(L, t->type->specs, derived_of(t->type->declarator),
                                     depth + 1))
            return true;
        if (t->type)
            continue;
        /* `__typeof__(v)`, `__typeof__(*v)`: the type of local v, or what
         * it points to. */
        Node *e = strip_parens(t->lhs);
        bool deref = e && e->kind == ND_DEREF;
        e = deref ? strip_parens(e->lhs) : e;
        Var *v = e && e->kind == ND_IDENT ? lookup(L, e->name) : NULL;
        Node *first = v && v->declarator ? v->declarator->derived : NULL;
        if (deref && first && first->kind != ND_D_FUNC)
            first = first->next;
        else if (deref)
            v = NULL;
        if (!v || !v->specs || type_is_const(L, v->specs, first, depth + 1))
            return true;
    }
    Node *tspecs = NULL, *td = typedef_of(L, specs, &tspecs);
    return td && type_is_const(L, tspecs, td->derived, depth + 1);
}

/* Whether the type of specs and the derived list from `first` (NULL: the
 * specifiers alone) is const, or an array of const elements. */
static bool type_is_const(Lower *L, Node *specs, Node *first, int depth)
{
    while (first && first->kind == ND_D_ARRAY)
        first = first->next;
    if (first)
        return first->kind == ND_D_POINTER && (first->flags & FL_CONST);
    return (specs->flags & FL_CONST) || specs_may_be_const(L, specs, depth);
}

/* Whether parameter v has an array type through a typedef of the
 * coroutine or of the file (`typedef int arr[4];` ... `arr a`), which C
 * adjusts to a pointer to its element.  A header's typedef (jmp_buf) is
 * not looked into. */
static bool is_array_param(Lower *L, Var *v)
{
    if (!v->param || !v->specs || v->declarator->derived)
        return false;
    Node *tspecs = NULL, *td = typedef_of(L, v->specs, &tspecs);
    for (int depth = 0; td && !td->derived && depth < 32; depth++)
        td = typedef_of(L, tspecs, &tspecs);
    return td && first_is(td, ND_D_ARRAY);
}

/* `arr a` for such a parameter => `__typeof__(&(*(arr *)0)[0])`, the
 * pointer C adjusts it to (`const arr` gives a pointer to const); false
 * for any other variable. */
bool put_array_param_type(Lower *L, Buf *out, Var *v)
{
    if (!is_array_param(L, v))
        return false;
    buf_puts(out, "__typeof__(&(*(");
    put_specs(L, out, v->specs, false, true);
    buf_puts(out, " *)0)[0])");
    return true;
}

/* Whether v's frame member may be const, its own `const` stripped (see
 * put_member): then it is initialised by copy, never assigned. */
bool member_may_be_const(Lower *L, Var *v)
{
    Node *first = v->declarator->derived;
    if (!v->specs || (first && (first->kind != ND_D_ARRAY || v->param)))
        return false;
    if (is_array_param(L, v))
        return false;                   // a pointer, to const perhaps
    while (first && first->kind == ND_D_ARRAY)
        first = first->next;
    if (first)
        return type_is_const(L, v->specs, first, 0);
    return specs_may_be_const(L, v->specs, 0);
}

/* Whether initialiser element e may be a value of a struct type, so that
 * it initialises one whole element (not a member, by brace elision). */
static bool may_be_whole(Node *e)
{
    if (e->kind == ND_DESIG_INIT)
        e = e->then;
    switch (e->kind) {
    case ND_INIT_LIST: case ND_STRING: case ND_NUM: case ND_CHAR:
    case ND_NEG: case ND_PLUS: case ND_BITNOT: case ND_NOT: case ND_ADDR:
    case ND_SIZEOF_EXPR: case ND_SIZEOF_TYPE: case ND_ALIGNOF_EXPR:
    case ND_ALIGNOF_TYPE:
        return false;
    default:
        return e->kind < ND_MUL || e->kind > ND_LOGOR;
    }
}

/* Whether elements of specs may be structs and init may hold them whole. */
static bool holds_whole(Lower *L, Node *specs, Node *init)
{
    bool aggregate = specs_have_word(L, specs, NULL);
    for (Node *t = specs->list; t; t = t->next)
        aggregate |= t->kind == ND_STRUCT || t->kind == ND_UNION ||
                     t->kind == ND_TYPEOF;
    bool whole = false;
    for (Node *e = init->list; e; e = e->next)
        whole |= may_be_whole(e);
    return aggregate && whole;
}

/* An unsized array of structs whose initialiser may hold struct values
 * as elements is sized by counting: `T a[] = { v, { 1, 2 } }` =>
 * `T a[sizeof ((char []){ 0, 0 })];` (the zeros of put_zero_init would
 * turn v into a scalar, and a struct value is no constant). */
bool sized_by_count(Lower *L, Var *v, Node *init)
{
    Node *d = v->declarator;
    if (init->kind != ND_INIT_LIST || d->derived->next ||
        array_suffix_end(L, d) != d->span.end)
        return false;
    return holds_whole(L, v->specs, init);
}

/* { v, [4] = w, [1].x = 2 } => (char []){ 0, [4] = 0, [1] = 0 }: an
 * element for each element of init. */
void put_count(Lower *L, Buf *out, Node *init)
{
    buf_puts(out, "sizeof ((char []){ ");
    for (Node *e = init->list; e; e = e->next) {
        Node *first = e->kind == ND_DESIG_INIT ? e->list : NULL;
        if (first && first->kind == ND_DESIG_INDEX) {
            put_text(L, out, first->span.begin, first->span.end, NULL);
            buf_puts(out, " = ");
        }
        buf_puts(out, e->next ? "0, " : "0 ");
    }
    buf_puts(out, "})");
}

/* The specifiers of v's member, where `__auto_type x = e` becomes
 * `__typeof__(((void)0, e'))` with e' as for __typeof__ at file scope
 * (the comma takes the value's type as auto does: arrays decayed,
 * qualifiers dropped). */
void put_member_specs(Lower *L, Buf *out, Var *v, Node *init, bool strip_const)
{
    if (!init || !specs_have_word(L, v->specs, "__auto_type")) {
        put_specs(L, out, v->specs, strip_const, true);
        return;
    }
    Buf s = {0}, t = {0};
    put_specs(L, &s, v->specs, strip_const, true);
    buf_puts(&t, "__typeof__(((void)0, ");
    put_type_expr(L, &t, init);
    buf_puts(&t, "))");
    const char *at = memmem(s.data, s.len, "__auto_type", 11);
    size_t k = at ? (size_t)(at - s.data) : s.len;
    buf_put(out, s.data, k);
    buf_put(out, t.data, t.len);
    if (at)
        buf_put(out, at + 11, s.len - k - 11);
    buf_free(&s);
    buf_free(&t);
}

/* The unsized array type of the coroutine or the file that v's specs
 * name (`typedef int U[];`, through typedefs of typedefs), or NULL; its
 * specifiers in *tspecs. */
static Node *unsized_typedef(Lower *L, Var *v, Node **tspecs)
{
    if (v->declarator->derived || !v->specs)
        return NULL;
    Node *td = typedef_of(L, v->specs, tspecs);
    for (int depth = 0; td && !td->derived && depth < 32; depth++)
        td = typedef_of(L, *tspecs, tspecs);
    Node *a = td ? td->derived : NULL;
    return a && a->kind == ND_D_ARRAY && !a->lhs && !(a->flags & FL_STAR) ? a : NULL;
}

/* `typedef int U[]; U u = { 1, 2 };` => `__typeof__((U){ 0, 0 }) u`,
 * sized like an unsized array, and for elements that may be struct
 * values, by counting: `__typeof__((*(U *)0)[0]) u[sizeof ((char []){ 0,
 * 0 })]`; `name` is the member's, or `(*)` for a typed null.  False when
 * v's type is no such array. */
bool put_unsized_type(Lower *L, Buf *out, Var *v, Node *init,
                             bool strip_const, const char *name)
{
    Node *tspecs = NULL, *a = init ? unsized_typedef(L, v, &tspecs) : NULL;
    if (!a)
        return false;
    bool count = init->kind == ND_INIT_LIST && !a->next && holds_whole(L, tspecs, init);
    buf_puts(out, count ? "__typeof__((*(" : "__typeof__((");
    put_specs(L, out, v->specs, strip_const, true);
    if (count) {
        buf_printf(out, " *)0)[0]) %s[", name);
        put_count(L, out, init);
        buf_puts(out, "]");
        return true;
    }
    buf_puts(out, init->kind == ND_INIT_LIST ? ")" : "){ ");
    put_zero_init(L, out, init);
    buf_printf(out, "%s) %s", init->kind == ND_INIT_LIST ? "" : " }", name);
    return true;
}

bool is_attribute_word(const char *s, size_t n)
{
    return (n == 13 && !memcmp(s, "__attribute__", 13)) ||
           (n == 11 && !memcmp(s, "__attribute", 11));
}

/* The end of the parenthesised group that starts at or after i in s
 * (up to e), or e. */
static size_t group_end(const char *s, size_t i, size_t e)
{
    while (i < e && s[i] != '(')
        i++;
    for (int depth = 0; i < e; i++) {
        depth += (s[i] == '(') - (s[i] == ')');
        if (depth == 0 && s[i] == ')')
            return i + 1;
    }
    return e;
}

/* The attributes of specs, each followed by a blank: `__attribute__((a)) `.
 * They are the function's, which its constructor carries. */
void put_attributes(Lower *L, Buf *out, Node *specs)
{
    uint32_t at = specs->span.begin;
    int depth = 0;
    Span w;
    while (next_spec_word(L, specs, &at, &depth, &w)) {
        if (depth || !is_attribute_word(src(L) + w.begin, w.end - w.begin))
            continue;
        at = (uint32_t)group_end(src(L), w.end, specs->span.end);
        buf_put(out, src(L) + w.begin, at - w.begin);
        buf_puts(out, " ");
    }
}

/* `int __attribute__((a)) ` => `int`: a type without the attributes that
 * its declaration's specifiers gave the function. */
void strip_attributes(Buf *b)
{
    size_t o = 0;
    for (size_t i = 0; i < b->len;) {
        size_t j = i;
        while (j < b->len && is_word_char(b->data[j]))
            j++;
        bool word_start = j > i && (i == 0 || !is_word_char(b->data[i - 1]));
        if (word_start && is_attribute_word(b->data + i, j - i)) {
            i = group_end(b->data, j, b->len);
            while (i < b->len && b->data[i] == ' ')
                i++;
            continue;
        }
        size_t k = j > i ? j : i + 1;
        memmove(b->data + o, b->data + i, k - i);
        o += k - i;
        i = k;
    }
    b->len = o;
    trim_right(b);
}

/* Whether the coroutine's result member may be const (as
 * member_may_be_const for a local): a struct or union with a const
 * member, a const typedef, a `*const` pointer; then `return v;` copies. */
bool result_may_be_const(Lower *L)
{
    Node *fd = L->fn->declarator->derived;
    Node *first = fd ? fd->next : NULL;
    if (!first)
        return specs_may_be_const(L, L->fn->specs, 0);
    return first->kind == ND_D_POINTER && (first->flags & FL_CONST);
}

/* The function f of `__attribute__((cleanup(f)))` in [b, e) (in an
 * attribute, outside literals), or NULL. */
static const char *cleanup_in(Lower *L, uint32_t b, uint32_t e)
{
    for (uint32_t i = b; i < e;) {
        uint32_t j = i;
        while (j < e && is_word_char(src(L)[j]))
            j++;
        if (j == i) {
            i = src(L)[i] == '"' || src(L)[i] == '\'' ? skip_literal(L, i, e) : i + 1;
            continue;
        }
        bool word = i == b || !is_word_char(src(L)[i - 1]);
        if (!word || !is_attribute_word(src(L) + i, j - i)) {
            i = j;
            continue;
        }
        uint32_t end = (uint32_t)group_end(src(L), j, e);
        const char *p = src(L) + j, *q = src(L) + end;
        for (const char *c = p; c < q; c++) {
            const char *n = c;
            if (!strncmp(c, "__cleanup__", 11))
                n = c + 11;
            else if (!strncmp(c, "cleanup", 7))
                n = c + 7;
            if (n == c || is_word_char(c[-1]) || is_word_char(*n))
                continue;
            while (*n == ' ' || *n == '(')
                n++;
            const char *f = n;
            while (n < q && is_word_char(*n))
                n++;
            if (n > f)
                return arena_strndup(L->ctx->arena, f, (size_t)(n - f));
        }
        i = end;
    }
    return NULL;
}

/* The cleanup function of the local that init-declarator id declares,
 * from the declaration's specifiers or its own attributes, or NULL. */
const char *cleanup_of(Lower *L, Node *specs, Node *id)
{
    const char *f = specs ? cleanup_in(L, specs->span.begin, specs->span.end) : NULL;
    uint32_t end = id->init ? id->init->span.begin : id->span.end;
    return f ? f : cleanup_in(L, id->span.begin, end);
}

/* The member declaration from `from` on in b without its cleanup
 * attribute, which the lowering runs itself (a frame member would have
 * it ignored). */
void strip_cleanup(Buf *b, size_t from)
{
    for (size_t i = from; i < b->len; i++) {
        bool word = i == 0 || !is_word_char(b->data[i - 1]);
        size_t j = i;
        while (j < b->len && is_word_char(b->data[j]))
            j++;
        if (!word || !is_attribute_word(b->data + i, j - i))
            continue;
        size_t end = group_end(b->data, j, b->len);
        if (!memmem(b->data + j, end - j, "cleanup", 7))
            continue;
        while (end < b->len && b->data[end] == ' ')
            end++;
        memmove(b->data + i, b->data + end, b->len - end);
        b->len -= end - i;
        i--;
    }
}
