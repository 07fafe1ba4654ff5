/* timersub / timeradd from <sys/time.h>. */
#include <sys/time.h>
long elapsed_us(struct timeval *a, struct timeval *b)
{
    struct timeval d;
    timersub(b, a, &d);
    return d.tv_sec * 1000000L + d.tv_usec;
}
