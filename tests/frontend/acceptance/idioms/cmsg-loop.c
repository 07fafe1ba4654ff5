/* The CMSG_FIRSTHDR / CMSG_NXTHDR loop. */
#include <sys/socket.h>
int count_fds(struct msghdr *msg)
{
    int n = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
            n += (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
    return n;
}
