/* A declaration as a macro argument. */
#define assert_code(c) c
void k(void) { assert_code(int n = 1); (void)n; }
