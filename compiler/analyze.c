/*
 * analyze.c - the checks that decide whether a translation unit's yields
 * and coroutines can be lowered, run once over the whole AST before any
 * output is written.
 *
 * Every refusal of DESIGN.md section 2 is reported here, at the token that
 * causes it, so that lower.c may assume a well-formed coroutine: yield
 * outside a coroutine, in an operand that is never evaluated, in a constant
 * expression; a variadic or K&R
 * coroutine, or one holding a nested function; a variable-length array
 * whose scope holds a yield; alloca or `&&label` where a yield may run
 * after it.  (What macros write is judged by the lowering, through each
 * token's provenance.)  The walk keeps, per coroutine, the stack of blocks and the
 * variable-length arrays declared in them, which is all the liveness the
 * VLA refusal needs: a VLA is live from its declaration to the end of its
 * block, and the resume function returns at every yield.
 *
 * alloca and &&label (the rule, also in the docs).  alloca's memory and a
 * label's address belong to one run of the resume function, which ends at
 * the next yield.  So each is refused when a yield may run after it, and
 * accepted otherwise.  "May run after" is decided on the text, soundly and
 * simply: starting from the alloca (or &&label), the point control may
 * come back to is moved back to the start of every loop around it (a loop
 * macro's body counts as a loop), to every label that a goto at or after
 * that point names, and, for a `goto *` there, to the first label whose
 * address is taken (an asm goto: to the body's start), until it moves no
 * more; then any yield that ends after that point counts, which includes
 * a yield whose operand holds the alloca.  An alloca after the last
 * yield, in a loop without yields, or in an ordinary function that a
 * coroutine calls, is accepted.
 *
 * Flat chains (ast.c) may be of any length: the walks follow them with
 * visit_flat, and stacked labels in a loop.
 */
#include "blc.h"

#include <stdlib.h>
#include <string.h>

/* The control flow of one coroutine, as far as the alloca and &&label
 * refusals need it: where its yields, loops, labels and gotos are. */
typedef struct Flow {
    Node **yields, **loops, **labels, **gotos;  // gotos: goto, goto *, asm goto
    int nyields, nloops, nlabels, ngotos;
    int cap[4];
    uint32_t addressed;         // lowest label whose address is taken, or ~0
} Flow;

/* What the walk knows at the node it is visiting. */
typedef struct Walk {
    Ctx *ctx;
    Node *coro;         // the coroutine being checked, or NULL outside one
    Flow *flow;         // coro's control flow (first pass)
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

/* What mark_yields hands a child: the link below (already marked) and
 * whether some child has a yield under it. */
typedef struct YieldMark {
    Node *link;         // the chain's next link, marked before its parent
    bool found;         // a child seen so far holds a yield
} YieldMark;

static void mark_yields(Node *n);

static int mark_child(Node *child, void *arg)
{
    YieldMark *m = arg;
    if (child != m->link)
        mark_yields(child);
    m->found |= (child->flags & FL_HAS_YIELD) != 0;
    return 0;
}

/* Sets FL_HAS_YIELD on every node under n (n included) that is a yield or
 * has one under it, once, for the lowering to read (has_yield in
 * lower_expr.c).  A chain is marked from its bottom link up, so that a
 * flat chain of any length costs no recursion along it. */
static void mark_yields(Node *n)
{
    Spine sp = SPINE_INIT(sp);
    int k = chain_spine(n, &sp);
    for (int i = k - 1; i >= 0; i--) {
        Node *link = sp.v[i];
        YieldMark m = { i + 1 < k ? sp.v[i + 1] : NULL, link->kind == ND_YIELD };
        visit_children(link, mark_child, &m);
        if (m.found)
            link->flags |= FL_HAS_YIELD;
    }
    spine_free(&sp);
}

static void push(Node ***list, int *n, int *cap, Node *x)
{
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 16;
        Node **p = realloc(*list, (size_t)*cap * sizeof *p);
        if (!p) {
            fputs("blc: error: out of memory\n", stderr);
            exit(1);
        }
        *list = p;
    }
    (*list)[(*n)++] = x;
}

static bool is_loop(Node *n)
{
    return n->kind == ND_WHILE || n->kind == ND_DO || n->kind == ND_FOR;
}

