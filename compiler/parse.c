/*
 * parse.c - the parser's driver, its syntax errors, and the helpers that
 * the grammar's actions call (the lexer's hooks are lex.c's).
 *
 * The lexer (grammar/c.l, lex.c) and the parser (grammar/c.y) share one
 * Parser (parser.h), reached through ctx->parse_state.  The height of the
 * tree is refused past MAX_TREE_HEIGHT (ast.c; a flat chain's length does
 * not count) and bracket nesting past MAX_NEST (lex.c), so no input can
 * exhaust a later walk's stack.
 */
#include <stdlib.h>
#include <string.h>

#include "parser.h"

/* ------------------------------------------------------ syntax errors */

/* "file.h:12: message", for the warning about the preprocessed text. */
static const char *cpp_error_text(Ctx *ctx, const char *msg)
{
    Parser *ps = P(ctx);
    uint32_t line = ps->marker_line + (ps->last.line - ps->marker_phys);
    char s[512];
    snprintf(s, sizeof s, "%.*s:%u: %s", (int)ps->cur_len, ps->cur_file ? ps->cur_file : "",
             line, msg);
    return symtab_intern(ctx->syms, s, strlen(s));  // outlives the nodes released
}

/* Bison says "syntax error, unexpected X, expecting Y or Z"; we say
 * "expected Y or Z before X", and name the bracket a '}' would close. */
static void syntax_error(YYLTYPE *loc, Ctx *ctx, const char *msg)
{
    Parser *ps = P(ctx);
    if (ctx->fatal)
        return;
    if (ctx->cpp.track_live && !ctx->cpp.error && !ps->ml.in_main)
        ctx->cpp.error = cpp_error_text(ctx, msg);  // the main file: see later
    const char *un = strstr(msg, "unexpected ");
    const char *ex = strstr(msg, ", expecting ");
    if (!un) {
        error_at(ctx, *loc, "%s", msg);
        return;
    }
    un += strlen("unexpected ");
    int unlen = ex ? (int)(ex - un) : (int)strlen(un);
    const Bracket *b = ps->nopen ? &ps->open[ps->nopen - 1] : NULL;
    if (b && strncmp(un, "end of file", 11) == 0) {
        error_at(ctx, *loc, "expected %s at end of file (to close '%c' at line %u)",
                 closer_of(b->ch), b->ch, b->at.line);
        return;
    }
    if (!ex) {
        error_at(ctx, *loc, "unexpected %.*s", unlen, un);
        return;
    }
    ex += strlen(", expecting ");
    if (b && strstr(ex, closer_of(b->ch)))
        error_at(ctx, *loc, "expected %s before %.*s (to close '%c' at line %u)",
                 ex, unlen, un, b->ch, b->at.line);
    else
        error_at(ctx, *loc, "expected %s before %.*s", ex, unlen, un);
}

/* A syntax error at a token a macro made: gcc's note, "in expansion of
 * macro 'X'", at X's definition when the file has it. */
void c_yyerror(YYLTYPE *loc, Ctx *ctx, const char *msg)
{
    int errors = ctx->nerrors;
    syntax_error(loc, ctx, msg);
    if (ctx->nerrors == errors || !(loc->prov & SP_MADE) || !ctx->expander)
        return;
    const MadeTok *t = expand_made(ctx->expander, *loc);
    const Invocation *inv = t ? expand_invocation(ctx->expander, t->inv) :
        expand_invocation_in(ctx->expander, loc->r0, loc->r1);
    if (!inv)
        return;
    const char *by = t && t->made_by ? t->made_by : inv->macro;
    Span def;
    if (expand_definition_at(ctx->expander, by, loc->line, &def))
        note_at(ctx, def, "in expansion of macro '%s'", by);
    if (strcmp(by, inv->macro) && expand_definition_at(ctx->expander, inv->macro,
                                                       loc->line, &def))
        note_at(ctx, def, "in expansion of macro '%s'", inv->macro);
}

/* --------------------------------------------------------------- lists */

List list_empty(void) { return (List){NULL, NULL, 0}; }

List list_one(Node *n) { return list_add(list_empty(), n); }

List list_add(List l, Node *n)
{
    if (!n)
        return l;
    if (l.tail)
        l.tail->next = n;
    else
        l.head = n;
    l.tail = n;
    while (l.tail->next)                // n may itself head a chain
        l.tail = l.tail->next;
    return l;
}

