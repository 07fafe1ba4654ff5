/*
 * lower_frame.c - the frame: every name the coroutine declares is bound
 * here, in scope order, and each reference is patched to what it became.
 *
 * The key decision: every parameter and every non-static local whose
 * scope holds a yield moves to the frame, so its address stays valid
 * across yields; a local declared after the last yield of its block (and
 * not in a loop body that the lowering ends with awaits) lives within one
 * run of the resume function and stays a C variable there, as written
 * (lower_block, stays_local).  Members keep
 * their source names; a name is renamed (`x__2`) only when another frame
 * member already has it (shadowing, or a clash with the header `h`); a
 * name written with universal character names is spelled in UTF-8.  Each
 * reference is rewritten `x` -> `self->x` by patching the identifier's
 * span.  A declaration `T x = init;` becomes the statement `self->x = init;`
 * (one statement per declarator: each initialiser is a full expression);
 * one without an initialiser disappears.  Braced initialisers become
 * compound literals, `self->s = (__typeof__(self->s)){ ... };`, and for a
 * declarator that is an array, `__builtin_memcpy(self->a,
 * (__typeof__(self->a)){ ... }, sizeof self->a);`, the same with
 * `&self->v` and `&(...){ ... }` for a local whose type, a typedef name or
 * a __typeof__, may be an array (`V v = { 1, 2 }`, `V v = "ab"`; of the
 * coroutine's own typedefs blc knows which are).  A member that may be
 * const (lower_type.c) is initialised by copy, never assigned:
 * `__builtin_memcpy((void *)&self->x, (__typeof__(self->x)[1]){ 1 },
 * sizeof self->x)` (a one-element array, since `{ v }` of a struct value v
 * would initialise v's first member), `&(__typeof__(self->x)){ ... }` for
 * braces, and the constructor copies such a parameter the same way.
 * Declarators whose specifiers define a type (`struct { int a; } x, *p;`,
 * or a type macro's call, `PAIR(int) x, *p;`) share one member
 * declaration, so the type is defined once.  `static` and `extern` locals
 * stay in the body, their references to locals patched; a static that
 * file-scope text names (as a typed null: `typedef __typeof__(arr) A;`
 * hoisted) gains `(void)&arr;` after its declaration (keep_used), since
 * the __typeof__ that counted as its use is gone from the function.
 *
 * Block-scope types.  A typedef, struct, union or enum declared in a
 * coroutine stays where it is, in the resume function, which gives it the
 * scope C gives it -- unless text at file scope names it: the type of a
 * frame member or of a temporary.  Then the unit that declares it moves to
 * file scope, before the frame -- a typedef or a tag-only declaration
 * whole, otherwise the tag's definition alone, `struct p { ... };`, whose
 * place keeps `struct f__p` -- renamed after the coroutine: tag p becomes
 * f__p, typedef T f__T, enumerator RED f__RED (f__p__2 for the p of a
 * second block), and every reference in the coroutine, case labels
 * included, is patched.  So a hoisted copy never meets a file-scope name,
 * another coroutine's, or the same name of another block.  What a hoisted
 * unit names moves with it (`typedef struct p P;` takes p along), and a
 * `struct p;` goes with p's definition.  The enumerators of an anonymous
 * enum defined with a frame variable are renamed in its member's
 * declaration, which holds the enum; one defined with a static or extern
 * variable, which stays in the body, moves to file scope with a tag,
 * `enum f__enum { f__A, f__B };`, and the variable's declaration names it,
 * `static enum f__enum e;` (an enum inside a struct there does not move).
 * Which names the frame needs is known only once it is written, so a
 * coroutine whose frame names some is lowered again with those hoisted
 * (lower_coroutine).
 *
 * A compound literal lives in its block, which is the resume function's
 * and ends at the next yield: one that can be kept -- an array, or one
 * whose address is taken -- is copied into a frame temporary and used
 * from there, `(__builtin_memcpy(self->t__1, (int[]){ 1, 2 }, sizeof
 * self->t__1), self->t__1)`.
 *
 * Macros.  A macro used in a coroutine whose body (not its arguments)
 * names a local or parameter that moved to the frame, in scope at the
 * use, is refused: the body is not ours to patch, and after translation
 * it would name nothing, or the file-scope variable of that name
 * (`#define TWICE_N (n * 2)` used where a local n is in scope).  The
 * error is at the use, with a note at the definition and the fix, to pass
 * the name as an argument.  macros.c's essay says which definition is in
 * effect at a use (the file's own #define lines, in order, else the
 * preprocessor's -dU list) and which names of a body are references (not
 * its parameters, member names, tags, or what the body declares itself,
 * like SWAP's `int tmp`); the macros a body uses are looked through too.
 * A macro argument is patched like any expression, unless the macro uses
 * that parameter only as a name: stringified (`#x`), pasted (`a##b`), a
 * member (`p->x`, offsetof's member, also when handed on to another
 * macro): STR(n) and offsetof(struct pt, y) stay as written.  And a
 * macro that pastes a frame member's name from its arguments, CAT(n, 2)
 * where a local n2 is in scope, is refused at the use.  The same goes for
 * a typedef, tag or enumerator of the coroutine that a macro body names
 * (`#define MKT(v) ((T)(v))`, `sizeof(struct p)`, macros.c offering the
 * tag as `struct p`) when it moves to file scope renamed: known only in
 * the second lowering, whose diagnostics are otherwise quiet, so these
 * speak up there (speak_for).  One that stays in place is fine.  A loop
 * macro's body (`LIST_FOREACH(p, h, f) stmt`) is lowered like a loop's;
 * its arguments only have their names rewritten.
 *
 * Names of the function.  `__func__` is the coroutine's name, as erasure
 * says (the resume function's own would be `f__resume`), and an outer
 * `self` or `co`, which the resume function's own names hide, is reached
 * through a pointer declared before the frame (resolve_unbound).
 *
 * Limits, known and left: a name that a macro body makes by pasting its
 * own tokens, or arguments of more than one token in the middle of a
 * paste, is not seen by those checks, nor a macro that stands for a type
 * or a member name; a macro that uses an argument both as a value and
 * stringified (assert's `expr`) gets the patched text, so its string
 * reads `self->n > 0` where the source says `n > 0`.
 */
