/* A macro that expands to a whole switch statement. */
#define DISPATCH(v, a, b) switch (v) { case 0: a; break; default: b; break; }
int f(int v) { int r = 0; DISPATCH(v, r = 1, r = 2) return r; }
