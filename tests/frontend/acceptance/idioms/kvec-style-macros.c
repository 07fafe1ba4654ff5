/* A kvec-style generic vector made of macros. */
#include <stdlib.h>
#define kvec_t(type) struct { size_t n, m; type *a; }
#define kv_init(v) ((v).n = (v).m = 0, (v).a = 0)
#define kv_push(type, v, x) do { \
        if ((v).n == (v).m) { \
            (v).m = (v).m ? (v).m << 1 : 2; \
            (v).a = (type *)realloc((v).a, sizeof(type) * (v).m); \
        } \
        (v).a[(v).n++] = (x); \
    } while (0)
int f(void)
{
    kvec_t(int) v;
    kv_init(v);
    kv_push(int, v, 1);
    kv_push(int, v, 2);
    int s = v.a[0] + v.a[1];
    free(v.a);
    return s;
}
