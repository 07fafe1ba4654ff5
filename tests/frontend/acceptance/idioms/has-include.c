/* __has_include in #if. */
#if __has_include(<stdint.h>)
#include <stdint.h>
typedef uint32_t u32;
#else
typedef unsigned u32;
#endif
#if __has_include("no-such-header.h")
#include "no-such-header.h"
#endif
u32 value;
