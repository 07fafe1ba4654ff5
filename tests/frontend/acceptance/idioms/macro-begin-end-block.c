/* Macros spelling braces. */
#define BEGIN {
#define END }
int f(int x)
BEGIN
    return x + 1;
END
