/* __P() prototypes, for compilers without them. */
#include <sys/cdefs.h>
#ifndef __P
#define __P(args) args
#endif
int add __P((int, int));
int add(int a, int b) { return a + b; }
