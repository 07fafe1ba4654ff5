/* A function-like macro's name not followed by '(' is just a name. */
int max(int a, int b) { return a > b ? a : b; }
#define max(a, b) ((a) > (b) ? (a) : (b))
int (*pick)(int, int) = max;
int use(void) { return max(1, 2) + pick(3, 4) + (max)(5, 6); }
