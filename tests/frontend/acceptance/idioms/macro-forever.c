/* An object-like macro for an endless loop's head. */
#define forever for (;;)
int f(int n) { forever { if (--n == 0) break; } return n; }
