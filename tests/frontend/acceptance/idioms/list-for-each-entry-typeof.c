/* list_for_each_entry with __typeof__ in the macro. */
#include <stddef.h>
struct list_head { struct list_head *next; };
#define list_entry(p, t, m) ((t *)((char *)(p) - offsetof(t, m)))
#define list_for_each_entry(pos, head, member) \
    for (pos = list_entry((head)->next, __typeof__(*pos), member); \
         &pos->member != (head); \
         pos = list_entry(pos->member.next, __typeof__(*pos), member))
struct job { int id; struct list_head link; };
int max_id(struct list_head *h)
{
    struct job *j;
    int m = 0;
    list_for_each_entry(j, h, link)
        if (j->id > m)
            m = j->id;
    return m;
}
