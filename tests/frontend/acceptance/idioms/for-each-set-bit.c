/* A loop macro over the set bits of a word. */
#define for_each_bit(i, w) for ((i) = 0; (i) < 32; (i)++) if (((w) >> (i)) & 1)
int count(unsigned w) { int i, n = 0; for_each_bit(i, w) n++; return n; }
