/* Extended asm with named operands and an asm goto. */
int add(int a, int b)
{
    int r;
    __asm__ ("lea (%[x],%[y]), %[out]" : [out] "=r" (r) : [x] "r" (a), [y] "r" (b));
    return r;
}
int check(int v)
{
    asm goto ("test %0, %0; jz %l[zero]" : : "r" (v) : "cc" : zero);
    return 1;
zero:
    return 0;
}
