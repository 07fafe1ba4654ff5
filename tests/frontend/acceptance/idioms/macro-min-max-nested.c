/* Nested function-like macros expanding each other. */
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define CLAMP(x, lo, hi) MIN(MAX(x, lo), hi)
int f(int x) { return CLAMP(x, 0, 255) + MIN(MAX(1, 2), MIN(3, 4)); }
