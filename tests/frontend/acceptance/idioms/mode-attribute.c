/* The mode attribute makes integer types. */
typedef int di_t __attribute__((mode(DI)));
typedef unsigned int word_t __attribute__((__mode__(__word__)));
di_t big;
