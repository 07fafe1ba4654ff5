/* LIST_FOREACH from <sys/queue.h>. */
#include <stddef.h>
#include <sys/queue.h>
struct item { int v; LIST_ENTRY(item) link; };
LIST_HEAD(item_list, item);
int total(struct item_list *l)
{
    struct item *it;
    int s = 0;
    LIST_FOREACH(it, l, link)
        s += it->v;
    return s;
}
