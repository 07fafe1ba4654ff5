/* PRId64 and friends between string literals. */
#include <inttypes.h>
#include <stdio.h>
void show(int64_t a, uint32_t b, uintptr_t p) { printf("a=%" PRId64 " b=%" PRIu32 " p=%#" PRIxPTR "\n", a, b, p); }
int64_t big = INT64_C(1) << 40;
