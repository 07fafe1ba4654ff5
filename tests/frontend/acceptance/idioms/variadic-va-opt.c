/* __VA_OPT__ (C2x, a GNU extension in C11 mode). */
#include <stdio.h>
#define TRACE(fmt, ...) printf(fmt __VA_OPT__(,) __VA_ARGS__)
void f(int x) { TRACE("none\n"); TRACE("%d\n", x); }
