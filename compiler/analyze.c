/*
 * analyze.c - the checks that decide whether a translation unit's yields
 * and coroutines can be lowered, run once over the whole AST before any
 * output is written.
 *
 * Every refusal of DESIGN.md section 2 is reported here, at the token that
 * causes it, so that lower.c may assume a well-formed coroutine: yield
 * outside a coroutine, in an operand that is never evaluated, in a constant
 * expression or inside a GNU statement expression; a variadic or K&R
 * coroutine, or one holding a nested function; a variable-length array
 * whose scope holds a yield; alloca or `&&label` in a coroutine that
 * yields.  The walk keeps, per coroutine, the stack of blocks and the
 * variable-length arrays declared in them, which is all the liveness the
 * refusals need: a VLA is live from its declaration to the end of its
 * block, and the resume function returns at every yield.
 */
#include "blc.h"

#include <string.h>

/* What the walk knows at the node it is visiting. */
typedef struct Walk {
    Ctx *ctx;
    Node *coro;         // the coroutine being checked, or NULL outside one
    int yields;         // yields seen in coro (all of them, first pass)
    const char *noeval; // why operands here are not evaluated, or NULL
    const char *noyield;// why a yield here is refused, or NULL
    Node *vla[64];      // variable-length arrays in scope, innermost last
    int nvla;           // how many (the first 64 are named in vla)
} Walk;

static int walk(Node *n, void *arg);

/* The walk of one child with a reason set for the duration. */
static void walk_with(Walk *w, Node *n, const char **slot, const char *why)
{
    const char *saved = *slot;
    if (!*slot)
        *slot = why;
    if (n)
        walk(n, w);
    *slot = saved;
}

static int count_yields(Node *n, void *arg)
{
    if (n->kind == ND_YIELD)
        ++*(int *)arg;
    if (n->kind == ND_FUNC)
        return 0;
    visit_children(n, count_yields, arg);
    return 0;
}

static void check_yield(Walk *w, Node *n)
{
    if (!w->coro) {
        error_at(w->ctx, n->span, "'yield' outside a coroutine");
        return;
    }
    if (w->noeval) {
        error_at(w->ctx, n->span, "'yield' in the operand of %s, which is "
                 "never evaluated", w->noeval);
        return;
    }
    if (w->noyield) {
        error_at(w->ctx, n->span, "'yield' %s", w->noyield);
        return;
    }
    if (w->nvla > 0) {
        Node *v = w->vla[(w->nvla < 64 ? w->nvla : 64) - 1];
        error_at(w->ctx, n->span, "yield while the variable-length array "
                 "'%s' is live", v->name);
        note_at(w->ctx, v->name_span, "declared here; a VLA cannot move to "
                "the coroutine's frame");
    }
}

static bool is_alloca(Node *call)
{
    Node *f = call->lhs;
    return f && f->kind == ND_IDENT &&
           (!strcmp(f->name, "alloca") || !strcmp(f->name, "__builtin_alloca"));
}

/* An init-declarator of a variable-length array starts its liveness. */
static void note_vla(Walk *w, Node *decl)
{
    if (!w->coro || (decl->flags & (FL_STATIC | FL_EXTERN | FL_TYPEDEF)))
        return;
    for (Node *id = decl->list; id; id = id->next)
        if ((id->flags & FL_VLA) && id->declarator) {
            if (w->nvla < 64)       // beyond, counted: the message names one
                w->vla[w->nvla] = id->declarator;
            w->nvla++;
        }
}

static void walk_decl(Walk *w, Node *n)
{
    bool is_static = n->flags & (FL_STATIC | FL_THREAD);
    if (n->specs)
        walk_with(w, n->specs, &w->noyield, "in a declaration's type");
    for (Node *id = n->list; id; id = id->next) {
        if (id->declarator)
            walk_with(w, id->declarator, &w->noyield,
                      "in a declarator (an array size is computed once)");
        if (id->init)
            walk_with(w, id->init, &w->noyield, is_static ?
                      "in the initialiser of a static variable" : NULL);
        if (id->rhs)
            walk_with(w, id->rhs, &w->noyield, "in a bit-field width");
    }
    note_vla(w, n);
}

