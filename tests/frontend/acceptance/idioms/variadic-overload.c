/* Overloading a macro by its number of arguments. */
#define GET3(_1, _2, _3, NAME, ...) NAME
#define ADD(...) GET3(__VA_ARGS__, ADD3, ADD2, ADD1)(__VA_ARGS__)
#define ADD1(a) (a)
#define ADD2(a, b) ((a) + (b))
#define ADD3(a, b, c) ((a) + (b) + (c))
int f(int x) { return ADD(x) + ADD(x, 1) + ADD(x, 2, 3); }
