/* K&R definitions with types, register parameters, promotions. */
int add(a, b)
    int a, b;
{
    return a + b;
}
char *pick(s, t, first)
    char *s, *t;
    register int first;
{
    return first ? s : t;
}
double half(f)
    float f;
{
    return f / 2;
}
