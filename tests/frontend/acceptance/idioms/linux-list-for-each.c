/* A Linux-style intrusive list and its loop macros. */
#include <stddef.h>
struct list_head { struct list_head *next, *prev; };
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))
#define list_for_each(pos, head) for (pos = (head)->next; pos != (head); pos = pos->next)
#define list_entry(ptr, type, member) container_of(ptr, type, member)
struct thing { int v; struct list_head node; };
int total(struct list_head *h)
{
    struct list_head *p;
    int s = 0;
    list_for_each(p, h) {
        struct thing *t = list_entry(p, struct thing, node);
        s += t->v;
    }
    return s;
}
