/* A function-like macro gives a vector type with an attribute. */
#define vector(n, t) t __attribute__((vector_size((n) * sizeof(t))))
void g(void) { vector(4, int) v = {0}; (void)v; }
typedef vector(2, double) v2d;
v2d twice(v2d a) { return a + a; }
