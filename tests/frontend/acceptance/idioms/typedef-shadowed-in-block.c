/* A typedef name redeclared as a variable in a block, and used as both. */
typedef int T;
int f(void)
{
    T a = 1;
    {
        int T = 2;
        a += T * 2;
    }
    T b = a;
    return b;
}
