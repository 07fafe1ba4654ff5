/*
 * ast.c - node constructors, the height that bounds every walk, and the
 * generic child visitors.
 *
 * visit_children knows no kind: it gathers the node's child fields that
 * are set and visits them in the order they appear in the source (by span),
 * walking the list fields element by element.  A later pass therefore
 * walks any node without a switch of its own.
 *
 * Height is nesting, not length.  Real code holds long flat chains: a sum
 * or an `a || b || ...` of thousands of terms and comma lists (left-leaning
 * trees of binary operators), else-if ladders and stacked labels
 * (`case 1: case 2: ...`, right-leaning).  A link of such a chain adds
 * nothing to the height (chain_link names it), so the parser's limit
 * (MAX_TREE_HEIGHT) counts brackets, blocks, nested statements and
 * operands, and a chain of any length passes.  The price is that no walk
 * may recurse along a chain: visit_flat walks one iteratively, and the
 * walkers that treat a chain's kinds specially (analyze.c's labels,
 * lower_expr.c's collect and lower_discarded, lower_stmt.c's lower_if)
 * loop along it themselves.
 */
#include <stdlib.h>
#include <string.h>

#include "blc.h"

Node *new_node(Ctx *ctx, NodeKind kind, Span span)
{
    Node *n = arena_alloc(ctx->arena, sizeof *n);
    n->kind = kind;
    n->span = span;
    return n;
}

static Node *set_height_of(Ctx *ctx, Node *n, const Node *a, const Node *b);

Node *new_unary(Ctx *ctx, Span span, NodeKind kind, Node *lhs)
{
    Node *n = new_node(ctx, kind, span);
    n->lhs = lhs;
    return set_height_of(ctx, n, lhs, NULL);
}

Node *new_binary(Ctx *ctx, Span span, NodeKind kind, Node *lhs, Node *rhs)
{
    Node *n = new_node(ctx, kind, span);
    n->lhs = lhs;
    n->rhs = rhs;
    return set_height_of(ctx, n, lhs, rhs);
}

static bool is_binary(const Node *n)
{
    return n && ((n->kind >= ND_MUL && n->kind <= ND_LOGOR) || n->kind == ND_COMMA);
}

static bool is_label(const Node *n)
{
    return n && (n->kind == ND_CASE || n->kind == ND_DEFAULT || n->kind == ND_LABEL);
}

Node *chain_link(const Node *n)
{
    if (is_binary(n) && is_binary(n->lhs))
        return n->lhs;
    if (n->kind == ND_IF && n->els && n->els->kind == ND_IF)
        return n->els;
    if (is_label(n) && is_label(n->body))
        return n->body;
    return NULL;
}

static uint32_t list_height(const Node *n, uint32_t h)
{
    for (; n; n = n->next)
        if (n->height > h)
            h = n->height;
    return h;
}

/* n's height, h the highest of its children but its chain's link. */
static Node *height_is(Ctx *ctx, Node *n, const Node *link, uint32_t h)
{
    n->height = link && link->height > h + 1 ? link->height : h + 1;
    if (n->height > MAX_TREE_HEIGHT && !ctx->fatal) {
        error_at(ctx, n->span, "expression or statement nesting too deep "
                 "(more than %d levels)", MAX_TREE_HEIGHT);
        ctx->fatal = true;
    }
    return n;
}

/* One more than the highest child, except that a chain's link only passes
 * its own height on (see the essay above). */
Node *set_height(Ctx *ctx, Node *n)
{
    const Node *single[] = {n->specs, n->declarator, n->type, n->cond, n->lhs,
                            n->then, n->rhs, n->init, n->inc, n->els, n->body};
    const Node *link = chain_link(n);
    uint32_t h = list_height(n->list, list_height(n->knr, 0));
    for (size_t i = 0; i < sizeof single / sizeof *single; i++)
        if (single[i] && single[i] != link && single[i]->height > h)
            h = single[i]->height;
    return height_is(ctx, n, link, h);
}

/* set_height of a new node whose only children are a and b. */
static Node *set_height_of(Ctx *ctx, Node *n, const Node *a, const Node *b)
{
    const Node *link = chain_link(n);
    uint32_t h = 0;
    if (a && a != link)
        h = a->height;
    if (b && b != link && b->height > h)
        h = b->height;
    return height_is(ctx, n, link, h);
}

Node *new_named(Ctx *ctx, Span span, NodeKind kind, const char *name,
                Span name_span)
{
    Node *n = new_node(ctx, kind, span);
    n->name = name;
    n->name_span = name_span;
    return n;
}

Node *declarator_func(Node *d)
{
    if (!d || !d->derived || d->derived->kind != ND_D_FUNC)
        return NULL;
    return d->derived;
}

typedef struct Child {
    Node *node;
    bool is_list;
} Child;

/* The set child fields of n; list fields are marked.  No arrays of its
 * own: it runs at every level of every walk's recursion. */
static int children_of(Node *n, Child out[14])
{
    int k = 0;
#define CHILD(field, list) if (n->field) out[k++] = (Child){n->field, list}
    CHILD(specs, false); CHILD(declarator, false); CHILD(type, false);
    CHILD(cond, false); CHILD(lhs, false); CHILD(then, false);
    CHILD(rhs, false); CHILD(init, false); CHILD(inc, false);
    CHILD(els, false); CHILD(body, false);
    CHILD(derived, true); CHILD(knr, true); CHILD(list, true);
#undef CHILD
    return k;
}

