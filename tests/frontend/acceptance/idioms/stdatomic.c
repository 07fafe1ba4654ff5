/* <stdatomic.h> types and generic functions. */
#include <stdatomic.h>
static atomic_int refs = ATOMIC_VAR_INIT(1);
static _Atomic(long) total;
int retain(void) { atomic_fetch_add_explicit(&total, 1, memory_order_relaxed); return atomic_fetch_add(&refs, 1) + 1; }
