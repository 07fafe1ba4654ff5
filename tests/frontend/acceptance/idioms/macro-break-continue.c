/* Macros expanding to break and continue. */
#define SKIP_IF(c) if (c) continue
#define STOP_IF(c) if (c) break
int f(const int *a, int n)
{
    int s = 0;
    for (int i = 0; i < n; i++) {
        SKIP_IF(a[i] < 0);
        STOP_IF(a[i] == 0);
        s += a[i];
    }
    return s;
}