/* head's chain with more's chain after it. */
static Node *chain_append(Node *head, Node *more)
{
    if (!head)
        return more;
    Node *t = head;
    while (t->next)
        t = t->next;
    t->next = more;
    return head;
}

/* In the preprocessor's output only the declarations' effect on the symbol
 * table matters, and with ctx->drop_plain only the items that hold
 * `coroutine` or `yield`, and the file's own type declarations (the rest
 * is copied through as text, and no check looks into it): an item not kept is dropped at once, its nodes released,
 * so the memory of the parse stays the size of the items kept plus the
 * largest other one.  An item holds coroutine syntax if such a token ends
 * after its start (at worst the next item's first token, read ahead: then
 * the item is kept, which is safe). */
/* A file-scope declaration of a typedef, or one that defines a struct or
 * union: kept for the lowering, which looks into the file's own types
 * (whether a typedef is const, an array, a struct with a const member). */
static bool declares_type(const Node *item)
{
    if (item->kind != ND_DECL)
        return false;
    if (item->flags & FL_TYPEDEF)
        return true;
    for (const Node *t = item->specs ? item->specs->list : NULL; t; t = t->next)
        if ((t->kind == ND_STRUCT || t->kind == ND_UNION) && (t->flags & FL_HAS_BODY))
            return true;
    return false;
}

List add_external(Ctx *ctx, List tu, Node *item)
{
    Parser *ps = P(ctx);
    bool plain = ctx->cpp.track_live ||
                 (ctx->drop_plain && item && ps->coro_end <= item->span.begin &&
                  !declares_type(item));
    if (plain)
        arena_release(ctx->arena, ps->mark);
    else
        tu = list_add(tu, item);
    ps->mark = arena_mark(ctx->arena);
    return tu;
}

List list_cat(List a, List b)
{
    return b.head ? list_add(a, b.head) : a;
}

List list_variadic(Ctx *ctx, List l, Span ellipsis)
{
    (void)ctx, (void)ellipsis;
    l.flags |= FL_VARIADIC;
    return l;
}

/* a through b: every token between them is in it too. */
Span span_from(Span a, Span b)
{
    a.end = b.end;
    if (a.r0 == a.r1 && !(a.prov & SP_DIRTY)) {
        a.r0 = b.r0;
        a.r1 = b.r1;
        a.prov = b.prov;
    } else if (b.r0 != b.r1 || (b.prov & SP_DIRTY)) {
        bool run = !(a.prov & (SP_DIRTY | SP_END_MID)) &&
                   !(b.prov & (SP_DIRTY | SP_START_MID)) && a.r0 <= b.r0;
        a.prov = (a.prov & SP_MADE) |
                 (run ? (a.prov & SP_START_MID) | (b.prov & SP_END_MID) : SP_DIRTY);
        a.r1 = b.r1;
    }
    return a;
}

static bool prov_empty(const Span *s)
{
    return s->r0 == s->r1 && !(s->prov & SP_DIRTY);
}

static bool prov_within(const Span *in, const Span *out)
{
    return in->r0 >= out->r0 && in->r1 <= out->r1;
}

/* span_prov_add, every case. */
void span_prov_join(Span *a, const Span *b)
{
    if (prov_empty(b))
        return;
    if (prov_empty(a)) {
        a->r0 = b->r0;
        a->r1 = b->r1;
        a->prov = b->prov;
        return;
    }
    uint32_t made = a->prov & SP_MADE;
    a->prov &= SP_NOT_EDITABLE;         // a run of tokens: no token's index
    if ((a->prov | b->prov) & SP_DIRTY) {
        a->prov = SP_DIRTY | made;
        return;
    }
    /* Only an expansion's own tokens (its first, its last) share its
     * first or last raw index; a raw token inside it is an argument's. */
    if ((a->prov & SP_END_MID) && prov_within(b, a)) {
        // b goes on inside the expansion a is in (or ends it)
        a->prov = (a->prov & SP_START_MID) |
                  (a->r1 == b->r1 ? b->prov & SP_END_MID : SP_END_MID);
    } else if ((b->prov & SP_START_MID) && prov_within(a, b)) {
        // a was inside the expansion b goes on in
        a->prov = (a->r0 == b->r0 ? a->prov & SP_START_MID : SP_START_MID) |
                  (b->prov & SP_END_MID);
        a->r0 = b->r0;
        a->r1 = b->r1;
    } else if ((a->prov & SP_END_MID) && (b->prov & SP_START_MID) &&
               a->r0 <= b->r0 && b->r0 < a->r1 && a->r1 <= b->r1) {
        // a ends inside the expansion b begins inside: `HANDLE(item) x`
        // is `struct item` then `* x`
        a->prov = (a->prov & SP_START_MID) | (b->prov & SP_END_MID);
        a->r1 = b->r1;
    } else if (!(a->prov & SP_END_MID) && !(b->prov & SP_START_MID) && a->r1 == b->r0) {
        a->prov = (a->prov & SP_START_MID) | (b->prov & SP_END_MID);
        a->r1 = b->r1;
    } else {
        a->prov = SP_DIRTY;
    }
    a->prov |= made;
}

