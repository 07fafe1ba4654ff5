/* #if groups that each open a brace, closed once after. */
#define USE_TWO 1
#if USE_TWO
int f(int a, int b) {
#else
int f(int a) {
    int b = 0;
#endif
    return a + b;
}
