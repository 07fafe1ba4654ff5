/* A macro that makes a label, another that jumps to it. */
#define LABEL(n) step_##n:
#define JUMP(n) goto step_##n
int f(int x)
{
    JUMP(2);
LABEL(1)
    x++;
LABEL(2)
    if (x < 3) JUMP(1);
    return x;
}
