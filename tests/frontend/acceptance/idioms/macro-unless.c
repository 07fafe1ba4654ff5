/* An `unless` macro opens an if. */
#define unless(c) if (!(c))
int f(int x) { unless (x > 0) return 0; return x; }
