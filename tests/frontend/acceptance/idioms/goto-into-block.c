/* A goto into a nested block. */
int f(int x)
{
    if (x) goto inside;
    {
        x = 5;
    inside:
        x++;
    }
    return x;
}
