/* __BEGIN_DECLS / __END_DECLS and __THROW from <sys/cdefs.h>. */
#include <sys/cdefs.h>
__BEGIN_DECLS
extern int api_call(int) __THROW __attribute_pure__;
extern void *api_alloc(unsigned long) __THROW __attribute_malloc__ __wur;
__END_DECLS
