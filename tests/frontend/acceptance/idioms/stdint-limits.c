/* Limits from <stdint.h> and <limits.h>. */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
uint64_t max64 = UINT64_MAX;
size_t maxsize = SIZE_MAX;
int maxint = INT_MAX, bits = CHAR_BIT;
