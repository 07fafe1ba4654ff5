/* Token pasting builds type names used in declarations. */
#define VEC(T) vec_##T
#define DECLARE_VEC(T) typedef struct { T *data; unsigned len; } VEC(T);
DECLARE_VEC(int)
DECLARE_VEC(double)
unsigned lens(VEC(int) *a, VEC(double) *b) { return a->len + b->len; }
