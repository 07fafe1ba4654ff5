/* A GNU nested function that reads its parent's locals. */
int sum_to(int n)
{
    int total = 0;
    void add(int k) { total += k; }
    for (int i = 1; i <= n; i++)
        add(i);
    return total;
}
