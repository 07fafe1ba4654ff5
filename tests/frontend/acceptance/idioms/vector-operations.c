/* Vector types: arithmetic, subscripts, comparisons. */
typedef int v4si __attribute__((vector_size(16)));
int f(v4si a, v4si b) { v4si c = a + b * 2; v4si m = a < b; return c[0] + m[3]; }