/* visit_children, leaving out the child `skip`. */
static int visit_except(Node *n, const Node *skip, VisitFn *fn, void *arg)
{
    if (!n)
        return 0;
    Child c[14];
    int k = children_of(n, c);
    for (int i = 1; i < k; i++)         // insertion sort by position
        for (int j = i; j > 0 && c[j].node->span.begin < c[j - 1].node->span.begin; j--) {
            Child t = c[j];
            c[j] = c[j - 1];
            c[j - 1] = t;
        }
    for (int i = 0; i < k; i++)
        for (Node *m = c[i].node; m; m = c[i].is_list ? m->next : NULL) {
            int r = m == skip ? 0 : fn(m, arg);
            if (r)
                return r;
        }
    return 0;
}

int visit_children(Node *n, VisitFn *fn, void *arg)
{
    return visit_except(n, NULL, fn, arg);
}

/* A right-leaning chain: each link's other children, from the top down. */
static int visit_right(Node *n, VisitFn *fn, void *arg)
{
    for (; n; n = chain_link(n)) {
        int r = visit_except(n, chain_link(n), fn, arg);
        if (r)
            return r;
    }
    return 0;
}

int chain_spine(Node *n, Spine *sp)
{
    sp->n = 0;
    for (; n; n = chain_link(n)) {
        if (sp->n == sp->cap) {
            size_t cap = sp->cap * 2;
            Node **v = sp->v == sp->small ? malloc(cap * sizeof *v) :
                       realloc(sp->v, cap * sizeof *v);
            if (!v) {
                fputs("blc: error: out of memory\n", stderr);
                exit(1);
            }
            if (sp->v == sp->small)
                memcpy(v, sp->small, sizeof sp->small);
            sp->v = v;
            sp->cap = cap;
        }
        sp->v[sp->n++] = n;
    }
    return (int)sp->n;
}

void spine_free(Spine *sp)
{
    if (sp->v != sp->small)
        free(sp->v);
}

/* A left-leaning chain: the bottom link's children, then each link's
 * right operand on the way back up. */
static int visit_left(Node *n, VisitFn *fn, void *arg)
{
    Spine sp = SPINE_INIT(sp);
    int k = chain_spine(n, &sp), r = 0;
    for (int i = k - 1; i >= 0 && !r; i--)
        r = visit_except(sp.v[i], i + 1 < k ? sp.v[i + 1] : NULL, fn, arg);
    spine_free(&sp);
    return r;
}

int visit_flat(Node *n, VisitFn *fn, void *arg)
{
    Node *link = n ? chain_link(n) : NULL;
    if (!link)
        return visit_children(n, fn, arg);
    return link == n->lhs ? visit_left(n, fn, arg) : visit_right(n, fn, arg);
}

static const char *const kind_names[ND_KIND_COUNT] = {
#define K(x) [x] = #x
    K(ND_NONE), K(ND_TU), K(ND_FUNC), K(ND_DECL), K(ND_INIT_DECL),
    K(ND_SPECS), K(ND_DECLARATOR), K(ND_D_POINTER), K(ND_D_ARRAY),
    K(ND_D_FUNC), K(ND_PARAM), K(ND_TYPENAME), K(ND_STRUCT), K(ND_UNION),
    K(ND_ENUM), K(ND_ENUMERATOR), K(ND_TYPEOF), K(ND_ALIGNAS),
    K(ND_ATOMIC_TYPE), K(ND_STATIC_ASSERT), K(ND_NAME), K(ND_BLOCK),
    K(ND_EXPR_STMT), K(ND_IF), K(ND_WHILE), K(ND_DO), K(ND_FOR),
    K(ND_SWITCH), K(ND_CASE), K(ND_DEFAULT), K(ND_LABEL), K(ND_GOTO),
    K(ND_GOTO_PTR), K(ND_BREAK), K(ND_CONTINUE), K(ND_RETURN), K(ND_ASM),
    K(ND_ASM_OPERAND), K(ND_LOCAL_LABEL), K(ND_EMPTY), K(ND_IDENT),
    K(ND_NUM), K(ND_CHAR), K(ND_STRING), K(ND_PAREN), K(ND_STMT_EXPR),
    K(ND_GENERIC), K(ND_GENERIC_ASSOC), K(ND_VA_ARG), K(ND_OFFSETOF),
    K(ND_TYPES_COMPAT), K(ND_LABEL_ADDR), K(ND_YIELD), K(ND_CALL),
    K(ND_INDEX), K(ND_MEMBER), K(ND_POST_INC), K(ND_POST_DEC),
    K(ND_COMPOUND_LIT), K(ND_PRE_INC), K(ND_PRE_DEC), K(ND_ADDR),
    K(ND_DEREF), K(ND_PLUS), K(ND_NEG), K(ND_BITNOT), K(ND_NOT),
    K(ND_REAL), K(ND_IMAG), K(ND_EXTENSION), K(ND_SIZEOF_EXPR),
    K(ND_SIZEOF_TYPE), K(ND_ALIGNOF_EXPR), K(ND_ALIGNOF_TYPE), K(ND_CAST),
    K(ND_MUL), K(ND_DIV), K(ND_MOD), K(ND_ADD), K(ND_SUB), K(ND_SHL),
    K(ND_SHR), K(ND_LT), K(ND_GT), K(ND_LE), K(ND_GE), K(ND_EQ), K(ND_NE),
    K(ND_BITAND), K(ND_BITXOR), K(ND_BITOR), K(ND_LOGAND), K(ND_LOGOR),
    K(ND_COND), K(ND_ASSIGN), K(ND_COMMA), K(ND_INIT_LIST),
    K(ND_DESIG_INIT), K(ND_DESIG_FIELD), K(ND_DESIG_INDEX),
#undef K
};

const char *node_kind_name(NodeKind kind)
{
    if (kind >= ND_KIND_COUNT || !kind_names[kind])
        return "ND_?";
    return kind_names[kind] + 3;
}
