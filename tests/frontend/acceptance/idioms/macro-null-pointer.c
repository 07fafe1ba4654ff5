/* A local NULL-like macro and a function pointer NULL. */
#define NIL ((void *)0)
typedef void (*cb_t)(void);
static cb_t handler = (cb_t)NIL;
int has(void) { return handler != NIL; }
