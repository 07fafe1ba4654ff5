/* The C11 keywords. */
#include <stddef.h>
_Static_assert(1, "file scope");
static _Thread_local int tl;
_Alignas(16) static char buf[16];
_Noreturn void stop(void);
int f(void)
{
    _Static_assert(sizeof(int) >= 2, "block scope");
    _Atomic(int) a = 0;
    _Atomic int b = 1;
    return _Generic(a, _Atomic(int): 1, default: 0) + (int)_Alignof(max_align_t) + b + tl + buf[0];
}
