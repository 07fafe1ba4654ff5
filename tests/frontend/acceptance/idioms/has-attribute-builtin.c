/* __has_attribute and __has_builtin. */
#if defined(__has_attribute) && __has_attribute(unused)
#define MAYBE_UNUSED __attribute__((unused))
#else
#define MAYBE_UNUSED
#endif
#if __has_builtin(__builtin_expect)
#define EXPECT(x, v) __builtin_expect((x), (v))
#else
#define EXPECT(x, v) (x)
#endif
static int MAYBE_UNUSED helper;
int f(int x) { return EXPECT(x, 0); }
