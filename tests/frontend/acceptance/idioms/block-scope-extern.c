/* extern and function declarations at block scope. */
int f(void)
{
    extern int global_value;
    int helper(int);
    return helper(global_value);
}
