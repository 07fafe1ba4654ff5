/* likely()/unlikely() around conditions. */
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
int f(int *p) { if (unlikely(!p)) return -1; if (likely(*p > 0)) return *p; return 0; }
