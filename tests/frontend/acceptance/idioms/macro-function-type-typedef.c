/* A macro that typedefs a function type, then declares with it. */
#define FN_TYPE(name, ret, ...) typedef ret name(__VA_ARGS__)
FN_TYPE(binop_fn, int, int, int);
binop_fn add, sub;
int add(int a, int b) { return a + b; }
int apply(binop_fn *f) { return f(1, 2); }