/* The first pass over a coroutine: fills its Flow. */
static int collect_flow(Node *n, void *arg)
{
    Flow *f = arg;
    if (n->kind == ND_FUNC)
        return 0;
    for (; n->kind == ND_LABEL || n->kind == ND_CASE || n->kind == ND_DEFAULT;
         n = n->body) {                 // stacked labels: a chain (ast.c)
        if (n->kind == ND_LABEL)
            push(&f->labels, &f->nlabels, &f->cap[2], n);
        if (!n->body)
            return 0;
    }
    if (n->kind == ND_YIELD)
        push(&f->yields, &f->nyields, &f->cap[0], n);
    if (is_loop(n))
        push(&f->loops, &f->nloops, &f->cap[1], n);
    if (n->kind == ND_GOTO || n->kind == ND_GOTO_PTR ||
        (n->kind == ND_ASM && (n->flags & FL_ASM_GOTO)))
        push(&f->gotos, &f->ngotos, &f->cap[3], n);
    visit_flat(n, collect_flow, arg);
    return 0;
}

/* The lowest offset that control may reach again once it has passed `at`:
 * `at` itself, lowered to the start of every loop around a reachable
 * point, to every label that a reachable goto names (by name, so every
 * __label__ of that name), and, for a reachable `goto *` or asm goto, to
 * the first label whose address is taken (or the body's start).  Text
 * after the bound counts as reachable, which over-approximates. */
static uint32_t reach_back(const Flow *f, uint32_t at, uint32_t body)
{
    uint32_t lo = at, was;
    do {
        was = lo;
        for (int i = 0; i < f->nloops; i++)
            if (f->loops[i]->span.begin < lo && f->loops[i]->span.end > lo)
                lo = f->loops[i]->span.begin;
        for (int i = 0; i < f->ngotos; i++) {
            Node *g = f->gotos[i];
            if (g->span.begin < lo)
                continue;
            if (g->kind == ND_GOTO_PTR && f->addressed < lo)
                lo = f->addressed;
            if (g->kind == ND_ASM)
                lo = body;
            for (int j = 0; g->kind == ND_GOTO && j < f->nlabels; j++)
                if (!strcmp(f->labels[j]->name, g->name) &&
                    f->labels[j]->span.begin < lo)
                    lo = f->labels[j]->span.begin;
        }
    } while (lo < was);
    return lo;
}

/* A yield that may run after the code at span s has run, or NULL: one
 * that ends after the point control may come back to (so also a yield
 * whose operand holds s). */
static Node *yield_after(Walk *w, Span s)
{
    uint32_t lo = reach_back(w->flow, s.begin, w->coro->body->span.begin);
    for (int i = 0; i < w->flow->nyields; i++)
        if (w->flow->yields[i]->span.end > lo)
            return w->flow->yields[i];
    return NULL;
}

static int find_addressed(Node *n, void *arg)
{
    Flow *f = arg;
    if (n->kind == ND_FUNC)
        return 0;
    for (int j = 0; n->kind == ND_LABEL_ADDR && j < f->nlabels; j++)
        if (!strcmp(f->labels[j]->name, n->name) &&
            f->labels[j]->span.begin < f->addressed)
            f->addressed = f->labels[j]->span.begin;
    visit_flat(n, find_addressed, arg);
    return 0;
}

static void check_awaitable(Walk *w, Node *y);

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
    check_awaitable(w, n);
    if (w->nvla > 0) {
        Node *v = w->vla[(w->nvla < 64 ? w->nvla : 64) - 1];
        error_at(w->ctx, n->span, "yield while the variable-length array "
                 "'%s' is live", v->name);
        note_at(w->ctx, v->name_span, "declared here; a VLA cannot move to "
                "the coroutine's frame");
    }
}

/* The name that e calls, or is (through parentheses). */
static const char *call_name(Node *e)
{
    Node *n = e->kind == ND_CALL ? e->lhs : e;
    while (n->kind == ND_PAREN)
        n = n->lhs;
    return n->kind == ND_IDENT ? n->name : "";
}

/* `yield 3`, `yield "x"`: a constant is never awaitable, an error here,
 * at the .blc, rather than inside bluelet.h's macros.  So is a name or a
 * call of one whose declaration, in the file or its headers, says its
 * value is no handle or event (`yield plain(1)` of `int plain(int)`): the
 * parser marked it (new_yield).  What no declaration shows (a call
 * through a member, a macro's type) the C compiler checks, at the .blc
 * (lower_expr.c: put_await_call). */
