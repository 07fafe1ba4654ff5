/* A macro giving a while head. */
#define UNTIL(c) while (!(c))
int f(int n) { UNTIL(n == 0) n--; return n; }
