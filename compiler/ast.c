/*
 * ast.c - node constructors and the generic child visitor.
 *
 * visit_children knows no kind: it gathers the node's child fields that
 * are set and visits them in the order they appear in the source (by span),
 * walking the list fields element by element.  A later pass therefore
 * walks any node without a switch of its own.
 */
#include <string.h>

#include "blc.h"

Node *new_node(Ctx *ctx, NodeKind kind, Span span)
{
    Node *n = arena_alloc(ctx->arena, sizeof *n);
    n->kind = kind;
    n->span = span;
    return n;
}

Node *new_unary(Ctx *ctx, Span span, NodeKind kind, Node *lhs)
{
    Node *n = new_node(ctx, kind, span);
    n->lhs = lhs;
    return set_height(ctx, n);
}

Node *new_binary(Ctx *ctx, Span span, NodeKind kind, Node *lhs, Node *rhs)
{
    Node *n = new_node(ctx, kind, span);
    n->lhs = lhs;
    n->rhs = rhs;
    return set_height(ctx, n);
}

static uint32_t list_height(const Node *n, uint32_t h)
{
    for (; n; n = n->next)
        if (n->height > h)
            h = n->height;
    return h;
}

Node *set_height(Ctx *ctx, Node *n)
{
    const Node *single[] = {n->specs, n->declarator, n->type, n->cond, n->lhs,
                            n->then, n->rhs, n->init, n->inc, n->els, n->body};
    uint32_t h = list_height(n->list, list_height(n->knr, 0));
    for (size_t i = 0; i < sizeof single / sizeof *single; i++)
        if (single[i] && single[i]->height > h)
            h = single[i]->height;
    n->height = h + 1;
    if (n->height > MAX_TREE_HEIGHT && !ctx->fatal) {
        error_at(ctx, n->span, "expression or statement nesting too deep "
                 "(more than %d levels)", MAX_TREE_HEIGHT);
        ctx->fatal = true;
    }
    return n;
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

/* The set child fields of n; list fields are marked. */
static int children_of(Node *n, Child out[16])
{
    Node *single[] = {n->specs, n->declarator, n->type, n->cond, n->lhs,
                      n->then, n->rhs, n->init, n->inc, n->els, n->body};
    Node *lists[] = {n->derived, n->knr, n->list};
    int k = 0;
    for (size_t i = 0; i < sizeof single / sizeof *single; i++)
        if (single[i])
            out[k++] = (Child){single[i], false};
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
        if (lists[i])
            out[k++] = (Child){lists[i], true};
    return k;
}

int visit_children(Node *n, VisitFn *fn, void *arg)
{
    if (!n)
        return 0;
    Child c[16];
    int k = children_of(n, c);
    for (int i = 1; i < k; i++)         // insertion sort by position
        for (int j = i; j > 0 && c[j].node->span.begin < c[j - 1].node->span.begin; j--) {
            Child t = c[j];
            c[j] = c[j - 1];
            c[j - 1] = t;
        }
    for (int i = 0; i < k; i++)
        for (Node *m = c[i].node; m; m = c[i].is_list ? m->next : NULL) {
            int r = fn(m, arg);
            if (r)
                return r;
        }
    return 0;
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
