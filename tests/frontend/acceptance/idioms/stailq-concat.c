/* STAILQ macros, one of them with a block. */
#include <stddef.h>
#include <sys/queue.h>
struct m { STAILQ_ENTRY(m) link; int n; };
STAILQ_HEAD(mq, m);
int count(struct mq *q)
{
    struct m *p;
    int c = 0;
    STAILQ_FOREACH(p, q, link) { c += p->n; }
    return c;
}
void init(struct mq *q) { STAILQ_INIT(q); }
