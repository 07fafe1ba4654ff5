/* Macros that expand to whole definitions. */
#define BINOP(name) static int f_##name(int a) { return a; }
#define BINOPS BINOP(plus) BINOP(minus)
BINOPS
int use(void) { return f_plus(1) + f_minus(2); }
