/*
 * lower_stmt.c - statements and loops: where the awaits of a statement's
 * expressions go, and how a loop keeps C's order when its condition or
 * increment yields.  The one switch of this stage is lower_stmt.
 *
 * The key decision: a statement with a yield in an expression that is
 * evaluated once per execution (an expression statement, a declaration,
 * return, if, switch, a for's init) gets its awaits in front; when it is
 * itself the body of an if/else/loop, braces are added.  Conditions
 * evaluated repeatedly keep C's order by restructuring the loop:
 *
 *     while (c) body          =>  for (;;) { awaits; if (!(c')) break; body }
 *     for (i; c; n) body      =>  i; for (;; ) { awaits of c; if (!(c')) break;
 *                                      body  next_N: awaits of n; n'; }
 *     do body while (c);      =>  do { body  next_N: awaits; } while (c');
 *
 * where a `continue` of that loop becomes `goto next_N;` when the awaits
 * sit after the body.  `return v;` becomes `self->h.result = v;
 * BL_END(co);` and falling off the end is BL_END(co).  A statement that
 * gains a block keeps its own text; an `else if` moved into one is
 * re-indented with it.  A loop a macro writes, `TAILQ_FOREACH(n, q, f) {
 * body }`, keeps its text: it is read as the `for` it expands to, its
 * body (the file's text) lowered as any loop's.  A statement a macro
 * writes gets the awaits of the yields in its arguments in front of it
 * (hoist_to): the yield runs once, before the macro, as DESIGN says.
 *
 * Limit, known and left: an `else if` whose condition yields moves the
 * rest of its ladder into a block, so each such condition nests the
 * output one level deeper (clang refuses more than 256 by default);
 * yields in the arms of a ladder cost nothing.
 */
#include "lower.h"

#include <string.h>

/* Where braces around sub-statement s open: right after the `)`, `else`
 * or `do` before it, or at s itself. */
static uint32_t brace_point(Lower *L, Node *s)
{
    uint32_t i = s->span.begin;
    while (i > 0 && strchr(" \t\r\n", src(L)[i - 1]))
        i--;
    if (i > 0 && src(L)[i - 1] == ')')
        return i;
    if (i >= 4 && !memcmp(src(L) + i - 4, "else", 4))
        return i;
    if (i >= 2 && !memcmp(src(L) + i - 2, "do", 2))
        return i;
    return s->span.begin;
}

/* The indentation of the lines generated for statement s. */
static const char *stmt_indent(Lower *L, Node *s, bool sub)
{
    if (L->hoisting && L->hoist_to && s != L->hoist_to) {  // in front of it
        s = L->hoist_to;
        sub = L->hoist_sub;
    }
    if (!sub && !starts_line(L, s->span.begin))
        return column_of(L, s->span.begin);
    if (!sub)
        return indent_of(L, s->span.begin);
    uint32_t p = brace_point(L, s);
    if (p == s->span.begin)
        return indent_of(L, s->span.begin);
    return fmt(L, "%s    ", indent_of(L, p - 1));
}

/* The generated lines, less the first line's indentation (the source's
 * own precedes the statement) and the final newline. */
static const char *inline_lines(Lower *L, const char *lines, const char *ind)
{
    size_t n = strlen(lines), k = strlen(ind);
    if (n >= k && !strncmp(lines, ind, k)) {
        lines += k;
        n -= k;
    }
    if (n && lines[n - 1] == '\n')
        n--;
    return arena_strndup(L->ctx->arena, lines, n);
}

/* Whether statement s is text the lowering may rewrite (whole) or put
 * code in front of (front): a macro's body may write a statement that
 * must change (a return, one whose yields need awaits in front), and
 * that body is not text blc can edit.  Refused, at the macro's use. */
