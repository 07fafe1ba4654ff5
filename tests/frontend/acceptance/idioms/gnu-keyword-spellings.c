/* __const, __volatile__, __signed__, __inline, __restrict__. */
static __inline int f(__const char *__restrict__ s, __volatile__ int *v)
{
    __signed__ char c = s[0];
    return c + *v;
}
