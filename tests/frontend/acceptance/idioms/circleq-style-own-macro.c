/* A home-made foreach macro that declares its own variable. */
#define for_each_index(i, n) for (int i = 0; i < (n); i++)
int sum(const int *a, int n)
{
    int s = 0;
    for_each_index(i, n)
        s += a[i];
    for_each_index(j, n) { s -= a[j] / 2; }
    return s;
}
