/* Macro arguments spanning several lines. */
#define CALL3(f, a, b, c) f(a, b, c)
int add3(int a, int b, int c) { return a + b + c; }
int g(void)
{
    return CALL3(add3,
                 1 +
                 2,
                 3,
                 4);
}
