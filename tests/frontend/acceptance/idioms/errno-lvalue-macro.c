/* errno is a macro that is an lvalue. */
#include <errno.h>
int f(void) { errno = 0; if (errno == EINTR) return -1; return errno; }
