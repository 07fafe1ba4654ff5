/* <tgmath.h> type-generic math. */
#include <tgmath.h>
double f(double d, float x, double complex z) { return sqrt(d) + sqrt(x) + creal(sqrt(z)); }