Node *extend_span(Node *n, Span s)
{
    if (n)
        n->span = s;
    return n;
}

/* ---------------------------------------------------------- specifiers */

SpecItem spec_flags(unsigned flags) { return (SpecItem){flags, NULL}; }

static unsigned tclass_flags(TypeClass c) { return (unsigned)c << FL_TCLASS_SHIFT; }

static TypeClass flags_tclass(unsigned flags)
{
    return (TypeClass)((flags & FL_TCLASS) >> FL_TCLASS_SHIFT);
}

/* A struct or union is a record, an enum a scalar; the others (typeof,
 * _Atomic(T), _Alignas) blc cannot tell. */
SpecItem spec_node(Node *n)
{
    TypeClass c = n->kind == ND_STRUCT || n->kind == ND_UNION ? TC_RECORD :
                  n->kind == ND_ENUM ? TC_SCALAR : TC_UNKNOWN;
    return (SpecItem){FL_HAS_TYPE | tclass_flags(c), n};
}

/* A typedef name among specifiers: only flags when it is spelled in the
 * file (the lowering reads the specifiers' text), a node (ND_NAME) when a
 * macro made it, whose text is no help (lower_type.c: next_spec_word).
 * Either way it carries the class of the typedef's type. */
SpecItem spec_typedef_name(Ctx *ctx, Span s, const char *name)
{
    unsigned c = tclass_flags(symtab_class(ctx->syms, name, false));
    if (!(s.prov & SP_MADE))
        return spec_flags(FL_HAS_TYPE | c);
    Node *n = new_node(ctx, ND_NAME, s);
    n->name = name;
    return (SpecItem){FL_HAS_TYPE | c, n};
}

Node *new_specs(Ctx *ctx, Span s, SpecItem item)
{
    return specs_add(ctx, s, new_node(ctx, ND_SPECS, s), item);
}

/* The specifiers' class: the first type specifier's; `unsigned long` stays
 * a scalar, any other pair blc cannot tell. */
Node *specs_add(Ctx *ctx, Span s, Node *specs, SpecItem item)
{
    (void)ctx;
    specs->span = s;
    TypeClass was = flags_tclass(specs->flags), c = flags_tclass(item.flags);
    if ((item.flags & FL_HAS_TYPE) && (specs->flags & FL_HAS_TYPE))
        c = was == TC_SCALAR && c == TC_SCALAR ? TC_SCALAR : TC_UNKNOWN;
    else if (!(item.flags & FL_HAS_TYPE))
        c = was;
    specs->flags = (specs->flags | item.flags) & ~FL_TCLASS;
    specs->flags |= tclass_flags(c);
    if (item.node)
        specs->list = chain_append(specs->list, item.node);
    return specs;
}

Node *implicit_int(Ctx *ctx, Span s)
{
    s.end = s.begin;
    return new_node(ctx, ND_SPECS, s);
}

/* ---------------------------------------------------------- top level */

Node *finish_tu(Ctx *ctx, Span s, List items)
{
    if (!ctx->tu)
        ctx->tu = new_node(ctx, ND_TU, s);
    ctx->tu->span = (Span){.end = ctx->len, .line = 1, .col = 1};
    ctx->tu->list = items.head;
    return ctx->tu;
}

Node *recovered(Ctx *ctx, Span s)
{
    return new_node(ctx, ND_EMPTY, s);
}

/* ------------------------------------------------------- type classes */

/* The class of a pointer to (or an array, which decays to one, of) c. */
static TypeClass pointer_to(TypeClass c)
{
    return c == TC_UNKNOWN ? TC_UNKNOWN : c == TC_RECORD ? TC_POINTER :
           TC_PLAIN_POINTER;
}

/* The class of the type that derivations d (from the name out, as
 * declarators chain them) make of the specifiers' class base. */