static bool stmt_editable(Lower *L, Node *s, bool front)
{
    uint32_t bad = front ? SP_DIRTY | SP_START_MID : SP_NOT_EDITABLE;
    if (!(s->span.prov & bad))
        return true;
    const Invocation *inv = expand_invocation_in(L->ctx->expander, s->span.r0,
                                                 s->span.r1);
    error_at(L->ctx, inv ? inv->at : s->span, "macro '%s' writes a statement "
             "that blc must rewrite in a coroutine (%s); a macro's body is "
             "not text blc can edit", inv ? inv->macro : "?",
             s->kind == ND_RETURN ? "a return" : "the awaits of a yield go "
             "in front of it");
    return false;
}

/* Statement s becomes the generated lines (indented by stmt_indent). */
static void replace_stmt(Lower *L, Node *s, bool sub, const char *lines)
{
    if (!stmt_editable(L, s, false))
        return;
    const char *ind = stmt_indent(L, s, sub);
    uint32_t p = sub ? brace_point(L, s) : s->span.begin;
    if (!sub) {
        replace(L, s->span.begin, s->span.end, inline_lines(L, lines, ind));
        return;
    }
    const char *pind = p < s->span.begin ? indent_of(L, p - 1) : indent_of(L, p);
    replace(L, p, s->span.end, fmt(L, "%s{\n%s%s}", p < s->span.begin ? " " : "",
                                   lines, pind));
}

/* The generated lines go in front of statement s, which keeps its text. */
static void prefix_stmt(Lower *L, Node *s, bool sub, const char *lines)
{
    if (L->hoisting && s != L->hoist_to) {  // in front of the macro
        buf_puts(&L->hoisted_awaits, lines);
        return;
    }
    if (!stmt_editable(L, s, !sub))
        return;
    const char *ind = stmt_indent(L, s, sub);
    if (!sub) {
        wrap(L, s->span, fmt(L, "%s\n%s%s", inline_lines(L, lines, ind),
                             mark_text(L, s->span.begin), ind), NULL);
        return;
    }
    uint32_t p = brace_point(L, s);
    const char *pind = p < s->span.begin ? indent_of(L, p - 1) : indent_of(L, p);
    wrap(L, (Span){ .begin = p, .end = s->span.end },
         fmt(L, "%s{\n%s%s%s", p < s->span.begin ? " " : "", lines,
             mark_text(L, s->span.begin), ind),
         fmt(L, "\n%s}", pind));
    /* `else if (...)` moves into a block: its other lines follow it. */
    L->sites[L->nsites - 1].reindent = !starts_line(L, s->span.begin);
    if (p < s->span.begin)
        replace(L, p, s->span.begin, "");
}

/* Deletes a part of a for's header.  The deleted span starts one byte
 * early (the blank or `;` or `(` before e, which is kept), so that it
 * differs from the span of any patch of e itself, which e's own text,
 * rendered elsewhere, still needs. */
static void remove_operand(Lower *L, Node *e)
{
    uint32_t b = e->span.begin;
    char before = b > 0 ? src(L)[b - 1] : ' ';
    bool blank = before == ' ' || before == '\t';
    replace(L, b - (b > 0), e->span.end, blank || b == 0 ? "" :
            fmt(L, "%c", before));
}

/* Deletes statement s, with its line when it is alone on it. */
void remove_stmt(Lower *L, Node *s)
{
    if (!stmt_editable(L, s, false))
        return;
    uint32_t b = s->span.begin, e = s->span.end;
    uint32_t k = e;
    while (src(L)[k] == ' ' || src(L)[k] == '\t')
        k++;
    if (starts_line(L, b) && src(L)[k] == '\n') {
        b = line_start(L, b);
        e = k + 1;
    }
    replace(L, b, e, "");
}

/* Puts `;` after the last resume label of pre when nothing follows it
 * (a label must label a statement). */
