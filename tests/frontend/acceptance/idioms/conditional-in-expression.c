/* #if groups splitting an expression. */
int f(int a, int b)
{
    return a
#if 1
        + b
#else
        - b
#endif
        ;
}