static TypeClass derived_class(TypeClass base, const Node *d)
{
    int outer = 0;                      // pointers and arrays outside
    for (; d && d->kind != ND_D_FUNC; d = d->next)
        outer++;
    TypeClass c = d ? TC_FUNCTION : base;
    for (int i = 0; i < outer && c != TC_PLAIN_POINTER; i++)
        c = pointer_to(c);
    return c;
}

/* Declares d's name with what blc can know of it (symtab_declare_class):
 * the class of its value and, for a function or a pointer to one, of its
 * result.  A coroutine's result is a handle, a pointer to a struct. */
static void declare_classed(Ctx *ctx, Node *specs, Node *d, SymKind kind)
{
    TypeClass base = flags_tclass(specs->flags), self, call = TC_UNKNOWN;
    if (!(specs->flags & FL_HAS_TYPE))
        base = TC_UNKNOWN;              // implicit int: old C, leave it
    const Node *x = d->derived;
    self = derived_class(base, x);
    if (x && x->kind == ND_D_POINTER)
        x = x->next;
    if (x && x->kind == ND_D_FUNC)
        call = specs->flags & FL_COROUTINE ? TC_POINTER : derived_class(base, x->next);
    symtab_declare_class(ctx->syms, d->name, kind, self, call);
}

static const unsigned SPEC_FLAGS = FL_TYPEDEF | FL_EXTERN | FL_STATIC |
    FL_AUTO | FL_REGISTER | FL_THREAD | FL_INLINE | FL_NORETURN |
    FL_COROUTINE;

Node *new_function(Ctx *ctx, Span s, Node *specs, Node *declarator,
                   Node *knr, Node *body)
{
    if (!declarator_func(declarator))
        error_at(ctx, declarator->span, "a function definition needs a "
                 "parameter list after the name");
    Node *n = new_node(ctx, ND_FUNC, s);
    n->flags = specs->flags & SPEC_FLAGS;
    n->specs = specs;
    n->declarator = declarator;
    n->name = declarator->name;
    n->name_span = declarator->name_span;
    n->knr = knr;
    n->body = body;
    if (declarator->name)
        declare_classed(ctx, specs, declarator, SYM_OBJECT);
    return set_height(ctx, n);
}

static void declare_param(Ctx *ctx, Node *param)
{
    Node *d = param->kind == ND_PARAM ? param->declarator : param;
    if (d && d->name && param->kind == ND_PARAM && param->specs)
        declare_classed(ctx, param->specs, d, SYM_OBJECT);
    else if (d && d->name)
        symtab_declare(ctx->syms, d->name, SYM_OBJECT);
}

/* In its body a function's own name is declared (new_function declares
 * it at file scope after the body); not declared before, it is taken for
 * a coroutine's, whose call is a handle: a yield in a function that is
 * no coroutine is refused anyway (`coroutine int f(int n) { ... yield
 * f(n - 1) ... }` with no prototype before). */
void begin_function_body(Ctx *ctx, Node *declarator)
{
    Node *fn = declarator_func(declarator);
    if (!fn)
        return;
    const char *name = declarator->name;
    if (name && symtab_lookup(ctx->syms, name, strlen(name)) == SYM_NONE)
        symtab_declare_class(ctx->syms, name, SYM_OBJECT, TC_UNKNOWN, TC_POINTER);
    for (Node *p = fn->list; p; p = p->next)
        declare_param(ctx, p);
    for (Node *p = fn->knr; p; p = p->next)
        symtab_declare(ctx->syms, p->name, SYM_OBJECT);
}

int open_scope(Ctx *ctx)
{
    Parser *ps = P(ctx);
    int depth = symtab_depth(ctx->syms);
    symtab_push(ctx->syms);
    if (depth + 1 < (int)(sizeof ps->proto / sizeof *ps->proto))
        ps->proto[depth + 1] = false;
    return depth;
}

static void close_scope(Ctx *ctx, int depth)
{
    while (symtab_depth(ctx->syms) > depth)
        symtab_pop(ctx->syms);
}

Node *finish_block(Ctx *ctx, Span s, int depth, List items)
{
    close_scope(ctx, depth);
    return new_list_node(ctx, s, ND_BLOCK, items);
}

/* -------------------------------------------------------- declarations */

/* `a, *p;` at file scope: each declared with implicit int. */
Node *bare_name(Ctx *ctx, Span s, Node *declarator)
{
    symtab_declare(ctx->syms, declarator->name, SYM_OBJECT);
    return new_init_declarator(ctx, s, declarator, NULL, NULL);
}

