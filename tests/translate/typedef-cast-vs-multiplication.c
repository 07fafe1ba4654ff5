/* `(T)*p` is a cast of *p when T names a type and a product when T names
 * an object.  Each line pairs it with a form that parses under one reading
 * only: `(T)~0` is a cast and nothing else; a bare `(T)` closing an
 * expression is an operand and nothing else. */
#include <stdio.h>

typedef unsigned char T;

int main(void)
{
    int n = 300, *p = &n;
    int cast = (T)*p + (T)~0;   /* 300 % 256 + 255 */
    printf("%d\n", cast);
    {
        int T = 2;
        int product = (T)*n + (T);  /* 2 * 300 + 2 */
        printf("%d\n", product);
    }
    printf("%d\n", (T)*p - (T)-1);  /* a type again: 44 - 255 */
    return 0;
}