static void close_last_label(Buf *pre)
{
    size_t end = pre->len;
    while (end > 0) {
        size_t e = pre->data[end - 1] == '\n' ? end - 1 : end;
        size_t start = e;
        while (start > 0 && pre->data[start - 1] != '\n')
            start--;
        if (!strncmp(pre->data + start, "#line", 5)) {
            end = start;
            continue;
        }
        if (strncmp(pre->data + start, "resume_", 7))
            return;
        char *colon = memchr(pre->data + start, ':', e - start);
        if (colon && colon[1] != ';') {
            size_t at = (size_t)(colon - pre->data) + 1;
            buf_put(pre, " ", 1);
            memmove(pre->data + at + 1, pre->data + at, pre->len - at - 1);
            pre->data[at] = ';';
        }
        return;
    }
}

/* Whether the variables of declaration d stay C variables of the resume
 * function: no yield runs in their scope (the rest of their block holds
 * none, as lower_block says), or none of them lives across one
 * (lower_live.c), and none yields in its initialiser (a resume label
 * cannot precede a declaration), so each value lives within one run of
 * the resume function and needs no frame.  Not cleanup locals: theirs
 * must run in order with the frame's (lower_cleanup.c).
 *     { int n = strlen(s); ... no yield ... }  =>  the same, in place
 *     { int i = 0; i++; yield f(); ... no i ... }  =>  the same */
static bool stays_local(Lower *L, Node *d)
{
    if (!L->no_yield_after && !L->block)
        return false;
    for (Node *id = d->list; id; id = id->next)
        if (has_yield(id->init) || cleanup_of(L, d->specs, id) ||
            (!L->no_yield_after && lives_across_yield(L, L->block, d, id->declarator)))
            return false;
    return true;
}

/* { items } => each item lowered, in the block's scope; a declaration
 * after the last item with a yield keeps its variables (stays_local). */
static void lower_block(Lower *L, Node *s)
{
    int mark = L->nscope, armed = L->narmed;
    Node *last_yield = NULL;
    for (Node *i = s->list; i; i = i->next)
        if (has_yield(i))
            last_yield = i;
    bool tail = s == L->tail_yields;    // awaits appended after its items
    bool after = !tail && last_yield == NULL;
    for (Node *i = s->list; i; i = i->next) {
        L->no_yield_after = after && i->kind == ND_DECL;
        Node *outer = L->block;
        L->block = i->kind == ND_DECL ? s : NULL;
        lower_stmt(L, i, false);
        L->block = outer;
        L->no_yield_after = false;
        after |= !tail && i == last_yield;
    }
    end_block_cleanups(L, s, armed);
    L->nscope = mark;
}

/* A cleanup local's member loses the attribute (lower_cleanup.c runs
 * it); one that a for loop's declaration or a statement expression with
 * a yield declares is refused: its scope has no end the lowering marks. */
static void check_cleanup_local(Lower *L, Var *v, Node *id, bool in_for,
                                Buf *members, size_t at)
{
    strip_cleanup(members, at);
    if (in_for || L->in_yielding_stmt_expr)
        error_at(L->ctx, id->declarator->name_span, "a cleanup local in %s "
                 "is not supported in a coroutine; declare '%s' before it",
                 in_for ? "a for loop's declaration" :
                 "a statement expression that yields", v->name);
}

/* A declaration inside the coroutine.  Locals move to the frame and their
 * initialisers become assignments; typedefs and tag declarations are
 * hoisted; static, extern and VLA declarations stay.  In a for's init
 * (in_for) the assignments are one expression; when they hold yields they
 * are returned, to go in front of the loop.  A for loop that holds no
 * yield at all keeps the variables it declares (for_keeps): their scope,
 * the loop, runs within one run of the resume function. */