void declare_declarator(Ctx *ctx, Node *specs, Node *d)
{
    if (d && d->name)
        declare_classed(ctx, specs, d,
                        specs->flags & FL_TYPEDEF ? SYM_TYPEDEF : SYM_OBJECT);
}

/* `coroutine` makes functions coroutines: on a member, a parameter or a
 * typedef it needs a function in the declarator (`coroutine int (*op)(int)`,
 * `typedef coroutine int job(int);`), and is refused here, on the declared
 * name, without one.  (A variable is refused by the lowering.) */
static void check_coroutine_on(Ctx *ctx, Node *specs, Node *d)
{
    bool func = false;
    for (Node *x = d ? d->derived : NULL; x; x = x->next)
        func |= x->kind == ND_D_FUNC;
    if ((specs->flags & FL_COROUTINE) && d && d->name && !func)
        error_at(ctx, d->name_span, "'coroutine' applies to functions only");
}

static Node *make_decl(Ctx *ctx, Span s, Node *specs, List decls)
{
    Node *n = new_node(ctx, ND_DECL, s);
    n->flags = specs->flags & SPEC_FLAGS;
    n->specs = specs;
    n->list = decls.head;
    return n;
}

Node *new_declaration(Ctx *ctx, Span s, Node *specs, List decls)
{
    if (specs->flags & FL_TYPEDEF)
        for (Node *d = decls.head; d; d = d->next)
            check_coroutine_on(ctx, specs, d->declarator);
    return make_decl(ctx, s, specs, decls);
}

int open_prototype_scope(Ctx *ctx)
{
    Parser *ps = P(ctx);
    int depth = open_scope(ctx), inner = symtab_depth(ctx->syms);
    if (inner < (int)(sizeof ps->proto / sizeof *ps->proto))
        ps->proto[inner] = true;
    return depth;
}

static bool in_prototype_scope(Ctx *ctx)
{
    Parser *ps = P(ctx);
    int d = symtab_depth(ctx->syms);
    return d < (int)(sizeof ps->proto / sizeof *ps->proto) && ps->proto[d];
}

Node *prototype_suffix(Ctx *ctx, Span s, int depth, List params)
{
    Parser *ps = P(ctx);
    for (int d = symtab_depth(ctx->syms); d > depth; d--)
        if (d < (int)(sizeof ps->proto / sizeof *ps->proto))
            ps->proto[d] = false;
    close_scope(ctx, depth);
    return new_func_suffix(ctx, s, params, NULL);
}

Node *new_member_decl(Ctx *ctx, Span s, Node *specs, List decls)
{
    for (Node *d = decls.head; d; d = d->next)
        check_coroutine_on(ctx, specs, d->declarator);
    return make_decl(ctx, s, specs, decls);
}

/* An object declared "an array of variable length": its own type is an
 * array (the first derivation) with some non-constant dimension. */
static bool declares_vla(Node *d)
{
    for (Node *a = d ? d->derived : NULL; a && a->kind == ND_D_ARRAY; a = a->next)
        if (a->flags & FL_VLA)
            return true;
    return false;
}

Node *new_init_declarator(Ctx *ctx, Span s, Node *declarator, Node *init,
                          Node *bits)
{
    Node *n = new_node(ctx, ND_INIT_DECL, s);
    n->declarator = declarator;
    n->init = init;
    n->rhs = bits;
    if (declarator) {
        n->name = declarator->name;
        n->name_span = declarator->name_span;
    }
    if (declares_vla(declarator))
        n->flags |= FL_VLA;
    return set_height(ctx, n);
}

Node *new_typed(Ctx *ctx, Span s, NodeKind kind, Node *type, Node *lhs)
{
    Node *n = new_node(ctx, kind, s);
    n->type = type;
    n->lhs = lhs;
    return set_height(ctx, n);
}

Node *new_record(Ctx *ctx, Span s, NodeKind kind, const char *tag,
                 Span tag_span, List members)
{
    Node *n = new_tag(ctx, s, kind, tag, tag_span);
    n->flags |= FL_HAS_BODY;
    n->list = members.head;
    return n;
}

Node *new_tag(Ctx *ctx, Span s, NodeKind kind, const char *tag,
              Span tag_span)
{
    return new_named(ctx, s, kind, tag, tag_span);
}

Node *new_enum(Ctx *ctx, Span s, const char *tag, Span tag_span,
               List enumerators)
{
    return new_record(ctx, s, ND_ENUM, tag, tag_span, enumerators);
}

