/*
 * lower.c - the coroutine transform's driver: a coroutine definition in,
 * a frame struct, an info block, a constructor and a resume function out.
 *
 * The key decision: we rewrite *text*, not trees.  A coroutine body is
 * emitted as its own source text with a list of patches applied (replace
 * this span, insert that string here), so everything the user wrote inside
 * a coroutine -- formatting, comments, macro calls, the macros' arguments --
 * survives, and the output reads beside the source line for line.  The
 * AST tells us *where* to patch; it is never printed.
 *
 * The shape.  `coroutine T f(P) { body }` becomes, in place:
 *
 *     struct bl__co_T { union { bl_aw aw; bl_coro co; }; T result; };  (T != void,
 *                         T's handle, guarded: lower_handle.c)
 *     struct f__frame { struct bl__co_T h; P; locals; temporaries; };
 *     static void f__resume(bl_coro *co);
 *     static const unsigned f__lines[] = { def line, line of yield 1, ... };
 *     static const bl_coro_info f__info = { "f", "file.blc", f__resume,
 *         sizeof(struct f__frame), 1 + yields, f__lines, f__unwind or NULL };
 *     struct bl__co_T *f(P) { allocate; copy P into the frame; return &self->h; }
 *     static void f__resume(bl_coro *co)
 *     {
 *         struct f__frame *self = (struct f__frame *)co;
 *         switch (co->state) { case 0: break; case 1: goto resume_1; ... }
 *         body, patched
 *         BL_END(co);
 *     }
 *
 * For a void coroutine the handle is `bl_coro *` and the frame starts with
 * `bl_coro h`.  The dispatch is a switch of gotos rather than Duff's device
 * so that a resume point may sit anywhere a label may: inside the user's
 * own switch, inside loops, after the user's labels.  A prototype
 * `coroutine T f(P);` becomes the handle struct (guarded, so a header
 * translated by blc and the unit that defines f can both declare it;
 * emitted once per output) and `struct bl__co_T *f(P);`.  `self` is declared only when the body uses the
 * frame, and the dispatch only when there is a resume point.
 *
 * The stages, one file each, in the order a body goes through them (each
 * file's opening comment says the rest):
 *   lower_frame.c  the frame: bindings, scopes, renaming, members, and
 *                  block-scope types moved to file scope
 *   lower_type.c   what can be known of a type from its text, without a
 *                  type system: types for file scope, const, arrays
 *   lower_expr.c   yields in expressions: resume points, order, temporaries
 *   lower_stmt.c   statements and loops around them
 *   lower_cleanup.c  cleanup locals: their calls at every scope exit, and
 *                  the unwind function the runtime calls on a kill
 *   lower_handle.c  handle types, and coroutine pointers and typedefs
 *   emit.c         the patches (sites), the renderer, #line
 *   lower.h        the state (Lower) and what the files share
 * analyze.c runs first and refuses what cannot be lowered; blc(1) is the
 * one list of refusals.  What the lowering itself refuses (labels named
 * like ours, functions declared with variables, macros whose bodies name
 * what moves) is said where it is checked, and listed in blc(1) too.
 *
 * Flat chains (ast.c: `a + b + ...`, `a || b || ...`, comma lists, else-if
 * ladders, stacked labels) may be of any length, so no walk here recurses
 * along one: visit_flat, or a loop over the chain (collect, lower_logic,
 * lower_comma_discarded, lower_if, lower_labels).
 */
#include "lower.h"

#include <stdlib.h>
#include <string.h>

void *arena_grow(Lower *L, void *old, int n, int cap, size_t size)
{
    void *p = arena_alloc(L->ctx->arena, (size_t)cap * size);
    if (n)
        memcpy(p, old, (size_t)n * size);
    return p;
}

/* A string that lives as long as the Ctx, from a printf format. */
const char *fmt(Lower *L, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(NULL, 0, f, ap);
    va_end(ap);
    char *s = arena_alloc(L->ctx->arena, (size_t)n + 1);
    va_start(ap, f);
    vsnprintf(s, (size_t)n + 1, f, ap);
    va_end(ap);
    return s;
}

/* The contents of a Buf as an arena string; the Buf is emptied. */
const char *take(Lower *L, Buf *b)
{
    const char *s = arena_strndup(L->ctx->arena, b->data ? b->data : "", b->len);
    buf_free(b);
    return s;
}