static const char *lower_decl(Lower *L, Node *d, bool in_for, bool for_keeps)
{
    if (is_coroutine_prototype(d)) {
        replace(L, d->span.begin, d->span.end,
                local_coroutine_decl(L, d, &L->hoisted));
        return NULL;
    }
    bool keep = L->keep_locals > 0;
    for (Node *id = d->list; id; id = id->next)
        keep |= (id->flags & FL_VLA) != 0;
    if ((d->flags & FL_TYPEDEF) || !d->list) {
        lower_type_decl(L, d, keep || in_for);
        return NULL;
    }
    keep |= in_for ? for_keeps : stays_local(L, d);
    resolve_specs(L, d, keep);
    int nfunc = 0, n = 0;                           // `int g(int);`
    for (Node *id = d->list; id; id = id->next, n++)
        nfunc += declarator_func(id->declarator) != NULL;
    if (nfunc && nfunc < n && !keep && !(d->flags & (FL_STATIC | FL_EXTERN))) {
        error_at(L->ctx, d->span, "in a coroutine, declare functions apart "
                 "from variables (the variables move to the frame)");
        return NULL;
    }
    keep |= nfunc > 0;
    if (keep || (d->flags & (FL_STATIC | FL_EXTERN | FL_THREAD))) {
        bool fixed = d->flags & (FL_STATIC | FL_EXTERN | FL_THREAD);
        for (Node *id = d->list; id; id = id->next) {
            resolve(L, id->declarator);
            L->no_hoist += fixed;
            resolve(L, id->init);
            L->no_hoist -= fixed;
            if (id->declarator && id->declarator->name)
                declare(L, id->declarator->name, d->specs, id->declarator,
                        keep ? B_KEEP : B_STATIC)->decl = d;
        }
        if (!keep && in_units(L->hoist, d))
            hoist_anonymous_enums(L, d);
        return NULL;
    }
    const char *ind = indent_of(L, d->span.begin);
    bool yields = false;
    for (Node *id = d->list; id; id = id->next)
        yields |= has_yield(id->init);
    bool as_expr = in_for && !yields;  // for (self->i = 0, ...; ...)
    Buf lines = {0}, group = {0};
    for (Node *id = d->list; id; id = id->next) {
        resolve(L, id->declarator);
        Var *v = declare(L, id->declarator->name, d->specs, id->declarator, B_FRAME);
        if (!split_made_declaration(L, v, d))
            return NULL;
        resolve(L, id->init);
        v->init = id->init;
        size_t at = L->members.len;
        put_member(L, &L->members, v, id->init);
        v->cleanup = cleanup_of(L, d->specs, id);
        if (v->cleanup)
            check_cleanup_local(L, v, id, in_for, &L->members, at);
        if (!id->init) {
            if (v->cleanup)
                arm_cleanup(L, v);
            continue;
        }
        Buf pre = {0};
        lower_scope(L, id->init, &pre, ind);
        if (pre.len) {          // the assignments so far go first
            if (group.len)
                buf_printf(&lines, "%.*s\n", (int)group.len, group.data);
            group.len = 0;
            buf_put(&lines, pre.data, pre.len);
        }
        buf_free(&pre);
        const char *a = assign_text(L, v, id->init);
        if (v->cleanup)
            arm_cleanup(L, v);
        if (as_expr)
            buf_printf(&group, "%s%s", group.len ? ", " : "", a);
        else
            buf_printf(&group, "%s%s;", group.len ? " " : ind, a);
    }
    bool semi = d->span.end > d->span.begin && src(L)[d->span.end - 1] == ';';
    if (as_expr) {
        replace(L, d->span.begin, d->span.end,
                fmt(L, "%.*s%s", (int)group.len, group.data ? group.data : "",
                    semi ? ";" : ""));
        buf_free(&group);
        return NULL;
    }
    if (group.len)
        buf_printf(&lines, "%.*s\n", (int)group.len, group.data);
    buf_free(&group);
    const char *text = take(L, &lines);
    if (in_for) {
        replace(L, d->span.begin, d->span.end, semi ? ";" : "");
        return text;
    }
    if (!*text)
        remove_stmt(L, d);
    else
        replace_stmt(L, d, false, text);
    return NULL;
}

