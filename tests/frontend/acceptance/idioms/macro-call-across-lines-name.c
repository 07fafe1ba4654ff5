/* A function-like macro's '(' on the next line. */
#define TWICE(x) ((x) * 2)
int f(void)
{
    return TWICE
        (21);
}
