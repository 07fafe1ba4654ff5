/* Tags are their own namespace: `typedef struct T T;` gives the tag and the
 * type one name; `struct T` and `T` then name the same type, and a member
 * of type `T *` may point back at it. */
#include <stdio.h>

typedef struct T T;
struct T {
    int v;
    T *next;
    struct T *prev;
};

typedef enum E { E0, E1 } E;
typedef union N { int i; float f; } N;

int main(void)
{
    T a = { 1, 0, 0 }, b = { 2, &a, 0 };
    struct T *p = &b;
    E e = E1;
    union N n = { .i = 7 };
    N m = n;
    printf("%d %d %d %d\n", p->v, p->next->v, (int)e, m.i);
    return 0;
}
