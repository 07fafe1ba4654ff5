/* #if groups choosing struct members. */
struct conn {
    int fd;
#ifdef USE_TLS
    void *tls;
#else
    char plain;
#endif
#if defined(__linux__)
    int epoll_fd;
#endif
};
int fd(struct conn *c) { return c->fd; }
