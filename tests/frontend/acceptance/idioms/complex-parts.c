/* __real__, __imag__ and complex arithmetic. */
#include <complex.h>
double f(double complex z) { return __real__ z + __imag__ z + creal(z * I); }
