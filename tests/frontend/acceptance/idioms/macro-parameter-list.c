/* A macro that is a function's whole parameter list. */
#define HANDLER_ARGS (int fd, void *data)
static int on_event HANDLER_ARGS { (void)data; return fd; }
int use(void) { return on_event(1, 0); }
