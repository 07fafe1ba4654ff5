/* BUILD_BUG_ON as a statement. */
#define BUILD_BUG_ON(c) ((void)sizeof(char[1 - 2 * !!(c)]))
struct s { int a, b; };
int f(void) { BUILD_BUG_ON(sizeof(struct s) != 2 * sizeof(int)); return 0; }
