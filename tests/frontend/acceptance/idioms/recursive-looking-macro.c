/* A macro named like itself: `#define foo foo`. */
#define foo foo
#define errno_like (*errno_location())
int *errno_location(void);
int foo(int x) { return x; }
int bar(void) { return foo(1) + errno_like; }
