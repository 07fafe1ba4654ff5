/* A macro around a parameter's declarator. */
#define UNUSED(x) x __attribute__((unused))
#define UNUSED_NAME(x) unused_##x __attribute__((unused))
int f(int UNUSED(a), int b, char *UNUSED_NAME(c)) { return b; }
