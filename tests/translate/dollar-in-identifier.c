/* `$` is an identifier character in GNU C: this is no stray byte. */
#include <stdio.h>

static int a$b = 4;
#define $twice(x) ((x) * 2)

int main(void)
{
    int $ = 1, x$y$ = $twice(a$b) + $;
    printf("%d\n", x$y$);
    return 0;
}