bool in_units(const Units *u, Node *n)
{
    for (int i = 0; u && i < u->n; i++)
        if (u->v[i] == n)
            return true;
    return false;
}

void add_unit(Arena *a, Units *u, Node *n)
{
    if (!n || in_units(u, n))
        return;
    if (u->n == u->cap) {
        u->cap = u->cap ? 2 * u->cap : 8;
        Node **v = arena_alloc(a, (size_t)u->cap * sizeof *v);
        if (u->n)
            memcpy(v, u->v, (size_t)u->n * sizeof *v);
        u->v = v;
    }
    u->v[u->n++] = n;
}

/* The span of the parameter list `(...)` right after the name of d. */
static Span params_of(Lower *L, Node *d)
{
    uint32_t i = d->name_span.end;
    while (i < L->ctx->len && src(L)[i] != '(')
        i++;
    uint32_t b = i;
    for (int depth = 0; i < L->ctx->len; i++) {
        depth += (src(L)[i] == '(') - (src(L)[i] == ')');
        if (depth == 0)
            break;
    }
    return (Span){ .begin = b, .end = i + 1 };
}

/* The result type of the function declared by specs and d, as the
 * declaration of a member named `result`; NULL for void. */
static const char *result_member(Lower *L, Node *specs, Node *d)
{
    Var fn = { .name = L->name, .kind = B_KEEP, .specs = specs, .declarator = d };
    split_made_declaration(L, &fn, NULL);
    Span p = params_of(L, d);
    Buf b = {0};
    /* `return v;` assigns the result: a top-level const of T goes. */
    Node *outer = d->derived ? d->derived->next : NULL;
    bool pointer = outer && outer->kind == ND_D_POINTER;
    put_specs(L, &b, specs, !pointer, false);
    strip_attributes(&b);
    size_t k = 0;
    while (k < b.len && (b.data[k] == ' ' || b.data[k] == '\n'))
        k++;
    bool is_void = b.len - k == 4 && !memcmp(b.data + k, "void", 4) &&
                   d->span.begin == d->name_span.begin && d->span.end == p.end;
    if (is_void) {
        buf_free(&b);
        return NULL;
    }
    buf_puts(&b, " ");
    buf_put(&b, src(L) + d->span.begin, d->name_span.begin - d->span.begin);
    buf_puts(&b, "result");
    buf_put(&b, src(L) + p.end, d->span.end - p.end);
    return take(L, &b);
}

/* `BL_MUST_USE struct T *f(P)` (T the handle's tag) or `BL_MUST_USE
 * bl_coro *f(P)`, after the coroutine's attributes:
 * `__attribute__((noinline)) coroutine void f(void)` =>
 * `__attribute__((noinline)) BL_MUST_USE bl_coro *f(void)`. */
static void put_constructor_head(Lower *L, Buf *out, Node *specs, Node *d,
                                 const char *tag)
{
    if (specs && (specs->flags & FL_STATIC))
        buf_puts(out, "static ");
    if (specs)
        put_attributes(L, out, specs);
    buf_puts(out, "BL_MUST_USE ");      // a handle not used leaks (bluelet.h)
    if (tag)
        buf_printf(out, "struct %s *%s", tag, d->name);
    else
        buf_printf(out, "bl_coro *%s", d->name);
    Span p = params_of(L, d);
    put_edited(L, out, p.begin, p.end);
}

/* Whether word `name` stands in b. */
static bool buf_has_word(const Buf *b, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; b->data && i + n <= b->len; i++)
        if (!memcmp(b->data + i, name, n) &&
            (i == 0 || !is_word_char(b->data[i - 1])) &&
            (i + n == b->len || !is_word_char(b->data[i + n])))
            return true;
    return false;
}

/* Whether a declaration of the file before the coroutine declares it. */
static bool declared_before(Lower *L)
{
    for (Node *it = L->ctx->tu->list; it && it != L->fn; it = it->next)
        for (Node *id = it->kind == ND_DECL ? it->list : NULL; id; id = id->next)
            if (id->declarator && id->declarator->name &&
                !strcmp(id->declarator->name, L->name))
                return true;
    return false;
}

/* Whether the frame's types name the coroutine itself: a temporary of
 * `(yield f(n - 1))` in f, typed __typeof__(...f(...)...), which needs f
 * declared before the frame when the file has no prototype of it. */
