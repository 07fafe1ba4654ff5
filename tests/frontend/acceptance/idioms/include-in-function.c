/* An #include inside a function body. */
int f(void)
{
    int s = 0;
#include "body.inc"
    return s;
}
