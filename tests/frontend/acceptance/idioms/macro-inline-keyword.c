/* `inline` spelled through a macro. */
#define INLINE __inline__
static INLINE int twice(int x) { return 2 * x; }
int f(void) { return twice(3); }
