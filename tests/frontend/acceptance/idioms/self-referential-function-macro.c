/* A function-like macro that calls the function of the same name. */
#include <string.h>
#define strlen(s) (__builtin_constant_p(s) ? __builtin_strlen(s) : (strlen)(s))
size_t f(const char *p) { return strlen(p) + strlen("abc"); }