#include "lower.h"

#include <string.h>

static int resolve_cb(Node *n, void *arg);
static bool name_editable(Lower *L, Span s, const char *name, Var *v);
static const char *moved_where(Lower *L, Var *v);
static void note_definition(Lower *L, const char *macro, Span use, const char *fix);
static void hoist_literal(Lower *L, Node *outer, Node *lit, bool addr);

Occ *occ_at(Lower *L, uint32_t at)
{
    for (int i = L->noccs - 1; i >= 0; i--)
        if (L->occs[i].at == at)
            return &L->occs[i];
    return NULL;
}

/* `static int a[4];` whose reference went to file scope as a typed null
 * (`typedef __typeof__(a) A;` hoisted) => `static int a[4]; (void)&a;`,
 * so that no compiler calls it unused; C counts the __typeof__ a use. */
void keep_used(Lower *L, Var *v)
{
    if (v->kind != B_STATIC || !v->decl || v->kept_used ||
        !(v->decl->flags & FL_STATIC))
        return;
    v->kept_used = true;
    wrap(L, v->decl->span, NULL, fmt(L, " (void)&%s;", v->name));
}

static bool member_taken(Lower *L, const char *m)
{
    if (!strcmp(m, "h"))
        return true;
    for (int i = 0; i < L->nvars; i++)
        if (L->vars[i]->kind == B_FRAME && !strcmp(L->vars[i]->member, m))
            return true;
    return false;
}

/* `base`, or `base__2`, `base__3`... whichever no frame member has yet. */
static const char *fresh_member(Lower *L, const char *base)
{
    if (!member_taken(L, base))
        return base;
    for (int k = 2;; k++) {
        const char *m = fmt(L, "%s__%d", base, k);
        if (!member_taken(L, m))
            return m;
    }
}

/* The text of a declaration is edited as its specifiers' and its
 * declarator's (put_member, result_member, the assignment its
 * initialiser becomes).  When a macro wrote part of both, `HANDLE(item)
 * from` for `struct item * from`, neither is text of its own, but the two
 * together are: then the declaration is split at its name, `HANDLE(item)`
 * and `from`, which says the same, as long as it declares only this one
 * name.  A declaration that is no run of the file's text, or one whose
 * name a macro made, cannot move to the frame: refused. */
bool split_made_declaration(Lower *L, Var *v, Node *decl)
{
    Node *specs = v->specs, *d = v->declarator;
    if (!specs || !d)
        return true;
    bool own = span_editable(specs->span) && span_editable(d->span) &&
               (!decl || span_editable(decl->span));
    if (own)
        return true;
    Span whole = specs->span;
    span_prov_add(&whole, &d->span);
    whole.end = d->span.end;
    bool single = !decl || !decl->list || !decl->list->next;
    if (span_editable(whole) && single && span_editable(d->name_span) &&
        !(d->name_span.prov & SP_MADE) && (!decl || span_editable(decl->span))) {
        specs->span.end = d->name_span.begin;
        specs->span.prov = 0;
        d->span.begin = d->name_span.begin;
        d->span.line = d->name_span.line;
        d->span.col = d->name_span.col;
        d->span.prov = 0;
        return true;
    }
    Span at = decl ? decl->span : whole;
    const Invocation *inv = expand_invocation_in(L->ctx->expander, at.r0, at.r1);
    v->refused = true;
    at = inv ? inv->at : at;
    error_at(L->ctx, at, "macro '%s' writes the declaration of '%s', %s; blc "
             "cannot move a declaration that a macro wrote", inv ? inv->macro : "?",
             v->name, moved_where(L, v));
    if (inv)
        note_definition(L, inv->macro, at, "declare the variable in the "
                        "coroutine's own text instead");
    return false;
}

