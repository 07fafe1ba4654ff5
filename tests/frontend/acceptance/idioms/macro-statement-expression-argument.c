/* A statement expression as a macro argument. */
#define TWICE(x) ((x) * 2)
int f(int a) { return TWICE(({ int t = a + 1; t; })); }
