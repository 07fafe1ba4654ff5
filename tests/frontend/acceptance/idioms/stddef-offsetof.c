/* offsetof with a nested member and an array element. */
#include <stddef.h>
struct inner { int a[4]; };
struct outer { char c; struct inner in; };
size_t off = offsetof(struct outer, in.a[2]);
