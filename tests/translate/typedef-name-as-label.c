/* Labels live in their own namespace: `T:` is a label even when T names a
 * type, `goto T;` jumps to it, and T is a type on the very next line. */
#include <stdio.h>

typedef int T;

int main(void)
{
    T count = 0;
T:
    count++;
    T limit = 3;
    if (count < limit)
        goto T;
    printf("%d\n", count);
    return 0;
}
