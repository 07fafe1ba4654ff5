/* #pragma lines at file scope and inside a function. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
int f(int a)
{
#pragma GCC unroll 4
    for (int i = 0; i < 4; i++)
        a += i;
    return a;
}
#pragma GCC diagnostic pop
