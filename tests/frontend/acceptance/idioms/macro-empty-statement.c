/* A debug macro that expands to nothing, leaving ';'. */
#ifdef DEBUG
#include <stdio.h>
#define DPRINT(...) fprintf(stderr, __VA_ARGS__)
#else
#define DPRINT(...)
#endif
int f(int x) { DPRINT("x=%d\n", x); if (x) DPRINT("yes"); else DPRINT("no"); return x; }
