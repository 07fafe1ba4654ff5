/* `T(x);` declares x when T names a type; it calls T when T names a
 * function.  The declarations below are no valid call (a braced
 * initialiser, `(int)` as an argument list) and the calls are no valid
 * declaration (an argument that is not a declarator). */
#include <stdio.h>

typedef int T;

static int twice(int n) { return 2 * n; }

static int call_twice(int v)
{
    int (*T)(int) = twice;      /* T is a function pointer in here */
    return T(v + 1);            /* a call: `v + 1` is no declarator */
}

int main(void)
{
    T(x);                       /* declares int x */
    T (y)[2] = { 4, 5 };        /* declares an array: braces are no call */
    T (*fp)(int) = twice;       /* `(int)` is no argument list */
    x = y[0] + y[1];
    printf("%d %d %d\n", x, fp(x), call_twice(x));
    return 0;
}
