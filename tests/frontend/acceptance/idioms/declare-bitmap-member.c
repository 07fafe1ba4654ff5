/* A macro declaring an array member sized by another macro. */
#define BITS_PER_LONG (8 * sizeof(long))
#define BITS_TO_LONGS(n) (((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define DECLARE_BITMAP(name, bits) unsigned long name[BITS_TO_LONGS(bits)]
struct cpu_set { int n; DECLARE_BITMAP(bits, 128); };
int test(struct cpu_set *s, int i) { return (s->bits[i / BITS_PER_LONG] >> (i % BITS_PER_LONG)) & 1; }