Node *new_enumerator(Ctx *ctx, Span s, const char *name, Span name_span,
                     Node *value)
{
    Node *n = new_named(ctx, s, ND_ENUMERATOR, name, name_span);
    n->lhs = value;
    if (name)                   // NULL: `E(RED) = 1`, a macro makes it
        symtab_declare(ctx->syms, name, SYM_ENUMCONST);
    return set_height(ctx, n);
}

/* --------------------------------------------------------- declarators */

Node *new_declarator(Ctx *ctx, Span s, const char *name, Span name_span)
{
    return new_named(ctx, s, ND_DECLARATOR, name, name_span);
}

Node *declarator_add(Ctx *ctx, Span s, Node *d, Node *derived)
{
    (void)ctx;
    d->span = s;
    d->derived = chain_append(d->derived, derived);
    return d;
}

Node *declarator_span(Ctx *ctx, Span s, Node *d)
{
    (void)ctx;
    d->span = s;
    return d;
}

Node *new_pointer(Ctx *ctx, Span s, unsigned quals)
{
    Node *n = new_node(ctx, ND_D_POINTER, s);
    n->flags = quals;
    return n;
}

static int vla_walk(Node *n, void *arg);

/* Whether an array size is not an integer constant expression, as far as
 * syntax and the symbol table tell: it reads an object, calls, assigns...
 * Names we cannot see (macros) are taken for constants. */
static bool is_vla_size(Ctx *ctx, Node *e, int depth)
{
    switch (e->kind) {
    case ND_IDENT:
        return symtab_lookup(ctx->syms, e->name, strlen(e->name)) == SYM_OBJECT;
    case ND_CALL: case ND_ASSIGN: case ND_PRE_INC: case ND_PRE_DEC:
    case ND_POST_INC: case ND_POST_DEC: case ND_STMT_EXPR: case ND_YIELD:
        return true;
    case ND_SIZEOF_EXPR: case ND_SIZEOF_TYPE: case ND_ALIGNOF_EXPR:
    case ND_ALIGNOF_TYPE: case ND_OFFSETOF: case ND_TYPES_COMPAT:
        return false;
    default:
        if (depth > MAX_WALK)
            return true;
        void *arg[3] = {ctx, e, &depth};
        return visit_flat(e, vla_walk, arg) != 0;
    }
}

static int vla_walk(Node *n, void *arg)
{
    void **a = arg;
    return is_vla_size(a[0], n, *(int *)a[2] + 1);
}

Node *new_array(Ctx *ctx, Span s, unsigned flags, Node *size)
{
    Node *n = new_node(ctx, ND_D_ARRAY, s);
    n->flags = flags;
    n->lhs = size;
    if ((flags & FL_STAR) || (size && is_vla_size(ctx, size, 0)))
        n->flags |= FL_VLA;
    return n;
}

Node *new_func_suffix(Ctx *ctx, Span s, List params, Node *knr)
{
    Node *n = new_node(ctx, ND_D_FUNC, s);
    n->list = params.head;
    n->flags = params.flags;
    n->knr = knr;
    return n;
}

Node *new_param(Ctx *ctx, Span s, Node *specs, Node *declarator)
{
    if (declarator && declarator->name && in_prototype_scope(ctx))
        symtab_declare(ctx->syms, declarator->name, SYM_OBJECT);
    check_coroutine_on(ctx, specs, declarator);
    Node *n = new_node(ctx, ND_PARAM, s);
    n->specs = specs;
    n->declarator = declarator;
    if (declarator) {
        n->name = declarator->name;
        n->name_span = declarator->name_span;
    }
    return n;
}

Node *new_type_name(Ctx *ctx, Span s, Node *specs, Node *declarator)
{
    Node *n = new_node(ctx, ND_TYPENAME, s);
    n->specs = specs;
    n->declarator = declarator;
    return n;
}

/* -------------------------------------------------------- initializers */

Node *new_init_list(Ctx *ctx, Span s, List items)
{
    return new_list_node(ctx, s, ND_INIT_LIST, items);
}

Node *new_designated(Ctx *ctx, Span s, List designators, Node *init)
{
    Node *n = new_list_node(ctx, s, ND_DESIG_INIT, designators);
    n->then = init;
    return set_height(ctx, n);
}

Node *new_list_node(Ctx *ctx, Span s, NodeKind kind, List items)
{
    Node *n = new_node(ctx, kind, s);
    n->list = items.head;
    return set_height(ctx, n);
}

/* ---------------------------------------------------------- statements */

