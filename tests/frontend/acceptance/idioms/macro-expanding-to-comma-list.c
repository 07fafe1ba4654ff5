/* A macro that expands to a comma expression and to arguments. */
#include <stdio.h>
#define XY 1, 2
#define PAIR_ARGS(p) (p).x, (p).y
struct pt { int x, y; };
int add(int a, int b) { return a + b; }
int f(struct pt p) { printf("%d %d\n", PAIR_ARGS(p)); return add(XY); }
