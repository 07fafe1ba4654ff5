/* A comma inside parentheses in a macro argument. */
#define FIRST(a, b) (a)
int f(int x) { return FIRST((x, x + 1), 2); }