static void check_awaitable(Walk *w, Node *y)
{
    Node *e = y->lhs;
    while (e && e->kind == ND_PAREN)
        e = e->lhs;
    if (e && (e->kind == ND_NUM || e->kind == ND_CHAR || e->kind == ND_STRING))
        error_at(w->ctx, e->span, "a constant is not awaitable: yield takes a "
                 "coroutine call, a handle or an event");
    else if (e && (y->flags & FL_NOT_AWAITABLE) && e->kind == ND_CALL)
        error_at(w->ctx, e->span, "'%s' is declared with a result that is not "
                 "awaitable (no coroutine handle or event): yield takes a "
                 "coroutine call, a handle or an event", call_name(e));
    else if (e && (y->flags & FL_NOT_AWAITABLE))
        error_at(w->ctx, e->span, "'%s' is declared with a type that is not "
                 "awaitable (no coroutine handle or event): yield takes a "
                 "coroutine call, a handle or an event", call_name(e));
}

static bool is_alloca(Node *call)
{
    Node *f = call->lhs;
    return f && f->kind == ND_IDENT &&
           (!strcmp(f->name, "alloca") || !strcmp(f->name, "__builtin_alloca") ||
            !strcmp(f->name, "__builtin_alloca_with_align"));
}

/* alloca(n) where a yield may follow: refused, its memory is the resume
 * function's and dies when the coroutine suspends. */
static void check_alloca(Walk *w, Node *call)
{
    Node *y = yield_after(w, call->span);
    if (!y)
        return;
    error_at(w->ctx, call->span, "alloca in a coroutine, and a yield may "
             "run after it: its memory is gone once the coroutine suspends");
    if (y->span.begin <= call->span.begin && y->span.end >= call->span.end)
        note_at(w->ctx, y->span, "the coroutine suspends at this yield, "
                "which the alloca is an operand of; use malloc");
    else
        note_at(w->ctx, y->span, "this yield may run after the alloca; call "
                "alloca after the last yield, or use malloc");
}

/* &&label where a yield may follow: refused, the address would be used
 * by another run of the resume function. */
