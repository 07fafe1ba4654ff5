/* Conditional compilation inside a function body. */
int f(int x)
{
#if defined(__GNUC__)
    x += 1;
#else
    x -= 1;
#endif
#ifdef NOT_DEFINED
    this would not compile;
#endif
    return x;
}