Var *declare(Lower *L, const char *name, Node *specs, Node *declarator,
                    BindKind kind)
{
    Var *v = arena_alloc(L->ctx->arena, sizeof *v);
    *v = (Var){ .name = name, .kind = kind, .specs = specs,
                .declarator = declarator };
    v->member = kind == B_FRAME ? fresh_member(L, name) : name;
    GROW(L->vars, L->nvars, L->capvars);
    L->vars[L->nvars++] = v;
    GROW(L->scope, L->nscope, L->capscope);
    L->scope[L->nscope++] = v;
    return v;
}

/* The innermost binding of name [s, s + n) in the ordinary namespace
 * (tag: in the tags'). */
Var *lookup_in(Lower *L, const char *s, size_t n, bool tag)
{
    for (int i = L->nscope - 1; i >= 0; i--) {
        Var *v = L->scope[i];
        if (v->tag == tag && strlen(v->name) == n && !memcmp(v->name, s, n))
            return v;
    }
    return NULL;
}

Var *lookup(Lower *L, const char *name)
{
    return lookup_in(L, name, strlen(name), false);
}

/* The file-scope name of a hoisted typedef, tag or enumerator x of
 * coroutine f: f__x, or f__x__2... when f__x is taken (by another
 * hoisted name, or by the frame's own names). */
static const char *hoisted_name(Lower *L, const char *name)
{
    static const char *const ours[] = { "frame", "co", "resume", "info",
                                        "lines", NULL };
    bool frames = false;
    for (const char *const *o = ours; *o; o++)
        frames |= !strcmp(name, *o);
    const char *base = fmt(L, "%s__%s", L->name, name), *m = base;
    for (int k = 2;; k++) {
        bool taken = frames && m == base;
        for (int i = 0; i < L->nvars; i++)
            taken |= L->vars[i]->unit && !strcmp(L->vars[i]->member, m);
        if (!taken)
            return m;
        m = fmt(L, "%s__%d", base, k);
    }
}

/* Where kept name v is written; in a unit that is hoisted, the name is
 * patched to its file-scope one.  `unit`: the unit the occurrence
 * declares v in, or NULL for a use. */
static void note_occ(Lower *L, Span s, Var *v, Node *unit)
{
    if (!v->unit)
        return;
    GROW(L->occs, L->noccs, L->capoccs);
    L->occs[L->noccs++] = (Occ){ s.begin, s.end, v, unit };
    if (v->member != v->name && name_editable(L, s, v->name, v))
        replace(L, s.begin, s.end, v->member);
}

/* A typedef name, enumerator or tag declared at span s, moving to file
 * scope with `unit` (NULL: it never moves). */
static Var *declare_kept(Lower *L, const char *name, Span s, Node *unit, bool tag)
{
    Var *v = declare(L, name, NULL, NULL, B_KEEP);
    v->tag = tag;
    v->unit = unit;
    if (unit && in_units(L->hoist, unit))
        v->member = hoisted_name(L, name);
    note_occ(L, s, v, unit);
    return v;
}

Var *ref_at(Lower *L, uint32_t at)
{
    for (int i = L->nrefs - 1; i >= 0; i--)
        if (L->refs[i].at == at)
            return L->refs[i].var;
    return NULL;
}

/* Binds every identifier of expression n to its declaration and patches
 * the references to frame members. */
void resolve(Lower *L, Node *n)
{
    if (n)
        resolve_cb(n, L);
}

/* A compound literal lives in the block around it, which in a coroutine
 * is the resume function's: gone at the next yield.  Those whose storage
 * can be kept -- an array, which decays to a pointer, or one whose
 * address is taken -- therefore move to the frame.  Not in operands that
 * are never evaluated (sizeof would see a pointer), nor in a static's
 * initialiser, which has static storage already. */