static void push_loop(Lower *L, const char *next)
{
    GROW(L->loops, L->nloops, L->caploops);
    L->loops[L->nloops++] = (struct Loop){ next, false, false, L->narmed };
}

/* The innermost loop, which `continue` continues (not a switch), or NULL. */
static struct Loop *innermost_loop(Lower *L)
{
    for (int i = L->nloops - 1; i >= 0; i--)
        if (!L->loops[i].is_switch)
            return &L->loops[i];
    return NULL;
}

/* continue; => goto next_N; where the loop's awaits follow its body;
 * with the cleanups of the locals it leaves (lower_cleanup.c). */
static void lower_continue(Lower *L, Node *s)
{
    struct Loop *loop = innermost_loop(L);
    if (!loop)
        return;
    const char *jump = loop->next ? fmt(L, "goto %s;", loop->next) : "continue;";
    loop->used |= loop->next != NULL;
    if (!exit_cleanups(L, s, loop->armed, jump) && loop->next)
        replace(L, s->span.begin, s->span.end, jump);
}

/* if (c) / switch (c) with yields in c: c's awaits go in front.  An
 * else-if ladder is a chain (ast.c): its ifs are lowered in a loop. */
static void lower_if(Lower *L, Node *s, bool sub)
{
    for (;; s = s->els, sub = true) {
        resolve(L, s->cond);
        if (has_yield(s->cond)) {
            Buf pre = {0};
            lower_scope(L, s->cond, &pre, stmt_indent(L, s, sub));
            prefix_stmt(L, s, sub, take(L, &pre));
        }
        if (s->kind == ND_SWITCH) {     // a `break` target
            push_loop(L, NULL);
            L->loops[L->nloops - 1].is_switch = true;
        }
        lower_stmt(L, s->kind == ND_SWITCH ? s->body : s->then, true);
        L->nloops -= s->kind == ND_SWITCH;
        if (!s->els || chain_link(s) != s->els)
            break;
    }
    lower_stmt(L, s->els, true);
}

/* The test at the top of a restructured loop body:
 *     awaits; if (!c) break; */
static const char *loop_test(Lower *L, Node *cond, const char *in)
{
    Buf pre = {0};
    lower_scope(L, cond, &pre, in);
    buf_printf(&pre, "%sif (%s)\n%s    break;", in, negate(L, cond), in);
    return take(L, &pre);
}

/* A loop that a macro's body writes (`upto(i, n)`) with a yield in its
 * condition or increment (from the macro's arguments): the loop would
 * have to be rewritten, in the macro's body.  Refused. */
static bool refuse_made_loop(Lower *L, Node *s, Node *a, Node *b)
{
    if (!(s->span.prov & SP_MADE) || (!has_yield(a) && !has_yield(b)))
        return false;
    const Invocation *inv = expand_invocation_in(L->ctx->expander, s->span.r0,
                                                 s->span.r1);
    error_at(L->ctx, s->span, "'yield' in the condition of the loop that "
             "macro '%s' writes: the loop evaluates it again, and blc cannot "
             "rewrite a macro's loop", inv ? inv->macro : "?");
    return true;
}

/* while (c) body => for (;;) { c's awaits; if (!c) break; body } */
static void lower_while(Lower *L, Node *s)
{
    if (refuse_made_loop(L, s, s->cond, NULL))
        return;
    resolve(L, s->cond);
    push_loop(L, NULL);
    Node *body = s->body;
    if (has_yield(s->cond)) {
        const char *ind = indent_of(L, s->span.begin);
        const char *in = fmt(L, "%s    ", ind);
        const char *test = loop_test(L, s->cond, in);
        if (body->kind == ND_BLOCK) {
            replace(L, s->span.begin, body->span.begin + 1,
                    fmt(L, "for (;;) {\n%s", test));
        } else {
            replace(L, s->span.begin, body->span.begin,
                    fmt(L, "for (;;) {\n%s\n%s%s", test,
                        mark_text(L, body->span.begin), in));
            wrap(L, body->span, NULL, fmt(L, "\n%s}", ind));
        }
        lower_stmt(L, body, false);
    } else {
        lower_stmt(L, body, true);
    }
    L->nloops--;
}

