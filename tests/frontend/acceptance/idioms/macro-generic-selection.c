/* _Generic in a macro. */
#include <stdio.h>
#define print(x) _Generic((x), int: print_int, double: print_double, default: print_other)(x)
void print_int(int x) { printf("%d\n", x); }
void print_double(double x) { printf("%g\n", x); }
void print_other(const void *x) { printf("%p\n", x); }
void f(void) { print(1); print(2.0); print((const void *)0); }