static bool frame_names_itself(Lower *L)
{
    if (declared_before(L))
        return false;
    return buf_has_word(&L->members, L->name) ||
           buf_has_word(&L->temps, L->name) || buf_has_word(&L->hoisted, L->name);
}

/* `struct T *f(P);` before the frame, for frame_names_itself. */
static void put_prototype(Lower *L, Buf *out)
{
    put_constructor_head(L, out, L->fn->specs, L->fn->declarator, L->tag);
    buf_puts(out, ";\n");
}

static void put_frame(Lower *L, Buf *out)
{
    const char *f = L->name;
    buf_printf(out, "struct %s__frame {\n", f);
    if (L->tag)
        buf_printf(out, "    struct %s h;\n", L->tag);
    else
        buf_puts(out, "    bl_coro h;\n");
    buf_put(out, L->members.data, L->members.len);
    buf_put(out, L->temps.data, L->temps.len);
    buf_puts(out, "};\n");
    buf_printf(out, "static void %s__resume(bl_coro *co);\n", f);
    if (has_unwind(L))
        buf_printf(out, "static void %s__unwind(bl_coro *co);\n", f);
    buf_printf(out, "static const unsigned %s__lines[] = {", f);
    for (int i = 0; i <= L->nresume; i++)
        buf_printf(out, "%s %u", i ? "," : "", L->lines[i]);
    buf_puts(out, " };\n");
    buf_printf(out, "static const bl_coro_info %s__info = {\n    \"%s\", ", f, f);
    put_c_string(out, L->ctx->path);
    buf_printf(out, ", %s__resume,\n    sizeof(struct %s__frame), %d, %s__lines, %s\n};\n\n",
               f, f, L->nresume + 1, f, has_unwind(L) ? fmt(L, "%s__unwind", f) : "NULL");
}

/* A name for the constructor's own local that no parameter has. */
static const char *local_name(Lower *L, Var **params, int nparams, const char *base)
{
    const char *name = base;
    for (int k = 2;; k++) {
        bool taken = false;
        for (int i = 0; i < nparams; i++)
            taken |= !strcmp(params[i]->name, name);
        if (!taken)
            return name;
        name = fmt(L, "%s__%d", base, k);
    }
}

static void put_constructor(Lower *L, Buf *out, Var **params, int nparams)
{
    const char *f = L->name;
    const char *self = local_name(L, params, nparams, "self");
    const char *failed = local_name(L, params, nparams, "failed");
    put_constructor_head(L, out, L->fn->specs, L->fn->declarator, L->tag);
    buf_printf(out, "\n{\n    struct %s__frame *%s = bl__frame_new(&%s__info);\n",
               f, self, f);
    buf_printf(out, "    if (!%s) {\n", self);
    if (L->tag)
        buf_printf(out, "        static struct %s %s = BL_FAILED_HANDLE;\n", L->tag, failed);
    else
        buf_printf(out, "        static bl_coro %s = BL_FAILED_HANDLE;\n", failed);
    buf_printf(out, "        return &%s;\n    }\n", failed);
    for (int i = 0; i < nparams; i++) {
        const char *m = params[i]->member, *p = params[i]->name;
        if (member_may_be_const(L, params[i]))  // a const typedef's
            buf_printf(out, "    __builtin_memcpy((void *)&%s->%s, &%s, sizeof %s);\n",
                       self, m, p, p);
        else
            buf_printf(out, "    %s->%s = %s;\n", self, m, p);
    }
    buf_printf(out, "    return &%s->h;\n}\n\n", self);
}

/* `{ __label__ l; ...` at the top of the body => the same declaration
 * at the top of the resume function, where GCC wants it (before the
 * frame's pointer and the dispatch). */
static void hoist_local_labels(Lower *L, Node *body)
{
    for (Node *i = body->list; i && i->kind == ND_LOCAL_LABEL; i = i->next) {
        buf_puts(&L->local_labels, "    ");
        emit_span(L->ctx, &L->local_labels, i->span);
        buf_puts(&L->local_labels, "\n");
        remove_stmt(L, i);
    }
}

