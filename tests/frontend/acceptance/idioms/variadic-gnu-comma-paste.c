/* GNU ", ## __VA_ARGS__" swallows the comma. */
#include <stdio.h>
#define WARN(fmt, ...) fprintf(stderr, fmt "\n", ## __VA_ARGS__)
void f(int x) { WARN("plain"); WARN("x=%d", x); }
