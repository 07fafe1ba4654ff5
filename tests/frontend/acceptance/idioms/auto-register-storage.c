/* Explicit auto and register locals. */
int f(int n)
{
    auto int a = n;
    register int r = a * 2;
    register char *p = 0;
    return r + (p == 0);
}
