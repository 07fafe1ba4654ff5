/* A declaration before the first case label of a switch. */
int f(int x)
{
    switch (x) {
        int tmp;
    case 1:
        tmp = 3;
        return tmp;
    default:
        return 0;
    }
}
