/* constructor and destructor attributes through macros. */
#define INIT(f) static void f(void) __attribute__((constructor)); static void f(void)
static int ready;
INIT(setup) { ready = 1; }
int is_ready(void) { return ready; }
