/* A macro that sets errno and returns -1. */
#include <errno.h>
#define FAIL_WITH(e) do { errno = (e); return -1; } while (0)
int checked(int x) { if (x < 0) FAIL_WITH(EINVAL); return x; }
