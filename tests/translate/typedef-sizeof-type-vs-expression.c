/* sizeof(T) measures the type when T names one and the object when an
 * inner scope makes T a variable.  `sizeof (T *)` is only a type, `sizeof T`
 * without parentheses only an expression, so a parser that keeps T in the
 * wrong namespace rejects the file. */
#include <stdio.h>

typedef char T[3];

int main(void)
{
    printf("%zu %zu\n", sizeof(T), sizeof (T *) / sizeof (char *));
    {
        double T = 0.5;
        printf("%zu %zu %g\n", sizeof(T), sizeof T, T * 4);
        __typeof__(T) u = T;    /* typeof an expression: double */
        printf("%g\n", u + 1);
    }
    T t = "ab";
    printf("%zu %s\n", sizeof t, t);
    return 0;
}
