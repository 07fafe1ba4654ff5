/* va_arg with pointer, function-pointer and struct types; va_copy. */
#include <stdarg.h>
typedef int (*fn)(void);
struct pair { int a, b; };
int f(int n, ...)
{
    va_list ap, aq;
    va_start(ap, n);
    va_copy(aq, ap);
    char *s = va_arg(ap, char *);
    fn g = va_arg(ap, fn);
    struct pair p = va_arg(ap, struct pair);
    int (*h)(void) = va_arg(aq, int (*)(void));
    va_end(aq);
    va_end(ap);
    return s[0] + g() + p.a + h();
}
