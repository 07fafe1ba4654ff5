/* Typedef names in the C11 specifiers that take a type (_Alignas, _Atomic,
 * _Alignof, _Static_assert's sizeof) and as parameter names inside nested
 * prototypes: `int (*cb)(T T)` ends T's life as an object at its ')', so
 * the next member may use T as a type again. */
#include <stdio.h>

typedef int T;

_Static_assert(sizeof(T) == sizeof(int), "T is int");

struct ops {
    int (*cb)(T T, int (*inner)(int));
    T after;                    /* a type again */
    _Alignas(T) char slot[sizeof(T)];
};

static _Atomic(T) hits;
static int ident(T T) { return T; }
static int apply(T v, int (*f)(T T)) { return f(v) * 2; }
static int run(T T, int (*inner)(int)) { return inner(T) + 1; }

int main(void)
{
    struct ops o = { .cb = run, .after = 4 };
    void (*fp)(int T);          /* prototype scope: T is a type after ')' */
    T x = o.cb(o.after, ident) + apply(5, ident);
    fp = 0;
    hits += x;
    printf("%d %zu %d\n", (int)hits, _Alignof(T), fp == 0);
    return 0;
}
