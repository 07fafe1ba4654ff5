/* A noreturn macro on a declaration and a definition. */
#include <stdlib.h>
#define NORETURN _Noreturn
NORETURN void fatal(const char *msg);
NORETURN void fatal(const char *msg) { (void)msg; abort(); }