/* The end of the last statement of block b (where code appended to the
 * block goes), or just after its `{`. */
static uint32_t block_tail(Node *b)
{
    uint32_t at = b->span.begin + 1;
    for (Node *i = b->list; i; i = i->next)
        at = i->span.end;
    return at;
}

/* The code a loop runs after its body (next_N: awaits of c or of the
 * increment), appended inside the body. */
static void append_to_body(Lower *L, Node *body, int wrap_site, const char *next,
                           bool used, const char *code)
{
    const char *text = fmt(L, "\n%s%s%s", used ? next : "", used ? ":\n" : "", code);
    if (wrap_site < 0) {
        replace(L, block_tail(body), block_tail(body), text);
        return;
    }
    L->sites[wrap_site].after = fmt(L, "%s%s", text, L->sites[wrap_site].after);
}

/* do body while (c); => do { body next_N: c's awaits; } while (c); */
static void lower_do(Lower *L, Node *s)
{
    if (refuse_made_loop(L, s, s->cond, NULL))
        return;
    bool y = has_yield(s->cond);
    const char *next = y ? fmt(L, "next_%d", ++L->nnext) : NULL;
    const char *ind = indent_of(L, s->span.begin);
    const char *in = fmt(L, "%s    ", ind);
    int ws = -1;
    if (y && s->body->kind != ND_BLOCK) {
        ws = L->nsites;
        wrap(L, s->body->span, "{ ", fmt(L, "\n%s} ", ind));
    }
    push_loop(L, next);
    Node *tail = L->tail_yields;
    L->tail_yields = y ? s->body : tail;
    lower_stmt(L, s->body, !y);
    L->tail_yields = tail;
    bool used = L->loops[L->nloops - 1].used;
    L->nloops--;
    resolve(L, s->cond);
    if (!y)
        return;
    Buf pre = {0};
    lower_scope(L, s->cond, &pre, in);
    close_last_label(&pre);
    if (pre.len && pre.data[pre.len - 1] == '\n')
        pre.len--;
    append_to_body(L, s->body, ws, next, used, take(L, &pre));
}

/* for (i; c; n) body: yields in i go in front of the loop, yields in c
 * make the test the body's first statement (as for while), yields in n
 * move n to the body's end, behind a next_N label for `continue`. */
static void lower_for(Lower *L, Node *s, bool sub)
{
    if (refuse_made_loop(L, s, s->cond, s->inc))
        return;
    int mark = L->nscope;
    const char *ind = indent_of(L, s->span.begin);
    const char *in = fmt(L, "%s    ", ind);
    Node *body = s->body;
    bool yc = has_yield(s->cond), yn = has_yield(s->inc);
    const char *front = NULL;
    if (s->init && s->init->kind == ND_DECL) {
        front = lower_decl(L, s->init, true, !has_yield(s));
    } else if (s->init) {
        resolve(L, s->init);
        if (has_yield(s->init)) {
            Buf pre = {0};
            lower_discarded(L, s->init, &pre, stmt_indent(L, s, sub));
            front = take(L, &pre);
            remove_operand(L, s->init);
        }
    }
    if (front)
        prefix_stmt(L, s, sub, front);
    resolve(L, s->cond);
    resolve(L, s->inc);
    int ws = -1;
    if ((yc || yn) && body->kind != ND_BLOCK) {
        ws = L->nsites;
        wrap(L, body->span, fmt(L, "{\n%s%s", mark_text(L, body->span.begin), in),
             fmt(L, "\n%s}", ind));
        replace(L, brace_point(L, body), body->span.begin, " ");
    }
    if (yc) {
        const char *test = loop_test(L, s->cond, in);
        remove_operand(L, s->cond);
        if (ws < 0)
            replace(L, body->span.begin + 1, body->span.begin + 1,
                    fmt(L, "\n%s", test));
        else
            L->sites[ws].before = fmt(L, "{\n%s\n%s%s", test,
                                      mark_text(L, body->span.begin), in);
    }
    const char *next = yn ? fmt(L, "next_%d", ++L->nnext) : NULL;
    push_loop(L, next);
    Node *tail = L->tail_yields;
    L->tail_yields = yn ? body : tail;
    lower_stmt(L, body, !(yc || yn));
    L->tail_yields = tail;
    bool used = L->loops[L->nloops - 1].used;
    L->nloops--;
    if (yn) {
        Buf pre = {0};
        lower_discarded(L, s->inc, &pre, in);
        close_last_label(&pre);
        if (pre.len && pre.data[pre.len - 1] == '\n')
            pre.len--;
        remove_operand(L, s->inc);
        append_to_body(L, body, ws, next, used, take(L, &pre));
    }
    L->nscope = mark;
}

