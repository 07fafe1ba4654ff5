/*
 * lower_expr.c - yields in expressions: each `yield E` becomes a resume
 * point in front of the statement that holds it, and the expression reads
 * its result.
 *
 *         BL_AWAIT(co, N, E);
 *     resume_N: (comment naming the source line)
 *         ... BL_RESULT(co, E) ...
 *
 * The key decision: BL_AWAIT goes before the statement that holds the
 * yield, and the yield itself is replaced by BL_RESULT(co, E), which reads
 * the completed awaitable with E's own type without evaluating E again.
 * That is also why `MAX(yield f(), b)` runs f() once: the macro only ever
 * sees the BL_RESULT read.  A yield whose value is discarded (`yield f();`,
 * or under `&&`, `?:` or comma at a statement's top) is only its await,
 * and its label ends in `;`.
 *
 * Order.  C leaves unsequenced operands in any order; we fix one: within a
 * full expression, the yields are evaluated first, left to right and
 * innermost first, and the rest of the expression after the last one.
 * What C sequences stays sequenced: the right operand of && and ||, the
 * arms of ?:, and the right operand of a comma are evaluated only after
 * their left operand (or condition), and only when C would evaluate them.
 * A yield there is lowered to statements:
 *
 *     a && (yield f())  =>  self->t__1 = a != 0;
 *                           if (self->t__1) { BL_AWAIT(..f()..); resume_N:
 *                               self->t__1 = BL_RESULT(co, f()) != 0; }
 *     (||: the same with `if (!self->t__1)`; a comparison is assigned as
 *     it is; ?: assigns either arm to a temporary typed
 *     __typeof__(0 ? arm1 : arm2), or, as a statement or a discarded
 *     operand, becomes a plain if/else; `l, r` emits `l;` first.)
 *
 * The result of a yield is read with BL_RESULT, valid only until the next
 * BL_AWAIT.  So when another yield comes between a yield and the rest of
 * its expression (`(yield a()) + (yield b())`, `g(yield a(), yield b())`),
 * the earlier result is stored in a frame temporary right after its resume
 * label, `self->t__1 = BL_RESULT(co, a());`, and the expression reads the
 * temporary (its type: lower_type.c).  The last yield of an expression is
 * read in place.
 *
 * A GNU statement expression that holds a yield is an item of its own,
 * in its place in that order: its statements move in front, as a block,
 * and its value goes to a temporary, `({ s; e; })` => `{ s; self->t__1 =
 * e; }` and `self->t__1` in the expression (no resume point may sit
 * inside a statement expression: C forbids jumping into one).
 */
#include "lower.h"

#include <string.h>

static int collect(Node *e, void *arg);

/* Whether n is a yield or holds one: analysis marked it (mark_yields). */
bool has_yield(Node *n)
{
    return n && (n->flags & FL_HAS_YIELD);
}

/* Whether e's text needs no parentheses as an operand of a unary or
 * binary operator. */
static bool is_primary(Node *e)
{
    switch (e->kind) {
    case ND_IDENT: case ND_NUM: case ND_CHAR: case ND_STRING: case ND_PAREN:
    case ND_CALL: case ND_INDEX: case ND_MEMBER: case ND_YIELD:
    case ND_POST_INC: case ND_POST_DEC:
        return true;
    default:
        return false;
    }
}

/* `!x` or `!(x)`: the negation of condition e. */
const char *negate(Lower *L, Node *e)
{
    const char *t = text_of(L, e);
    return is_primary(e) ? fmt(L, "!%s", t) : fmt(L, "!(%s)", t);
}

/* e as a truth value of type int: comparisons already are. */
static const char *truth(Lower *L, Node *e)
{
    const char *t = text_of(L, e);
    switch (e->kind) {
    case ND_LT: case ND_GT: case ND_LE: case ND_GE: case ND_EQ: case ND_NE:
    case ND_NOT: case ND_LOGAND: case ND_LOGOR:
        return t;
    default:
        break;
    }
    switch (e->kind) {  /* operators that bind looser than != */
    case ND_BITAND: case ND_BITXOR: case ND_BITOR: case ND_COND:
    case ND_ASSIGN: case ND_COMMA:
        return fmt(L, "(%s) != 0", t);
    default:
        return fmt(L, "%s != 0", t);
    }
}

