/* A parameter may take a typedef name, even with that type (`T T`).  It is
 * an object in the rest of the parameter list and in the body, and a type
 * again after the prototype or the definition ends. */
#include <stdio.h>

typedef int T;

static int scale(T T, int by);      /* prototype scope ends at ')' */
T global = 5;                       /* so T is a type here */

static int scale(T T, int by)
{
    return T * by;                  /* T is the parameter */
}

static int size_of(T T, int n[sizeof T])  /* the parameter, already */
{
    (void)n;
    return (int)sizeof T + T;
}

static T twice(int T) { return T + T; }

int main(void)
{
    T a = scale(global, 3);
    T b = size_of(2, (int [4]){ 0 });
    printf("%d %d %d\n", a, b, twice(a));
    return 0;
}
