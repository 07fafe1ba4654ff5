/* static inline helpers as headers define them. */
#ifndef HELPERS_H
#define HELPERS_H
static inline int is_pow2(unsigned x) { return x && !(x & (x - 1)); }
static inline unsigned round_up(unsigned x, unsigned a) { return (x + a - 1) & ~(a - 1); }
#endif
int f(unsigned x) { return is_pow2(round_up(x, 8)); }
