/* Tree macros in the style of <sys/tree.h>: a GENERATE macro at file scope. */
#define TREE_ENTRY(type) struct { struct type *left, *right; }
#define TREE_HEAD(name, type) struct name { struct type *root; }
#define TREE_GENERATE(name, type, field, cmp) \
    static struct type *name##_FIND(struct name *h, struct type *k) \
    { \
        struct type *n = h->root; \
        while (n) { int c = cmp(k, n); if (c == 0) return n; n = c < 0 ? n->field.left : n->field.right; } \
        return 0; \
    }
struct node { int key; TREE_ENTRY(node) link; };
static int node_cmp(struct node *a, struct node *b) { return a->key - b->key; }
TREE_HEAD(tree, node);
TREE_GENERATE(tree, node, link, node_cmp)
int has(struct tree *t, int k) { struct node key = { .key = k }; return tree_FIND(t, &key) != 0; }
