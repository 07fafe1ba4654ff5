/* Variably modified parameters and [static N]. */
int sum(int n, int a[static 4], int m[n][n])
{
    return a[0] + m[n - 1][n - 1];
}
int first(int n, int (*rows)[n]) { return rows[0][0]; }
