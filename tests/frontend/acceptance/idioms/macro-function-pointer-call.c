/* A macro that calls through a function pointer member. */
struct ops { int (*read)(void *, int); };
#define CALL(o, m, ...) ((o)->m(__VA_ARGS__))
#define READ(o, p, n) (*(o)->read)(p, n)
int f(struct ops *o, void *p) { return CALL(o, read, p, 4) + READ(o, p, 2); }
