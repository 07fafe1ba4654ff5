/* A type macro redefined between declarations. */
#define T int
T a;
#undef T
#define T double
T b;
double sum(void) { return a + b; }
