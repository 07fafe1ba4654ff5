/* fallthrough as a statement attribute, unused on a label. */
int f(int x)
{
    switch (x) {
    case 1:
        x++;
        __attribute__((fallthrough));
    case 2:
        return x;
    }
unused_label: __attribute__((unused));
    return 0;
}
