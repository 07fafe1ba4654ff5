/* Typedef names inside _Generic associations, compound literals, casts to
 * function pointer types and `__typeof__` of a type.  Each form needs T to
 * be a type here (`(T){...}` and `T:` in _Generic are no expressions). */
#include <stdio.h>

typedef short T;
typedef int (*F)(T);

static int inc(T v) { return v + 1; }

#define KIND(x) _Generic((x), T: "T", int: "int", default: "other")

int main(void)
{
    T s = 2;
    F f = (F)inc;
    __typeof__(T) *q = &s;
    int sum = f((T){ 40 }) + *q;
    printf("%s %s %d\n", KIND(s), KIND(sum), sum);
    printf("%s\n", _Generic((T){ 0 }, T: "compound T", default: "?"));
    return 0;
}
