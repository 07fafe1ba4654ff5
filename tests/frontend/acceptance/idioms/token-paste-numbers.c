/* Token pasting makes number literals. */
#define U64(x) x##ULL
#define HEX(x) 0x##x
unsigned long long big = U64(18446744073709551615);
int mask = HEX(ff);
