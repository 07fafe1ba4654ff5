/* A macro that declares a function-pointer member. */
#define CALLBACK(name, ...) int (*name)(__VA_ARGS__)
struct driver { const char *name; CALLBACK(open, const char *); CALLBACK(close, void); };
int stop(struct driver *d) { return d->close(); }
