/* A macro giving a `for` head, the statement after it bare. */
#define REPEAT(n) for (int r_ = 0; r_ < (n); r_++)
int f(void) { int s = 0; REPEAT(3) s++; return s; }