/* The yields and sequencing operators of one full expression, in the
 * order they are evaluated (see "Order" in the essay). */
typedef struct Items {
    Node **v;
    int n, cap;
} Items;

static void push_item(Lower *L, Items *it, Node *n)
{
    GROW(it->v, it->n, it->cap);
    it->v[it->n++] = n;
}

typedef struct Collect {
    Lower *L;
    Items *it;
} Collect;

/* Whether the yield at raw index r was met already: a macro that uses its
 * argument twice, TWICE(yield f()), makes two copies of one yield, which
 * runs once (the essay's key decision).  The set is the expression's, or
 * the macro statement's whose awaits go in front of it (hoist_to). */
static bool seen_before(Lower *L, uint32_t r)
{
    if (2 * (L->nseen + 1) > L->capseen) {
        uint32_t *old = L->seen, oldcap = L->capseen;
        L->capseen = oldcap ? 2 * oldcap : 16;
        L->seen = arena_alloc(L->ctx->arena, L->capseen * sizeof *L->seen);
        memset(L->seen, 0xff, L->capseen * sizeof *L->seen);
        L->nseen = 0;
        for (uint32_t i = 0; i < oldcap; i++)
            if (old[i] != UINT32_MAX)
                (void)seen_before(L, old[i]);
    }
    uint32_t mask = L->capseen - 1, i = (r * 2654435761u) & mask;
    for (; L->seen[i] != UINT32_MAX; i = (i + 1) & mask)
        if (L->seen[i] == r)
            return true;
    L->seen[i] = r;
    L->nseen++;
    return false;
}

void forget_seen_yields(Lower *L)
{
    if (L->nseen)
        memset(L->seen, 0xff, L->capseen * sizeof *L->seen);
    L->nseen = 0;
}

/* Whether operator e and its operands are the file's own text, so that
 * lowering it to statements edits what it stands for: not when a macro's
 * body wrote the operator (MAX's `?:`), nor when its operands repeat one
 * argument.  Then it stays as the macro writes it, and only the yields
 * of its arguments are lowered, before it. */
static bool spelled(Node *e)
{
    Node *ops[3] = { e->lhs ? e->lhs : e->cond, e->kind == ND_COND ? e->then : e->rhs,
                     e->kind == ND_COND ? e->els : NULL };
    if (e->kind == ND_STMT_EXPR)
        return span_editable(e->span) && !(e->span.prov & SP_MADE);
    if (!span_editable(e->span))
        return false;
    uint32_t end = 0;
    for (int i = 0; i < 3; i++) {
        if (!ops[i])
            continue;
        if (!span_editable(ops[i]->span) || ops[i]->span.r0 < end)
            return false;
        end = ops[i]->span.r1;
    }
    return true;
}

/* A yield a macro's body wrote cannot be lowered: its BL_AWAIT would go
 * in front of the statement and its text be replaced, in the body. */
static void refuse_made_yield(Lower *L, Node *y)
{
    const MadeTok *t = expand_made(L->ctx->expander, y->span);
    const Invocation *inv = t ? expand_invocation(L->ctx->expander, t->inv) :
        expand_invocation_in(L->ctx->expander, y->span.r0, y->span.r1);
    error_at(L->ctx, y->span, "'yield' in the body of macro '%s': blc rewrites "
             "a yield, and a macro's body is not text it can edit; pass the "
             "yield to the macro as an argument", inv ? inv->macro : "?");
}

/* Whether e heads a chain of binary operators (ast.c). */
static bool left_chain(Node *e)
{
    Node *link = chain_link(e);
    return link && link == e->lhs;
}

/* Whether e is an item itself (pushed; its operands are left to its own
 * lowering) rather than an operator to look into. */
static bool collect_item(Collect *c, Node *e)
{
    switch (e->kind) {
    case ND_YIELD:
        if (!span_editable(e->span)) {
            refuse_made_yield(c->L, e);
            return true;
        }
        if (seen_before(c->L, e->span.r0))
            return true;
        break;
    case ND_STMT_EXPR:
        if (!has_yield(e) || !spelled(e))
            return false;
        break;
    case ND_LOGAND: case ND_LOGOR:
        if (!has_yield(e->rhs) || !spelled(e))
            return false;
        break;
    case ND_COND:
        if ((!has_yield(e->then) && !has_yield(e->els)) || !spelled(e))
            return false;
        break;
    case ND_COMMA:      /* the left operand, hoisted as a statement (a
                           yield there is only its await: a BL_RESULT left
                           of a comma would be a value without effect) */
        if ((!has_yield(e->lhs) && !has_yield(e->rhs)) || !spelled(e))
            return false;
        push_item(c->L, c->it, e);
        collect(e->rhs, c);
        return true;
    default:
        return false;
    }
    push_item(c->L, c->it, e);
    return true;
}

