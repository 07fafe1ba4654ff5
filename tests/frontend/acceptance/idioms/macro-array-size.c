/* ARRAY_SIZE with sizeof. */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
static const int primes[] = { 2, 3, 5, 7, 11 };
int count(void) { return (int)ARRAY_SIZE(primes); }
