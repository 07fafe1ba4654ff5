/* __typeof__ in a statement macro. */
#define SWAP(a, b) do { __typeof__(a) t_ = (a); (a) = (b); (b) = t_; } while (0)
void f(double *x, double *y) { SWAP(*x, *y); }
