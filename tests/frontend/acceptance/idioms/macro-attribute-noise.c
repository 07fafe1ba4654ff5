/* Macros that expand to attributes or to nothing. */
#define UNUSED __attribute__((unused))
#define NORETURN __attribute__((noreturn))
#define EXPORT
#define INLINE static inline
EXPORT NORETURN void die(void);
INLINE int sq(int x) { return x * x; }
static int helper(int a, int b UNUSED) { return sq(a); }
int use(void) { return helper(1, 2); }
