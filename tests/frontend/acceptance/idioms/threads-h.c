/* C11 <threads.h>: thread_local, mtx_t, thrd_t. */
#include <threads.h>
static thread_local int counter;
static mtx_t lock;
static int worker(void *arg) { (void)arg; mtx_lock(&lock); counter++; mtx_unlock(&lock); return 0; }
int start(void) { thrd_t t; mtx_init(&lock, mtx_plain); return thrd_create(&t, worker, 0); }
