/* assert() and static_assert from <assert.h>. */
#include <assert.h>
static_assert(sizeof(char) == 1, "char");
int f(int *p) { assert(p != 0); assert(*p > 0 && "positive"); return *p; }
