/* Counting arguments with a variadic macro. */
#define NARGS_(a, b, c, d, n, ...) n
#define NARGS(...) NARGS_(__VA_ARGS__, 4, 3, 2, 1, 0)
int counts[] = { NARGS(x), NARGS(x, y), NARGS(x, y, z) };
