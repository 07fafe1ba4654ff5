/* `typedef` is a storage-class specifier and may stand anywhere among the
 * declaration specifiers: `int typedef U;` declares the type U just like
 * `typedef int U;`.  Each name is a type from the end of its declarator,
 * so the second declarator of a typedef may already use the first. */
#include <stdio.h>

/* Legal C that gcc's -Wextra calls old-fashioned. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wold-style-declaration"
#endif

int typedef U;
unsigned long typedef UL, *ULP;
const typedef char C, CA[sizeof(U) + sizeof (C)];

int main(void)
{
    U u = -3;
    UL big = 1;
    ULP p = &big;
    CA word = "four";
    long double typedef LD;
    LD half = 0.5L;
    *p <<= 33;
    printf("%d %lu %zu %s %Lg\n", u, big, sizeof word, word, half);
    return 0;
}
