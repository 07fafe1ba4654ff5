/* Unit-test macros that define and register functions. */
typedef void (*test_fn)(int *);
static test_fn tests[8];
static int ntests;
#define TEST(name) \
    static void test_##name(int *failed); \
    __attribute__((constructor)) static void register_##name(void) { tests[ntests++] = test_##name; } \
    static void test_##name(int *failed)
#define EXPECT(c) do { if (!(c)) ++*failed; } while (0)
TEST(addition) { EXPECT(1 + 1 == 2); }
TEST(ordering) { EXPECT(1 < 2); EXPECT(2 > 1); }
int run(void) { int failed = 0; for (int i = 0; i < ntests; i++) tests[i](&failed); return failed; }
