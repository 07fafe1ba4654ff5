/* container_of with offsetof and a statement expression. */
#include <stddef.h>
#define container_of(ptr, type, member) ({ \
    const __typeof__(((type *)0)->member) *mptr_ = (ptr); \
    (type *)((char *)mptr_ - offsetof(type, member)); })
struct outer { int a; int inner; };
struct outer *from(int *p) { return container_of(p, struct outer, inner); }
