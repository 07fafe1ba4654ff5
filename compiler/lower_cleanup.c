/*
 * lower_cleanup.c - `__attribute__((cleanup(fn)))` on a coroutine's
 * locals: fn runs when the local's scope ends, by any path, and when the
 * coroutine is ended while suspended inside that scope (killed, timed
 * out, or left suspended at bl_run's end).
 *
 * The key decision: a frame member cannot carry the attribute (its scope
 * is the frame's whole life, and GCC ignores it there), and a resume
 * function returns at every yield, so no C scope can stand for the
 * local's.  The lowering therefore calls fn itself.  A local is armed
 * once its declaration has run (its initialiser's yields come before),
 * and the armed locals form a stack, innermost last; every way out of a
 * scope calls fn(&self->x) for the locals it leaves, last armed first:
 *
 *     falling off a block's end  =>  fn(&self->x); before its `}`
 *     break; continue;           =>  { fn(&self->x); break; }
 *     return v;                  =>  self->h.result = v; fn(&self->x); BL_END(co);
 *     goto out;                  =>  { fn(&self->x); goto out; } for the
 *                                    locals armed at the goto, not at out
 *
 * and each resume point N records the locals armed there, which the
 * coroutine's unwind function runs when the runtime ends it suspended at
 * N (bl_coro_info.unwind; the runtime goes from the innermost callee out,
 * so callees' cleanups run before their callers'):
 *
 *     static void f__unwind(bl_coro *co)
 *     {
 *         struct f__frame *self = (struct f__frame *)co;
 *         switch (co->state) {
 *         case 2: fn(&self->x); fn(&self->c); break;
 *         }
 *     }
 *
 * Refused: a cleanup local declared by a for loop's own declaration or
 * inside a statement expression that yields (declare it before).
 */
#include "lower.h"

#include <string.h>

/* x armed: its declaration has run, its scope has begun. */
void arm_cleanup(Lower *L, Var *x)
{
    GROW(L->armed, L->narmed, L->caparmed);
    L->armed[L->narmed++] = x;
}

/* `fn(&self->b); fn(&self->a);` for the locals armed[from..to), last
 * armed first; "" when there are none. */
static const char *calls(Lower *L, Var *const *armed, int from, int to)
{
    Buf b = {0};
    for (int i = to - 1; i >= from; i--)
        buf_printf(&b, "%s%s(&self->%s);", i < to - 1 ? " " : "",
                   armed[i]->cleanup, armed[i]->member);
    return take(L, &b);
}

const char *cleanup_calls(Lower *L, int from)
{
    return calls(L, L->armed, from, L->narmed);
}

/* The end of a block whose armed locals start at `from`: falling off it
 * runs their cleanups (after its last statement, so before the awaits
 * and next_N label a loop appends there; for the body itself, before the
 * resume function's BL_END), and they are disarmed. */
/* Whether statement s never falls through to what follows it (a jump:
 * the cleanups after it would be dead, and -Wimplicit-fallthrough would
 * count them as a path into the next case). */
static bool is_jump(Node *s)
{
    return s && (s->kind == ND_BREAK || s->kind == ND_CONTINUE ||
                 s->kind == ND_RETURN || s->kind == ND_GOTO);
}

void end_block_cleanups(Lower *L, Node *block, int from)
{
    Node *last = NULL;
    for (Node *i = block->list; i; i = i->next)
        last = i;
    if (L->narmed > from && !is_jump(last)) {
        const char *c = cleanup_calls(L, from);
        if (block == L->fn->body)
            L->final_cleanups = c;
        else if (last->kind == ND_DECL)   // its text may be deleted
            replace(L, block->span.end - 1, block->span.end - 1,
                    fmt(L, "    %s\n%s", c, indent_of(L, block->span.end - 1)));
        else            // after the last statement, before a loop's next_N
            replace(L, last->span.end, last->span.end,
                    fmt(L, "\n%s%s", indent_of(L, last->span.begin), c));
    }
    L->narmed = from;
}

/* A jump out of the scopes of the locals armed from `from` on:
 *     break;  =>  { fn(&self->x); break; }
 * `jump` is the statement's text, as lowered (`goto next_1;`).  False
 * when it leaves no armed local (and s is left as it is). */
bool exit_cleanups(Lower *L, Node *s, int from, const char *jump)
{
    if (L->narmed <= from)
        return false;
    replace(L, s->span.begin, s->span.end,
            fmt(L, "{ %s %s }", cleanup_calls(L, from), jump));
    return true;
}

/* A copy of the armed stack, for a label or goto to compare later. */
static struct Exit snapshot(Lower *L, Node *n)
{
    struct Exit x = { n, NULL, L->narmed };
    if (L->narmed) {
        x.armed = arena_alloc(L->ctx->arena, (size_t)L->narmed * sizeof *x.armed);
        memcpy(x.armed, L->armed, (size_t)L->narmed * sizeof *x.armed);
    }
    return x;
}

/* Labels and gotos are matched once the body is lowered (a goto may go
 * forward); each is noted with the locals armed where it stands. */
void note_jump(Lower *L, Node *n)
{
    GROW(L->exits, L->nexits, L->capexits);
    L->exits[L->nexits++] = snapshot(L, n);
}

static const struct Exit *label_exit(Lower *L, const char *name)
{
    for (int i = 0; i < L->nexits; i++)
        if (L->exits[i].node->kind == ND_LABEL && !strcmp(L->exits[i].node->name, name))
            return &L->exits[i];
    return NULL;
}

/* goto out; => { fn(&self->x); goto out; } for the locals armed at the
 * goto that are not at `out` (the stacks share a prefix: the scopes both
 * are in). */
void patch_gotos(Lower *L)
{
    for (int i = 0; i < L->nexits; i++) {
        const struct Exit *g = &L->exits[i], *l;
        if (g->node->kind != ND_GOTO || !g->n || !(l = label_exit(L, g->node->name)))
            continue;
        int k = 0;
        while (k < g->n && k < l->n && g->armed[k] == l->armed[k])
            k++;
        if (k < g->n)
            replace(L, g->node->span.begin, g->node->span.end,
                    fmt(L, "{ %s goto %s; }", calls(L, g->armed, k, g->n),
                        g->node->name));
    }
}

/* Resume point n: the cleanups its unwind case runs. */
void note_resume_point(Lower *L, int n)
{
    if (L->narmed)
        buf_printf(&L->unwind, "    case %d: %s break;\n", n, cleanup_calls(L, 0));
}

/* `static void f__unwind(bl_coro *co);` and the info's field: whether
 * the coroutine has one. */
bool has_unwind(Lower *L)
{
    return L->unwind.len > 0;
}

void put_unwind(Lower *L, Buf *out)
{
    if (!has_unwind(L))
        return;
    const char *f = L->name;
    buf_printf(out, "\n\nstatic void %s__unwind(bl_coro *co)\n{\n", f);
    buf_printf(out, "    struct %s__frame *self = (struct %s__frame *)co;\n", f, f);
    buf_puts(out, "    switch (co->state) {\n");
    buf_put(out, L->unwind.data, L->unwind.len);
    buf_puts(out, "    }\n}");
}
