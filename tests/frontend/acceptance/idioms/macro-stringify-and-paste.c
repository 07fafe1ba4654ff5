/* # and ## in the same macro. */
#define FIELD(name) { #name, offsetof(struct rec, name##_v) }
#include <stddef.h>
struct rec { int a_v; double b_v; };
struct field { const char *name; size_t off; };
static const struct field fields[] = { FIELD(a), FIELD(b) };
size_t off_b(void) { return fields[1].off; }
