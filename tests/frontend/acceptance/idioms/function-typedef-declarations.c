/* A function typedef used to declare functions. */
typedef int handler_fn(int code, void *arg);
handler_fn on_open, on_close;
int on_open(int code, void *arg) { (void)arg; return code; }
handler_fn *handlers[] = { on_open };
