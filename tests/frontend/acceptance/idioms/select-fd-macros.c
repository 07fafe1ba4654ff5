/* FD_ZERO / FD_SET / FD_ISSET. */
#include <sys/select.h>
int ready(int fd)
{
    fd_set set;
    FD_ZERO(&set);
    FD_SET(fd, &set);
    struct timeval tv = { 0, 0 };
    return select(fd + 1, &set, 0, 0, &tv) > 0 && FD_ISSET(fd, &set);
}
