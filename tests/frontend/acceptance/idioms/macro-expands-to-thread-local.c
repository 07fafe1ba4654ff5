/* A thread-local macro. */
#define THREAD_LOCAL __thread
static THREAD_LOCAL int depth;
int enter(void) { return ++depth; }
