/*
 * lower_live.c - which locals must live in the frame: those live across
 * a yield, and those whose storage may be reached through a pointer while
 * the coroutine is suspended.  The rest stay C locals of the resume
 * function (lower_stmt.c's stays_local).
 *
 * The key decision: liveness on the text, conservative where unsure.  A
 * local x of block B is live across a yield Y after its declaration when
 * a reference to x (any identifier spelled x, shadowing ignored) stands
 *   - at or after the start of the statement that holds Y (a yielding
 *     statement evaluates the rest of itself after Y resumes), but not
 *     inside Y's own operand, which runs before Y suspends; or
 *   - anywhere in a loop inside B that holds Y (the next iteration reads
 *     what this one wrote).
 * A yield inside a statement expression counts from the start of the
 * statement around the expression (its statements run before the rest of
 * the expression).  Where this cannot be sure, x keeps its frame member:
 *   - x's storage may escape: an array (it decays), a type that may be
 *     one (__typeof__, a header's typedef), `&x` or `&x.m`, or `x.m` (a
 *     member may be an array);
 *   - the coroutine has a goto, `&&label` or asm goto (control may go
 *     back without a loop);
 *   - the block gets its loop's increment awaits at its end
 *     (tail_yields), x has a cleanup, or its initialiser yields.
 */
#include "lower.h"

#include <string.h>

/* A yield after the declaration, and where the text that runs after it
 * resumes begins. */
typedef struct Point {
    uint32_t from;              // start of its statement or of its loop
    Span operand;               // its operand, which runs before
    bool in_loop;               // from is a loop's start
} Point;

typedef struct Scan {
    Lower *L;
    Point *v;
    int n, cap;
    uint32_t stmt, loop;        // innermost statement, outermost loop
    bool in_stmt_expr;
} Scan;

static bool is_loop(Node *n)
{
    return n->kind == ND_WHILE || n->kind == ND_DO || n->kind == ND_FOR;
}

static bool is_stmt(Node *n)
{
    switch (n->kind) {
    case ND_EXPR_STMT: case ND_DECL: case ND_RETURN: case ND_IF:
    case ND_SWITCH: case ND_WHILE: case ND_DO: case ND_FOR: case ND_CASE:
    case ND_DEFAULT: case ND_LABEL: case ND_BLOCK: case ND_ASM:
        return true;
    default:
        return false;
    }
}

static int scan_yields(Node *n, void *arg)
{
    Scan *s = arg;
    Scan saved = *s;
    if (is_stmt(n) && !s->in_stmt_expr)
        s->stmt = n->span.begin;
    if (is_loop(n) && !s->loop)
        s->loop = n->span.begin;
    if (n->kind == ND_STMT_EXPR)
        s->in_stmt_expr = true;
    if (n->kind == ND_YIELD) {
        Lower *L = s->L;
        GROW(s->v, s->n, s->cap);
        s->v[s->n++] = (Point){ .from = s->loop ? s->loop : s->stmt,
                                .operand = n->lhs ? n->lhs->span : n->span,
                                .in_loop = s->loop != 0 };
    }
    visit_flat(n, scan_yields, s);
    s->stmt = saved.stmt, s->loop = saved.loop;
    s->in_stmt_expr = saved.in_stmt_expr;
    return 0;
}

static bool names(Node *e, const char *name)
{
    e = e ? strip_parens(e) : NULL;
    return e && e->kind == ND_IDENT && !strcmp(e->name, name);
}

/* `&x`, `&x.m[i]`, `x.m`: x's storage may be reached through a pointer. */
static bool reaches_storage(Node *n, const char *name)
{
    if (n->kind == ND_MEMBER && !(n->flags & FL_ARROW) && names(n->lhs, name))
        return true;
    if (n->kind != ND_ADDR)
        return false;
    Node *e = strip_parens(n->lhs);
    while (e && ((e->kind == ND_MEMBER && !(e->flags & FL_ARROW)) || e->kind == ND_INDEX))
        e = strip_parens(e->lhs);
    return names(e, name);
}

