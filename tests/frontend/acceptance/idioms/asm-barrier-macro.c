/* A compiler barrier as a macro over inline asm. */
#define barrier() __asm__ __volatile__("" : : : "memory")
int f(int *p) { *p = 1; barrier(); return *p; }