/* The resume function: the body, patched, behind the dispatch. */
static void put_resume(Lower *L, Buf *out, const char *body, bool ends_in_return)
{
    const char *f = L->name;
    buf_printf(out, "static void %s__resume(bl_coro *co)\n{\n", f);
    buf_put(out, L->local_labels.data, L->local_labels.len);
    if (strstr(body, "self->"))
        buf_printf(out, "    struct %s__frame *self = (struct %s__frame *)co;\n", f, f);
    if (L->nresume) {
        buf_puts(out, "    switch (co->state) {\n    case 0: break;\n");
        for (int i = 1; i <= L->nresume; i++)
            buf_printf(out, "    case %d: goto resume_%d;\n", i, i);
        buf_puts(out, "    }\n");
    }
    buf_puts(out, body);
    if (!ends_in_return) {
        if (out->len && out->data[out->len - 1] != '\n')
            buf_puts(out, "\n");
        if (L->final_cleanups)
            buf_printf(out, "    %s\n", L->final_cleanups);
        buf_puts(out, "    BL_END(co);\n");
    }
    buf_puts(out, "}");
}

/* Adds to `named` the units that a unit in it needs at file scope: those
 * of the names it mentions, and the other declarations of those names (a
 * `struct p;` and its definition go together), until nothing is added. */
static void close_units(Lower *L, Units *named)
{
    for (int k = 0; k < named->n; k++) {
        Span u = named->v[k]->span;
        for (int i = 0; i < L->noccs; i++) {
            Occ *o = &L->occs[i];
            if (o->at < u.begin || o->at >= u.end)
                continue;
            add_unit(L->ctx->arena, named, o->var->unit);
            for (int j = 0; j < L->noccs; j++)
                if (L->occs[j].var == o->var && L->occs[j].unit)
                    add_unit(L->ctx->arena, named, L->occs[j].unit);
        }
    }
}

/* One lowering of coroutine item into out, hoisting the units in `hoist`;
 * the units that file-scope text named go to `named`. */
static int lower_pass(Ctx *ctx, Node *item, Buf *out, const Units *hoist,
                      Units *named, bool quiet)
{
    int errors = ctx->nerrors;
    Lower state = { .ctx = ctx, .fn = item, .name = item->declarator->name,
                    .hoist = hoist, .named = named, .quiet = quiet, .output = out };
    Lower *L = &state;
    Node *d = item->declarator;
    const char *result;
    L->tag = handle_tag(L, item->specs, d, result_member(L, item->specs, d), &result);
    L->is_void = !L->tag;
    coroutine_types(L, item, item->specs, &L->hoisted);
    GROW(L->lines, 0, L->caplines);
    L->lines[0] = d->name_span.line;

    Node *fd = declarator_func(d);
    Var **params = NULL;
    int nparams = 0, capparams = 0;
    for (Node *p = fd ? fd->list : NULL; p; p = p->next) {
        if (!p->declarator || !p->declarator->name)
            continue;
        Var *v = declare(L, p->declarator->name, p->specs, p->declarator, B_FRAME);
        v->param = true;
        split_made_declaration(L, v, NULL);
        put_member(L, &L->members, v, NULL);
        GROW(params, nparams, capparams);
        params[nparams++] = v;
    }
    Node *body = item->body;
    L->yields = has_yield(body);
    hoist_local_labels(L, body);
    lower_stmt(L, body, false);
    patch_gotos(L);
    check_escapes(L, body);

    Node *last = NULL;
    for (Node *i = body->list; i; i = i->next)
        last = i;
    /* The body's text starts on the line after its `{` when nothing but
     * blanks follow the brace. */
    uint32_t from = body->span.begin + 1, k = from;
    while (src(L)[k] == ' ' || src(L)[k] == '\t' || src(L)[k] == '\r')
        k++;
    if (src(L)[k] == '\n')
        from = k + 1;
    Buf text = {0};
    Sync sync = { &text, !no_line(L) };    // the body starts with a #line
    L->sync = &sync;
    render(L, &text, from, body->span.end - 1, NULL);
    L->sync = NULL;

    mark_output(L, out);
    put_handle(L, out, L->tag, result);
    buf_put(out, L->hoisted.data, L->hoisted.len);
    if (frame_names_itself(L))
        put_prototype(L, out);
    put_frame(L, out);
    put_constructor(L, out, params, nparams);
    put_resume(L, out, take(L, &text), last && last->kind == ND_RETURN);
    put_unwind(L, out);
    resync(L, out, item->span.end);
    buf_free(&L->members);
    buf_free(&L->temps);
    buf_free(&L->hoisted);
    buf_free(&L->local_labels);
    buf_free(&L->unwind);
    close_units(L, named);
    return ctx->nerrors > errors ? -1 : 0;
}