/* Down a chain of binary operators (ast.c) to its first link that is an
 * item, or to its bottom, then up again through the right operands: the
 * order of evaluation, without recursing along the chain. */
static int collect(Node *e, void *arg)
{
    Collect *c = arg;
    if (!left_chain(e)) {
        if (!collect_item(c, e))
            visit_flat(e, collect, c);
        return 0;
    }
    Spine sp = SPINE_INIT(sp);
    int k = chain_spine(e, &sp), i = 0;
    while (i < k && !collect_item(c, sp.v[i]))
        i++;
    if (i == k)
        visit_children(sp.v[--i], collect, c);
    while (i-- > 0)
        collect(sp.v[i]->rhs, c);
    spine_free(&sp);
    return 0;
}

static bool awaits(Node *item)
{
    return item->kind != ND_COMMA || has_yield(item->lhs);
}

/* BL_AWAIT(co, N, E), where a compiler's line and column of an error in E
 * are E's own in the .blc: with #line, the macro's head on the line
 * before, E on its .blc line after the blanks that are before it there
 * (a tab kept a tab, for compilers that count a tab as 8 columns):
 *
 *     #line 14 "echo.blc"
 *             BL_AWAIT(co, 1,
 *                           bl_recv(self->conn, self->buf, sizeof self->buf));
 *
 * E made by a macro, or on the file's first line, stays on one line.
 * When no declaration showed whether E is awaitable (FL_AWAIT_UNCHECKED:
 * `yield ops[i](3)`), the C compiler checks, on E's line, so that its
 * one error is there and not inside bluelet.h (BL_AWAITABLE):
 *
 *     { __auto_type bl__e = (
 *                   ops[i](3)); _Static_assert(BL_AWAITABLE(bl__e), "...");
 *       BL_AWAIT(co, 1, BL__AWP(bl__e)); }
 */
/* Whether yield y's operand, rendered e, is a call of bluelet.h's
 * bl_recv(), bl_send() or bl_sendall() (the parser's FL_AWAIT_IO: the name
 * declared at file scope, no local of that name) of three arguments,
 * written (not made by a macro) and rendered name first: then it is
 * lowered BL_AWAIT_IO, which makes the syscall at once without making an
 * event when it can (bluelet.h), and which names the callee by pasting
 * onto e's first token. */
static bool await_io(const Node *y, const char *e)
{
    const Node *call = y->lhs, *fn = call->lhs;
    if (!(y->flags & FL_AWAIT_IO) || call->kind != ND_CALL || fn->kind != ND_IDENT ||
        (call->span.prov & SP_MADE) || (fn->span.prov & SP_MADE) ||
        (strcmp(fn->name, "bl_recv") && strcmp(fn->name, "bl_send") &&
         strcmp(fn->name, "bl_sendall")))
        return false;
    int nargs = 0;
    for (const Node *a = call->list; a; a = a->next)
        nargs++;
    size_t k = strlen(fn->name);
    return nargs == 3 && strncmp(e, fn->name, k) == 0 && e[k] != '_' &&
           !(e[k] >= 'a' && e[k] <= 'z') && !(e[k] >= 'A' && e[k] <= 'Z') &&
           !(e[k] >= '0' && e[k] <= '9');
}

