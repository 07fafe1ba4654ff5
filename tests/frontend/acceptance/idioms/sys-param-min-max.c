/* MIN and MAX from <sys/param.h>, nested. */
#include <sys/param.h>
int clamp(int x) { return MIN(MAX(x, 0), 100); }
