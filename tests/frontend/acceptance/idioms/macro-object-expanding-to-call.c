/* An object-like macro that expands to a function name and parentheses. */
int current_time(void);
#define NOW current_time()
#define NOWF current_time
int f(void) { return NOW + NOWF(); }