static void put_await_call(Lower *L, Node *y, Buf *pre, const char *ind, int n,
                           const char *e)
{
    Span at = y->lhs->span;
    bool split = !no_line(L) && !(at.prov & SP_MADE) && at.line >= 2;
    bool check = y->flags & FL_AWAIT_UNCHECKED;
    if (split)
        mark(L, pre, at.line - 1);
    if (check)
        buf_printf(pre, "%s{ __auto_type bl__e = (", ind);
    else
        buf_printf(pre, "%s%s(co, %d,%s", ind, await_io(y, e) ? "BL_AWAIT_IO" : "BL_AWAIT",
                   n, split ? "" : " ");
    if (split) {
        buf_puts(pre, "\n");
        for (uint32_t i = line_start(L, at.begin); i < at.begin; i++)
            buf_put(pre, src(L)[i] == '\t' ? "\t" : " ", 1);
    }
    if (!check) {
        buf_printf(pre, "%s);\n", e);
        return;
    }
    buf_printf(pre, "%s); _Static_assert(BL_AWAITABLE(bl__e), \"yield takes a "
               "coroutine call, a handle or an event\");\n", e);
    buf_printf(pre, "%s  BL_AWAIT(co, %d, BL__AWP(bl__e)); }\n", ind, n);
}

/* BL_AWAIT(co, N, E); resume_N: -- the resume point of yield y. */
static const char *put_await(Lower *L, Node *y, Buf *pre, const char *ind,
                             bool last_in_block)
{
    const char *e = text_of(L, y->lhs);
    int n = ++L->nresume;
    GROW(L->lines, n, L->caplines);
    L->lines[n] = y->span.line;
    note_resume_point(L, n);
    put_await_call(L, y, pre, ind, n, e);
    mark(L, pre, y->span.line);     // the label too: gdb stops at its line
    buf_printf(pre, "resume_%d:%s /* line %u */\n", n, last_in_block ? ";" : "",
               y->span.line);
    if (!last_in_block)
        mark(L, pre, y->span.line);
    return e;
}

/* yield E => BL_AWAIT(co, N, E); resume_N: ... BL_RESULT(co, E), the
 * result kept in a temporary when another await follows (`later`). */
static void lower_yield(Lower *L, Node *y, Buf *pre, const char *ind, bool later)
{
    lower_scope(L, y->lhs, pre, ind);
    const char *e = put_await(L, y, pre, ind, false);
    bool check = y->flags & FL_AWAIT_UNCHECKED;   // BL__AWP: put_await_call
    const char *result = fmt(L, check ? "BL_RESULT(co, BL__AWP(%s))" :
                             "BL_RESULT(co, %s)", e);
    if (later) {
        Buf type = {0};
        buf_puts(&type, check ? "__typeof__(((__typeof__(BL__AWP(" :
                 "__typeof__(((__typeof__(");
        put_type_expr(L, &type, y->lhs);
        buf_puts(&type, check ? ")))0)->result)" : "))0)->result)");
        const char *t = new_temp(L, take(L, &type));
        buf_printf(pre, "%sself->%s = %s;\n", ind, t, result);
        result = fmt(L, "self->%s", t);
    }
    replace(L, y->span.begin, y->span.end, result);
}

/* a && b => t = a != 0; if (t) { b's awaits; t = b != 0; }, and || with
 * `if (!t)`; the operator's value is t.  a is lowered already. */
static void lower_logic_link(Lower *L, Node *e, Buf *pre, const char *ind)
{
    const char *in = fmt(L, "%s    ", ind);
    const char *t = new_temp(L, "int");
    buf_printf(pre, "%sself->%s = %s;\n", ind, t, truth(L, e->lhs));
    buf_printf(pre, "%sif (%sself->%s) {\n", ind, e->kind == ND_LOGOR ? "!" : "", t);
    lower_scope(L, e->rhs, pre, in);
    buf_printf(pre, "%sself->%s = %s;\n", in, t, truth(L, e->rhs));
    buf_printf(pre, "%s}\n", ind);
    replace(L, e->span.begin, e->span.end, fmt(L, "self->%s", t));
}

static bool is_logic_item(Node *e)
{
    return (e->kind == ND_LOGAND || e->kind == ND_LOGOR) && has_yield(e->rhs);
}

/* The same along a chain `(yield a) || (yield b) || ...` of such items,
 * from its bottom up, without recursing along it. */
static void lower_logic(Lower *L, Node *e, Buf *pre, const char *ind)
{
    Spine sp = SPINE_INIT(sp);
    int k = chain_spine(e, &sp), m = 1;
    while (m < k && is_logic_item(sp.v[m]))
        m++;
    lower_scope(L, sp.v[m - 1]->lhs, pre, ind);
    for (int i = m - 1; i >= 0; i--)
        lower_logic_link(L, sp.v[i], pre, ind);
    spine_free(&sp);
}

