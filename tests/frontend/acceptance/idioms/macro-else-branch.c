/* A macro that ends in `else`, completed by the next statement. */
#define IF_DEBUG if (0) ; else
int f(int x) { IF_DEBUG x++; return x; }
