/* `const` through a macro in several places. */
#define CONST const
static CONST char *CONST names[] = { "a", "b" };
CONST char *first(void) { return names[0]; }
