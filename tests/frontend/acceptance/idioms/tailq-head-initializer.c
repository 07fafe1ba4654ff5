/* TAILQ_HEAD_INITIALIZER as a static initializer. */
#include <stddef.h>
#include <sys/queue.h>
struct job { TAILQ_ENTRY(job) q; };
static TAILQ_HEAD(, job) jobs = TAILQ_HEAD_INITIALIZER(jobs);
int empty(void) { return TAILQ_EMPTY(&jobs); }
