/* An #if that chooses the else of an if. */
int f(int x)
{
    if (x > 0)
        return 1;
#ifndef NO_NEGATIVE
    else if (x < 0)
        return -1;
#endif
    return 0;
}