static bool hoist_compound_literal(Lower *L, Node *n)
{
    if (!L->yields || L->no_hoist)
        return false;
    Node *lit = n->kind == ND_ADDR ? strip_parens(n->lhs) : n;
    if (lit->kind != ND_COMPOUND_LIT || !lit->init || !lit->type)
        return false;
    bool addr = n->kind == ND_ADDR;
    if (!addr && !first_is(lit->type->declarator, ND_D_ARRAY))
        return false;
    visit_children(lit, resolve_cb, L);
    hoist_literal(L, n, lit, addr);
    return true;
}

/* How the diagnostics below say where v went. */
static const char *moved_where(Lower *L, Var *v)
{
    if (v->kind == B_FRAME)
        return fmt(L, "a %s of coroutine '%s' that lives in its frame after "
                   "translation", v->param ? "parameter" : "local", L->name);
    return fmt(L, "%s of coroutine '%s' that moves to file scope as '%s' "
               "after translation", v->tag ? "a tag" : v->specs ? "a typedef" :
               "an enumerator", L->name, v->member);
}

/* A name that moved to file scope is known so only in a second lowering,
 * whose diagnostics are otherwise quiet (lower_coroutine): its refusal is
 * said all the same.  Returns the quiet to restore. */
static bool speak_for(Lower *L, Var *v)
{
    bool quiet = L->ctx->quiet;
    if (v->kind != B_FRAME)
        L->ctx->quiet = L->quiet;
    return quiet;
}

/* The note after a refusal of a name a macro made: at the definition of
 * the macro whose body made it, else at the use with that definition. */
static void note_definition(Lower *L, const char *macro, Span use, const char *fix)
{
    Span def;
    uint32_t line;
    const char *text;
    size_t len;
    if (expand_definition_at(L->ctx->expander, macro, use.line, &def))
        note_at(L->ctx, def, "'%s' is defined here; %s", macro, fix);
    else if (expand_definition(L->ctx->expander, macro, use.line, &line, &text, &len)) {
        const char *body = text + strlen(macro), *end = text + len;
        if (body < end && *body == '(')             // its parameters
            body = memchr(body, ')', (size_t)(end - body));
        body = body ? body + (*body == ')') : end;
        while (body < end && (*body == ' ' || *body == '\t'))
            body++;
        int n = (int)(end - body);
        note_at(L->ctx, use, "'%s' is defined outside this file as '%.*s'; %s",
                macro, n > 60 ? 60 : n, body, fix);
    }
}

/* Whether the name at s, which translation rewrites (v moved to the frame,
 * or to file scope renamed), can be: its bytes are its own (Span's
 * provenance), spelled in the file or a macro's argument.  One that a
 * macro's body made, or pasted with ##, is not ours to patch: after
 * translation it would name nothing, or the file-scope name of that
 * spelling.  Refused, at the macro's use, with a note at its definition
 * and the fix, to pass the name as an argument. */
static bool name_editable(Lower *L, Span s, const char *name, Var *v)
{
    if (span_editable(s))
        return true;
    if (v->refused)
        return false;
    Expander *ex = L->ctx->expander;
    const MadeTok *t = expand_made(ex, s);
    const Invocation *inv = t ? expand_invocation(ex, t->inv) : NULL;
    if (inv && v->refused_in == inv)
        return false;
    v->refused_in = inv;
    bool quiet = speak_for(L, v);
    const char *what = v->kind == B_KEEP && v->tag ? fmt(L, "%s %s",
                       v->def ? tag_keyword(v->def) : "struct", name) : name;
    if (!inv) {
        error_at(L->ctx, s, "'%s' is part of a macro's expansion and %s", what,
                 moved_where(L, v));
    } else if (!strcmp(inv->macro, "#include")) {
        error_at(L->ctx, s, "the header #included here names '%s', %s; blc "
                 "cannot edit a header's text", what, moved_where(L, v));
    } else if (t->flags & PT_PASTED) {
        error_at(L->ctx, s, "macro '%s' pastes '%s', %s", inv->macro, what,
                 moved_where(L, v));
        note_definition(L, t->made_by ? t->made_by : inv->macro, s,
                        fmt(L, "blc cannot rewrite a name made by ##; pass "
                            "'%s' to the macro whole instead", what));
    } else {
        const char *by = t->made_by ? t->made_by : inv->macro;
        error_at(L->ctx, s, "macro '%s' names '%s'%s, %s", inv->macro, what,
                 strcmp(by, inv->macro) ? fmt(L, " (in the body of macro '%s')", by) : "",
                 moved_where(L, v));
        note_definition(L, by, s, fmt(L, "pass '%s' to it as an argument instead", what));
    }
    L->ctx->quiet = quiet;
    return false;
}

/* struct p { ... } => (hoisted: `struct f__p { ... };` before the frame)
 * struct f__p.  A tag definition declares p and is a unit of its own,
 * unless it is part of one (a typedef, another tag's body); `struct p`
 * names the innermost p of the coroutine, if there is one. */