/* c ? a : b => if (c) { a's awaits; t = a; } else { b's awaits; t = b; }
 * with t of type __typeof__(0 ? a : b); `c ?: b` keeps c in t. */
static void lower_cond(Lower *L, Node *e, Buf *pre, const char *ind)
{
    const char *in = fmt(L, "%s    ", ind);
    lower_scope(L, e->cond, pre, ind);
    Buf type = {0};
    buf_puts(&type, "__typeof__(0 ? ");
    put_type_expr(L, &type, e->then ? e->then : e->cond);
    buf_puts(&type, " : ");
    put_type_expr(L, &type, e->els);
    buf_puts(&type, ")");
    const char *t = new_temp(L, take(L, &type));
    if (e->then) {
        buf_printf(pre, "%sif (%s) {\n", ind, text_of(L, e->cond));
        lower_scope(L, e->then, pre, in);
        buf_printf(pre, "%sself->%s = %s;\n", in, t, text_of(L, e->then));
        buf_printf(pre, "%s} else {\n", ind);
    } else {
        buf_printf(pre, "%sself->%s = %s;\n", ind, t, text_of(L, e->cond));
        buf_printf(pre, "%sif (!self->%s) {\n", ind, t);
    }
    lower_scope(L, e->els, pre, in);
    buf_printf(pre, "%sself->%s = %s;\n", in, t, text_of(L, e->els));
    buf_printf(pre, "%s}\n", ind);
    replace(L, e->span.begin, e->span.end, fmt(L, "self->%s", t));
}

/* The statements of statement expression x, before its value (all of
 * them when it has none), rendered with their patches, as lines at `in`. */
static void put_stmt_expr_items(Lower *L, Node *x, Buf *pre, const char *in)
{
    Node *body = x->body, *value = stmt_expr_value(x), *last = NULL;
    for (Node *i = body->list; i; i = i->next)
        last = i;
    if (!body->list || (value && body->list == last))
        return;
    Buf items = {0};
    render(L, &items, body->list->span.begin,
           value ? last->span.begin : last->span.end, NULL);
    while (items.len && strchr(" \t\n", items.data[items.len - 1]))
        items.len--;
    buf_printf(pre, "%s%.*s\n", in, (int)items.len, items.data);
    buf_free(&items);
}

/* ({ s...; e; }) holding a yield => in front of the statement:
 *     { s...; e's awaits; self->t__1 = e; }
 * and the expression reads self->t__1, typed __typeof__(((void)0, e)) as
 * the statement expression converts its value; discarded, or without a
 * value, e is a statement of its own. */
static void lower_stmt_expr(Lower *L, Node *x, Buf *pre, const char *ind,
                            bool discarded)
{
    const char *in = fmt(L, "%s    ", ind);
    Node *value = stmt_expr_value(x);
    buf_printf(pre, "%s{\n", ind);
    put_stmt_expr_items(L, x, pre, in);
    const char *t = NULL;
    if (value && !discarded) {
        lower_scope(L, value, pre, in);
        Buf type = {0};
        buf_puts(&type, "__typeof__(");
        put_stmt_expr_type(L, &type, x);
        buf_puts(&type, ")");
        t = new_temp(L, take(L, &type));
        buf_printf(pre, "%sself->%s = %s;\n", in, t, text_of(L, value));
    } else if (value) {
        lower_discarded(L, value, pre, in);
    }
    buf_printf(pre, "%s}\n", ind);
    if (!discarded)
        replace(L, x->span.begin, x->span.end, t ? fmt(L, "self->%s", t) : "((void)0)");
}

/* Emits the awaits of full expression (or sequenced operand) e into pre,
 * and patches e so that its text reads their results. */
void lower_scope(Lower *L, Node *e, Buf *pre, const char *ind)
{
    if (!has_yield(e))
        return;
    Items it = {0};
    if (!L->hoisting)
        forget_seen_yields(L);
    collect(e, &(Collect){ L, &it });
    for (int k = 0; k < it.n; k++) {
        bool later = L->hoisting;       // more awaits may follow
        for (int j = k + 1; j < it.n; j++)
            later |= awaits(it.v[j]);
        Node *x = it.v[k];
        switch (x->kind) {
        case ND_YIELD:
            lower_yield(L, x, pre, ind, later);
            break;
        case ND_LOGAND: case ND_LOGOR:
            lower_logic(L, x, pre, ind);
            break;
        case ND_COND:
            lower_cond(L, x, pre, ind);
            break;
        case ND_STMT_EXPR:
            lower_stmt_expr(L, x, pre, ind, false);
            break;
        case ND_COMMA:
            lower_discarded(L, x->lhs, pre, ind);
            replace(L, x->span.begin, x->rhs->span.begin, "");
            break;
        default:
            break;
        }
    }
}