static void walk_coroutine(Walk *w, Node *fn)
{
    Node *d = declarator_func(fn->declarator);
    if (fn->knr || (d && d->knr)) {
        error_at(w->ctx, fn->declarator->name_span, "coroutine '%s' has a "
                 "K&R parameter list; blc needs a prototype", fn->declarator->name);
        return;
    }
    if (d && (d->flags & FL_VARIADIC))
        error_at(w->ctx, fn->declarator->name_span, "coroutine '%s' is "
                 "variadic; its arguments could not move to its frame",
                 fn->declarator->name);
    Walk inner = *w;
    inner.coro = fn;
    inner.yields = 0;
    inner.nvla = 0;
    count_yields(fn->body, &inner.yields);
    walk(fn->body, &inner);
}

static int walk(Node *n, void *arg)
{
    Walk *w = arg;
    switch (n->kind) {
    case ND_FUNC:
        if (n->flags & FL_COROUTINE) {
            if (w->coro)
                error_at(w->ctx, n->span, "nested function in a coroutine");
            else
                walk_coroutine(w, n);
            return 0;
        }
        if (w->coro)
            error_at(w->ctx, n->span, "nested function in coroutine '%s'",
                     w->coro->declarator->name);
        else
            walk(n->body, &(Walk){ .ctx = w->ctx });
        return 0;
    case ND_YIELD:
        check_yield(w, n);
        break;
    case ND_BLOCK: {
        int saved = w->nvla;
        visit_children(n, walk, w);
        w->nvla = saved;
        return 0;
    }
    case ND_FOR: {
        int saved = w->nvla;
        visit_children(n, walk, w);
        w->nvla = saved;
        return 0;
    }
    case ND_DECL:
        walk_decl(w, n);
        return 0;
    case ND_SIZEOF_EXPR: case ND_SIZEOF_TYPE:
        walk_with(w, n->lhs ? n->lhs : n->type, &w->noeval, "sizeof");
        return 0;
    case ND_ALIGNOF_EXPR: case ND_ALIGNOF_TYPE:
        walk_with(w, n->lhs ? n->lhs : n->type, &w->noeval, "_Alignof");
        return 0;
    case ND_TYPEOF:
        walk_with(w, n->lhs ? n->lhs : n->type, &w->noeval, "__typeof__");
        return 0;
    case ND_GENERIC:
        walk_with(w, n->lhs, &w->noeval, "_Generic");
        for (Node *a = n->list; a; a = a->next)
            walk_with(w, a, &w->noyield, "in a _Generic association");
        return 0;
    case ND_STMT_EXPR:
        walk_with(w, n->body, &w->noyield,
                  "inside a statement expression is not supported");
        return 0;
    case ND_CASE:
        walk_with(w, n->lhs, &w->noyield, "in a case label");
        walk_with(w, n->rhs, &w->noyield, "in a case label");
        if (n->body)
            walk(n->body, w);
        return 0;
    case ND_CALL:
        if (w->coro && w->yields && is_alloca(n))
            error_at(w->ctx, n->span, "alloca in a coroutine that yields: "
                     "its memory is gone once the coroutine suspends");
        break;
    case ND_LABEL_ADDR:
        if (w->coro && w->yields)
            error_at(w->ctx, n->span, "address of label '%s' taken in a "
                     "coroutine that yields", n->name);
        break;
    default:
        break;
    }
    visit_children(n, walk, w);
    return 0;
}

int analyze(Ctx *ctx)
{
    int before = ctx->nerrors;
    Walk w = { .ctx = ctx };
    if (ctx->tu)
        walk(ctx->tu, &w);
    return ctx->nerrors > before ? -1 : 0;
}
