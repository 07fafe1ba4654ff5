/* A typedef name redeclared as a variable in an inner block is a variable
 * from the end of its declarator -- already inside its own declaration --
 * to the end of the block, and a type again after it.  `U = T * 3` parses
 * only if T is an object by then, `T t = 1` only if it is a type again. */
#include <stdio.h>

typedef int T;

int main(void)
{
    T before = 1;
    {
        double T = 2, U = T * 3;    /* T is an object in its own initialiser list */
        T += U;
        printf("%g\n", T);
        {
            T = T / 2;              /* still the object in a nested block */
            printf("%g\n", T);
        }
    }
    T t = 1;                        /* the type again */
    for (int T = 0; T < 2; T++)     /* an object for the loop only */
        t += T * 10;
    T after = t + before;
    printf("%d\n", after);
    return 0;
}