/* return v; => self->h.result = v; BL_END(co);
 * (with the cleanups of the armed locals before BL_END; a result that may be const: __builtin_memcpy((void *)&self->h.result,
 * (__typeof__(self->h.result)[1]){ v }, sizeof self->h.result);) */
static void lower_return(Lower *L, Node *s, bool sub)
{
    resolve(L, s->lhs);
    const char *ind = stmt_indent(L, s, sub);
    const char *c = cleanup_calls(L, 0);
    const char *end = fmt(L, "%s%sBL_END(co);", c, *c ? " " : "");
    Buf pre = {0};
    if (!s->lhs) {
        replace(L, s->span.begin, s->span.end,
                L->narmed ? fmt(L, "{ %s }", end) : end);
        return;
    }
    if (L->is_void) {
        lower_discarded(L, s->lhs, &pre, ind);
        buf_printf(&pre, "%s%s\n", ind, end);
    } else {
        lower_scope(L, s->lhs, &pre, ind);
        if (pre.len)
            mark(L, &pre, s->span.line);
        const char *v = text_of(L, s->lhs);
        if (result_may_be_const(L))     // a const member: copied
            buf_printf(&pre, "%s__builtin_memcpy((void *)&self->h.result, "
                       "(__typeof__(self->h.result)[1]){ %s }, "
                       "sizeof self->h.result); %s\n", ind, v, end);
        else
            buf_printf(&pre, "%sself->h.result = %s; %s\n", ind, v, end);
    }
    replace_stmt(L, s, sub, take(L, &pre));
}

static void lower_expr_stmt(Lower *L, Node *s, bool sub)
{
    resolve(L, s->lhs);
    if (!has_yield(s->lhs))
        return;
    Buf pre = {0};
    if (L->hoisting && s != L->hoist_to) {      // in front of the macro
        lower_hoisted(L, s->lhs, &pre, stmt_indent(L, s, sub));
        prefix_stmt(L, s, sub, take(L, &pre));
        return;
    }
    lower_discarded(L, s->lhs, &pre, stmt_indent(L, s, sub));
    replace_stmt(L, s, sub, take(L, &pre));
}

/* resume_N and next_N are the labels blc generates. */
static bool reserved_label(const char *name)
{
    const char *digits = !strncmp(name, "resume_", 7) ? name + 7 :
                         !strncmp(name, "next_", 5) ? name + 5 : NULL;
    if (!digits || !*digits)
        return false;
    return strspn(digits, "0123456789") == strlen(digits);
}

/* Stacked labels, `case 1: case 2: x: s`, a chain (ast.c): checked (and
 * case values resolved: they may name a renamed enumerator) in a loop;
 * the statement they label is returned. */
