/* BIT and GENMASK style macros in constant expressions. */
#define BIT(n) (1UL << (n))
#define GENMASK(h, l) (((~0UL) << (l)) & (~0UL >> (sizeof(long) * 8 - 1 - (h))))
enum { READ = BIT(0), WRITE = BIT(1) };
static const unsigned long mask = GENMASK(7, 4);
int allowed(unsigned long f) { return (f & (READ | WRITE)) && (f & mask); }