Node *new_label(Ctx *ctx, Span s, const char *name, Span name_span,
                Node *stmt)
{
    Node *n = new_named(ctx, s, ND_LABEL, name, name_span);
    n->body = stmt;
    return set_height(ctx, n);
}

Node *new_case(Ctx *ctx, Span s, Node *lo, Node *hi, Node *stmt)
{
    Node *n = new_binary(ctx, s, lo ? ND_CASE : ND_DEFAULT, lo, hi);
    n->body = stmt;
    return set_height(ctx, n);
}

Node *new_if(Ctx *ctx, Span s, Node *cond, Node *then, Node *els)
{
    Node *n = new_node(ctx, ND_IF, s);
    n->cond = cond;
    n->then = then;
    n->els = els;
    return set_height(ctx, n);
}

Node *new_loop(Ctx *ctx, Span s, NodeKind kind, Node *cond, Node *body)
{
    Node *n = new_node(ctx, kind, s);
    n->cond = cond;
    n->body = body;
    return set_height(ctx, n);
}

Node *new_for(Ctx *ctx, Span s, int depth, Node *init, Node *cond,
              Node *inc, Node *body)
{
    close_scope(ctx, depth);
    Node *n = new_loop(ctx, s, ND_FOR, cond, body);
    n->init = init;
    n->inc = inc;
    return set_height(ctx, n);
}

Node *new_asm(Ctx *ctx, Span s, unsigned flags, Node *tmpl, List operands)
{
    Node *n = new_list_node(ctx, s, ND_ASM, operands);
    n->flags = flags;
    n->lhs = tmpl;
    return set_height(ctx, n);
}

List asm_section(List operands, unsigned section)
{
    for (Node *n = operands.head; n; n = n->next)
        n->flags = section;
    return operands;
}

Node *new_asm_operand(Ctx *ctx, Span s, const char *name, Span name_span,
                      Node *constraint, Node *expr)
{
    Node *n = new_named(ctx, s, ND_ASM_OPERAND, name, name_span);
    n->rhs = constraint;
    n->lhs = expr;
    return n;
}

/* --------------------------------------------------------- expressions */

Node *new_stmt_expr(Ctx *ctx, Span s, Node *block)
{
    Node *n = new_node(ctx, ND_STMT_EXPR, s);
    n->body = block;
    return set_height(ctx, n);
}

Node *new_generic(Ctx *ctx, Span s, Node *ctrl, List assocs)
{
    Node *n = new_list_node(ctx, s, ND_GENERIC, assocs);
    n->lhs = ctrl;
    return set_height(ctx, n);
}

Node *new_offsetof(Ctx *ctx, Span s, Node *type, List path)
{
    Node *n = new_list_node(ctx, s, ND_OFFSETOF, path);
    n->type = type;
    return set_height(ctx, n);
}

Node *new_types_compat(Ctx *ctx, Span s, Node *a, Node *b)
{
    Node *n = new_typed(ctx, s, ND_TYPES_COMPAT, a, NULL);
    n->rhs = b;
    return set_height(ctx, n);
}

Node *new_call(Ctx *ctx, Span s, Node *fn, List args)
{
    Node *n = new_list_node(ctx, s, ND_CALL, args);
    n->lhs = fn;
    return set_height(ctx, n);
}

Node *new_member(Ctx *ctx, Span s, Node *base, unsigned flags,
                 const char *name, Span name_span)
{
    Node *n = new_named(ctx, s, ND_MEMBER, name, name_span);
    n->lhs = base;
    n->flags = flags;
    return set_height(ctx, n);
}

Node *new_compound_literal(Ctx *ctx, Span s, Node *type, Node *init)
{
    Node *n = new_typed(ctx, s, ND_COMPOUND_LIT, type, NULL);
    n->init = init;
    return set_height(ctx, n);
}

Node *new_cond(Ctx *ctx, Span s, Node *cond, Node *then, Node *els)
{
    Node *n = new_if(ctx, s, cond, then, els);
    n->kind = ND_COND;
    return set_height(ctx, n);
}

Node *new_assign(Ctx *ctx, Span s, NodeKind op, Node *lhs, Node *rhs)
{
    Node *n = new_binary(ctx, s, ND_ASSIGN, lhs, rhs);
    n->op = op;
    return n;
}

/* `yield E`: when E is a name or a call of a name whose declaration, in
 * the scope of the yield, says that E is never awaitable (`int n`, `int
 * plain(int)`), the yield is marked for analysis to refuse; when no
 * declaration tells (a member, an element, a cast, a name of a type blc
 * cannot class), for the C compiler to check. */
