/* A GNU statement expression in a macro (max without double evaluation). */
#define MAX(a, b) ({ __typeof__(a) a_ = (a); __typeof__(b) b_ = (b); a_ > b_ ? a_ : b_; })
int f(int x, int y) { return MAX(x, y) + MAX(x + 1, 3); }
