/* SLIST operations as statements. */
#include <stddef.h>
#include <sys/queue.h>
struct e { int v; SLIST_ENTRY(e) next; };
SLIST_HEAD(ehead, e);
void push(struct ehead *h, struct e *x) { SLIST_INSERT_HEAD(h, x, next); }
void pop(struct ehead *h) { if (!SLIST_EMPTY(h)) SLIST_REMOVE_HEAD(h, next); }
