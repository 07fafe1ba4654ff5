/* assert() with NDEBUG (FLAGS passes -DNDEBUG). */
#include <assert.h>
int f(int x) { assert(x > 0); return x; }