static void resolve_tag(Lower *L, Node *n)
{
    Var *v = n->name ? lookup_in(L, n->name, strlen(n->name), true) : NULL;
    if (!(n->flags & FL_HAS_BODY)) {
        if (v)
            note_occ(L, n->name_span, v, NULL);
        return;
    }
    Node *outer = L->unit;
    if (!outer && !L->keep_locals)
        L->unit = n->name ? n : L->anon_unit;
    if (v && v->fwd) {          // the definition of `struct p;`
        v->fwd = false;
        note_occ(L, n->name_span, v, L->unit);
    } else if (n->name) {
        v = declare_kept(L, n->name, n->name_span, L->unit, true);
    }
    if (v)
        v->def = n;
    visit_children(n, resolve_cb, L);
    bool own = n->name && L->unit == n;
    L->unit = outer;
    if (own && in_units(L->hoist, n)) {
        put_text(L, &L->hoisted, n->span.begin, n->span.end, NULL);
        buf_puts(&L->hoisted, ";\n");
        replace(L, n->span.begin, n->span.end,
                fmt(L, "%s %s", tag_keyword(n), v->member));
    }
}

/* The typedef names of the coroutine that specifiers use (and its
 * enumerators, in an attribute's arguments). */
static void note_typedef_names(Lower *L, Node *specs)
{
    for (Node *t = specs->list; t; t = t->next) {   // made by macros
        Var *v = t->kind == ND_NAME ? lookup(L, t->name) : NULL;
        if (v && v->kind == B_KEEP && v->unit)
            note_occ(L, t->span, v, NULL);
    }
    uint32_t at = specs->span.begin;
    int depth = 0;
    Span w;
    while (next_spec_word(L, specs, &at, &depth, &w)) {
        Var *v = span_editable(w) && !(w.prov & SP_MADE) ?
                 lookup_in(L, src(L) + w.begin, w.end - w.begin, false) : NULL;
        if (v && v->kind == B_KEEP && v->unit)
            note_occ(L, w, v, NULL);
    }
}

/* ({ s...; e; }) holding a yield: its statements are lowered as the
 * coroutine's own (their locals move to the frame, since a yield is in
 * their scope) and its value e only resolved; lower_stmt_expr
 * (lower_expr.c) then moves them in front of the statement that holds
 * it. */
static void resolve_stmt_expr(Lower *L, Node *n)
{
    Node *value = stmt_expr_value(n);
    int keep = L->keep_locals;
    L->keep_locals = 0;
    L->in_yielding_stmt_expr++;
    for (Node *i = n->body->list; i; i = i->next) {
        if (value && !i->next)
            resolve(L, value);
        else
            lower_stmt(L, i, false);
    }
    L->keep_locals = keep;
    L->in_yielding_stmt_expr--;
}

/* The names the resume function gives its frame and its coroutine. */
static bool names_frame(const char *name)
{
    return !strcmp(name, "self") || !strcmp(name, "co");
}

/* An outer `self` or `co`, which the resume function's own would hide,
 * is reached through a pointer declared before the frame:
 *     self(1)  =>  (*f__self)(1)
 * with `static __typeof__(self) *const f__self = &self;` at file scope. */
static const char *outer_name(Lower *L, const char *name)
{
    const char **slot = !strcmp(name, "self") ? &L->outer_self : &L->outer_co;
    if (!*slot) {
        *slot = hoisted_name(L, name);
        buf_printf(&L->hoisted, "static __typeof__(%s) *const %s = &%s;\n",
                   name, *slot, name);
    }
    return *slot;
}

/* An identifier that no declaration of the coroutine binds:
 *     __func__ (__FUNCTION__, __PRETTY_FUNCTION__)  =>  "f"
 * the coroutine's name, as erasure says, not its resume function's (one
 * that a macro's body made stays, and names the resume function: blc(1)
 * says so); an outer `self` or `co` as outer_name says, refused in a
 * macro's body, which cannot be patched. */
static void resolve_unbound(Lower *L, Node *n)
{
    bool own = span_editable(n->span);
    if (!strcmp(n->name, "__func__") || !strcmp(n->name, "__FUNCTION__") ||
        !strcmp(n->name, "__PRETTY_FUNCTION__")) {
        if (own)
            replace(L, n->span.begin, n->span.end, fmt(L, "\"%s\"", L->name));
        return;
    }
    if (names_frame(n->name) && own) {
        replace(L, n->span.begin, n->span.end,
                fmt(L, "(*%s)", outer_name(L, n->name)));
    } else if (names_frame(n->name)) {
        const MadeTok *t = expand_made(L->ctx->expander, n->span);
        const Invocation *inv = t ? expand_invocation(L->ctx->expander, t->inv) : NULL;
        error_at(L->ctx, n->span, "macro '%s' names '%s', which the resume "
                 "function's own '%s' hides after translation",
                 inv ? inv->macro : "?", n->name, n->name);
    }
}