Node *new_yield(Ctx *ctx, Span s, Node *operand)
{
    Node *n = new_unary(ctx, s, ND_YIELD, operand);
    Node *e = operand;
    while (e && e->kind == ND_PAREN)
        e = e->lhs;
    bool call = e && e->kind == ND_CALL;
    Node *name = call ? e->lhs : e;
    while (name && name->kind == ND_PAREN)
        name = name->lhs;
    TypeClass c = TC_UNKNOWN;
    if (name && name->kind == ND_IDENT &&
        symtab_lookup(ctx->syms, name->name, strlen(name->name)) == SYM_OBJECT)
        c = symtab_class(ctx->syms, name->name, call);
    if (tclass_not_awaitable(c))
        n->flags |= FL_NOT_AWAITABLE;
    else if (c == TC_UNKNOWN)
        n->flags |= FL_AWAIT_UNCHECKED;
    // bluelet.h's bl_recv, bl_send, bl_sendall: the name declared at file
    // scope (one external function, the runtime's, whatever declares it
    // there), not a parameter or local of the same name.
    if (call && e == operand && name == e->lhs && name->kind == ND_IDENT &&
        (!strcmp(name->name, "bl_recv") || !strcmp(name->name, "bl_send") ||
         !strcmp(name->name, "bl_sendall")) &&
        symtab_decl_depth(ctx->syms, name->name, strlen(name->name)) == 0)
        n->flags |= FL_AWAIT_IO;
    return n;
}

/* -------------------------------------------------------------- driver */

int parse_source(Ctx *ctx)
{
    Parser *ps = calloc(1, sizeof *ps);
    Bracket *open = malloc(MAX_NEST * sizeof *open);
    if (!ps || !open) {
        free(ps);
        free(open);
        error_plain(ctx, "out of memory");
        return -1;
    }
    ps->open = open;
    ps->line = ps->col = 1;
    ps->mark = arena_mark(ctx->arena);
    if (ctx->cpp.track_live && ctx->cpp.owner)
        main_lines_init(&ps->ml, ctx->cpp.owner);   // its #line directives
    ctx->parse_state = ps;
    int errors = ctx->nerrors;
    bool ahead = lex_take_prelex(ctx, ps);     // its scanner, lexing on
    if (ahead || c_lex_init_extra(ctx, &ps->scanner) == 0) {
        /* flex gets its own copy: it writes NULs into the text it scans,
         * and the diagnostics and the emitter read ours meanwhile.  A
         * stream it copies as it comes (lex_input). */
        if (!ctx->cpp.stream && !ahead)
            c__scan_bytes(ctx->text, (int)ctx->len, ps->scanner);
        if (!ctx->cpp.track_live && !ctx->expander && !cpp_input_preprocessed(ctx))
            ctx->expander = expand_new(ctx);    // no cpp: the file's own macros
        if (ctx->expander) {            // the main file: macros expanded
            ps->ex = ctx->expander;
            ps->check = ctx->expand_check;
            ps->raw = true;
            expand_begin(ps->ex, lex_expanded_source, ctx);
        }
        yyparse(ctx);
        c_lex_destroy(ps->scanner);
    } else {
        error_plain(ctx, "out of memory");
    }
    close_scope(ctx, 0);
    if (!ctx->tu)
        finish_tu(ctx, (Span){.end = ctx->len, .line = 1, .col = 1}, list_empty());
    ctx->parse_state = NULL;
    main_lines_free(&ps->ml);
    free(ps->incq);
    free(ps->drops);
    free(ps->open);
    free(ps);
    return ctx->nerrors > errors || ctx->fatal ? -1 : 0;
}

void ctx_init(Ctx *ctx, const Options *opt, const char *path,
              const char *text, size_t len)
{
    *ctx = (Ctx){0};
    ctx->arena = arena_new();
    ctx->opt = opt;
    ctx->path = path;
    ctx->diag = stderr;
    ctx->max_errors = 20;
    ctx->syms = symtab_new();
    char *copy = arena_alloc(ctx->arena, len + 1);
    if (text)
        memcpy(copy, text, len);
    ctx->text = copy;
    ctx->len = (uint32_t)len;
}

void ctx_free(Ctx *ctx)
{
    expand_free(ctx->expander);
    symtab_free(ctx->syms);
    free(ctx->cpp.dirs);
    free(ctx->cpp.skips);
    arena_free(ctx->arena);
    *ctx = (Ctx){0};
}