/* Expression statement e of a macro's expansion whose awaits go in front
 * of the macro (lower_stmt.c: hoist_to): they go to pre, and e stays,
 * reading their results; a yield that is all of e is only its await, and
 * its text becomes `((void)0)`. */
void lower_hoisted(Lower *L, Node *e, Buf *pre, const char *ind)
{
    Node *x = strip_parens(e);
    if (x->kind != ND_YIELD || !span_editable(x->span)) {
        lower_scope(L, e, pre, ind);
        return;
    }
    if (seen_before(L, x->span.r0))
        return;
    lower_scope(L, x->lhs, pre, ind);
    put_await(L, x, pre, ind, true);
    replace(L, x->span.begin, x->span.end, "((void)0)");
}

Node *strip_parens(Node *e)
{
    while (e->kind == ND_PAREN && e->lhs)
        e = e->lhs;
    return e;
}

/* `a, b, c` discarded => a; b; c; -- along the chain, not recursing: the
 * operands left of the first yield stay one statement. */
static void lower_comma_discarded(Lower *L, Node *x, Buf *pre, const char *ind)
{
    Spine sp = SPINE_INIT(sp);
    int k = chain_spine(x, &sp), j;
    while (k > 1 && sp.v[k - 1]->kind != ND_COMMA)
        k--;                            // `a + b, c`: the + is an operand
    bool seen = has_yield(sp.v[k - 1]->lhs);
    for (j = k - 1; j > 0 && !(seen |= has_yield(sp.v[j]->rhs)); j--)
        ;
    lower_discarded(L, sp.v[j]->lhs, pre, ind);
    for (; j >= 0; j--)
        lower_discarded(L, sp.v[j]->rhs, pre, ind);
    spine_free(&sp);
}

/* A full expression whose value is not used, as statements: a yield is
 * only its await, and sequencing operators become if/else. */
void lower_discarded(Lower *L, Node *e, Buf *pre, const char *ind)
{
    Node *x = strip_parens(e);
    const char *in = fmt(L, "%s    ", ind);
    if (!has_yield(x)) {
        buf_printf(pre, "%s%s;\n", ind, text_of(L, e));
        return;
    }
    switch (x->kind) {
    case ND_YIELD:
        if (!span_editable(x->span))
            break;                      // refused by lower_scope
        lower_scope(L, x->lhs, pre, ind);
        put_await(L, x, pre, ind, true);
        return;
    case ND_COMMA:
        if (!spelled(x))
            break;
        lower_comma_discarded(L, x, pre, ind);
        return;
    case ND_STMT_EXPR:
        if (!spelled(x))
            break;
        lower_stmt_expr(L, x, pre, ind, true);
        return;
    case ND_LOGAND: case ND_LOGOR:
        if (!has_yield(x->rhs) || !spelled(x))
            break;
        lower_scope(L, x->lhs, pre, ind);
        buf_printf(pre, "%sif (%s) {\n", ind, x->kind == ND_LOGOR ?
                   negate(L, x->lhs) : text_of(L, x->lhs));
        lower_discarded(L, x->rhs, pre, in);
        buf_printf(pre, "%s}\n", ind);
        return;
    case ND_COND:
        if ((!has_yield(x->then) && !has_yield(x->els)) || !spelled(x))
            break;
        lower_scope(L, x->cond, pre, ind);
        buf_printf(pre, "%sif (%s) {\n", ind, x->then ?
                   text_of(L, x->cond) : negate(L, x->cond));
        if (x->then) {
            lower_discarded(L, x->then, pre, in);
            buf_printf(pre, "%s} else {\n", ind);
        }
        lower_discarded(L, x->els, pre, in);
        buf_printf(pre, "%s}\n", ind);
        return;
    default:
        break;
    }
    lower_scope(L, e, pre, ind);
    mark(L, pre, e->span.line);
    buf_printf(pre, "%s%s;\n", ind, text_of(L, e));
}
