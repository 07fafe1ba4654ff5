/* A macro that expands to two statements without braces. */
#define TWO(x) (x)++; (x)++
int f(int x) { TWO(x); return x; }