static int resolve_cb(Node *n, void *arg)
{
    Lower *L = arg;
    switch (n->kind) {
    case ND_SIZEOF_EXPR: case ND_SIZEOF_TYPE: case ND_ALIGNOF_EXPR:
    case ND_ALIGNOF_TYPE: case ND_TYPEOF:
        L->no_hoist++;
        visit_flat(n, resolve_cb, L);
        L->no_hoist--;
        return 0;
    case ND_ADDR: case ND_COMPOUND_LIT:
        if (hoist_compound_literal(L, n))
            return 0;
        break;
    case ND_STRUCT: case ND_UNION: case ND_ENUM:
        resolve_tag(L, n);
        return 0;
    case ND_ENUMERATOR:
        resolve(L, n->lhs);
        if (n->name)            // not an X-macro's fragment
            declare_kept(L, n->name, n->name_span,
                         L->unit ? L->unit : L->anon_unit, false);
        return 0;
    case ND_SPECS:
        note_typedef_names(L, n);
        break;
    default:
        break;
    }
    if (n->kind == ND_IDENT) {
        Var *v = lookup(L, n->name);
        if (!v) {
            resolve_unbound(L, n);
            return 0;
        }
        note_occ(L, n->span, v, NULL);
        GROW(L->refs, L->nrefs, L->caprefs);
        L->refs[L->nrefs++] = (Ref){ n->span.begin, v };
        if (v->kind == B_FRAME && name_editable(L, n->span, n->name, v))
            replace(L, n->span.begin, n->span.end, fmt(L, "self->%s", v->member));
        return 0;
    }
    if (n->kind == ND_STMT_EXPR) {
        int mark = L->nscope;
        if (has_yield(n)) {
            resolve_stmt_expr(L, n);
        } else {                        // its locals stay C locals
            L->keep_locals++;
            lower_stmt(L, n->body, false);
            L->keep_locals--;
        }
        L->nscope = mark;
        return 0;
    }
    visit_flat(n, resolve_cb, L);
    return 0;
}

/* A new frame temporary of the given type; its member name. */
const char *new_temp(Lower *L, const char *type)
{
    const char *m = fresh_member(L, fmt(L, "t__%d", ++L->ntemps));
    buf_printf(&L->temps, "    %s %s;\n", type, m);
    Var *v = arena_alloc(L->ctx->arena, sizeof *v);
    *v = (Var){ .name = m, .member = m, .kind = B_FRAME };
    GROW(L->vars, L->nvars, L->capvars);
    L->vars[L->nvars++] = v;
    return m;
}

/* typedef T x; / struct p { ... }; => left in place, or, when text at
 * file scope (a frame member's type) names what it declares, moved there
 * with its names renamed: typedef T f__x; / struct f__p { ... };.  Not
 * `keep` ones (in a statement expression, of variable length). */
void lower_type_decl(Lower *L, Node *d, bool keep)
{
    Node *unit = keep ? NULL : d;
    Node *outer = L->unit, *anon = L->anon_unit;
    L->unit = L->anon_unit = unit;
    for (Node *t = d->list || !d->specs ? NULL : d->specs->list; t; t = t->next)
        if ((t->kind == ND_STRUCT || t->kind == ND_UNION) && t->name &&
            !(t->flags & FL_HAS_BODY))          // `struct p;`
            declare_kept(L, t->name, t->name_span, unit, true)->fwd = true;
    resolve(L, d->specs);
    for (Node *id = d->list; id; id = id->next) {
        resolve(L, id->declarator);
        if (id->declarator && id->declarator->name) {
            Var *t = declare_kept(L, id->declarator->name,
                                  id->declarator->name_span, unit, false);
            t->specs = d->specs;        // what it names, for
            t->declarator = id->declarator;     // type_may_be_array
        }
    }
    L->unit = outer;
    L->anon_unit = anon;
    if (unit && in_units(L->hoist, unit)) {
        put_text(L, &L->hoisted, d->span.begin, d->span.end, NULL);
        buf_puts(&L->hoisted, "\n");
        remove_stmt(L, d);
    }
}

/* `static enum { A, B } e;` whose enumerators file-scope text names =>
 * `enum f__enum { f__A, f__B };` at file scope, and in place `static
 * enum f__enum e;`: the declaration stays, its anonymous enum gets a tag
 * to be named by. */