typedef struct Refs {
    Lower *L;
    const char *name;
    const Point *v;
    int n;
    bool escapes, live;
} Refs;

/* Identifier n is x: a macro's body and its pastes are in the tree, as
 * the parser reads the expansion (a made name's span is its call's). */
static bool refers(Refs *r, Node *n)
{
    return n->kind == ND_IDENT && !strcmp(n->name, r->name);
}

static int find_refs(Node *n, void *arg)
{
    Refs *r = arg;
    r->escapes |= reaches_storage(n, r->name);
    if (refers(r, n))
        for (int i = 0; i < r->n && !r->live; i++) {
            const Point *p = &r->v[i];
            bool in_operand = n->span.begin >= p->operand.begin &&
                              n->span.end <= p->operand.end;
            r->live = n->span.begin >= p->from && (p->in_loop || !in_operand);
        }
    return r->escapes || r->live ? 1 : visit_flat(n, find_refs, r);
}

/* Typedef names that C and POSIX define as arithmetic types (never an
 * array, whatever the header says). */
static bool standard_scalar(Lower *L, Node *specs)
{
    static const char *const names[] = {
        "size_t", "ssize_t", "off_t", "ptrdiff_t", "intptr_t", "uintptr_t",
        "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t",
        "uint32_t", "uint64_t", "intmax_t", "uintmax_t", "socklen_t",
        "pid_t", "time_t", "mode_t", "bool", "wchar_t", "bl_task", NULL
    };
    uint32_t at = specs->span.begin;
    int depth = 0, words = 0;
    bool known = false;
    Span w;
    while (next_spec_word(L, specs, &at, &depth, &w)) {
        size_t len = w.end - w.begin;
        if (depth || (len == 5 && !memcmp(src(L) + w.begin, "const", 5)) ||
            (len == 8 && !memcmp(src(L) + w.begin, "register", 8)))
            continue;
        words++;
        for (const char *const *n = names; *n; n++)
            known |= strlen(*n) == len && !memcmp(*n, src(L) + w.begin, len);
    }
    return known && words == 1 && !specs->list;
}

/* Whether x (declared by declarator dd of declaration d) may be neither
 * an array nor a type that may be one. */
static bool no_array(Lower *L, Node *d, Node *dd)
{
    if ((d->specs->span.prov & SP_MADE) || !span_editable(d->specs->span) ||
        !span_editable(dd->span))
        return false;           // a macro wrote the type: its text is no help
    Var v = { .specs = d->specs, .declarator = dd };
    return !first_is(dd, ND_D_ARRAY) &&
           (!type_may_be_array(L, &v) || standard_scalar(L, d->specs));
}

static int find_jumps(Node *n, void *arg)
{
    (void)arg;
    if (n->kind == ND_GOTO || n->kind == ND_GOTO_PTR || n->kind == ND_LABEL_ADDR ||
        (n->kind == ND_ASM && (n->flags & FL_ASM_GOTO)))
        return 1;
    return visit_flat(n, find_jumps, arg);
}

/* Whether variable dd of declaration d, an item of block b, must live in
 * the frame (see above). */
bool lives_across_yield(Lower *L, Node *b, Node *d, Node *dd)
{
    if (!dd || !dd->name || !no_array(L, d, dd) ||
        (d->specs->flags & (FL_STATIC | FL_EXTERN | FL_THREAD | FL_TYPEDEF)))
        return true;                    // not a frame member's question
    if (!L->jumps)
        L->jumps = find_jumps(L->fn->body, NULL) ? 2 : 1;
    if (L->jumps == 2 || b == L->tail_yields)
        return true;
    Scan s = { .L = L };
    for (Node *i = d->next; i; i = i->next) {
        s.stmt = i->span.begin;
        scan_yields(i, &s);
    }
    Refs r = { .L = L, .name = dd->name, .v = s.v, .n = s.n };
    find_refs(d, &r);                   // `int x, *p = &x;`
    for (Node *i = d->next; i && !r.escapes && !r.live; i = i->next)
        find_refs(i, &r);
    return s.n && (r.escapes || r.live);
}