/* Hoisting.  What a frame member's type needs at file scope is known
 * only once the frame is written, so a coroutine whose frame names one of
 * its own typedefs, tags or enumerators is lowered again, with those
 * declarations hoisted and renamed, until the hoisted set holds all that
 * the frame names (twice, as a rule: the first lowering names them all). */
int lower_coroutine(Ctx *ctx, Node *item, Buf *out)
{
    size_t len = out->len;
    Units hoist = {0};
    bool quiet = ctx->quiet;
    for (;;) {
        Units named = {0};
        int rc = lower_pass(ctx, item, out, &hoist, &named, quiet);
        bool more = false;
        for (int i = 0; i < named.n; i++)
            more |= !in_units(&hoist, named.v[i]);
        if (rc || !more) {
            ctx->quiet = quiet;
            return rc;
        }
        ctx->quiet = true;      // the first lowering said all there is
        for (int i = 0; i < hoist.n; i++)
            add_unit(ctx->arena, &named, hoist.v[i]);
        hoist = named;
        out->len = len;
    }
}

/* A block-scope prototype `coroutine T g(P);` => `struct T *g(P);`
 * in place, on its own line, and g's handle type in *handles, for file
 * scope (a handle declared in a block would be another type). */
const char *local_coroutine_decl(Lower *L, Node *d, Buf *handles)
{
    Buf b = {0};
    for (Node *id = d->list; id; id = id->next) {
        Node *fd = id->declarator;
        const char *result;
        const char *tag = handle_tag(L, d->specs, fd,
                                     result_member(L, d->specs, fd), &result);
        put_handle(L, handles, tag, result);
        put_constructor_head(L, &b, d->specs, fd, tag);
        buf_puts(&b, id->next ? "; " : ";");
    }
    return take(L, &b);
}

static int find_local_coroutine_decls(Node *n, void *arg)
{
    Lower *L = arg;
    if (is_coroutine_prototype(n)) {
        replace(L, n->span.begin, n->span.end,
                local_coroutine_decl(L, n, &L->hoisted));
        return 0;
    }
    return visit_flat(n, find_local_coroutine_decls, L);
}

/* An item that is no coroutine but mentions one: a function with a
 * block-scope prototype, a coroutine pointer, a typedef, a struct with
 * one...
 *     int main(void) { coroutine int g(int); ... }
 *  => the handle types it needs before it, and in its place
 *     int main(void) { struct bl__co_int *g(int); ... } */
int lower_plain_function(Ctx *ctx, Node *item, Buf *out)
{
    int errors = ctx->nerrors;
    Lower state = { .ctx = ctx, .fn = item, .output = out };
    Lower *L = &state;
    coroutine_types(L, item, NULL, &L->hoisted);
    find_local_coroutine_decls(item, L);
    if (L->hoisted.len) {
        mark_output(L, out);
        buf_put(out, L->hoisted.data, L->hoisted.len);
        emit_line_marker(ctx, out, item->span.line);
    }
    render(L, out, item->span.begin, item->span.end, NULL);
    buf_free(&L->hoisted);
    return ctx->nerrors > errors ? -1 : 0;
}

/* A file-scope prototype `coroutine T f(P), ...;` => the handle types,
 * then `struct T *f(P);` per declarator.  Any other declaration with
 * `coroutine` (a pointer, a typedef) is a plain item. */
int lower_coroutine_decl(Ctx *ctx, Node *item, Buf *out)
{
    if (!is_coroutine_prototype(item))
        return lower_plain_function(ctx, item, out);
    int errors = ctx->nerrors;
    Lower L = { .ctx = ctx, .fn = item, .output = out };
    mark_output(&L, out);
    coroutine_types(&L, item, NULL, out);       // its parameters'
    for (Node *id = item->list; id; id = id->next) {
        Node *d = id->declarator;
        const char *result;
        const char *tag = handle_tag(&L, item->specs, d,
                                     result_member(&L, item->specs, d), &result);
        put_handle(&L, out, tag, result);
        put_constructor_head(&L, out, item->specs, d, tag);
        buf_puts(out, ";\n");
    }
    if (out->len && out->data[out->len - 1] == '\n')
        out->len--;
    resync(&L, out, item->span.end);
    return ctx->nerrors > errors ? -1 : 0;
}
