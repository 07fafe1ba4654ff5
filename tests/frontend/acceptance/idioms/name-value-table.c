/* A table of {"NAME", NAME} pairs from stringification. */
#include <errno.h>
struct entry { const char *name; int value; };
#define ENTRY(x) { #x, x }
static const struct entry errors[] = { ENTRY(EINTR), ENTRY(EAGAIN), ENTRY(ENOMEM), { 0, 0 } };
int lookup(const char *n) { for (const struct entry *e = errors; e->name; e++) if (e->name[0] == n[0]) return e->value; return -1; }
