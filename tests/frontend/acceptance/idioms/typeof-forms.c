/* typeof, __typeof__ and __typeof with expressions and types. */
int x;
typeof(x) y;
__typeof__(int *) p;
__typeof(&x) q = &x;
typeof(typeof(char) *[2]) r;
