/* An operator as a macro argument. */
#define intop(op, a, b) ((a) op (b))
int h(int a, int b) { return intop(+, a, b) * intop(<<, a, 1) - intop(%, b, 3); }
