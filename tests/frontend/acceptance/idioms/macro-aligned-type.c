/* An alignment attribute macro in a typedef. */
#define ALIGNED(n) __attribute__((aligned(n)))
typedef struct { char b[16]; } ALIGNED(64) cacheline;
int sz(void) { return (int)sizeof(cacheline); }