void hoist_anonymous_enums(Lower *L, Node *d)
{
    for (Node *t = d->specs->list; t; t = t->next) {
        if (t->kind != ND_ENUM || t->name || !(t->flags & FL_HAS_BODY) ||
            strncmp(src(L) + t->span.begin, "enum", 4))
            continue;
        Var *tag = declare(L, "enum", NULL, NULL, B_KEEP);
        tag->tag = true;
        tag->unit = d;
        tag->member = hoisted_name(L, "enum");
        buf_printf(&L->hoisted, "enum %s", tag->member);
        put_text(L, &L->hoisted, t->span.begin + 4, t->span.end, NULL);
        buf_puts(&L->hoisted, ";\n");
        replace(L, t->span.begin, t->span.end, fmt(L, "enum %s", tag->member));
    }
}

/* The specifiers of declaration d: the names they use, the tags and
 * enumerators they declare (an anonymous enum's go with d). */
void resolve_specs(Lower *L, Node *d, bool keep)
{
    Node *anon = L->anon_unit;
    L->anon_unit = keep ? NULL : d;
    resolve(L, d->specs);
    L->anon_unit = anon;
}

/* (T){ init } => (__builtin_memcpy(self->t, (T){ init }, sizeof self->t),
 * self->t), and &(T){ init } the same with & on both sides, where t is a
 * frame temporary of type __typeof__((T){ 0... }). */
static void hoist_literal(Lower *L, Node *outer, Node *lit, bool addr)
{
    Buf type = {0};
    buf_puts(&type, "__typeof__((");
    put_type_expr(L, &type, lit->type);
    buf_puts(&type, ")");
    put_zero_init(L, &type, lit->init);
    buf_puts(&type, ")");
    const char *t = new_temp(L, take(L, &type));
    const char *a = addr ? "&" : "";
    wrap(L, outer->span, fmt(L, "(__builtin_memcpy(%sself->%s, ", a, t),
         fmt(L, ", sizeof self->%s), %sself->%s)", t, a, t));
}

/* `struct { int a; } x, *p;` => one member declaration `struct { int a; }
 * x, *p;`: declarators whose specifiers define a type share one member
 * declaration, so that the type is defined once and is the same for all
 * (two anonymous structs are two types). */
static bool joins_last_member(Lower *L, Buf *out, Var *v)
{
    return v->specs && v->specs == L->group_specs && out == &L->members &&
           out->len == L->group_end && defines_type(v->specs);
}

/* The frame member of local v: `T name;`, an unsized array sized by its
 * initialiser through __typeof__ of a compound literal, or by counting. */
void put_member(Lower *L, Buf *out, Var *v, Node *init)
{
    Node *d = v->declarator;
    /* The member is assigned, so its own const goes: the specifiers' when
     * they qualify it, the pointer's when it is a `*const`. */
    bool ptr = first_is(d, ND_D_POINTER);
    bool strip_const = !ptr && v->specs && (v->specs->flags & FL_CONST);
    bool strip_ptr_const = ptr && (d->derived->flags & FL_CONST);
    uint32_t sfx = array_suffix_end(L, d);
    bool unsized = init && first_is(d, ND_D_ARRAY) && sfx &&
                   !d->derived->lhs && !(d->derived->flags & FL_STAR);
    if (unsized && sized_by_count(L, v, init)) {
        buf_puts(out, "    ");
        put_specs(L, out, v->specs, strip_const, true);
        buf_puts(out, " ");
        put_text(L, out, d->span.begin, d->name_span.begin, NULL);
        buf_printf(out, "%s[", v->member);
        put_count(L, out, init);
        buf_puts(out, "];\n");
        return;
    }
    if (unsized) {
        buf_puts(out, "    ");
        buf_puts(out, "__typeof__((");
        put_specs(L, out, v->specs, strip_const, true);
        buf_puts(out, " ");
        put_declarator(L, out, v, "", false);
        buf_puts(out, init->kind == ND_INIT_LIST ? ")" : "){ ");
        put_zero_init(L, out, init);
        buf_printf(out, "%s) %s;\n", init->kind == ND_INIT_LIST ? "" : " }", v->member);
        return;
    }
    size_t len = out->len;
    buf_puts(out, "    ");
    if (put_array_param_type(L, out, v)) {
        buf_printf(out, " %s;\n", v->member);
        return;
    }
    if (put_unsized_type(L, out, v, init, strip_const, v->member)) {
        buf_puts(out, ";\n");
        return;
    }
    out->len = len;
    if (joins_last_member(L, out, v)) {
        out->len -= 2;                  // the ";\n" of the last member
        buf_puts(out, ", ");
    } else {
        buf_puts(out, "    ");
        put_member_specs(L, out, v, init, strip_const);
        buf_puts(out, " ");
    }
    put_declarator(L, out, v, v->member, strip_ptr_const);
    buf_puts(out, ";\n");
    L->group_specs = v->specs;
    L->group_end = out->len;
}

