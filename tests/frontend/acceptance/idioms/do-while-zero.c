/* Statement macros wrapped in do { } while (0). */
#define SWAP(a, b) do { int t_ = (a); (a) = (b); (b) = t_; } while (0)
void sort2(int *x, int *y) { if (*x > *y) SWAP(*x, *y); else (void)0; }
