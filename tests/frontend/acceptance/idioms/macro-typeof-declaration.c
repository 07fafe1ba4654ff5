/* A macro declaring a variable with the type of another. */
#define AUTO(name, e) __typeof__(e) name = (e)
int f(long x) { AUTO(y, x * 2); AUTO(z, (char)y); return (int)(y + z); }
