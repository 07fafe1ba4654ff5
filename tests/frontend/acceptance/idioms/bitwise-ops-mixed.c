/* Dense bitwise expressions of low-level code. */
unsigned rotl(unsigned x, int k) { return (x << k) | (x >> (32 - k)); }
int popcount(unsigned x) { int n = 0; while (x) { x &= x - 1; n++; } return n; }
unsigned swap16(unsigned x) { return ((x & 0xff) << 8) | ((x >> 8) & 0xff); }