static Node *lower_labels(Lower *L, Node *s)
{
    for (; s && (s->kind == ND_LABEL || s->kind == ND_CASE ||
                 s->kind == ND_DEFAULT); s = s->body) {
        if (s->kind == ND_LABEL && reserved_label(s->name))
            error_at(L->ctx, s->name_span, "label '%s' is reserved for blc's "
                     "resume points in a coroutine", s->name);
        if (s->kind == ND_LABEL)
            note_jump(L, s);
        resolve(L, s->lhs);
        resolve(L, s->rhs);
    }
    return s;
}

static void lower_stmt_kind(Lower *L, Node *s, bool sub);

/* Whether statement s is one a macro invocation writes from its start,
 * at a statement's place of the file (not inside another invocation's
 * arguments): the awaits of the yields in its arguments go in front of
 * it, as DESIGN says (the yield runs once, before the macro). */
static bool macro_statement(Lower *L, Node *s)
{
    switch (s->kind) {          // those that hold statements
    case ND_BLOCK: case ND_IF: case ND_SWITCH: case ND_WHILE: case ND_DO:
    case ND_FOR: case ND_LABEL: case ND_CASE: case ND_DEFAULT:
        break;
    default:
        return false;
    }
    if (!(s->span.prov & SP_MADE) || (s->span.prov & (SP_START_MID | SP_DIRTY)))
        return false;
    const Invocation *inv = expand_invocation_in(L->ctx->expander, s->span.r0,
                                                 s->span.r1);
    return inv && inv->raw0 == s->span.r0;
}

/* The one switch of this stage: each statement kind to its lowering.
 * `sub`: s is the body of an if, else or loop, so generated statements
 * around it need braces.  A statement a macro writes gathers in front of
 * it the awaits of every statement of its expansion (hoist_to); each
 * result is then kept in a temporary, since more awaits follow. */
void lower_stmt(Lower *L, Node *s, bool sub)
{
    if (!s)
        return;
    bool hoisting = L->hoisting;
    if (!L->hoist_to && macro_statement(L, s)) {
        L->hoist_to = s;
        L->hoist_sub = sub;
        L->hoisting = true;
        forget_seen_yields(L);
        lower_stmt_kind(L, s, sub);
        L->hoist_to = NULL;
        L->hoisting = hoisting;
        if (L->hoisted_awaits.len)
            prefix_stmt(L, s, sub, take(L, &L->hoisted_awaits));
        return;
    }
    L->hoisting = L->hoist_to && (s->span.prov & (SP_START_MID | SP_DIRTY));
    lower_stmt_kind(L, s, sub);
    L->hoisting = hoisting;
}

static void lower_stmt_kind(Lower *L, Node *s, bool sub)
{
    switch (s->kind) {
    case ND_BLOCK:
        lower_block(L, s);
        return;
    case ND_EXPR_STMT:
        lower_expr_stmt(L, s, sub);
        return;
    case ND_DECL:
        lower_decl(L, s, false, false);
        return;
    case ND_IF: case ND_SWITCH:
        lower_if(L, s, sub);
        return;
    case ND_WHILE:
        lower_while(L, s);
        return;
    case ND_DO:
        lower_do(L, s);
        return;
    case ND_FOR:
        lower_for(L, s, sub);
        return;
    case ND_LABEL: case ND_CASE: case ND_DEFAULT:
        lower_stmt(L, lower_labels(L, s), sub);
        return;
    case ND_RETURN:
        lower_return(L, s, sub);
        return;
    case ND_CONTINUE:
        lower_continue(L, s);
        return;
    case ND_BREAK:
        if (L->nloops)
            exit_cleanups(L, s, L->loops[L->nloops - 1].armed, "break;");
        return;
    case ND_GOTO:
        note_jump(L, s);
        return;
    case ND_FUNC: case ND_LOCAL_LABEL: case ND_EMPTY:
        return;
    default:            // asm, goto *p, _Static_assert: names only
        resolve(L, s);
        return;
    }
}
