/* _Pragma built by stringification. */
#define DO_PRAGMA(x) _Pragma(#x)
#define DISABLE(w) DO_PRAGMA(GCC diagnostic ignored #w)
DO_PRAGMA(GCC diagnostic push)
DISABLE(-Wunused-function)
static void unused(void) {}
DO_PRAGMA(GCC diagnostic pop)
