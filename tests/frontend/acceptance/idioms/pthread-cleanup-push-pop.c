/* pthread_cleanup_push / pop, macros that open and close a brace. */
#include <pthread.h>
#include <stdlib.h>
static void release(void *p) { free(p); }
void *worker(void *arg)
{
    void *buf = malloc(64);
    pthread_cleanup_push(release, buf);
    (void)arg;
    pthread_cleanup_pop(1);
    return NULL;
}
