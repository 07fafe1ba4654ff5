/* Members live in their own namespace: `T T;` in a struct declares a
 * member and T stays a type, also for the very next member.  `s.T` and
 * `p->T` name the member.  `T : 3;` is an unnamed bit-field of type T. */
#include <stdio.h>

typedef unsigned T;

struct s {
    T T;                /* a member named T, of type T */
    T other;            /* T is still a type */
    T : 3;              /* an unnamed bit-field */
    T bits : 4;
};

int main(void)
{
    struct s s = { .T = 6, .other = 7, .bits = 9 };
    struct s *p = &s;
    T sum = s.T * p->other + p->bits;
    printf("%u %zu\n", sum, sizeof(T));
    return 0;
}
