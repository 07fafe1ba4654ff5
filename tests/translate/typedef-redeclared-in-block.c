/* A block-scope typedef hides an outer typedef of the same name and an
 * outer function; both come back when the block ends.  `T(3)` after the
 * block is a call (3 is no declarator), `T t` inside it a declaration. */
#include <stdio.h>

typedef int S;

static int T(int x) { return x + 100; }

int main(void)
{
    printf("%zu %d\n", sizeof(S), T(1));
    {
        typedef double S;
        typedef char T[7];
        T t = "inside";
        S s = 0.25;
        printf("%zu %s %g\n", sizeof(S), t, s * 2);
    }
    S s = T(3);
    printf("%zu %d\n", sizeof(S), s);
    return 0;
}
