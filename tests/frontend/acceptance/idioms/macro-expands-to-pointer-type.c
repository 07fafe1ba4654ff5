/* A macro expanding to a pointer type used in declarations. */
#define STRING char *
#define CSTRING const char *
STRING dup_of(CSTRING s);
int f(CSTRING a, STRING b) { return a == b; }
