/* A macro gives a definition's return type. */
#define PUBLIC(type) type
PUBLIC(int) f(void) { return 0; }
PUBLIC(const char *) name(void) { return "f"; }
