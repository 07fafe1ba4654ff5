/* Macro calls nested inside other macros' arguments. */
#define SQ(x) ((x) * (x))
#define ADD(a, b) ((a) + (b))
#define NEG(x) (-(x))
int f(int x) { return ADD(SQ(ADD(x, 1)), NEG(SQ(NEG(x)))); }
