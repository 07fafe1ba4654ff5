/* A function-like macro that is a whole function header. */
#define HANDLER(name) static int name(int fd, void *arg)
HANDLER(on_read) { (void)arg; return fd; }
HANDLER(on_write) { (void)arg; return -fd; }
int (*handlers[])(int, void *) = { on_read, on_write };
