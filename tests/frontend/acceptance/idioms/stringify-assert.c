/* Stringification in an assert-like macro. */
#include <stdio.h>
#define CHECK(expr) ((expr) ? (void)0 : (void)fprintf(stderr, "check failed: %s\n", #expr))
void f(int a, int b) { CHECK(a < b); CHECK(a != 0 && "not zero"); }
