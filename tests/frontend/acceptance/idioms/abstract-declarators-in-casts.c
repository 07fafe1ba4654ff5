/* Abstract declarators in casts and sizeof. */
int f(void *p)
{
    int (*row)[3] = (int (*)[3])p;
    int (*fn)(int) = (int (*)(int))0;
    return (int)sizeof(int (*[4])(void)) + row[0][0] + (fn == 0);
}
