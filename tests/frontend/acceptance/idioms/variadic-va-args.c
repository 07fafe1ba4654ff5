/* A variadic macro with __VA_ARGS__. */
#include <stdio.h>
#define LOG(fmt, ...) fprintf(stderr, "log: " fmt "\n", __VA_ARGS__)
void f(int x) { LOG("x=%d", x); LOG("%d %d", x, x + 1); }
