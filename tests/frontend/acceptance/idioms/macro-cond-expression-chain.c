/* A nested conditional expression in a macro. */
#define SIGN(x) ((x) > 0 ? 1 : (x) < 0 ? -1 : 0)
int f(int a) { return SIGN(a) + SIGN(-a) + SIGN(0); }
