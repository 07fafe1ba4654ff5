/* TAILQ_FOREACH with a block, TAILQ_INSERT_TAIL as a statement. */
#include <stddef.h>
#include <sys/queue.h>
struct node { int key; TAILQ_ENTRY(node) entries; };
TAILQ_HEAD(node_head, node);
int find(struct node_head *h, int key)
{
    struct node *n;
    TAILQ_FOREACH(n, h, entries) {
        if (n->key == key)
            return 1;
    }
    return 0;
}
void add(struct node_head *h, struct node *n) { TAILQ_INSERT_TAIL(h, n, entries); }
