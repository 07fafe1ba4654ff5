/* An object-like macro whose body starts with '('. */
#define PAIR (1, 2)
#define CALL_PAIR f PAIR
static int f(int a, int b) { return a + b; }
int g(void) { return CALL_PAIR; }
