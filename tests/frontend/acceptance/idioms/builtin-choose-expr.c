/* __builtin_choose_expr and __builtin_types_compatible_p. */
#define IS_INT(x) __builtin_types_compatible_p(__typeof__(x), int)
#define ABS(x) __builtin_choose_expr(IS_INT(x), abs_int(x), abs_double(x))
int abs_int(int x) { return x < 0 ? -x : x; }
double abs_double(double x) { return x < 0 ? -x : x; }
double f(int i, double d) { return ABS(i) + ABS(d); }
