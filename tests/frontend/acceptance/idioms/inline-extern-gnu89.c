/* extern inline with gnu_inline semantics. */
extern inline __attribute__((gnu_inline)) int twice(int x) { return 2 * x; }
int use(void) { return twice(2); }
