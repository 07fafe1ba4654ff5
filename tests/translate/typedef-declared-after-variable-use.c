/* A name used as an object in one function may become a type later in the
 * file, and a typedef in one function's block does not leak into the next
 * function.  Each use is valid under one reading only (`V * 2` is no
 * declaration, `V v = ...` no expression). */
#include <stdio.h>

static int before(void)
{
    int V = 21;
    return V * 2;
}

typedef double V;

static V after(void)
{
    V v = 1.25;
    return v * 2;
}

static int block_typedef(void)
{
    typedef int W;
    W w = 4;
    return w;
}

static int no_leak(void)
{
    int W = 5;
    return W * 2;
}

int main(void)
{
    printf("%d %g %d %d\n", before(), after(), block_typedef(), no_leak());
    return 0;
}
