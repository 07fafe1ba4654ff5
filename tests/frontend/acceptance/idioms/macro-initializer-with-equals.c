/* A macro that expands to '=' and an initializer. */
#define ZEROED = { 0 }
int a[3] ZEROED;
struct { int x, y; } p ZEROED;