static void check_label_addr(Walk *w, Node *n)
{
    Node *y = yield_after(w, n->span);
    if (!y)
        return;
    error_at(w->ctx, n->span, "address of label '%s' taken in a coroutine, "
             "and a yield may run after it (computed goto across a yield)",
             n->name);
    note_at(w->ctx, y->span, "this yield may run after '&&%s'", n->name);
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

/* `register i;`, `static x = 0;`, `coroutine f(void);`: implicit int
 * (old C) in a coroutine or a coroutine's declaration is refused, since
 * the frame and the lowering copy the declared type as it is written, and
 * nothing is written. */
static void check_implicit_int(Walk *w, Node *n)
{
    if ((!w->coro && !(n->flags & FL_COROUTINE)) || !n->specs ||
        (n->specs->flags & FL_HAS_TYPE) || !n->list)
        return;
    error_at(w->ctx, n->list->span, "implicit int in %s: blc needs the type "
             "written out ('int')", w->coro ? "a coroutine" : "a coroutine's declaration");
}

static void walk_decl(Walk *w, Node *n)
{
    bool is_static = n->flags & (FL_STATIC | FL_THREAD);
    check_implicit_int(w, n);
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

/* Not inlined: its copy of the Walk would weigh on every level of walk's
 * recursion. */
/* A parameter of variably modified type (`char a[2][n]`, `int (*p)[n]`)
 * cannot keep its type in the frame, whose members are declared at file
 * scope where n is not: refused.  An array's own first dimension is
 * adjusted away (`char a[n]` is a `char *`). */
static void check_param_type(Walk *w, Node *fn, Node *p)
{
    Node *first = p->declarator ? p->declarator->derived : NULL;
    Node *a = first && first->kind == ND_D_ARRAY ? first->next : first;
    for (; a; a = a->next) {
        if (a->kind == ND_D_FUNC)
            return;                     // a function's own parameters
        if (a->kind == ND_D_ARRAY && (a->flags & FL_VLA)) {
            error_at(w->ctx, a->span, "parameter '%s' of coroutine '%s' has "
                     "a variably modified type, which its frame cannot keep",
                     p->declarator->name ? p->declarator->name : "",
                     fn->declarator->name);
            return;
        }
    }
}

/* The runtime's events (bluelet.h), which do nothing until yielded. */
static bool is_event_name(const char *name)
{
    static const char *const events[] = {
        "bl_null", "bl_spawn", "bl_call", "bl_join", "bl_kill", "bl_sleep",
        "bl_timeout", "bl_signal", "bl_read", "bl_write", "bl_connect",
        "bl_accept", "bl_recv", "bl_send", "bl_sendall", "bl_sendfile",
        "bl_readline", "bl_server", NULL
    };
    for (const char *const *e = events; *e; e++)
        if (!strcmp(name, *e))
            return true;
    return false;
}

/* Whether the file declares or defines coroutine `name` (at file scope). */
static bool is_coroutine_name(Ctx *ctx, const char *name)
{
    for (Node *it = ctx->tu->list; it; it = it->next) {
        if (!(it->flags & FL_COROUTINE))
            continue;
        if (it->kind == ND_FUNC && !strcmp(it->declarator->name, name))
            return true;
        for (Node *id = it->kind == ND_DECL ? it->list : NULL; id; id = id->next)
            if (id->declarator && id->declarator->name &&
                !strcmp(id->declarator->name, name))
                return true;
    }
    return false;
}

/* `greet("x");`, `bl_sleep(0.5);`: a coroutine call or an event as a
 * statement, without yield, runs nothing and leaks its frame or event.
 * A warning, with the fix: `yield greet("x");`. */
static void check_unawaited(Walk *w, Node *s)
{
    Node *call = s->lhs;
    while (call && call->kind == ND_PAREN)
        call = call->lhs;
    if (!call || call->kind != ND_CALL || call->lhs->kind != ND_IDENT)
        return;
    const char *name = call->lhs->name;
    bool event = is_event_name(name);
    if (!event && !is_coroutine_name(w->ctx, name))
        return;
    Span at = call->span;
    warning_at(w->ctx, at, "%s '%s' used as a statement does nothing without "
               "yield (and leaks its %s); did you mean 'yield %.*s'?",
               event ? "event" : "coroutine call", name, event ? "event" : "frame",
               (int)(at.end - at.begin), w->ctx->text + at.begin);
}

__attribute__((noinline)) static void walk_coroutine(Walk *w, Node *fn)
{
    Node *d = declarator_func(fn->declarator);
    if (fn->knr || (d && d->knr)) {
        error_at(w->ctx, fn->declarator->name_span, "coroutine '%s' has a "
                 "K&R parameter list; blc needs a prototype", fn->declarator->name);
        return;
    }
    if (!(fn->specs->flags & FL_HAS_TYPE))
        error_at(w->ctx, fn->declarator->name_span, "coroutine '%s' has no "
                 "result type (implicit int); blc needs it written out ('int')",
                 fn->declarator->name);
    for (Node *p = d ? d->list : NULL; p; p = p->next)
        if (p->specs && !(p->specs->flags & FL_HAS_TYPE))
            error_at(w->ctx, p->span, "implicit int in a coroutine's parameter: "
                     "blc needs the type written out ('int')");
    if (d && (d->flags & FL_VARIADIC))
        error_at(w->ctx, fn->declarator->name_span, "coroutine '%s' is "
                 "variadic; its arguments could not move to its frame",
                 fn->declarator->name);
    for (Node *p = d ? d->list : NULL; p; p = p->next)
        check_param_type(w, fn, p);
    mark_yields(fn->body);
    Flow flow = { .addressed = UINT32_MAX };
    collect_flow(fn->body, &flow);
    find_addressed(fn->body, &flow);
    Walk inner = *w;
    inner.coro = fn;
    inner.flow = &flow;
    inner.nvla = 0;
    walk(fn->body, &inner);
    free(flow.yields);
    free(flow.loops);
    free(flow.labels);
    free(flow.gotos);
}

/* A function that is no coroutine: its body, with a Walk of its own (not
 * inlined either). */
__attribute__((noinline)) static void walk_function(Walk *w, Node *fn)
{
    Walk inner = { .ctx = w->ctx };
    walk(fn->body, &inner);
}

/* Stacked labels, `case 1: case 2: s`, in a loop: a chain (ast.c). */
static void walk_labels(Walk *w, Node *n)
{
    for (; n->kind == ND_CASE || n->kind == ND_DEFAULT || n->kind == ND_LABEL;
         n = n->body) {
        if (n->kind == ND_CASE) {
            walk_with(w, n->lhs, &w->noyield, "in a case label");
            walk_with(w, n->rhs, &w->noyield, "in a case label");
        }
        if (!n->body)
            return;
    }
    walk(n, w);
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
            walk_function(w, n);
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
    case ND_EXPR_STMT:
        check_unawaited(w, n);
        break;
    case ND_CASE: case ND_DEFAULT: case ND_LABEL:
        walk_labels(w, n);
        return 0;
    case ND_CALL:
        if (w->coro && is_alloca(n))
            check_alloca(w, n);
        break;
    case ND_LABEL_ADDR:
        if (w->coro)
            check_label_addr(w, n);
        break;
    default:
        break;
    }
    visit_flat(n, walk, w);
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
