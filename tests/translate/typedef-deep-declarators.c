/* Typedefs of nested declarators: a pointer to a function returning a
 * pointer to an array, an array of function pointers, and declarations
 * that use them (all valid only if the names are types). */
#include <stdio.h>

typedef int A3[3];
typedef A3 *(*G)(int);          /* int (*(*)(int))[3] */
typedef int (*(*H)(int))[3];    /* the same type, spelled out */
typedef void (*Handler[2])(int *);

static A3 table = { 10, 20, 30 };
static A3 *get(int i) { (void)i; return &table; }
static void add1(int *p) { *p += 1; }
static void add2(int *p) { *p += 2; }

int main(void)
{
    G g = get;
    H h = g;
    int (*(*raw)(int))[3] = h;
    Handler hs = { add1, add2 };
    int v = (*raw(0))[2];
    hs[0](&v);
    hs[1](&v);
    printf("%d %zu\n", v, sizeof(Handler) / sizeof(void (*)(int *)));
    return 0;
}
