/* An enumeration constant is an ordinary identifier: in the block that
 * declares it, T is a constant (usable in the same enum right away), and
 * after the block T is a type again. */
#include <stdio.h>

typedef long T;

int main(void)
{
    {
        enum { T = 4, U = T * 2 };
        int v[T * U];
        printf("%d %zu\n", T * U, sizeof v / sizeof v[0]);
    }
    T t = (T)1 << 40;
    printf("%lld\n", (long long)t);
    return 0;
}
