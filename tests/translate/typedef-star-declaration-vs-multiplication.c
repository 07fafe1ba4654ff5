/* `T * x;` declares x when T names a type and multiplies when T names an
 * object.  Every statement here parses under one reading only: the
 * declarations have initialisers or qualifiers (`T * x = ...` is no
 * expression), the products stand where only expressions may. */
#include <stdio.h>

typedef int T;

static int product(void)
{
    int T = 6, x = 7;
    return T * x;               /* multiplication: T is the int above */
}

int main(void)
{
    int v = 41;
    T * x = &v;                 /* declaration: x is a pointer to int */
    T * const y = x;
    T *z[2] = { x, y };
    *z[1] += 1;
    printf("%d %d\n", *x, product());
    {
        int T = 3;
        v = T * *x;             /* multiplication in an inner scope */
        printf("%d\n", v);
    }
    T * w = &v;                 /* and a declaration again after it */
    printf("%d\n", *w / 42);
    return 0;
}
