/* Type-generic classification macros from <math.h>. */
#include <math.h>
int bad(double d, float f) { return isnan(d) || isinf(f) || fpclassify(d) == FP_SUBNORMAL || signbit(d); }