/* `T x = init` => `self->x = init`, by compound literal for braces and
 * by copy for arrays. */
const char *assign_text(Lower *L, Var *v, Node *init)
{
    const char *m = v->member, *t = text_of(L, init);
    const char *vp = member_may_be_const(L, v) ? "(void *)" : "";
    bool list = init->kind == ND_INIT_LIST;
    if (first_is(v->declarator, ND_D_ARRAY))
        return fmt(L, list ?
                   "__builtin_memcpy(%sself->%s, (__typeof__(self->%s))%s, sizeof self->%s)" :
                   "__builtin_memcpy(%sself->%s, (__typeof__(self->%s)){ %s }, sizeof self->%s)",
                   vp, m, m, t, m);
    if (type_may_be_array(L, v) && (list || init->kind == ND_STRING))
        return fmt(L, list ?
                   "__builtin_memcpy(%s&self->%s, &(__typeof__(self->%s))%s, sizeof self->%s)" :
                   "__builtin_memcpy(%s&self->%s, &(__typeof__(self->%s)){ %s }, sizeof self->%s)",
                   vp, m, m, t, m);
    /* A const member is copied from a literal: `{ e }` of a one-element
     * array, since a struct value in braces would initialise a member. */
    if (*vp)
        return fmt(L, list ?
                   "__builtin_memcpy((void *)&self->%s, &(__typeof__(self->%s))%s, sizeof self->%s)" :
                   "__builtin_memcpy((void *)&self->%s, (__typeof__(self->%s)[1]){ %s }, sizeof self->%s)",
                   m, m, t, m);
    if (init->kind == ND_INIT_LIST)
        return fmt(L, "self->%s = (__typeof__(self->%s))%s", m, m, t);
    return fmt(L, "self->%s = %s", m, t);
}

/* A static or extern local (B_STATIC, or kept in place as every local
 * is where no yield follows). */
static bool is_static(Var *v)
{
    return v->kind == B_STATIC ||
           (v->specs && (v->specs->flags & (FL_STATIC | FL_EXTERN | FL_THREAD)));
}

/* The local whose address e is, `&x` or an array x (a parameter's
 * array is a pointer), or NULL: a frame member, or a C local of the
 * resume function (one declared after the last yield), which dies even
 * sooner. */
static Var *frame_address(Lower *L, Node *e)
{
    e = e ? strip_parens(e) : NULL;
    bool addr = e && e->kind == ND_ADDR;
    Node *x = addr ? strip_parens(e->lhs) : e;
    if (!x || x->kind != ND_IDENT)
        return NULL;
    Var *v = ref_at(L, x->span.begin);
    if (!v || is_static(v) || v->tag || v->unit || !v->declarator ||
        (v->specs && (v->specs->flags & FL_TYPEDEF)))
        return NULL;
    if (!addr && (v->param || !first_is(v->declarator, ND_D_ARRAY)))
        return NULL;
    return v;
}

/* Whether lvalue e outlives the coroutine: a file-scope name or a static
 * local (what blc can see; `*p = &x` may or may not). */
static bool outlives(Lower *L, Node *e)
{
    e = strip_parens(e);
    if (!e || e->kind != ND_IDENT)
        return false;
    Var *v = ref_at(L, e->span.begin);
    return !v || is_static(v);
}

static int find_escapes(Node *n, void *arg)
{
    Lower *L = arg;
    Var *v;
    if (n->kind == ND_RETURN && (v = frame_address(L, n->lhs)))
        warning_at(L->ctx, n->lhs->span, "returning the address of local "
                   "'%s', which does not outlive the coroutine", v->name);
    else if (n->kind == ND_ASSIGN && n->op == ND_ASSIGN &&
             (v = frame_address(L, n->rhs)) && outlives(L, n->lhs))
        warning_at(L->ctx, n->rhs->span, "storing the address of local '%s', "
                   "which does not outlive the coroutine, in '%.*s'", v->name, (int)(n->lhs->span.end - n->lhs->span.begin),
                   src(L) + n->lhs->span.begin);
    if (n->kind == ND_FUNC && n != L->fn)
        return 0;
    return visit_flat(n, find_escapes, L);
}

/* Returning the address of a local, or storing it where it outlives the
 * coroutine: a warning (run once references are resolved). */
void check_escapes(Lower *L, Node *body)
{
    find_escapes(body, L);
}
